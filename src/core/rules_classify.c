/*
 * Classifying a complaint text: the keyword rules of rules.ini are matched
 * sentence by sentence in the folded text, and their scores choose the kind,
 * the lead and co-departments, the categories, the class and the flags, each
 * choice with its reasons.
 */
#include "rules_priv.h"

#include "core/fold.h"
#include "core/learn.h"
#include "core/money.h"
#include "core/text.h"

#include <libintl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- classification ---------- */

/*
 * Appends s to the text of *len bytes in a fixed buffer; what does not fit
 * is cut at a character boundary and marked with "…", so no UTF-8 sequence
 * is ever split.
 */
static void add_textn(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s), room;

	if (*len + n < size) {
		memcpy(buf + *len, s, n + 1);
		*len += n;
		return;
	}
	if (*len + 3 >= size || (*len >= 3 && memcmp(buf + *len - 3, "…", 3) == 0))
		return;
	room = size - 1 - *len - 3;         /* keep 3 bytes for "…" */
	while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
		room--;
	memcpy(buf + *len, s, room);
	memcpy(buf + *len + room, "…", 4);
	*len += room + 3;
}

/*
 * The reasons are English by default (the msgids) and translated through the
 * "cdesk" text domain, named explicitly so the core needs no textdomain()
 * call; a program that never binds the domain or sets a locale gets English.
 */
#define R_(s) reason_text(s)

/*
 * dgettext's answers, kept: a classification asks for a dozen and glibc's
 * lookup (locks, the environment, the catalogue's hash) was 7% of its
 * time. Keyed by the msgid's address (R_ takes literals); emptied when the
 * messages may have changed: glibc counts every setlocale, textdomain and
 * bindtextdomain in _nl_msg_cat_cntr, and LANGUAGE is compared by address
 * (setenv makes a new string for a new value). reason_text_check runs at
 * the start of each classification; elsewhere (or without glibc) it is
 * dgettext itself.
 */
#define REASON_SLOTS 64
static struct {
	bool valid;
	int gen;
	const char *language;
	const char *id[REASON_SLOTS], *text[REASON_SLOTS];
} reason_cache;

#ifdef __GLIBC__
extern int _nl_msg_cat_cntr;
#define MSG_GENERATION _nl_msg_cat_cntr
#else
#define MSG_GENERATION 0
#endif

static void reason_text_check(void)
{
	const char *language = getenv("LANGUAGE");

#ifdef __GLIBC__
	if (reason_cache.valid && reason_cache.gen == MSG_GENERATION &&
	    reason_cache.language == language)
		return;
	memset(&reason_cache, 0, sizeof reason_cache);
	reason_cache.valid = true;
#endif
	reason_cache.gen = MSG_GENERATION;
	reason_cache.language = language;
}

/* format_arg: the compilers check each R_'s literal against reason_f's
 * arguments, as they do through dgettext (clang refuses a format it
 * cannot see with -Wformat-security) */
static const char *reason_text(const char *msgid) __attribute__((format_arg(1)));

static const char *reason_text(const char *msgid)
{
	unsigned h = (unsigned)((uintptr_t)msgid >> 2) % REASON_SLOTS;

	for (unsigned k = 0; reason_cache.valid && k < REASON_SLOTS; k++, h = (h + 1) % REASON_SLOTS) {
		if (reason_cache.id[h] == msgid)
			return reason_cache.text[h];
		if (!reason_cache.id[h]) {
			reason_cache.id[h] = msgid;
			return reason_cache.text[h] = dgettext("cdesk", msgid);
		}
	}
	return dgettext("cdesk", msgid);
}

/*
 * True when the reasons speak Chinese: they then name departments,
 * categories, kinds, classes and flags by their Chinese names, not codes.
 */
static bool reasons_zh(void)
{
	/* Translators: "name" to name departments, categories, kinds, classes
	   and flags by the Chinese names from the rules file and vocabulary;
	   anything else keeps the English codes. */
	return strcmp(R_("reasons-show:code"), "name") == 0;
}

/* A department as the reasons name it: "NURSING" or "护理部". */
static const char *dept_shown(const struct ruleset *rs, int d, bool zh)
{
	return zh ? rs->depts[d].name_zh : rs->depts[d].code;
}

/* "CODE (名称)" in English, "名称" in Chinese. */
static const char *code_name(const char *code, const char *name_zh, bool zh,
			     char *buf, size_t size)
{
	if (zh)
		return name_zh;
	snprintf(buf, size, "%s (%s)", code, name_zh);
	return buf;
}

static struct rule_reason *add_reason(struct rule_suggestion *out, const char *part,
				      const char *rule)
{
	struct rule_reason *r;

	if (out->nreasons >= RULES_MAX_REASONS)
		return NULL;
	r = &out->reasons[out->nreasons++];
	strlcpy_(r->part, part, sizeof r->part);
	strlcpy_(r->rule, rule, sizeof r->rule);
	r->detail[0] = '\0';
	return r;
}

static void reason_f(struct rule_suggestion *out, const char *part, const char *rule,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Appends the n bytes at s to the text of o bytes in buf (size bytes): what fits. */
static void put_bytes(char *buf, size_t size, size_t *o, const char *s, size_t n)
{
	if (*o + 1 < size)
		memcpy(buf + *o, s, *o + n < size - 1 ? n : size - 1 - *o);
	*o += n;
}

/*
 * vsnprintf for the reasons' formats, which use only %s, %d and %%: glibc's
 * printf was 15% of a classification's time. A format with any other
 * directive (a translation's %1$s) goes to vsnprintf. Writes what vsnprintf
 * writes (at most size - 1 bytes and a NUL; size > 0) and returns the length
 * of the whole text.
 */
static int reason_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t o = 0;
	const char *p, *lit;

	for (p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != 'd' && p[1] != '%')
			return vsnprintf(buf, size, fmt, ap);
	for (lit = fmt; (p = strchr(lit, '%')); lit = p + 2) {
		char num[24], *q = num + sizeof num;
		const char *str;
		unsigned v;
		int d;

		put_bytes(buf, size, &o, lit, (size_t)(p - lit));
		switch (p[1]) {
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";     /* as glibc prints it */
			put_bytes(buf, size, &o, str, strlen(str));
			break;
		case 'd':
			d = va_arg(ap, int);
			v = d < 0 ? 0u - (unsigned)d : (unsigned)d;
			do
				*--q = (char)('0' + v % 10);
			while (v /= 10);
			if (d < 0)
				*--q = '-';
			put_bytes(buf, size, &o, q, (size_t)(num + sizeof num - q));
			break;
		default:
			put_bytes(buf, size, &o, "%", 1);
		}
	}
	p = lit + strlen(lit);
	put_bytes(buf, size, &o, lit, (size_t)(p - lit));
	buf[o < size ? o : size - 1] = '\0';
	return o > INT_MAX ? -1 : (int)o;
}

static void reason_f(struct rule_suggestion *out, const char *part, const char *rule,
		     const char *fmt, ...)
{
	struct rule_reason *r = add_reason(out, part, rule);
	size_t size = sizeof r->detail, room;
	va_list ap;
	int n;

	if (!r)
		return;
	/* Straight into the detail; what does not fit is cut as add_text cuts it. */
	va_start(ap, fmt);
	n = reason_vformat(r->detail, size, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->detail[0] = '\0';
	} else if ((size_t)n >= size) {
		room = size - 1 - 3;        /* keep 3 bytes for "…" */
		while (room > 0 && ((unsigned char)r->detail[room] & 0xC0) == 0x80)
			room--;
		memcpy(r->detail + room, "…", 4);
	}
}

static uint64_t atoms_mask(const struct scan *sc, const int *atoms, int n)
{
	uint64_t m = 0;

	for (int i = 0; i < n; i++)
		m |= scan_mask(sc, atoms[i]);
	return m;
}

/*
 * The sentences where rule r fires (0: it does not), from hits, the
 * sentences where its keywords stand (rules_term_hits).
 */
static uint64_t rule_fires(const struct rule *r, const struct scan *sc, int channel,
			   uint64_t hits)
{
	if (r->channels && (channel < 0 || !(r->channels & (1u << channel))))
		return 0;
	if (hits && r->nrequires)
		hits &= atoms_mask(sc, r->requires, r->nrequires);
	if (hits && r->nunless)
		hits &= ~atoms_mask(sc, r->unless, r->nunless);
	return hits;
}

/* What the rules that fire in one text add up to, while rules_classify decides. */
struct tally {
	struct scan sc;
	char *folded;               /* the text (and demand) folded */
	const char *demand;         /* the demand folded (inside folded), NULL if none */
	bool zh;                    /* reasons_zh() */
	uint64_t *fired;            /* per rule: the sentences it fires in, 0 if none */
	int *order, nfired;         /* the rules that fire, in file order */
	struct term_hit *hit;       /* the keywords in the text, by rule and term */
	int nhits;
	int *first_hit;             /* per rule with a keyword in the text: its first in hit */
	int *score, *strongest;     /* per department: total weight, strongest rule */
	int *catscore, *catorder;   /* per category: total weight; in order of appearance */
	int ncatorder;
	int kindscore[KIND__COUNT], kindrule[KIND__COUNT];  /* first rule of each kind */
	int hclass, classrule;      /* the highest class a rule sets, and that rule */
	int acceptrule;             /* the first rule with a not_accepted reason, or -1 */
	void *heap, *heap_hits;     /* the arrays when they outgrow rules_classify's stack */
	unsigned char *rest_at;     /* what is left of the stack buffer, and its size */
	size_t rest;
};

/* "护士, 态度" — the keywords of r that matched in the sentences of hits. */
static void matched_words(const struct ruleset *rs, const struct tally *t, int ri,
			  uint64_t hits, char *buf, size_t size)
{
	const struct rule *r = &rs->rules[ri];
	size_t len = 0;

	buf[0] = '\0';
	/* a rule that fired has its keywords in t->hit, from first_hit on, in term order */
	for (int k = t->first_hit[ri]; k < t->nhits && t->hit[k].rule == ri; k++)
		if (t->hit[k].mask & hits) {
			if (len)
				add_textn(buf, size, &len, ", ");
			add_textn(buf, size, &len, r->terms[t->hit[k].term].text);
		}
	for (int i = 0; i < r->nrequires; i++)
		if (scan_mask(&t->sc, r->requires[i]) & hits) {
			add_textn(buf, size, &len, ", ");
			add_textn(buf, size, &len, rs->atoms[r->requires[i]].s);
		}
}

static void format_yuan(int64_t fen, char *buf, size_t size)
{
	money_format_as(fen, MONEY_SHORT, buf, size);
}

/* Severity order for raising the class: simple < general < important < emergency. */
static int class_rank(int c)
{
	switch (c) {
	case CLASS_SIMPLE: return 0;
	case CLASS_GENERAL: return 1;
	case CLASS_IMPORTANT: return 2;
	case CLASS_EMERGENCY: return 3;
	default: return -1;
	}
}


/* Room for the arrays of one text on rules_classify's stack (else one allocation). */
#define TALLY_STACK 32768

/* Bytes of n elements of size bytes, rounded up to 8. */
static size_t tally_bytes(size_t n, size_t size)
{
	return (n * size + 7) & ~(size_t)7;
}

/*
 * Carves the arrays of t out of stack (size bytes, 8-aligned), or out of one
 * allocation when they do not fit; zeroes those that are read before written.
 */
static void tally_arrays(const struct ruleset *rs, size_t textlen, struct tally *t,
			 unsigned char *stack, size_t size)
{
	size_t na = (size_t)rs->natoms + 1, nr = (size_t)rs->nrules + 1;
	size_t nd = (size_t)rs->ndepts + 1, nc = (size_t)rs->ncats + 1;
	size_t zeroed = tally_bytes(nr, 8) + tally_bytes(na / 64 + 1, 8) +
			4 * tally_bytes(nd > nc ? nd : nc, sizeof(int));
	size_t need = zeroed + tally_bytes(na, 8) + tally_bytes(na, sizeof(int)) +
		      2 * tally_bytes(nr, sizeof(int)) + tally_bytes(textlen + 9, 1);
	unsigned char *p = stack;

	if (need > size)
		p = t->heap = xmalloc(need);
	else
		t->rest = size - need;
	memset(p, 0, zeroed);
	t->fired = (uint64_t *)(void *)p;
	p += tally_bytes(nr, 8);
	t->sc.seen = (uint64_t *)(void *)p;
	p += tally_bytes(na / 64 + 1, 8);
	t->score = (int *)(void *)p;
	t->strongest = t->score + (nd > nc ? nd : nc);
	t->catscore = t->strongest + (nd > nc ? nd : nc);
	t->catorder = t->catscore + (nd > nc ? nd : nc);
	p += 4 * tally_bytes(nd > nc ? nd : nc, sizeof(int));
	t->sc.mask = (uint64_t *)(void *)p;
	p += tally_bytes(na, 8);
	t->sc.found = (int *)(void *)p;
	p += tally_bytes(na, sizeof(int));
	t->order = (int *)(void *)p;
	p += tally_bytes(nr, sizeof(int));
	t->first_hit = (int *)(void *)p;
	p += tally_bytes(nr, sizeof(int));
	t->folded = (char *)p;
	p += tally_bytes(textlen + 9, 1);
	t->rest_at = p;
}

/*
 * Folds the text and demand (text, a line end, demand: each is folded on its
 * own, folding being a character at a time), numbers its sentences, finds
 * every atom and where each rule's keywords stand (t->fired, before
 * tally_rules applies the other conditions).
 */
static void tally_scan(const struct ruleset *rs, const struct rule_input *in, struct tally *t,
		       unsigned char *stack, size_t size)
{
	struct scan *sc = &t->sc;
	const char *text = in->text ? in->text : "";
	size_t tlen = strlen(text), dlen = in->demand ? strlen(in->demand) : 0, nhit;

	tally_arrays(rs, tlen + 1 + dlen, t, stack, size);
	sc->len = fold_text(text, tlen, t->folded);
	if (dlen) {
		t->folded[sc->len++] = '\n';
		t->demand = t->folded + sc->len;
		sc->len += fold_text(in->demand, dlen, t->folded + sc->len);
	}
	/* rules_scan_atoms reads up to eight bytes past the end */
	memset(t->folded + sc->len, 0, 9);
	sc->s = t->folded;
	rules_scan_atoms(rs, sc);
	nhit = rules_term_hits_max(rs, sc);
	if (nhit * sizeof *t->hit <= t->rest)
		t->hit = (struct term_hit *)(void *)t->rest_at;
	else
		t->hit = t->heap_hits = xmalloc((nhit + 1) * sizeof *t->hit);
	rules_term_hits(rs, sc, t->fired, t->hit, &t->nhits);
	for (int k = t->nhits - 1; k >= 0; k--)
		t->first_hit[t->hit[k].rule] = k;
}

/* Which rules fire, and what they add up to. */
static void tally_rules(const struct ruleset *rs, const struct rule_input *in, struct tally *t,
			struct rule_suggestion *out)
{
	for (int i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		if (!t->fired[i] || !(t->fired[i] = rule_fires(r, &t->sc, in->channel, t->fired[i])))
			continue;
		t->order[t->nfired++] = i;
		if (r->dept >= 0) {
			t->score[r->dept] += r->weight;
			if (r->weight > t->strongest[r->dept])
				t->strongest[r->dept] = r->weight;
		}
		if (r->category >= 0) {
			if (!t->catscore[r->category])
				t->catorder[t->ncatorder++] = r->category;
			t->catscore[r->category] += r->weight;
		}
		if (r->kind >= 0) {
			t->kindscore[r->kind] += r->weight;
			if (t->kindrule[r->kind] < 0)
				t->kindrule[r->kind] = i;
		}
		if (r->hclass >= 0 && class_rank(r->hclass) > class_rank(t->hclass)) {
			t->hclass = r->hclass;
			t->classrule = i;
		}
		if (r->not_accepted && t->acceptrule < 0)
			t->acceptrule = i;
		out->flags |= r->flags;
	}
}

/* Kind: the highest total; a tie with complaint, or nothing, is a complaint. */
static void choose_kind(const struct ruleset *rs, const struct tally *t,
			struct rule_suggestion *out)
{
	char words[400];

	out->kind = KIND_COMPLAINT;
	for (int k = 0; k < KIND__COUNT; k++)
		if (t->kindscore[k] > t->kindscore[out->kind])
			out->kind = (enum case_kind)k;
	if (t->kindrule[out->kind] >= 0 && t->kindscore[out->kind] > 0) {
		/*
		 * The words of every rule of the kind, cut at a byte past 511: a
		 * reason keeps less than sizeof detail (208) bytes of the text it
		 * is formatted into, so the cut never shows.
		 */
		char all[512];
		size_t len = 0;
		_Static_assert(sizeof ((struct rule_reason *)0)->detail < sizeof all,
			       "the kind's words are cut past what a reason keeps");
		for (int k = 0; k < t->nfired; k++) {
			int i = t->order[k];
			if (rs->rules[i].kind == (int)out->kind) {
				matched_words(rs, t, i, t->fired[i], words,
					      sizeof words);
				if (len)
					put_bytes(all, sizeof all, &len, ", ", 2);
				put_bytes(all, sizeof all, &len, words, strlen(words));
			}
		}
		all[len < sizeof all ? len : sizeof all - 1] = '\0';
		reason_f(out, "kind", rs->rules[t->kindrule[out->kind]].name,
			 R_("%s → %s (score %d)"), all,
			 t->zh ? kind_label(out->kind) : kind_code(out->kind),
			 t->kindscore[out->kind]);
	} else {
		reason_f(out, "kind", "default", R_("no kind cue outweighs a complaint → complaint"));
	}
}

/* Why the lead won over each department with the same score. */
static void dept_ties(const struct ruleset *rs, const struct tally *t, int lead,
		      struct rule_suggestion *out)
{
	bool zh = t->zh;

	for (int d = 0; d < rs->ndepts; d++) {
		if (d == lead || t->score[d] != t->score[lead])
			continue;
		if (t->strongest[d] < t->strongest[lead])
			reason_f(out, "dept", "tie", R_("%s and %s both score %d: %s has the "
							"stronger single rule (%d > %d)"),
				 dept_shown(rs, lead, zh), dept_shown(rs, d, zh), t->score[d],
				 dept_shown(rs, lead, zh), t->strongest[lead], t->strongest[d]);
		else
			reason_f(out, "dept", "tie", R_("%s and %s both score %d with rules "
							"of weight %d: %s is listed first in the "
							"rules file"),
				 dept_shown(rs, lead, zh), dept_shown(rs, d, zh), t->score[d],
				 t->strongest[d], dept_shown(rs, lead, zh));
	}
}

/* Co-departments in descending score, then file order. */
static void co_depts(const struct ruleset *rs, const struct tally *t, int lead,
		     struct rule_suggestion *out)
{
	const int *score = t->score;

	/* pass: the lead's score, then each lower score a department has */
	for (int pass = score[lead], next; pass > 0 && out->ndepts < RULES_MAX_DEPTS &&
	     pass * 100 >= score[lead] * rs->co_share; pass = next) {
		next = 0;
		for (int d = 0; d < rs->ndepts; d++)
			if (score[d] < pass && score[d] > next)
				next = score[d];
		for (int d = 0; d < rs->ndepts && out->ndepts < RULES_MAX_DEPTS; d++) {
			if (d == lead || score[d] != pass ||
			    score[d] * 100 < score[lead] * rs->co_share)
				continue;
			strlcpy_(out->depts[out->ndepts++], rs->depts[d].code, RULES_CODE_MAX);
			reason_f(out, "dept", "share", R_("%s scores %d, at least %d%% of the "
							 "lead %s's %d → co-department"),
				 dept_shown(rs, d, t->zh), score[d], rs->co_share,
				 dept_shown(rs, lead, t->zh), score[lead]);
		}
	}
	if (out->ndepts > 1)
		reason_f(out, "dept", "share", R_("%d departments → a multi-department case"),
			 out->ndepts);
}

/*
 * Departments: the lead has the highest score; a tie goes to the one with
 * the strongest single rule, then to the one listed first.
 */
static void choose_depts(const struct ruleset *rs, const struct tally *t,
			 struct rule_suggestion *out)
{
	char words[400], nbuf[RULES_CODE_MAX + 160];
	int lead = -1;

	for (int d = 0; d < rs->ndepts; d++)
		if (t->score[d] > 0 && (lead < 0 || t->score[d] > t->score[lead] ||
					(t->score[d] == t->score[lead] &&
					 t->strongest[d] > t->strongest[lead])))
			lead = d;
	if (lead < 0) {
		out->defaulted = true;
		strlcpy_(out->depts[0], rs->depts[rs->default_dept].code, RULES_CODE_MAX);
		out->ndepts = 1;
		reason_f(out, "dept", "default", R_("no rule names a department → %s by default"),
			 code_name(rs->depts[rs->default_dept].code,
				   rs->depts[rs->default_dept].name_zh, t->zh, nbuf, sizeof nbuf));
		return;
	}
	strlcpy_(out->depts[0], rs->depts[lead].code, RULES_CODE_MAX);
	out->ndepts = 1;
	for (int k = 0; k < t->nfired; k++) {
		int i = t->order[k];
		const struct rule *r = &rs->rules[i];
		if (r->dept < 0)
			continue;
		matched_words(rs, t, i, t->fired[i], words, sizeof words);
		reason_f(out, "dept", r->name, R_("%s → %s (weight %d)"), words,
			 dept_shown(rs, r->dept, t->zh), r->weight);
	}
	dept_ties(rs, t, lead, out);
	co_depts(rs, t, lead, out);
}

/* Categories by score, then first appearance (this uses up t->catscore). */
static void choose_categories(const struct ruleset *rs, struct tally *t,
			      struct rule_suggestion *out)
{
	char nbuf[RULES_CODE_MAX + 160];

	for (int n = 0; n < t->ncatorder && out->ncategories < RULES_MAX_CATEGORIES; n++) {
		int best = -1;
		for (int k = 0; k < t->ncatorder; k++) {
			int c = t->catorder[k];
			if (t->catscore[c] > 0 && (best < 0 || t->catscore[c] > t->catscore[best]))
				best = c;
		}
		if (best < 0)
			break;
		strlcpy_(out->categories[out->ncategories++], rs->cats[best].code, RULES_CODE_MAX);
		reason_f(out, "category", "score", R_("%s: score %d"),
			 code_name(rs->cats[best].code, rs->cats[best].name_zh, t->zh, nbuf,
				   sizeof nbuf),
			 t->catscore[best]);
		t->catscore[best] = 0;
	}
	if (out->ncategories == 0) {
		strlcpy_(out->categories[0], rs->cats[rs->default_cat].code, RULES_CODE_MAX);
		out->ncategories = 1;
		reason_f(out, "category", "default", R_("no rule names a category → %s"),
			 code_name(rs->cats[rs->default_cat].code, rs->cats[rs->default_cat].name_zh,
				   t->zh, nbuf, sizeof nbuf));
	}
}

/* Class: the highest a rule raises it to; else the kind's own; else general. */
static void choose_class(const struct ruleset *rs, const struct tally *t,
			 struct rule_suggestion *out)
{
	char words[400];
	bool zh = t->zh;

	if (t->hclass >= 0) {
		matched_words(rs, t, t->classrule, t->fired[t->classrule], words,
			      sizeof words);
		out->hclass = (enum handling_class)t->hclass;
		reason_f(out, "class", rs->rules[t->classrule].name, R_("%s → %s"), words,
			 zh ? class_label(out->hclass) : class_code(out->hclass));
	} else if (rs->kind_class[out->kind] >= 0) {
		out->hclass = (enum handling_class)rs->kind_class[out->kind];
		reason_f(out, "class", "kind", R_("a %s is %s ([kind:%s])"),
			 zh ? kind_label(out->kind) : kind_code(out->kind),
			 zh ? class_label(out->hclass) : class_code(out->hclass),
			 kind_code(out->kind));
	} else {
		out->hclass = CLASS_GENERAL;
		reason_f(out, "class", "default", R_("no rule sets a class → general (the clerk "
							"makes it simple when settled on the spot)"));
	}
}

/* The reasons for the flags the rules set (tally_rules set them), then flags from the fields. */
static void add_flags(const struct ruleset *rs, const struct rule_input *in,
		      const struct tally *t, struct rule_suggestion *out)
{
	char words[400], buf[64];

	for (int k = 0; k < t->nfired; k++) {
		int i = t->order[k];
		const struct rule *r = &rs->rules[i];
		if (!r->flags)
			continue;
		matched_words(rs, t, i, t->fired[i], words, sizeof words);
		for (unsigned f = 1; f < (1u << FLAG__COUNT); f <<= 1)
			if (r->flags & f) {
				snprintf(buf, sizeof buf, "flag:%s", flag_code(f));
				reason_f(out, buf, r->name, R_("%s → %s"), words,
					 t->zh ? flag_label(f) : flag_code(f));
			}
	}
	if (in->group_size > 1) {
		out->flags |= FLAG_GROUP;
		reason_f(out, "flag:group", "input", R_("%d complainants → group"),
			 in->group_size);
	}
	if (in->anonymous) {
		out->flags |= FLAG_ANONYMOUS;
		reason_f(out, "flag:anonymous", "input", R_("no name given → anonymous"));
	}
}

/*
 * A rule with a not_accepted reason fired (第二十六条): the suggestion that the
 * complaint not be accepted, for the officer to confirm. The first such rule
 * in file order gives it (tally_rules).
 */
static void add_not_accepted(const struct ruleset *rs, const struct tally *t,
			     struct rule_suggestion *out)
{
	char words[400];
	const struct rule *r;

	out->not_accepted = "";
	if (t->acceptrule < 0)
		return;
	r = &rs->rules[t->acceptrule];
	matched_words(rs, t, t->acceptrule, t->fired[t->acceptrule], words, sizeof words);
	out->not_accepted = r->not_accepted;
	reason_f(out, "accept", r->name, R_("%s → may be not accepted: %s (the officer "
					    "confirms)"), words, r->not_accepted);
}

/*
 * The claim: as entered, else the larger of the text's (near a cue) and the
 * demand's; at the threshold or over it, the claim flag.
 */
/*
 * Copies to buf what the clerk typed for the bytes [from, to) of t->folded
 * (the text, a line end, the demand): the same characters, unfolded. Drops
 * characters from the front if the quote does not fit.
 */
static void quote_typed(const struct rule_input *in, const struct tally *t, size_t from,
			size_t to, char *buf, size_t size)
{
	size_t tlen = t->demand ? (size_t)(t->demand - t->folded) - 1 : t->sc.len;
	const char *src = in->text ? in->text : "";
	size_t base = 0, slen, a, b;

	if (t->demand && from > tlen) {         /* in the demand */
		src = in->demand;
		base = tlen + 1;
	} else if (to > tlen) {
		to = tlen;
	}
	slen = strlen(src);
	a = fold_source_offset(src, slen, from - base);
	b = fold_source_offset(src, slen, to - base);
	while (b - a >= size) {
		a++;
		while (a < b && ((unsigned char)src[a] & 0xC0) == 0x80)
			a++;
	}
	memcpy(buf, src + a, b - a);
	buf[b - a] = '\0';
}

static void add_claim(const struct ruleset *rs, const struct rule_input *in,
		      const struct tally *t, struct rule_suggestion *out)
{
	char buf[64], claim_what[128] = "", demand_what[128] = "";
	int64_t text_claim, demand_claim;
	size_t from, to;

	/* no cue anywhere (the scan found none): no amount reads as a claim */
	text_claim = in->text && rules_text_has_cue(rs, &t->sc, t->folded)
		     ? rules_find_claim(rs, t->folded, true, &from, &to) : 0;
	if (text_claim > 0)
		quote_typed(in, t, from, to, claim_what, sizeof claim_what);
	demand_claim = 0;
	if (t->demand) {    /* the demand folded, at the end of the folded text */
		size_t at = (size_t)(t->demand - t->folded);
		demand_claim = rules_find_claim(rs, t->demand, false, &from, &to);
		if (demand_claim > 0)
			quote_typed(in, t, at + from, at + to, demand_what, sizeof demand_what);
	}
	if (in->claim_fen > 0) {
		out->claim_fen = in->claim_fen;
		format_yuan(out->claim_fen, buf, sizeof buf);
		reason_f(out, "claim", "input", R_("claim of %s yuan as entered"), buf);
	} else if (text_claim > 0 || demand_claim > 0) {
		bool dem = demand_claim >= text_claim;
		out->claim_fen = dem ? demand_claim : text_claim;
		format_yuan(out->claim_fen, buf, sizeof buf);
		reason_f(out, "claim", "text", R_("'%s' → %s yuan"), dem ? demand_what : claim_what, buf);
	}
	if (out->claim_fen > 0) {
		char th[32];
		format_yuan(rs->set.claim_threshold_fen, th, sizeof th);
		format_yuan(out->claim_fen, buf, sizeof buf);
		if (out->claim_fen >= rs->set.claim_threshold_fen) {
			out->flags |= FLAG_CLAIM;
			reason_f(out, "flag:claim", "threshold", R_("%s yuan ≥ %s → report to the "
								    "claims centre"), buf, th);
		}
	}
}

void rules_classify(const struct ruleset *rs, const struct rule_input *in,
		    struct rule_suggestion *out)
{
	struct tally t = { .hclass = -1, .classrule = -1, .acceptrule = -1 };
	union {
		uint64_t align;
		unsigned char b[TALLY_STACK];
	} stack;

	/* a caller that classifies has called it already, to report a broken rule */
	rules_keywords(rs, NULL);
	reason_text_check();
	t.zh = reasons_zh();
	/* The reasons past nreasons are never read: only the fields before them are zeroed. */
	memset(out, 0, offsetof(struct rule_suggestion, reasons));
	out->nreasons = 0;
	for (int k = 0; k < KIND__COUNT; k++)
		t.kindrule[k] = -1;

	tally_scan(rs, in, &t, stack.b, sizeof stack.b);
	tally_rules(rs, in, &t, out);
	choose_kind(rs, &t, out);
	choose_depts(rs, &t, out);
	choose_categories(rs, &t, out);
	choose_class(rs, &t, out);
	add_flags(rs, in, &t, out);
	add_not_accepted(rs, &t, out);
	add_claim(rs, in, &t, out);
	if (rules_learner(rs)) {
		const struct department *d = out->defaulted ? NULL : rules_dept_find(rs, out->depts[0]);
		learn_combine(rs, rules_learner(rs), t.folded, t.score,
			      d ? t.strongest[d - rs->depts] : 0, out);
	}
	free(t.heap);
	free(t.heap_hits);
}
