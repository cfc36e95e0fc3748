/* Pick lists filtered as one types: by the text itself, or by the pinyin
 * initials of its Chinese characters (data/pinyin_initials.txt). */
#include "tui/tui_internal.h"
#include "tui/lineedit.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct initial {
	wchar_t ch;
	char letter;
};

static struct initial *table;
static int ntable;

void tui_pinyin_load(const char *data_dir)
{
	char *path, line[4096];
	FILE *f;

	if (table || !data_dir)
		return;
	path = xasprintf("%s/pinyin_initials.txt", data_dir);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return;                 /* no table: the text alone is matched */
	while (fgets(line, sizeof line, f)) {
		wchar_t w[1024];
		size_t n;
		if (line[0] == '#' || !islower((unsigned char)line[0]) || line[1] != ' ')
			continue;
		n = utf8_to_wcs(line + 2, w, sizeof w / sizeof w[0]);
		table = xrealloc(table, (size_t)(ntable + (int)n) * sizeof *table);
		for (size_t i = 0; i < n; i++)
			if (w[i] > 0x7f) {
				table[ntable].ch = w[i];
				table[ntable++].letter = line[0];
			}
	}
	fclose(f);
}

/* The initials of s: a listed character's letter, an ASCII letter or digit
 * itself (lower case); the rest skipped. */
static char *initials(const char *s)
{
	size_t n = utf8_to_wcs(s, NULL, 0), k = 0;
	wchar_t *w = xmalloc((n + 1) * sizeof *w);
	char *out = xmalloc(n + 1);

	utf8_to_wcs(s, w, n + 1);
	for (size_t i = 0; i < n; i++) {
		if (w[i] < 0x80 && isalnum((int)w[i])) {
			out[k++] = (char)tolower((int)w[i]);
			continue;
		}
		for (int j = 0; j < ntable; j++)
			if (table[j].ch == w[i]) {
				out[k++] = table[j].letter;
				break;
			}
	}
	out[k] = '\0';
	free(w);
	return out;
}

/* strstr, ASCII letters without regard to case. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

bool tui_filter_match(const char *item, const char *filter)
{
	bool letters = *filter != '\0', hit;
	char *ini;

	if (contains_nocase(item, filter))
		return true;
	for (const char *p = filter; *p; p++)
		if (!isalpha((unsigned char)*p))
			letters = false;
	if (!letters)
		return false;
	ini = initials(item);
	hit = contains_nocase(ini, filter);
	free(ini);
	return hit;
}
