/*
 * Reads cdesk.ini in layers through a table of known keys, each file
 * validated at load: the shipped defaults, then the site's
 * /etc/cdesk/cdesk.ini, then the user's file; each value remembers its file
 * and line for `cdesk config`.
 */
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

static const char default_sys_config[] = "/etc/cdesk/cdesk.ini";

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

/* The site's file: /etc/cdesk/cdesk.ini, or $CDESK_SITE_CONFIG when not
 * installed setgid (tests and staged installs; such a user could name any
 * file with --config anyway). */
static const char *site_config(void)
{
	const char *v = env("CDESK_SITE_CONFIG");

	return v ? v : default_sys_config;
}

struct config_key {
	const char *section;
	const char *key;
	size_t offset;       /* of the char * field in struct config */
	const char *def;
};

static const struct config_key keys[CONFIG_NKEYS] = {
	{ "site", "name", offsetof(struct config, site_name), "示范医院 医患关系协调办公室" },
	{ "database", "path", offsetof(struct config, db_path), NULL },
	{ "print", "command", offsetof(struct config, print_cmd), "lp" },
	{ "print", "format", offsetof(struct config, print_format), "pdf" },
	{ "print", "font", offsetof(struct config, print_font), "Noto Sans CJK SC" },
	{ "print", "letterhead", offsetof(struct config, letterhead), NULL },
	{ "print", "letterhead_note", offsetof(struct config, letterhead_note), NULL },
	{ "report", "target_on_time", offsetof(struct config, target_on_time), "90" },
	{ "report", "repeat_unit", offsetof(struct config, repeat_unit), "3" },
	{ "cases", "prefix", offsetof(struct config, case_prefix), "TS" },
	{ "ui", "language", offsetof(struct config, language), "" },
	{ "cases", "late_margin", offsetof(struct config, late_margin_s), "10" },
	{ "ui", "editor", offsetof(struct config, editor), "" },
	{ "paths", "data", offsetof(struct config, data_dir), NULL },
	{ "privacy", "identity_roles", offsetof(struct config, identity_roles),
	  "officer, supervisor" },
	{ "rules", "learn_min_cases", offsetof(struct config, learn_min_cases), "200" },
	{ "rules", "learn_fallback", offsetof(struct config, learn_fallback), "40" },
};
#define DB_PATH_KEY 1

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

/* [print] format and [report] target_on_time of one file (the PDF's settings). */
static int validate_print(const struct ini *ini, struct err *err)
{
	const char *fmt = ini_get(ini, "print", "format");
	const char *target = ini_get(ini, "report", "target_on_time");
	const char *repeat = ini_get(ini, "report", "repeat_unit");
	char *end;
	double t;
	long n;

	if (fmt && *fmt && strcmp(fmt, "pdf") != 0 && strcmp(fmt, "text") != 0)
		return ini_fail(ini, "print", "format", err, "'%s' is not one of: pdf, text", fmt);
	if (target && *target) {
		t = strtod(target, &end);
		if (end == target || *end || !(t >= 0 && t <= 100))
			return ini_fail(ini, "report", "target_on_time", err,
					"'%s' is not a percentage from 0 to 100", target);
	}
	if (repeat && *repeat) {
		n = strtol(repeat, &end, 10);
		if (end == repeat || *end || n < 2 || n > 10000)
			return ini_fail(ini, "report", "repeat_unit", err,
					"'%s' is not a number of cases from 2 to 10000", repeat);
	}
	return 0;
}

/* [cases] late_margin as minutes (1 .. ten years), or -1. */
static long parse_margin(const char *s)
{
	char *end;
	long m = strtol(s, &end, 10);

	return end == s || *end || m < 1 || m > 5256000 ? -1 : m;
}

/* Every key of one file known, and its values well-formed (file:line otherwise). */
static int validate(const struct ini *ini, struct err *err)
{
	const char *prefix = ini_get(ini, "cases", "prefix"), *lang = ini_get(ini, "ui", "language");
	const char *margin = ini_get(ini, "cases", "late_margin");
	const char *roles = ini_get(ini, "privacy", "identity_roles");
	unsigned mask;

	for (int s = 0; s < ini_section_count(ini); s++) {
		const char *sec = ini_section_name(ini, s);
		for (int k = 0; k < ini_key_count(ini, sec); k++) {
			const char *key = ini_key_name(ini, sec, k);
			size_t i;
			for (i = 0; i < CONFIG_NKEYS; i++)
				if (strcmp(keys[i].section, sec) == 0 && strcmp(keys[i].key, key) == 0)
					break;
			if (i == CONFIG_NKEYS)
				return ini_fail(ini, sec, key, err, "unknown setting");
		}
	}
	if (prefix && *prefix) {
		size_t n = strlen(prefix);
		if (n > 8)
			return ini_fail(ini, "cases", "prefix", err, "must be 1 to 8 letters");
		for (size_t i = 0; i < n; i++)
			if (!((prefix[i] >= 'A' && prefix[i] <= 'Z') ||
			      (prefix[i] >= 'a' && prefix[i] <= 'z')))
				return ini_fail(ini, "cases", "prefix", err,
						"'%s' must be ASCII letters only", prefix);
	}
	if (lang && *lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh_CN") != 0)
		return ini_fail(ini, "ui", "language", err, "'%s' is not one of: en, zh_CN", lang);
	if (margin && *margin && parse_margin(margin) < 0)
		return ini_fail(ini, "cases", "late_margin", err, "'%s' is not a number of "
				"minutes from 1 to 5256000 (ten years)", margin);
	if (roles && *roles && privacy_parse_roles(roles, &mask, err)) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return ini_fail(ini, "privacy", "identity_roles", err, "%s", why);
	}
	return validate_print(ini, err);
}

/*
 * Reads one layer over what cfg holds: each key the file sets (non-empty)
 * replaces the earlier value and records where it came from. A personal
 * file (layer CONFIG_USER) does not replace the site's [database] path.
 */
static int apply_layer(struct config *cfg, const char *path, int layer, struct err *err)
{
	struct ini *ini;
	int rc;

	if ((rc = ini_open(path, &ini, err)) != 0)
		return rc;
	if ((rc = validate(ini, err)) != 0) {
		ini_close(ini);
		return rc;
	}
	cfg->files = xrealloc(cfg->files, sizeof *cfg->files * (size_t)(cfg->nfiles + 1));
	cfg->files[cfg->nfiles++] = xstrdup(path);
	for (int i = 0; i < CONFIG_NKEYS; i++) {
		const char *v = ini_get(ini, keys[i].section, keys[i].key);
		char *where;

		if (!v || !*v)
			continue;
		where = xasprintf("%s:%d", path, ini_line(ini, keys[i].section, keys[i].key));
		if (i == DB_PATH_KEY && layer == CONFIG_USER && cfg->layer[i] == CONFIG_SITE) {
			free(cfg->ignored);
			cfg->ignored = where;
			continue;
		}
		free(*field(cfg, &keys[i]));
		*field(cfg, &keys[i]) = xstrdup(v);
		free(cfg->source[i]);
		cfg->source[i] = where;
		cfg->layer[i] = layer;
	}
	free(cfg->path);
	cfg->path = xstrdup(path);
	ini_close(ini);
	return 0;
}

/* The personal layer: --config, else $CDESK_CONFIG, else the XDG file (NULL: none). */
static int user_file(const char *explicit_path, char **out, struct err *err)
{
	const char *cfg_env = env("CDESK_CONFIG"), *xdg = env("XDG_CONFIG_HOME"),
		   *home = env("HOME");
	char *p;

	*out = NULL;
	if (explicit_path) {
		if (!file_exists(explicit_path))
			return err_set(err, ERR_NOTFOUND, "%s: configuration file not found",
				       explicit_path);
		*out = xstrdup(explicit_path);
		return 0;
	}
	if (config_secure())
		return 0;
	if (cfg_env) {
		if (!file_exists(cfg_env))
			return err_set(err, ERR_NOTFOUND, "%s: configuration file (from "
				       "$CDESK_CONFIG) not found", cfg_env);
		*out = xstrdup(cfg_env);
		return 0;
	}
	p = xdg ? xasprintf("%s/cdesk/cdesk.ini", xdg)
		: home ? xasprintf("%s/.config/cdesk/cdesk.ini", home) : NULL;
	if (file_exists(p))
		*out = p;
	else
		free(p);
	return 0;
}

int config_load(const char *explicit_path, const char *data_dir, struct config **out,
		struct err *err)
{
	struct config *cfg;
	char *shipped = xasprintf("%s/cdesk.ini", data_dir), *user = NULL;
	const char *sys_config = site_config();
	int rc;

	if (explicit_path && config_secure() && !same_file(explicit_path, sys_config) &&
	    !same_file(explicit_path, shipped)) {
		rc = err_set(err, ERR_PERM, "--config %s: refused: an installed cdesk (setgid) "
			     "reads only %s or %s", explicit_path, sys_config, shipped);
		free(shipped);
		return rc;
	}
	if ((rc = user_file(explicit_path, &user, err)) != 0) {
		free(shipped);
		return rc;
	}
	cfg = xcalloc(1, sizeof *cfg);
	for (int i = 0; i < CONFIG_NKEYS; i++)
		if (keys[i].def)
			*field(cfg, &keys[i]) = xstrdup(keys[i].def);
	/* The layers, each over the one before: shipped defaults, the site's
	 * file, the user's (or --config). A file named twice is read once. */
	if (file_exists(shipped))
		rc = apply_layer(cfg, shipped, CONFIG_SHIPPED, err);
	if (!rc && file_exists(sys_config) && !same_file(sys_config, shipped))
		rc = apply_layer(cfg, sys_config, CONFIG_SITE, err);
	if (!rc && user && !same_file(user, shipped) && !same_file(user, sys_config))
		rc = apply_layer(cfg, user, CONFIG_USER, err);
	free(shipped);
	free(user);
	if (rc) {
		config_free(cfg);
		return rc;
	}
	if (!cfg->case_prefix || !*cfg->case_prefix) {
		free(cfg->case_prefix);
		cfg->case_prefix = xstrdup("TS");
	}
	if (!cfg->data_dir)
		cfg->data_dir = xstrdup(data_dir);
	/* the values the layers left, as numbers (each file's were checked) */
	cfg->late_margin = cfg->late_margin_s ? (int)parse_margin(cfg->late_margin_s) : 10;
	if (cfg->late_margin < 1)
		cfg->late_margin = 10;
	if (privacy_parse_roles(cfg->identity_roles, &cfg->identity_mask, err)) {
		config_free(cfg);
		return ERR_DATA;
	}
	*out = cfg;
	return 0;
}

int config_key_count(void)
{
	return CONFIG_NKEYS;
}

const char *config_key_section(int i)
{
	return i >= 0 && i < CONFIG_NKEYS ? keys[i].section : NULL;
}

const char *config_key_name(int i)
{
	return i >= 0 && i < CONFIG_NKEYS ? keys[i].key : NULL;
}

const char *config_key_value(const struct config *cfg, int i)
{
	return i >= 0 && i < CONFIG_NKEYS ? *field((struct config *)cfg, &keys[i]) : NULL;
}

const char *config_key_source(const struct config *cfg, int i)
{
	return i >= 0 && i < CONFIG_NKEYS ? cfg->source[i] : NULL;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	for (int i = 0; i < CONFIG_NKEYS; i++) {
		free(*field(cfg, &keys[i]));
		free(cfg->source[i]);
	}
	for (int i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg->ignored);
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

const char *config_db_source(const struct config *cfg, const char *option)
{
	if (option && *option && !config_secure())
		return "--db";
	if (env("CDESK_DB"))
		return "$CDESK_DB";
	if (cfg && cfg->db_path && *cfg->db_path)
		return "[database] path";
	return "the default";
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
