/*
 * The deadline basis: the SHA-256 of the rules file and of each holiday
 * file in force, recorded on the events whose deadlines they computed
 * (case_ctx.deadline_basis, SPEC §9), so that a deadline can be traced to
 * the exact files that set it.
 */
#include "app/app.h"
#include "core/sha256.h"
#include "core/util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file's SHA-256 in hex; false when it cannot be read. */
static bool file_sha256(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	struct sha256 h;
	unsigned char buf[8192], d[32];
	size_t n;

	if (!f)
		return false;
	sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&h, buf, n);
	n = (size_t)ferror(f);
	fclose(f);
	if (n)
		return false;
	sha256_final(&h, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return true;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* {"FILE.ini": "HEX", …} of the holiday directory's *.ini, by name. */
static json_t *calendar_hashes(const char *dir)
{
	json_t *o = json_object();
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL, hex[65];
	size_t n = 0, cap = 0;

	while (dp && (de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (dp)
		closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (file_sha256(path, hex))
			json_object_set_new(o, names[i], json_string(hex));
		free(path);
		free(names[i]);
	}
	free(names);
	return o;
}

const char *app_deadline_basis(struct app *a)
{
	if (!a->basis) {
		char *rules = xasprintf("%s/rules.ini", a->cfg->data_dir);
		char *dir = xasprintf("%s/holidays", a->cfg->data_dir);
		char hex[65];
		json_t *o = json_object();
		if (file_sha256(rules, hex))
			json_object_set_new(o, "rules.ini", json_string(hex));
		json_object_set_new(o, "holidays", calendar_hashes(dir));
		a->basis = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		free(rules);
		free(dir);
	}
	return a->basis;
}
