/* The learned model of the lead department: hashed character n-grams, liblinear's logistic regression, prediction with its reasons. */
#include "core/learn.h"
#include "core/fold.h"
#include "core/util.h"

#include <dlfcn.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LIBLINEAR_SONAME
#define LIBLINEAR_SONAME "liblinear.so.4"
#endif

#define HASH_MASK ((1u << LEARN_HASH_BITS) - 1)
#define MAX_NGRAM 3
#define MODEL_MAGIC "CDLM2"

/* One n-gram of a text: its hashed feature and where it is in the folded text. */
struct gram {
	uint32_t f;
	uint32_t off, len;
};

struct learn_model {
	int nclass;
	char (*codes)[RULES_CODE_MAX];
	int nrows;                  /* features with weights */
	uint32_t *keys;             /* per row: feature */
	float *w;                   /* nrows × nclass */
	float *bias;                /* nclass */
	uint32_t *slot;             /* open addressing: row + 1, 0 empty */
	uint32_t nslot;
	int cases;
	int confident;               /* permille: below it the rules stand */
};

struct example {
	uint32_t *f;
	int n;
	int label;
};

struct learn_trainer {
	struct example *ex;
	int n, cap;
	char (*codes)[RULES_CODE_MAX];
	int ncodes;
};

/* The code point at s (a stray byte as itself), its length in *n. */
static uint32_t utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	uint32_t c = s[0];
	int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;

	if (k == 0 || (size_t)k >= len) {
		*n = 1;
		return c;
	}
	c &= 0x3Fu >> k;
	for (int i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*n = 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*n = (size_t)k + 1;
	return c;
}

static int utf8_count(const char *s, uint32_t len)
{
	int n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Letters, digits and all past ASCII but the CJK and full-width punctuation. */
static bool word_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c >= 0x3000 && c <= 0x303F)
		return false;
	if (c >= 0xFF00 && c <= 0xFF0F)
		return false;
	if ((c >= 0xFF1A && c <= 0xFF20) || (c >= 0x2000 && c <= 0x206F))
		return false;
	return true;
}

/* Keeps the first of each feature, in order: a small open-addressing set
 * (a sort would cost more than the whole prediction). Returns the count. */
static int dedupe(struct gram *g, int k)
{
	uint32_t size = 64, *set;
	int u = 0;

	while (size < 2u * (uint32_t)k)
		size *= 2;
	set = xcalloc(size, sizeof *set);
	for (int i = 0; i < k; i++) {
		uint32_t key = g[i].f + 1, h = (key * 2654435761u) & (size - 1);
		while (set[h] && set[h] != key)
			h = (h + 1) & (size - 1);
		if (set[h])
			continue;
		set[h] = key;
		g[u++] = g[i];
	}
	free(set);
	return u;
}

/* The text and demand folded as rules_classify folds them. */
static char *fold_input(const char *text, const char *demand, size_t *len)
{
	struct sbuf raw = { 0 };
	char *folded;

	sbuf_add(&raw, text ? text : "");
	if (demand && *demand) {
		sbuf_add(&raw, "\n");
		sbuf_add(&raw, demand);
	}
	folded = xmalloc(raw.len + 1);
	*len = fold_text(raw.s ? raw.s : "", raw.len, folded);
	sbuf_free(&raw);
	return folded;
}

/* The distinct n-grams of folded[0..len), in order of first appearance. */
static struct gram *grams_of(const char *folded, size_t len, int *n)
{
	size_t cap = 16;
	struct gram *g;
	uint32_t cps[MAX_NGRAM] = { 0 }, offs[MAX_NGRAM] = { 0 };
	int run = 0, k = 0;

	g = xmalloc(cap * sizeof *g);
	for (size_t i = 0; i < len;) {
		size_t cl;
		uint32_t c = utf8_next((const unsigned char *)folded + i, len - i, &cl);
		if (!word_char(c)) {
			run = 0;
			i += cl;
			continue;
		}
		memmove(cps, cps + 1, (MAX_NGRAM - 1) * sizeof *cps);
		memmove(offs, offs + 1, (MAX_NGRAM - 1) * sizeof *offs);
		cps[MAX_NGRAM - 1] = c;
		offs[MAX_NGRAM - 1] = (uint32_t)i;
		run++;
		i += cl;
		for (int m = 1; m <= MAX_NGRAM && m <= run; m++) {
			uint32_t h = 2166136261u ^ (uint32_t)m;
			for (int j = MAX_NGRAM - m; j < MAX_NGRAM; j++)
				h = (h ^ cps[j]) * 16777619u;
			if ((size_t)k == cap)
				g = xrealloc(g, (cap *= 2) * sizeof *g);
			g[k].f = (h ^ (h >> LEARN_HASH_BITS)) & HASH_MASK;
			g[k].off = offs[MAX_NGRAM - m];
			g[k].len = (uint32_t)i - offs[MAX_NGRAM - m];
			k++;
		}
	}
	*n = dedupe(g, k);
	return g;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct learn_trainer *learn_trainer_new(void)
{
	return xcalloc(1, sizeof(struct learn_trainer));
}

void learn_trainer_add(struct learn_trainer *t, const char *text, const char *demand,
		       const char *dept)
{
	struct example *e;
	struct gram *g;
	int label = -1;

	for (int i = 0; i < t->ncodes; i++)
		if (strcmp(t->codes[i], dept) == 0)
			label = i;
	if (label < 0) {
		t->codes = xrealloc(t->codes, (size_t)(t->ncodes + 1) * sizeof *t->codes);
		snprintf(t->codes[t->ncodes], RULES_CODE_MAX, "%s", dept);
		label = t->ncodes++;
	}
	if (t->n == t->cap)
		t->ex = xrealloc(t->ex, (size_t)(t->cap = t->cap ? 2 * t->cap : 64) * sizeof *t->ex);
	e = &t->ex[t->n++];
	{
		size_t len;
		char *folded = fold_input(text, demand, &len);
		g = grams_of(folded, len, &e->n);
		free(folded);
	}
	e->f = xmalloc((size_t)(e->n ? e->n : 1) * sizeof *e->f);
	for (int i = 0; i < e->n; i++)
		e->f[i] = g[i].f;
	/* liblinear wants each example's indexes ascending */
	qsort(e->f, (size_t)e->n, sizeof *e->f, cmp_u32);
	e->label = label;
	free(g);
}

int learn_trainer_count(const struct learn_trainer *t)
{
	return t->n;
}

void learn_trainer_free(struct learn_trainer *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++)
		free(t->ex[i].f);
	free(t->ex);
	free(t->codes);
	free(t);
}

static void quiet(const char *s)
{
	(void)s;
}


static void model_index(struct learn_model *m)
{
	m->nslot = 16;
	while (m->nslot < 2u * (uint32_t)m->nrows + 16)
		m->nslot *= 2;
	m->slot = xcalloc(m->nslot, sizeof *m->slot);
	for (int r = 0; r < m->nrows; r++) {
		uint32_t s = (m->keys[r] * 2654435761u) & (m->nslot - 1);
		while (m->slot[s])
			s = (s + 1) & (m->nslot - 1);
		m->slot[s] = (uint32_t)r + 1;
	}
}

static int row_of(const struct learn_model *m, uint32_t f)
{
	uint32_t s = (f * 2654435761u) & (m->nslot - 1);

	for (; m->slot[s]; s = (s + 1) & (m->nslot - 1))
		if (m->keys[m->slot[s] - 1] == f)
			return (int)m->slot[s] - 1;
	return -1;
}

/* The features seen in training, sorted and distinct: liblinear's index i+1 is keys[i]. */
static uint32_t *seen_features(const struct learn_trainer *t, int *n)
{
	size_t total = 0, u = 0;
	uint32_t *all;

	for (int i = 0; i < t->n; i++)
		total += (size_t)t->ex[i].n;
	all = xmalloc((total ? total : 1) * sizeof *all);
	for (int i = 0, k = 0; i < t->n; i++)
		for (int j = 0; j < t->ex[i].n; j++)
			all[k++] = t->ex[i].f[j];
	qsort(all, total, sizeof *all, cmp_u32);
	for (size_t i = 0; i < total; i++)
		if (u == 0 || all[u - 1] != all[i])
			all[u++] = all[i];
	*n = (int)u;
	return all;
}

/* liblinear's model into ours: per class a weight row, the bias apart. */
static struct learn_model *from_liblinear(const struct model *lm, const struct learn_trainer *t,
					  const uint32_t *keys, int nkeys)
{
	struct learn_model *m = xcalloc(1, sizeof *m);
	int nw = lm->nr_class == 2 ? 1 : lm->nr_class;

	m->nclass = lm->nr_class;
	m->codes = xcalloc((size_t)m->nclass, sizeof *m->codes);
	for (int c = 0; c < m->nclass; c++)
		snprintf(m->codes[c], RULES_CODE_MAX, "%s", t->codes[lm->label[c]]);
	m->keys = xmalloc((size_t)(nkeys ? nkeys : 1) * sizeof *m->keys);
	m->w = xmalloc((size_t)(nkeys ? nkeys : 1) * (size_t)m->nclass * sizeof *m->w);
	m->bias = xcalloc((size_t)m->nclass, sizeof *m->bias);
	for (int i = 0; i < nkeys; i++) {
		bool any = false;
		float *row = m->w + (size_t)m->nrows * (size_t)m->nclass;
		for (int c = 0; c < m->nclass; c++) {
			double v = nw == 1 ? (c == 0 ? 1 : -1) * lm->w[i] : lm->w[(size_t)i * nw + c];
			row[c] = (float)v;
			any |= fabs(v) > 1e-6;
		}
		if (any)
			m->keys[m->nrows++] = keys[i];
	}
	for (int c = 0; c < m->nclass; c++) {
		double v = nw == 1 ? (c == 0 ? 1 : -1) * lm->w[nkeys] : lm->w[(size_t)nkeys * nw + c];
		m->bias[c] = (float)v;
	}
	m->cases = t->n;
	m->confident = LEARN_CONFIDENT_DEFAULT;
	model_index(m);
	return m;
}

/*
 * liblinear, loaded with dlopen by the first training: only `rules learn`
 * trains (a prediction is learn_predict_folded's dot product), so no other
 * command maps it and the C++ runtime and BLAS behind it. The soname is the
 * one linear.h was compiled against (the Makefile reads it from liblinear.so).
 */
struct liblinear {
	struct model *(*train)(const struct problem *, const struct parameter *);
	const char *(*check_parameter)(const struct problem *, const struct parameter *);
	void (*free_and_destroy_model)(struct model **);
	void (*set_print_string_function)(void (*)(const char *));
};

static int liblinear_load(struct liblinear *ll, struct err *err)
{
	static const char *const names[] = { "train", "check_parameter",
					     "free_and_destroy_model", "set_print_string_function" };
	void *fn[4];
	void *h = dlopen(LIBLINEAR_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return err_set(err, ERR_FAIL, "learning needs liblinear (Debian: liblinear4): "
			       "cannot load %s (%s)", LIBLINEAR_SONAME, dlerror());
	for (int i = 0; i < 4; i++)
		if (!(fn[i] = dlsym(h, names[i])))
			return err_set(err, ERR_FAIL, "%s has no %s", LIBLINEAR_SONAME, names[i]);
	/* from data pointers to function pointers, as POSIX allows */
	memcpy(&ll->train, &fn[0], sizeof fn[0]);
	memcpy(&ll->check_parameter, &fn[1], sizeof fn[1]);
	memcpy(&ll->free_and_destroy_model, &fn[2], sizeof fn[2]);
	memcpy(&ll->set_print_string_function, &fn[3], sizeof fn[3]);
	return 0;       /* kept loaded: a second training reuses it */
}

int learn_train(struct learn_trainer *t, struct learn_model **out, struct err *err)
{
	struct liblinear ll = { 0 };
	struct problem prob = { 0 };
	struct parameter param = { 0 };
	struct feature_node *nodes, *p;
	struct model *lm;
	uint32_t *keys;
	size_t total = 0;
	int nkeys;
	const char *bad;

	if (t->n == 0)
		return err_set(err, ERR_USAGE, "no closed cases to learn from");
	if (t->ncodes < 2)
		return err_set(err, ERR_USAGE, "every case has the same lead department (%s): "
			       "nothing to tell apart", t->codes[0]);
	if (liblinear_load(&ll, err))
		return err->code;
	keys = seen_features(t, &nkeys);
	for (int i = 0; i < t->n; i++)
		total += (size_t)t->ex[i].n + 2;
	nodes = xmalloc(total * sizeof *nodes);
	prob.l = t->n;
	prob.n = nkeys + 1;
	prob.bias = 1;
	prob.y = xmalloc((size_t)t->n * sizeof *prob.y);
	prob.x = xmalloc((size_t)t->n * sizeof *prob.x);
	p = nodes;
	for (int i = 0; i < t->n; i++) {
		const struct example *e = &t->ex[i];
		double v = e->n ? 1.0 / sqrt((double)e->n) : 0;
		prob.x[i] = p;
		prob.y[i] = e->label;
		for (int j = 0; j < e->n; j++) {
			uint32_t *k = bsearch(&e->f[j], keys, (size_t)nkeys, sizeof *keys, cmp_u32);
			p->index = (int)(k - keys) + 1;
			p->value = v;
			p++;
		}
		p->index = nkeys + 1;   /* the bias term */
		p->value = 1;
		p++;
		p->index = -1;
		p++;
	}
	param.solver_type = L2R_LR;
	param.C = 4;
	param.eps = 0.01;
	ll.set_print_string_function(quiet);
	if ((bad = ll.check_parameter(&prob, &param))) {
		int rc = err_set(err, ERR_FAIL, "liblinear: %s", bad);
		free(nodes), free(prob.x), free(prob.y), free(keys);
		return rc;
	}
	lm = ll.train(&prob, &param);
	*out = from_liblinear(lm, t, keys, nkeys);
	ll.free_and_destroy_model(&lm);
	free(nodes);
	free(prob.x);
	free(prob.y);
	free(keys);
	return 0;
}

void learn_model_free(struct learn_model *m)
{
	if (!m)
		return;
	free(m->codes);
	free(m->keys);
	free(m->w);
	free(m->bias);
	free(m->slot);
	free(m);
}

int learn_model_classes(const struct learn_model *m) { return m->nclass; }
const char *learn_model_class(const struct learn_model *m, int i) { return m->codes[i]; }
int learn_model_features(const struct learn_model *m) { return m->nrows; }
int learn_model_cases(const struct learn_model *m) { return m->cases; }
void learn_model_set_cases(struct learn_model *m, int n) { m->cases = n; }
int learn_model_confident(const struct learn_model *m) { return m->confident; }
void learn_model_set_confident(struct learn_model *m, int permille) { m->confident = permille; }

/* Layout: magic, int32 nclass, int32 nrows, int32 cases, int32 confident, nclass codes of
 * RULES_CODE_MAX bytes, nclass float biases, nrows × (uint32 key, nclass floats). */
unsigned char *learn_model_save(const struct learn_model *m, size_t *len)
{
	size_t n = 6 + 16 + (size_t)m->nclass * (RULES_CODE_MAX + 4) +
		   (size_t)m->nrows * (4 + 4 * (size_t)m->nclass);
	unsigned char *b = xmalloc(n), *p = b;
	int32_t hdr[4] = { m->nclass, m->nrows, m->cases, m->confident };

	memcpy(p, MODEL_MAGIC, 6), p += 6;
	memcpy(p, hdr, 16), p += 16;
	memcpy(p, m->codes, (size_t)m->nclass * RULES_CODE_MAX), p += (size_t)m->nclass * RULES_CODE_MAX;
	memcpy(p, m->bias, (size_t)m->nclass * 4), p += (size_t)m->nclass * 4;
	for (int r = 0; r < m->nrows; r++) {
		memcpy(p, &m->keys[r], 4), p += 4;
		memcpy(p, m->w + (size_t)r * (size_t)m->nclass, 4 * (size_t)m->nclass);
		p += 4 * (size_t)m->nclass;
	}
	*len = n;
	return b;
}

int learn_model_parse(const void *blob, size_t len, struct learn_model **out, struct err *err)
{
	const unsigned char *p = blob;
	int32_t hdr[4];
	struct learn_model *m;

	if (len < 22 || memcmp(p, MODEL_MAGIC, 6) != 0)
		return err_set(err, ERR_DATA, "the stored model is not a cdesk model of this version "
			       "(run 'cdesk rules learn' again)");
	memcpy(hdr, p + 6, 16);
	if (hdr[0] < 2 || hdr[0] > 4096 || hdr[1] < 0 || hdr[2] < 0 || hdr[3] < 0 ||
	    len != 22 + (size_t)hdr[0] * (RULES_CODE_MAX + 4) + (size_t)hdr[1] * (4 + 4 * (size_t)hdr[0]))
		return err_set(err, ERR_DATA, "the stored model is damaged (its size does not match)");
	m = xcalloc(1, sizeof *m);
	m->nclass = hdr[0];
	m->nrows = hdr[1];
	m->cases = hdr[2];
	m->confident = hdr[3];
	p += 22;
	m->codes = xmalloc((size_t)m->nclass * sizeof *m->codes);
	memcpy(m->codes, p, (size_t)m->nclass * RULES_CODE_MAX), p += (size_t)m->nclass * RULES_CODE_MAX;
	for (int c = 0; c < m->nclass; c++)
		m->codes[c][RULES_CODE_MAX - 1] = '\0';
	m->bias = xmalloc((size_t)m->nclass * sizeof *m->bias);
	memcpy(m->bias, p, (size_t)m->nclass * 4), p += (size_t)m->nclass * 4;
	m->keys = xmalloc((size_t)(m->nrows ? m->nrows : 1) * sizeof *m->keys);
	m->w = xmalloc((size_t)(m->nrows ? m->nrows : 1) * (size_t)m->nclass * sizeof *m->w);
	for (int r = 0; r < m->nrows; r++) {
		memcpy(&m->keys[r], p, 4), p += 4;
		memcpy(m->w + (size_t)r * (size_t)m->nclass, p, 4 * (size_t)m->nclass);
		p += 4 * (size_t)m->nclass;
	}
	model_index(m);
	*out = m;
	return 0;
}

/* The n-grams that weigh most for class c: "\"药店\" +1.8, \"推荐\" +1.1". */
static void explain(const struct learn_model *m, const struct gram *g, const int *rows, int n,
		    const char *folded, int c, char *buf, size_t size)
{
	int best[3] = { -1, -1, -1 };
	size_t len = 0;

	/* Words of two characters or more say more than one character does
	 * ("药店" rather than "的"): single characters only when nothing else weighs. */
	for (int pass = 0; pass < 2 && best[0] < 0; pass++)
	for (int i = 0; i < n; i++) {
		float w;
		if (rows[i] < 0 || (w = m->w[(size_t)rows[i] * (size_t)m->nclass + (size_t)c]) <= 0)
			continue;
		if (pass == 0 && utf8_count(folded + g[i].off, g[i].len) < 2)
			continue;
		for (int k = 0; k < 3; k++) {
			if (best[k] < 0 || w > m->w[(size_t)rows[best[k]] * (size_t)m->nclass + (size_t)c]) {
				memmove(best + k + 1, best + k, (size_t)(2 - k) * sizeof *best);
				best[k] = i;
				break;
			}
		}
	}
	buf[0] = '\0';
	for (int k = 0; k < 3 && best[k] >= 0 && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s\"%.*s\" %+.1f", k ? ", " : "",
					(int)g[best[k]].len, folded + g[best[k]].off,
					(double)m->w[(size_t)rows[best[k]] * (size_t)m->nclass + (size_t)c]);
}

void learn_predict(const struct learn_model *m, const char *text, const char *demand,
		   struct learn_prediction *p)
{
	size_t len;
	char *folded = fold_input(text, demand, &len);

	learn_predict_folded(m, folded, len, p);
	free(folded);
}

void learn_predict_folded(const struct learn_model *m, const char *folded, size_t len,
			  struct learn_prediction *p)
{
	int n;
	struct gram *g = grams_of(folded, len, &n);
	int *rows = xmalloc((size_t)(n ? n : 1) * sizeof *rows);
	double *dec = xcalloc((size_t)m->nclass, sizeof *dec), v = n ? 1.0 / sqrt((double)n) : 0, sum = 0;

	for (int i = 0; i < n; i++) {
		rows[i] = row_of(m, g[i].f);
		if (rows[i] >= 0)
			for (int c = 0; c < m->nclass; c++)
				dec[c] += v * m->w[(size_t)rows[i] * (size_t)m->nclass + (size_t)c];
	}
	p->cls = -1;
	p->prob = 0;
	p->why[0] = '\0';
	/* liblinear's predict_probability: each one-against-the-rest sigmoid, normalised */
	for (int c = 0; c < m->nclass; c++) {
		dec[c] = 1 / (1 + exp(-(dec[c] + m->bias[c])));
		sum += dec[c];
	}
	for (int c = 0; c < m->nclass; c++)
		if (p->cls < 0 || dec[c] > dec[p->cls])
			p->cls = c;
	if (p->cls >= 0 && sum > 0) {
		p->prob = dec[p->cls] / sum;
		explain(m, g, rows, n, folded, p->cls, p->why, sizeof p->why);
	}
	free(dec);
	free(rows);
	free(g);
}
