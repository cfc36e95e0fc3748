/* Reads cdesk.ini through a table of known keys, validated at load. */
#include "core/config.h"
#include "core/ini.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CDESK_DATADIR
#define CDESK_DATADIR "/usr/local/share/cdesk"
#endif

struct config_key {
	const char *section;
	const char *key;
	size_t offset;       /* of the char * field in struct config */
	const char *def;
};

static const struct config_key keys[] = {
	{ "site", "name", offsetof(struct config, site_name), "示范医院 医患关系协调办公室" },
	{ "database", "path", offsetof(struct config, db_path), NULL },
	{ "print", "command", offsetof(struct config, print_cmd), "lp" },
	{ "cases", "prefix", offsetof(struct config, case_prefix), "TS" },
	{ "ui", "language", offsetof(struct config, language), "" },
	{ "paths", "data", offsetof(struct config, data_dir), NULL },
};

static char **field(struct config *cfg, const struct config_key *k)
{
	return (char **)((char *)cfg + k->offset);
}

static int file_exists(const char *p)
{
	struct stat st;

	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int validate(const struct ini *ini, struct config *cfg, struct err *err)
{
	for (int s = 0; s < ini_section_count(ini); s++) {
		const char *sec = ini_section_name(ini, s);
		for (int k = 0; k < ini_key_count(ini, sec); k++) {
			const char *key = ini_key_name(ini, sec, k);
			size_t i;
			for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
				if (strcmp(keys[i].section, sec) == 0 && strcmp(keys[i].key, key) == 0)
					break;
			if (i == sizeof keys / sizeof keys[0])
				return ini_fail(ini, sec, key, err, "unknown setting");
		}
	}
	if (cfg->case_prefix) {
		size_t n = strlen(cfg->case_prefix);
		if (n < 1 || n > 8)
			return ini_fail(ini, "cases", "prefix", err, "must be 1 to 8 letters");
		for (size_t i = 0; i < n; i++)
			if (!((cfg->case_prefix[i] >= 'A' && cfg->case_prefix[i] <= 'Z') ||
			      (cfg->case_prefix[i] >= 'a' && cfg->case_prefix[i] <= 'z')))
				return ini_fail(ini, "cases", "prefix", err,
						"'%s' must be ASCII letters only", cfg->case_prefix);
	}
	if (cfg->language && *cfg->language && strcmp(cfg->language, "en") != 0 &&
	    strcmp(cfg->language, "zh_CN") != 0)
		return ini_fail(ini, "ui", "language", err, "'%s' is not one of: en, zh_CN",
				cfg->language);
	return 0;
}

int config_load(const char *explicit_path, const char *data_dir, struct config **out,
		struct err *err)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	struct ini *ini = NULL;
	char *cands[5] = { 0 };
	const char *env = getenv("CDESK_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"),
		   *home = getenv("HOME");
	char *path = NULL;
	int n = 0, rc;

	if (explicit_path) {
		if (!file_exists(explicit_path)) {
			free(cfg);
			return err_set(err, ERR_NOTFOUND, "%s: configuration file not found",
				       explicit_path);
		}
		path = xstrdup(explicit_path);
	} else {
		if (env && *env)
			cands[n++] = xstrdup(env);
		if (xdg && *xdg)
			cands[n++] = xasprintf("%s/cdesk/cdesk.ini", xdg);
		else if (home && *home)
			cands[n++] = xasprintf("%s/.config/cdesk/cdesk.ini", home);
		cands[n++] = xstrdup("/etc/cdesk/cdesk.ini");
		cands[n++] = xasprintf("%s/cdesk.ini", data_dir);
		if (env && *env && !file_exists(env)) {
			err_set(err, ERR_NOTFOUND, "%s: configuration file (from $CDESK_CONFIG) not found",
				env);
			for (int i = 0; i < n; i++)
				free(cands[i]);
			free(cfg);
			return ERR_NOTFOUND;
		}
		for (int i = 0; i < n && !path; i++)
			if (file_exists(cands[i]))
				path = xstrdup(cands[i]);
		for (int i = 0; i < n; i++)
			free(cands[i]);
	}
	if (path && (rc = ini_open(path, &ini, err)) != 0) {
		free(path);
		free(cfg);
		return rc;
	}
	cfg->path = path;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = ini ? ini_get(ini, keys[i].section, keys[i].key) : NULL;
		if (v && *v)
			*field(cfg, &keys[i]) = xstrdup(v);
		else if (keys[i].def)
			*field(cfg, &keys[i]) = xstrdup(keys[i].def);
	}
	if (ini && (rc = validate(ini, cfg, err)) != 0) {
		ini_close(ini);
		config_free(cfg);
		return rc;
	}
	ini_close(ini);
	if (!cfg->data_dir)
		cfg->data_dir = xstrdup(data_dir);
	*out = cfg;
	return 0;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		free(*field(cfg, &keys[i]));
	free(cfg);
}

char *config_default_data_dir(void)
{
	const char *env = getenv("CDESK_DATA");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash, *cand;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cand = xasprintf("%s/../data/rules.ini", exe);
			if (file_exists(cand)) {
				free(cand);
				return xasprintf("%s/../data", exe);
			}
			free(cand);
		}
	}
	return xstrdup(CDESK_DATADIR);
}

char *config_db_path(const struct config *cfg, const char *option)
{
	const char *env = getenv("CDESK_DB"), *xdg = getenv("XDG_DATA_HOME"),
		   *home = getenv("HOME");

	if (option && *option)
		return xstrdup(option);
	if (env && *env)
		return xstrdup(env);
	if (cfg && cfg->db_path && *cfg->db_path)
		return xstrdup(cfg->db_path);
	if (xdg && *xdg)
		return xasprintf("%s/cdesk/cdesk.db", xdg);
	return xasprintf("%s/.local/share/cdesk/cdesk.db", home && *home ? home : ".");
}
