/* UTF-8 validation, escaping of control characters and display-width fitting. */
#define _XOPEN_SOURCE 700
#include "core/text.h"
#include "core/util.h"

#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

bool text_init_locale(void)
{
	const char *cs;

	/*
	 * Only the categories cdesk uses (a command's start-up): character
	 * classes and widths, and the messages. LC_ALL opened 30 files for
	 * C.UTF-8 (it is not in the locale archive), 4% of a `show`'s profile
	 * (0.13 ms); numbers print with '.' whatever LC_NUMERIC says, as JSON
	 * and CSV need. The TUI sets LC_ALL itself (curses).
	 */
	if (!setlocale(LC_CTYPE, ""))
		setlocale(LC_CTYPE, "C");
	if (!setlocale(LC_MESSAGES, ""))
		setlocale(LC_MESSAGES, "C");
	cs = nl_langinfo(CODESET);
	if (cs && strcmp(cs, "UTF-8") == 0)
		return true;
	return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
}

/* Decodes one character at s (n bytes available). Returns its length, or 0
 * for an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t k = utf8_decode(p + i, len - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* The messages about a field's text follow the messages locale through the
 * "cdesk" domain, like the rules' reasons (English when nothing binds it). */
#define R_(s) dgettext("cdesk", s)

bool text_utf8_problem(const char *s, size_t len, char *what, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t k = utf8_decode(p + i, len - i, &cp);
		if (!k) {
			snprintf(what, size, R_("invalid UTF-8 at byte %zu (byte 0x%02x)"), i + 1,
				 p[i]);
			return true;
		}
		i += k;
	}
	return false;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int text_check_field(const char *field, const char *s, size_t max_chars, bool multiline,
		     struct err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, chars = 0;
	char what[128];
	uint32_t cp;

	if (text_utf8_problem(s, len, what, sizeof what))
		return err_set(err, ERR_USAGE, R_("%s: %s"), field, what);
	while (i < len) {
		size_t k = utf8_decode(p + i, len - i, &cp);
		if (is_control(cp) && !(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) {
			snprintf(what, sizeof what,
				 R_("control character U+%04X at character %zu is not allowed"),
				 (unsigned)cp, chars + 1);
			return err_set(err, ERR_USAGE, R_("%s: %s"), field, what);
		}
		i += k;
		chars++;
	}
	if (max_chars && chars > max_chars) {
		snprintf(what, sizeof what, R_("%zu characters, at most %zu allowed"), chars,
			 max_chars);
		return err_set(err, ERR_USAGE, R_("%s: %s"), field, what);
	}
	return 0;
}

size_t text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* The escaped form of a control character or bad byte, e.g. "\n" or "\x1b". */
static void escape_of(uint32_t cp, char *buf)
{
	switch (cp) {
	case '\n': strcpy(buf, "\\n"); break;
	case '\t': strcpy(buf, "\\t"); break;
	case '\r': strcpy(buf, "\\r"); break;
	default:
		if (cp < 0x100)
			snprintf(buf, 16, "\\x%02x", (unsigned)cp);
		else
			snprintf(buf, 16, "\\u%04x", (unsigned)cp);
	}
}

/* Shared walker: appends to out until max_cols (<0: unlimited); *used (may
 * be NULL) gets the bytes of s taken, which an escape makes fewer than the
 * bytes appended. */
static int fit_walk(const char *s, int max_cols, struct sbuf *out, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	size_t run = 0;             /* the first byte not yet copied to out */
	int cols = 0;

	while (i < len) {
		uint32_t cp;
		size_t k;
		char esc[16];
		int w;

		/* Printable ASCII is one column in every locale: no decoding, no
		 * wcwidth, copied with its neighbours in one run (the report's
		 * text lays out a million-case quarter's lines through here). */
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (max_cols >= 0 && cols + 1 > max_cols)
				break;
			cols++;
			i++;
			continue;
		}
		k = utf8_decode(p + i, len - i, &cp);
		if (!k || is_control(cp)) {
			escape_of(k ? cp : p[i], esc);
			w = (int)strlen(esc);
			if (max_cols >= 0 && cols + w > max_cols)
				break;
			if (out) {
				sbuf_addn(out, s + run, i - run);
				sbuf_add(out, esc);
			}
			cols += w;
			i += k ? k : 1;
			run = i;
			continue;
		}
		w = wcwidth((wchar_t)cp);
		if (w < 0)
			w = 1;
		if (max_cols >= 0 && cols + w > max_cols)
			break;
		cols += w;
		i += k;
	}
	if (out)
		sbuf_addn(out, s + run, i - run);
	if (used)
		*used = i;
	return cols;
}

static int fit_into(const char *s, int max_cols, struct sbuf *out)
{
	return fit_walk(s, max_cols, out, NULL);
}

size_t text_fit_bytes(const char *s, int max_cols)
{
	size_t used = 0;

	fit_walk(s ? s : "", max_cols < 0 ? 0 : max_cols, NULL, &used);
	return used;
}

int text_width(const char *s)
{
	return fit_into(s, -1, NULL);
}

char *text_fit(const char *s, int max_cols, bool pad)
{
	struct sbuf b = { 0 };
	int cols;

	sbuf_addn(&b, "", 0);
	cols = fit_into(s ? s : "", max_cols < 0 ? 0 : max_cols, &b);
	while (pad && cols < max_cols) {
		sbuf_addn(&b, " ", 1);
		cols++;
	}
	return b.s;
}

int text_fit_append(struct sbuf *out, const char *s, int max_cols)
{
	sbuf_addn(out, "", 0);
	return fit_into(s ? s : "", max_cols < 0 ? 0 : max_cols, out);
}

char *text_sanitize(const char *s)
{
	struct sbuf b = { 0 };

	sbuf_addn(&b, "", 0);
	fit_into(s ? s : "", -1, &b);
	return b.s;
}

void text_excerpt(const char *s, size_t max_chars, char *buf, size_t size)
{
	char *clean = text_sanitize(s);
	size_t i = 0, chars = 0;

	/* i ends at the first byte of the character that no longer fits */
	for (; clean[i]; i++)
		if (((unsigned char)clean[i] & 0xc0) != 0x80 && chars++ == max_chars)
			break;
	if (clean[i])
		snprintf(buf, size, "%.*s…", (int)i, clean);
	else
		snprintf(buf, size, "%s", clean);
	free(clean);
}

int text_split_list(const char *s, const char **out, int max, char **hold)
{
	static const char wide[] = "，";
	int n = 0;
	char *p;

	*hold = xstrdup(s);
	p = *hold;
	while (p) {
		char *comma = strchr(p, ','), *w = strstr(p, wide), *e, *next = NULL, *t = p;
		if (w && (!comma || w < comma)) {
			*w = '\0';
			next = w + strlen(wide);
		} else if (comma) {
			*comma = '\0';
			next = comma + 1;
		}
		while (*t == ' ')
			t++;
		for (e = t + strlen(t); e > t && e[-1] == ' ';)
			*--e = '\0';
		if (*t) {
			if (n == max)
				return -1;
			out[n++] = t;
		}
		p = next;
	}
	return n;
}
