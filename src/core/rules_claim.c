/*
 * The amount a complaint claims: Arabic ("3,000元", "1.5万") and Chinese
 * ("两千五百块") figures, and the claim cues near them from rules.ini.
 */
#include "rules_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* ---------- amounts ---------- */

static size_t utf8_next(const char *s, size_t i, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* Digit value of a Chinese numeral character, or -1. 几 counts as 0 ("十几万"). */
static int cn_digit(uint32_t cp)
{
	switch (cp) {
	case 0x96F6: case 0x3007: case 0x51E0: return 0;   /* 零 〇 几 */
	case 0x4E00: return 1;      /* 一 */
	case 0x4E8C: case 0x4E24: return 2;   /* 二 两 */
	case 0x4E09: return 3;      /* 三 */
	case 0x56DB: return 4;      /* 四 */
	case 0x4E94: return 5;      /* 五 */
	case 0x516D: return 6;      /* 六 */
	case 0x4E03: return 7;      /* 七 */
	case 0x516B: return 8;      /* 八 */
	case 0x4E5D: return 9;      /* 九 */
	default: return -1;
	}
}

static long cn_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5341: return 10;         /* 十 */
	case 0x767E: return 100;        /* 百 */
	case 0x5343: return 1000;       /* 千 */
	case 0x4E07: return 10000;      /* 万 */
	case 0x4EBF: return 100000000;  /* 亿 */
	default: return 0;
	}
}

/* Bytes of text whose code points rules_find_claim keeps on the stack. */
#define CLAIM_STACK 1024

struct cps {
	uint32_t *cp;
	size_t *off;                /* byte offset of each code point; off[n] = length */
	size_t n;
};

static bool cp_at(const struct cps *c, size_t i, uint32_t cp)
{
	return i < c->n && c->cp[i] == cp;
}

/* An ASCII word at i ("yuan", "rmb"); returns its length in code points or 0. */
static size_t word_at(const struct cps *c, size_t i, const char *w)
{
	size_t k = 0;

	for (; w[k]; k++)
		if (i + k >= c->n || c->cp[i + k] != (unsigned char)w[k])
			return 0;
	if (i + k < c->n && c->cp[i + k] < 0x80 && isalpha((int)c->cp[i + k]))
		return 0;
	return k;
}

static bool currency_unit(const struct cps *c, size_t *i)
{
	size_t k;

	while (*i < c->n && c->cp[*i] == ' ')
		(*i)++;
	if (cp_at(c, *i, 0x591A) || cp_at(c, *i, 0x4F59))   /* 多, 余: 一万多元 */
		if (cp_at(c, *i + 1, 0x5143) || cp_at(c, *i + 1, 0x5757))
			(*i)++;
	if (cp_at(c, *i, 0x5143) || cp_at(c, *i, 0x5757) || cp_at(c, *i, 0x5706)) { /* 元块圆 */
		(*i)++;
		return true;
	}
	if ((k = word_at(c, *i, "yuan")) || (k = word_at(c, *i, "rmb"))) {
		*i += k;
		return true;
	}
	return false;
}

/* An Arabic amount at i: "12000元", "1.5万", "12,000 yuan", "¥3000", "15w".
 * Integers only: the integer part, the decimals as a numerator over 10^fd. */
static bool arabic_amount(const struct cps *c, size_t i, int64_t *fen, size_t *end)
{
	int64_t ip = 0, fnum = 0, pow10 = 1, mult = 1, rest_yuan = 0;
	bool frac = false, prefix = false, unit = false;
	size_t j = i, k;

	if (i > 0 && (c->cp[i - 1] == 0xA5 || c->cp[i - 1] == 0xFFE5))
		prefix = true;
	else if (i >= 3 && word_at(c, i - 3, "rmb") == 3)
		prefix = true;
	else if (i >= 4 && c->cp[i - 1] == ' ' && word_at(c, i - 4, "rmb") == 3)
		prefix = true;
	if (i > 0 && c->cp[i - 1] < 0x80 && (isalnum((int)c->cp[i - 1]) || c->cp[i - 1] == '.'))
		return false;
	for (; j < c->n; j++) {
		uint32_t ch = c->cp[j];
		if (ch >= '0' && ch <= '9') {
			if (frac) {
				if (pow10 < INT64_C(1000000000)) {   /* nine decimals are plenty */
					fnum = fnum * 10 + (ch - '0');
					pow10 *= 10;
				}
			} else {
				ip = ip * 10 + (ch - '0');
			}
		} else if (ch == ',' && !frac && j + 3 < c->n && is_digit(c->cp[j + 1]) &&
			   is_digit(c->cp[j + 2]) && is_digit(c->cp[j + 3])) {
			continue;
		} else if (ch == '.' && !frac && j + 1 < c->n && c->cp[j + 1] >= '0' &&
			   c->cp[j + 1] <= '9') {
			frac = true;
		} else {
			break;
		}
		if (ip > INT64_C(1000000000000))
			return false;
	}
	/* "40余万元", "30多万": an approximate amount, read as its round figure. */
	if (!frac && (cp_at(c, j, 0x4F59) || cp_at(c, j, 0x591A)) &&
	    (cp_at(c, j + 1, 0x4E07) || cp_at(c, j + 1, 0x5343)))
		j++;
	if (cp_at(c, j, 0x4E07) || ((k = word_at(c, j, "w")) != 0)) {   /* 万, w */
		mult = 10000;
		j++;
		unit = true;
		/* "2万5" = 25000, "2万5千" = 25000, "2万500" = 20500. */
		if (j < c->n && is_digit(c->cp[j]) && !frac) {
			int64_t rest = 0;
			size_t digits = 0;
			while (j + digits < c->n && is_digit(c->cp[j + digits]) && digits < 4)
				rest = rest * 10 + (c->cp[j + digits++] - '0');
			if (cp_at(c, j + digits, 0x5343)) {              /* 千 */
				rest_yuan = rest * 1000;
				j += digits + 1;
			} else if (j + digits < c->n && is_digit(c->cp[j + digits])) {
				/* more than four digits after 万: not one amount */
			} else {
				rest_yuan = digits == 1 ? rest * 1000 : rest;
				j += digits;
			}
		}
	} else if (cp_at(c, j, 0x5343) || word_at(c, j, "k")) {          /* 千, k */
		mult = 1000;
		j++;
	}
	if (currency_unit(c, &j))
		unit = true;
	if (!unit && !prefix)
		return false;
	/* the decimals rounded half up to the fen */
	*fen = ip * 100 * mult + (fnum * 100 * mult * 2 + pow10) / (2 * pow10) + rest_yuan * 100;
	*end = j;
	return *fen > 0;
}

/* A Chinese-numeral amount at i: "一万元", "十五万", "五千块", "一万二". */
static bool chinese_amount(const struct cps *c, size_t i, int64_t *fen, size_t *end)
{
	int64_t total = 0, section = 0, number = 0;
	long last_unit = 1;
	bool prev_unit = false, wan = false;
	size_t j = i;

	/* starts with 1-9 or 十, all of them between 一 (U+4E00) and 四 (U+56DB) */
	if (c->cp[i] < 0x4E00 || c->cp[i] > 0x56DB ||
	    (cn_digit(c->cp[i]) <= 0 && c->cp[i] != 0x5341))
		return false;
	if (i > 0 && (cn_digit(c->cp[i - 1]) >= 0 || cn_unit(c->cp[i - 1])))
		return false;
	for (; j < c->n; j++) {
		int d = cn_digit(c->cp[j]);
		long u = cn_unit(c->cp[j]);
		if (d >= 0) {
			number = d;
			prev_unit = false;
		} else if (u == 10000 || u == 100000000) {
			section += number;
			total += (section ? section : 1) * u;
			section = number = 0;
			last_unit = u;
			prev_unit = true;
			wan = true;
		} else if (u) {
			section += (number ? number : (u == 10 ? 1 : 0)) * u;
			number = 0;
			last_unit = u;
			prev_unit = true;
		} else {
			break;
		}
	}
	if (number) {
		/* "一万二" = 12000, "两千五" = 2500: a digit right after a unit. */
		if (j >= 2 && cn_unit(c->cp[j - 2]) && !prev_unit && last_unit >= 100)
			number *= last_unit / 10;
		section += number;
	}
	total += section;
	*end = j;
	if (!currency_unit(c, end) && !(wan && !(cp_at(c, j, 0x4E2A) || cp_at(c, j, 0x4EBA) ||
						  cp_at(c, j, 0x6B21))))   /* 个, 人, 次 */
		return false;
	*fen = total * 100;
	return total > 0;
}

static bool cue_near(const struct ruleset *rs, const struct cps *c, const char *s, size_t start,
		     size_t end)
{
	size_t from = start > (size_t)rs->claim_window ? start - (size_t)rs->claim_window : 0;
	size_t to = end + 6 < c->n ? end + 6 : c->n;
	size_t b0 = c->off[from], b1 = c->off[to];

	/* A cue ending before the amount, or starting shortly after it. */
	for (int q = 0; q < rs->ncues; q++) {
		const char *p = s + b0;
		size_t ql = strlen(rs->cues[q]);
		while ((p = strstr(p, rs->cues[q])) != NULL && (size_t)(p - s) <= b1) {
			size_t at = (size_t)(p - s);
			if (at + ql <= c->off[start] || at >= c->off[end])
				return true;
			p++;
		}
	}
	return false;
}

void rules_intern_cues(struct ruleset *rs)
{
	free(rs->cue_atom);
	rs->cue_atom = xmalloc(((size_t)rs->ncues + 1) * sizeof *rs->cue_atom);
	for (int q = 0; q < rs->ncues; q++)
		rs->cue_atom[q] = rules_atom_intern(rs, rs->cues[q]);
	rs->ncue_atoms = rs->ncues;
}

bool rules_text_has_cue(const struct ruleset *rs, const struct scan *sc, const char *s)
{
	for (int q = 0; q < rs->ncues; q++) {
		bool ascii = true;
		for (const char *p = rs->cues[q]; *p; p++)
			if ((unsigned char)*p >= 0x80)
				ascii = false;
		if (rs->ncue_atoms == rs->ncues && !ascii ? scan_mask(sc, rs->cue_atom[q]) != 0
							  : strstr(s, rs->cues[q]) != NULL)
			return true;
	}
	return false;
}

/* Whether cp ends a phrase: the quote of a claim starts after it. Folded
 * text: ，；：！？（） are ASCII by then. */
static bool phrase_stop(uint32_t cp)
{
	switch (cp) {
	case ',': case '.': case '!': case '?': case ';': case ':': case '(': case ')':
	case '"': case '\n':
	case 0x3001: case 0x3002:                       /* 、 。 */
	case 0x2018: case 0x2019: case 0x201C: case 0x201D:     /* ‘ ’ “ ” */
	case 0x300C: case 0x300D: case 0x300E: case 0x300F:     /* 「 」 『 』 */
	case 0x3010: case 0x3011:                       /* 【 】 */
		return true;
	default:
		return false;
	}
}

/* Code points a claim's quote reaches back from its amount at most. */
#define QUOTE_BACK 24

/* The code point that starts at byte b of c (b on a code point boundary). */
static size_t cp_index(const struct cps *c, size_t b)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->off[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Where the quote of the amount at code point at starts: after the last
 * phrase stop within QUOTE_BACK code points (or at the text's start within
 * them); failing a stop, at the earliest claim cue that starts within them,
 * else at the nearest cue before the amount in the claim window, else at
 * the amount. Never inside a word the clerk typed before the cue.
 */
static size_t quote_start(const struct ruleset *rs, const struct cps *c, const char *s, size_t at)
{
	size_t lim = at > QUOTE_BACK ? at - QUOTE_BACK : 0;
	size_t win = at > (size_t)rs->claim_window ? at - (size_t)rs->claim_window : 0;
	size_t first = at, nearest = at;
	bool any = false;

	for (size_t k = at; k > lim; k--)
		if (phrase_stop(c->cp[k - 1]))
			return k;
	if (lim == 0)
		return 0;
	for (int q = 0; q < rs->ncues; q++) {
		size_t ql = strlen(rs->cues[q]);
		const char *p = s + c->off[win];

		while ((p = strstr(p, rs->cues[q])) != NULL &&
		       (size_t)(p - s) + ql <= c->off[at]) {
			size_t k = cp_index(c, (size_t)(p - s));
			if (k >= lim && k < first)
				first = k;
			if (!any || k > nearest)
				nearest = k;
			any = true;
			p++;
		}
	}
	if (first < at)
		return first;
	return any ? nearest : at;
}

/*
 * The largest amount in s that reads as a claim (a cue near it, or anywhere
 * when need_cue is false); 0 when none. Sets [*qfrom, *qto) to the bytes of
 * s the reason quotes: the amount with its phrase (quote_start).
 */
int64_t rules_find_claim(const struct ruleset *rs, const char *s, bool need_cue, size_t *qfrom,
			 size_t *qto)
{
	struct cps c;
	size_t len = strlen(s), i = 0;
	int64_t best = 0;
	bool any_cue = !need_cue;
	/* the code points of a text of ordinary length on the stack, longer ones allocated */
	uint32_t cp_stack[CLAIM_STACK + 1];
	size_t off_stack[CLAIM_STACK + 1];

	*qfrom = *qto = 0;
	/* No cue anywhere in the text: no amount in it can read as a claim. */
	for (int q = 0; q < rs->ncues && !any_cue; q++)
		any_cue = strstr(s, rs->cues[q]) != NULL;
	if (!any_cue)
		return 0;
	c.cp = len <= CLAIM_STACK ? cp_stack : xmalloc(sizeof *c.cp * (len + 1));
	c.off = len <= CLAIM_STACK ? off_stack : xmalloc(sizeof *c.off * (len + 1));
	c.n = 0;
	while (i < len) {
		c.off[c.n] = i;
		i += utf8_next(s, i, &c.cp[c.n]);
		c.n++;
	}
	c.off[c.n] = len;
	for (i = 0; i < c.n; i++) {
		int64_t fen = 0;
		size_t end = i;
		bool found;

		if (c.cp[i] >= '0' && c.cp[i] <= '9')
			found = arabic_amount(&c, i, &fen, &end);
		else
			found = chinese_amount(&c, i, &fen, &end);
		if (!found)
			continue;
		if ((!need_cue || cue_near(rs, &c, s, i, end)) && fen > best) {
			size_t from = quote_start(rs, &c, s, i);

			while (from < i && c.cp[from] == ' ')
				from++;
			best = fen;
			*qfrom = c.off[from];
			*qto = c.off[end];
		}
		i = end > i ? end - 1 : i;
	}
	if (c.cp != cp_stack) {
		free(c.cp);
		free(c.off);
	}
	return best;
}
