/*
 * Finding the keyword atoms of a ruleset in a folded text, in one pass: at
 * each character the atoms that begin with that character (one-character
 * atoms) and those that begin with it and the next one are looked up by a
 * hash of those bytes, so only atoms that can stand there are compared. The
 * index also lists, per atom, the keywords (terms) that begin with it, so
 * only the keywords whose first atom is in the text are evaluated, and a
 * rule with none of them costs nothing (rules_classify.c).
 */
#include "rules_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the UTF-8 character led by byte c (invalid bytes count as one). */
static size_t char_len(unsigned char c)
{
	if (c < 0xC0)
		return 1;
	if (c < 0xE0)
		return 2;
	return c < 0xF0 ? 3 : 4;
}

/*
 * The chain of atoms whose first one or two characters are the first n
 * bytes (n ≤ 8: two characters of at most 4 bytes) of the 8 at p.
 */
static unsigned scan_key8(const char *p, size_t n)
{
	uint64_t v, keep = n >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	keep = n >= 8 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> (8 * n));
#endif
	v &= keep;
	return (unsigned)(((v ^ n) * 0x9E3779B97F4A7C15ull) >> (64 - SCAN_BITS));
}

/* The same for a string that may end before 8 bytes (an atom). */
static unsigned scan_key(const char *p, size_t n)
{
	char b[8] = { 0 };

	memcpy(b, p, n);
	return scan_key8(b, n);
}

/*
 * A 16-bit value of the n bytes of one character at p (n ≤ 3: its code
 * point; n = 4: one value for all): the same bytes always give the same
 * value, so a character no atom begins with is passed over on one bit test.
 */
static inline unsigned scan_first(const unsigned char *p, size_t n)
{
	switch (n) {
	case 1: return p[0];
	case 2: return (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	case 3: return (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	default: return 0xFFFF;
	}
}

/* The bytes of the key of an atom: its first character, or its first two. */
static size_t atom_key_len(const struct atom *at)
{
	size_t n1 = char_len((unsigned char)at->s[0]), n2;

	if (n1 >= at->len)
		return at->len;
	n2 = char_len((unsigned char)at->s[n1]);
	return n1 + n2 < at->len ? n1 + n2 : at->len;
}

/*
 * The keywords (terms) of rs by their first atom, in file order: counted
 * into count[a], or written as (rule, term) pairs from at[a] on.
 */
static int terms_by_first_atom(const struct ruleset *rs, int *count, int *at, int *list)
{
	int total = 0;

	for (int r = 0; r < rs->nrules; r++)
		for (int t = 0; t < rs->rules[r].nterms; t++) {
			int a = rs->rules[r].terms[t].atom[0];
			if (a < 0)
				continue;
			total++;
			if (count) {
				count[a]++;
			} else {
				list[2 * at[a]] = r;
				list[2 * at[a] + 1] = t;
				at[a]++;
			}
		}
	return total;
}

void rules_index_atoms(struct ruleset *rs)
{
	int n = rs->natoms, total, *count = xcalloc((size_t)n + 1, sizeof *count);
	int *at = xcalloc((size_t)n + 1, sizeof *at);

	free(rs->atom_head);
	free(rs->atom_next);
	total = terms_by_first_atom(rs, count, NULL, NULL);
	/* One block: the chain heads, the first characters, each atom's first term, the terms. */
	rs->atom_head = xmalloc(((size_t)SCAN_SLOTS + 2 * SCAN_FIRST_WORDS + (size_t)n + 1 +
				 2 * (size_t)total) * sizeof *rs->atom_head);
	rs->atom_first = (uint32_t *)(rs->atom_head + SCAN_SLOTS);
	memset(rs->atom_first, 0, 2 * SCAN_FIRST_WORDS * sizeof *rs->atom_first);
	rs->scan_all = false;
	rs->atom_term_start = rs->atom_head + SCAN_SLOTS + 2 * SCAN_FIRST_WORDS;
	rs->atom_terms = rs->atom_term_start + n + 1;
	rs->atom_next = xmalloc(((size_t)n + 1) * sizeof *rs->atom_next);
	for (int h = 0; h < SCAN_SLOTS; h++)
		rs->atom_head[h] = -1;
	for (int a = n - 1; a >= 0; a--) {
		unsigned h = scan_key(rs->atoms[a].s, atom_key_len(&rs->atoms[a]));
		size_t n1 = char_len((unsigned char)rs->atoms[a].s[0]);
		unsigned f;

		rs->atom_next[a] = rs->atom_head[h];
		rs->atom_head[h] = a;
		if (n1 > rs->atoms[a].len)   /* a stray lead byte: the text's character is longer */
			rs->scan_all = true;
		f = scan_first((const unsigned char *)rs->atoms[a].s, n1);
		if (n1 < rs->atoms[a].len)
			f += 32 * SCAN_FIRST_WORDS;
		rs->atom_first[f >> 5] |= (uint32_t)1 << (f & 31);
	}
	rs->atom_term_start[0] = 0;
	for (int a = 0; a < n; a++)
		rs->atom_term_start[a + 1] = rs->atom_term_start[a] + count[a];
	/* Each atom's terms, written from its start on. */
	memcpy(at, rs->atom_term_start, (size_t)n * sizeof *at);
	terms_by_first_atom(rs, NULL, at, rs->atom_terms);
	free(count);
	free(at);
}

/*
 * An ASCII keyword ends at a word end or before a common inflection
 * ("nurse" matches "nurses", "sue" matches "sued", not "nursery").
 */
static bool english_end(const char *p)
{
	static const char *const suffixes[] = { "s", "es", "d", "ed", "ing", "er", "ers", NULL };

	if (!isalnum((unsigned char)*p))
		return true;
	for (int i = 0; suffixes[i]; i++) {
		size_t n = strlen(suffixes[i]);
		if (strncmp(p, suffixes[i], n) == 0 && !isalnum((unsigned char)p[n]))
			return true;
	}
	return false;
}

/* Whether atom at stands at offset off of the text (word rules for ASCII). */
static bool atom_at(const struct atom *at, const struct scan *sc, size_t off)
{
	const char *p = sc->s + off;

	if (off + at->len > sc->len)
		return false;
	for (size_t k = 0; k < at->len; k++)    /* atoms are short: no call to memcmp */
		if (p[k] != at->s[k])
			return false;
	if (at->ascii && off > 0 && isalnum((unsigned char)p[-1]))
		return false;
	if (at->digits && isdigit((unsigned char)p[at->len]))
		return false;
	if (at->ascii && !at->digits && !english_end(p + at->len))
		return false;
	return true;
}

/* Sentence breaks: 。！？； (folded to !?;), ., !, ?, ;, and line ends. */
static bool sentence_break(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c == '\n' || c == '!' || c == '?' || c == ';')
		return true;
	if (c == '.')
		return !(i > 0 && isdigit((unsigned char)s[i - 1]) &&
			 isdigit((unsigned char)s[i + 1]));
	return c == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82;
}

/* The atoms of chain a that stand at offset i, in sentence sent. */
static void found_at(const struct ruleset *rs, struct scan *sc, int a, size_t i, unsigned sent)
{
	for (; a >= 0; a = rs->atom_next[a])
		if (atom_at(&rs->atoms[a], sc, i)) {
			if (!(sc->seen[a >> 6] >> (a & 63) & 1)) {
				sc->seen[a >> 6] |= (uint64_t)1 << (a & 63);
				sc->mask[a] = 0;
				sc->found[sc->nfound++] = a;
			}
			sc->mask[a] |= (uint64_t)1 << sent;
		}
}

/*
 * Character by character: the sentence number (a break belongs to the
 * sentence it ends; sentences past MAX_SENTENCES share the last bit), and
 * the atoms of the one- and two-character chains that start there.
 */
void rules_scan_atoms(const struct ruleset *rs, struct scan *sc)
{
	const char *s = sc->s;
	unsigned sent = 0;

	sc->nfound = 0;
	for (size_t i = 0; i < sc->len;) {
		size_t n1 = char_len((unsigned char)s[i]), n2;
		unsigned f;
		int a;

		if (i + n1 > sc->len)
			n1 = sc->len - i;
		f = scan_first((const unsigned char *)s + i, n1);
		/* most characters begin no atom: a bit says so, for one-character atoms and longer ones */
		if ((rs->scan_all || rs->atom_first[f >> 5] >> (f & 31) & 1) &&
		    (a = rs->atom_head[scan_key8(s + i, n1)]) >= 0)
			found_at(rs, sc, a, i, sent);
		f += 32 * SCAN_FIRST_WORDS;
		if (rs->scan_all || rs->atom_first[f >> 5] >> (f & 31) & 1) {
			if (i + n1 < sc->len) {
				n2 = char_len((unsigned char)s[i + n1]);
				if (i + n1 + n2 > sc->len)
					n2 = sc->len - i - n1;
				if ((a = rs->atom_head[scan_key8(s + i, n1 + n2)]) >= 0)
					found_at(rs, sc, a, i, sent);
			}
		}
		if (((unsigned char)s[i] < 0x80 || (unsigned char)s[i] == 0xE3) &&
		    sentence_break(s, i) && sent < MAX_SENTENCES - 1)
			sent++;
		/* Past this character (a stray byte passes alone, as fold_text left it). */
		for (i++; i < sc->len && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
			;
	}
}

size_t rules_term_hits_max(const struct ruleset *rs, const struct scan *sc)
{
	size_t n = 0;

	for (int k = 0; k < sc->nfound; k++)
		n += (size_t)(rs->atom_term_start[sc->found[k] + 1] - rs->atom_term_start[sc->found[k]]);
	return n;
}

static int hit_cmp(const void *pa, const void *pb)
{
	const struct term_hit *a = pa, *b = pb;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return a->term < b->term ? -1 : a->term > b->term;
}

void rules_term_hits(const struct ruleset *rs, const struct scan *sc, uint64_t *hits,
		     struct term_hit *list, int *n)
{
	*n = 0;
	for (int k = 0; k < sc->nfound; k++) {
		int a = sc->found[k];
		for (int j = rs->atom_term_start[a]; j < rs->atom_term_start[a + 1]; j++) {
			int r = rs->atom_terms[2 * j], ti = rs->atom_terms[2 * j + 1];
			const struct term *t = &rs->rules[r].terms[ti];
			uint64_t m = sc->mask[a];   /* found: mask[a] is set */

			for (int p = 1; p < MAX_PARTS && t->atom[p] >= 0; p++)
				m &= scan_mask(sc, t->atom[p]);
			if (!m)
				continue;
			hits[r] |= m;
			list[*n].rule = r;
			list[*n].term = ti;
			list[(*n)++].mask = m;
		}
	}
	/* by rule, then term: a few dozen, mostly in order already */
	if (*n > 64) {
		qsort(list, (size_t)*n, sizeof *list, hit_cmp);
		return;
	}
	for (int i = 1; i < *n; i++) {
		struct term_hit h = list[i];
		int j = i;
		for (; j > 0 && hit_cmp(&list[j - 1], &h) > 0; j--)
			list[j] = list[j - 1];
		list[j] = h;
	}
}
