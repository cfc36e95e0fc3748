/* Reads cdesk.ini through a table of known keys, validated at load. */
#include "core/config.h"
#include "core/ini.h"
#include "core/privacy.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CDESK_DATADIR
#define CDESK_DATADIR "/usr/local/share/cdesk"
#endif
#ifndef CDESK_STATEDIR
#define CDESK_STATEDIR "/var/lib/cdesk"
#endif

static const char sys_config[] = "/etc/cdesk/cdesk.ini";

bool config_secure(void)
{
	static int secure = -1;

	/* The kernel's AT_SECURE says the binary was run setgid or setuid (or
	 * with file capabilities); the ids are compared too in case the
	 * auxiliary vector says nothing. Cached: the app lowers its effective
	 * gid after the first call, which must not make the answer change. */
	if (secure < 0)
		secure = getauxval(AT_SECURE) != 0 || getuid() != geteuid() ||
			 getgid() != getegid();
	return secure;
}

/* secure_getenv: nothing from the environment of a user cdesk runs for
 * with privileges that user lacks. */
static const char *env(const char *name)
{
	const char *v = config_secure() ? NULL : getenv(name);

	return v && *v ? v : NULL;
}

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
	{ "cases", "late_margin", offsetof(struct config, late_margin_s), "10" },
	{ "paths", "data", offsetof(struct config, data_dir), NULL },
	{ "privacy", "identity_roles", offsetof(struct config, identity_roles),
	  "officer, supervisor" },
	{ "rules", "learn_min_cases", offsetof(struct config, learn_min_cases), "200" },
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

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return strcmp(a, b) == 0 || (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
				     sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
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
	if (cfg->late_margin_s) {
		char *end;
		long m = strtol(cfg->late_margin_s, &end, 10);
		if (end == cfg->late_margin_s || *end || m < 1 || m > 5256000)
			return ini_fail(ini, "cases", "late_margin", err, "'%s' is not a number of "
					"minutes from 1 to 5256000 (ten years)", cfg->late_margin_s);
		cfg->late_margin = (int)m;
	}
	if (cfg->identity_roles && privacy_parse_roles(cfg->identity_roles, &cfg->identity_mask,
							err)) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return ini_fail(ini, "privacy", "identity_roles", err, "%s", why);
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
	const char *cfg_env = env("CDESK_CONFIG"), *xdg = env("XDG_CONFIG_HOME"),
		   *home = env("HOME");
	char *path = NULL, *shipped = xasprintf("%s/cdesk.ini", data_dir);
	int n = 0, rc;

	if (explicit_path && config_secure() && !same_file(explicit_path, sys_config) &&
	    !same_file(explicit_path, shipped)) {
		rc = err_set(err, ERR_PERM, "--config %s: refused: an installed cdesk (setgid) "
			     "reads only %s or %s", explicit_path, sys_config, shipped);
		free(shipped);
		free(cfg);
		return rc;
	}
	if (explicit_path) {
		free(shipped);
		if (!file_exists(explicit_path)) {
			free(cfg);
			return err_set(err, ERR_NOTFOUND, "%s: configuration file not found",
				       explicit_path);
		}
		path = xstrdup(explicit_path);
	} else {
		if (cfg_env)
			cands[n++] = xstrdup(cfg_env);
		if (xdg)
			cands[n++] = xasprintf("%s/cdesk/cdesk.ini", xdg);
		else if (home)
			cands[n++] = xasprintf("%s/.config/cdesk/cdesk.ini", home);
		cands[n++] = xstrdup(sys_config);
		cands[n++] = shipped;
		if (cfg_env && !file_exists(cfg_env)) {
			err_set(err, ERR_NOTFOUND, "%s: configuration file (from $CDESK_CONFIG) not found",
				cfg_env);
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
	if (!ini && privacy_parse_roles(cfg->identity_roles, &cfg->identity_mask, err)) {
		config_free(cfg);
		return ERR_INTERNAL;
	}
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
	const char *data = env("CDESK_DATA");
	char exe[PATH_MAX];
	ssize_t n;

	if (data)
		return xstrdup(data);
	/* Installed setgid, only the compiled-in directory: a copy or link of
	 * the binary elsewhere must not bring its own rules. */
	n = config_secure() ? -1 : readlink("/proc/self/exe", exe, sizeof exe - 1);
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
	const char *db = env("CDESK_DB"), *xdg = env("XDG_DATA_HOME"), *home = env("HOME");

	/* Installed setgid, the option is not taken (app_db_path refuses one
	 * that names another file) and the default is the state directory. */
	if (option && *option && !config_secure())
		return xstrdup(option);
	if (db)
		return xstrdup(db);
	if (cfg && cfg->db_path && *cfg->db_path)
		return xstrdup(cfg->db_path);
	if (config_secure())
		return xstrdup(CDESK_STATEDIR "/cdesk.db");
	if (xdg)
		return xasprintf("%s/cdesk/cdesk.db", xdg);
	return xasprintf("%s/.local/share/cdesk/cdesk.db", home ? home : ".");
}
