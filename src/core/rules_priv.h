/*
 * The rule module's private header: the ruleset and its parts, shared by
 * rules.c (accessors), rules_load.c (reading rules.ini), rules_classify.c
 * (rules_classify), rules_claim.c (amounts claimed in a text) and
 * rules_due.c (deadlines). Nothing outside src/core/rules*.c includes it.
 */
#ifndef CDESK_CORE_RULES_PRIV_H
#define CDESK_CORE_RULES_PRIV_H

#include "core/rules.h"
#include "core/err.h"
#include "core/fold.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define MAX_PARTS 3             /* "a+b+c" */
#define MAX_KEYWORD 96          /* bytes of one folded keyword */
#define MAX_SENTENCES 64        /* sentence masks are 64-bit; later ones share the last bit */

struct term {
	int atom[MAX_PARTS];        /* indexes into ruleset.atoms; -1 past the last part */
	char *text;                 /* as shown in reasons: "护士+态度" (folded) */
};

struct rule {
	char name[48];
	struct term *terms;
	int nterms;
	int *requires;              /* atoms; one must stand in the same sentence */
	int nrequires;
	int *unless;                /* atoms; none may stand in the same sentence */
	int nunless;
	int weight;
	int category;               /* index or -1 */
	int dept;                   /* index or -1 */
	int hclass;                 /* enum handling_class or -1 */
	unsigned flags;
	int kind;                   /* enum case_kind or -1 */
	unsigned channels;          /* bit per enum channel; 0 = any */
	char *not_accepted;         /* not_accepted = the 第二十六条 reason; NULL if none */
};

struct atom {
	char *s;
	size_t len;
	bool ascii;                 /* matches only at an ASCII word start */
	bool digits;                /* all digits: also needs a word end */
};

/* rules_scan.c's index: chains of atoms by their first one or two characters. */
#define SCAN_BITS 13
#define SCAN_SLOTS (1 << SCAN_BITS)
#define SCAN_FIRST_WORDS 2048   /* 65536 bits, one per value of scan_first */

/* One text being classified: the folded text and where each atom stands. */
struct scan {
	const char *s;              /* folded text, readable 8 bytes past its end */
	size_t len;
	uint64_t *mask;             /* per atom: sentences it stands in; read through scan_mask */
	uint64_t *seen;             /* bit per atom: found (zeroed before the scan; mask is not) */
	int *found;                 /* the atoms found, each once (room for every atom) */
	int nfound;
};

/* The sentences atom a stands in: 0 when the scan did not find it. */
static inline uint64_t scan_mask(const struct scan *sc, int a)
{
	return sc->seen[a >> 6] >> (a & 63) & 1 ? sc->mask[a] : 0;
}

struct class_cfg {
	int reply_days, reply_days_multi;
	int feedback_days, feedback_days_multi;
	int hours, feedback_hours;  /* > 0: counted in clock hours */
	char **approval;
	int napproval;
};

struct ini;

struct ruleset {
	struct department *depts;
	int ndepts;
	struct category *cats;
	int ncats;
	char **units;
	int nunits;
	struct rule *rules;
	int nrules;
	struct atom *atoms;
	int natoms;
	int *atom_slots;            /* rules_load's index over atoms: index + 1, 0 empty */
	unsigned atom_nslots;       /* a power of two, at most half full */
	char **cues;                /* folded claim cues */
	int ncues;
	int *cue_atom;              /* each cue's atom (rules_keywords), for rules_text_has_cue */
	int ncue_atoms;             /* ncues once interned, else 0 */
	int default_dept, default_cat;
	struct rules_settings set;
	int claim_window;
	int co_share;
	struct class_cfg classes[CLASS__COUNT];
	int kind_class[KIND__COUNT];   /* -1: no class of its own */
	char **approver_step, **approver_role;  /* [approvers]: step = role */
	int napprovers;
	int *atom_head;             /* per scan key: first atom of its chain, -1 none (rules_scan.c) */
	int *atom_next;             /* per atom: the next atom in its chain */
	uint32_t *atom_first;       /* bit per first character (scan_first) of a one-character atom,
				       then (+ SCAN_FIRST_WORDS) of a longer one; inside atom_head's block */
	bool scan_all;              /* an atom ends inside its first character: atom_first is not used */
	int *atom_term_start;       /* per atom (and one past): where its terms start in atom_terms */
	int *atom_terms;            /* (rule, term) pairs by the term's first atom; both inside atom_head's block */
	/*
	 * The keyword rules ([rule:…] sections, their atoms and rules_scan.c's
	 * index) are parsed from ini on the first rules_keywords: list, show
	 * and search never classify. kw_state 0 not yet, 1 parsed, -1 failed
	 * with kw_err (every later call gives it again).
	 */
	struct ini *ini;
	int kw_state;
	int kw_parses;              /* times the rules were parsed (0 or 1; a test reads it) */
	struct err kw_err;
	/* The learned model (learn_combine.c, rules_set_learner), loaded lazily. */
	const struct learn_model *(*learn_get)(void *ctx);
	void *learn_ctx;
	const struct learn_model *learn_model;
	bool learn_asked;
	/* Permille from which the model leads where no rule names a department
	 * (rules_set_learn_fallback); 0: LEARN_FALLBACK_DEFAULT. */
	int learn_fallback;
};

/* The model attached to rs, loading it on first use; NULL: none. */
const struct learn_model *rules_learner(const struct ruleset *rs);

/*
 * Indexes the atoms by their first one or two characters, and lists the
 * keywords each atom begins, so a text is scanned once rather than once per atom
 * (rules_scan.c; rules_load calls it on a loaded ruleset, rules_free frees
 * it).
 */
void rules_index_atoms(struct ruleset *rs);

/*
 * Finds every atom in sc->s, and the sentences it stands in (sc->mask,
 * sc->seen, sc->found; rules_scan.c).
 */
void rules_scan_atoms(const struct ruleset *rs, struct scan *sc);

/* A keyword (term) of a rule that stands in the text: the sentences where it does. */
struct term_hit {
	int rule, term;
	uint64_t mask;
};

/* The most term_hits the scan sc can give (room for rules_term_hits). */
size_t rules_term_hits_max(const struct ruleset *rs, const struct scan *sc);

/*
 * ORs into hits[r] the sentences where each keyword (term) of rule r stands,
 * all its parts in one sentence (hits zeroed by the caller), and lists those
 * keywords in list, by rule then term, their number in *n (rules_scan.c).
 */
void rules_term_hits(const struct ruleset *rs, const struct scan *sc, uint64_t *hits,
		     struct term_hit *list, int *n);

/* rules_atoms.c: the index of atom s in rs->atoms, added when new. */
int rules_atom_intern(struct ruleset *rs, const char *s);

/*
 * Room for element n (0-based) of an array of n elements of size bytes
 * that only ever grows through this call: it is reallocated when n is 0 or
 * a power of two, to twice that, so appending n elements costs log n
 * reallocations rather than n.
 */
static inline void *rules_grow(void *p, int n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		p = xrealloc(p, size * (size_t)(n ? 2 * n : 4));
	return p;
}

static inline char *fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);

	fold_text(s, n, out);
	return out;
}

static inline int cat_index(const struct ruleset *rs, const char *code)
{
	for (int i = 0; i < rs->ncats; i++)
		if (strcasecmp(rs->cats[i].code, code) == 0)
			return i;
	return -1;
}

/*
 * Whether the folded text s (scanned into sc) holds a claim cue anywhere:
 * the cues are atoms, so the scan has found them (ASCII cues, which the scan
 * matches only at a word start, are looked for as substrings, as
 * rules_find_claim does).
 */
bool rules_text_has_cue(const struct ruleset *rs, const struct scan *sc, const char *s);
/* The claim cues interned as atoms (before rules_index_atoms). */
void rules_intern_cues(struct ruleset *rs);
/*
 * The largest amount in the folded text s that reads as a claim (a cue near
 * it, or anywhere when need_cue is false); 0 when none. [*qfrom, *qto): the
 * bytes of s its reason quotes, from the start of the amount's phrase to the
 * end of the amount (0, 0 when none). (rules_claim.c)
 */
int64_t rules_find_claim(const struct ruleset *rs, const char *s, bool need_cue, size_t *qfrom,
			 size_t *qto);

#endif
