/* cdesk.ini: site settings, looked up along the documented path. */
#ifndef CDESK_CORE_CONFIG_H
#define CDESK_CORE_CONFIG_H

#include "core/err.h"

#include <stdbool.h>

#define CONFIG_NKEYS 17

/* The layers of configuration, each over the one before. */
enum config_layer { CONFIG_DEFAULT, CONFIG_SHIPPED, CONFIG_SITE, CONFIG_USER };

struct config {
	char *path;          /* the last file read (the most personal); NULL: none */
	char *data_dir;      /* where rules.ini, holidays/ and templates/ live */
	char *site_name;     /* [site] name */
	char *db_path;       /* [database] path; NULL: the XDG data directory */
	char *print_cmd;     /* [print] command, default "lp" */
	char *print_format;  /* [print] format: "pdf" (default) or "text" */
	char *print_font;    /* [print] font: a fontconfig family for the PDF */
	char *letterhead;    /* [print] letterhead: the letter's first line; NULL: the site */
	char *letterhead_note; /* [print] letterhead_note: address, telephone; may be NULL */
	char *target_on_time; /* [report] target_on_time: percent, default "90" */
	char *repeat_unit;   /* [report] repeat_unit: cases about one unit that are repeated
			      * complaints (第三十五条(五)), default "3" */
	char *case_prefix;   /* [cases] prefix, default "TS" */
	char *language;      /* [ui] language: "", "en" or "zh_CN" */
	char *late_margin_s; /* [cases] late_margin, minutes, default "10" */
	int late_margin;     /* the same as a number (1..5256000); 0 before loading */
	char *identity_roles; /* [privacy] identity_roles, "officer, supervisor" */
	unsigned identity_mask; /* the same as role bits (core/privacy.h) */
	char **files;        /* the files read, in order */
	int nfiles;
	char *source[CONFIG_NKEYS];  /* "FILE:LINE" of each key's value; NULL: built in */
	int layer[CONFIG_NKEYS];     /* enum config_layer it came from */
	char *ignored;       /* "FILE:LINE" of a personal [database] path the site's overrides */
	char *editor;        /* [ui] editor: "" (built-in), "external" ($VISUAL, $EDITOR, vi) or a command */
	char *learn_min_cases; /* [rules] learn_min_cases: closed cases a learned model needs */
	char *learn_fallback; /* [rules] learn_fallback: percent from which the model leads where no rule names a department, or "off" */
};

/*
 * True when cdesk runs with privileges its user lacks: installed setgid (or
 * setuid), as the kernel's AT_SECURE says. Then nothing is taken from the
 * environment (secure_getenv): no $CDESK_DB, $CDESK_DATA, $CDESK_CONFIG,
 * $XDG_*, $HOME for a path. The answer is fixed at the first call.
 */
bool config_secure(void);

/*
 * Reads cdesk.ini in layers, each setting (a non-empty value) over the one
 * before: the shipped data_dir/cdesk.ini, then the site's
 * /etc/cdesk/cdesk.ini, then the user's file: explicit (the --config option)
 * if not NULL, else $CDESK_CONFIG, else $XDG_CONFIG_HOME/cdesk/cdesk.ini
 * (~/.config when unset). The user's [database] path does not replace one
 * the site's file sets (it is kept in ignored). data_dir is the directory of
 * the shipped data (see config_default_data_dir). A malformed file or an
 * unknown key fails with ERR_DATA and file:line; a missing --config or
 * $CDESK_CONFIG file with ERR_NOTFOUND. When config_secure(), the user's
 * layer is not read, and an explicit path naming another file fails with
 * ERR_PERM naming --config.
 */
int config_load(const char *explicit_path, const char *data_dir, struct config **out,
		struct err *err);
void config_free(struct config *cfg);

/* The known keys (0 .. config_key_count() - 1): section, name, effective
 * value (NULL: unset) and "FILE:LINE" it came from (NULL: built in). */
int config_key_count(void);
const char *config_key_section(int i);
const char *config_key_name(int i);
const char *config_key_value(const struct config *cfg, int i);
const char *config_key_source(const struct config *cfg, int i);

/*
 * The shipped data directory: $CDESK_DATA if set; else "data" beside the
 * directory holding the running binary (a build tree: build/cdesk finds
 * ./data); else the compiled-in CDESK_DATADIR. When config_secure(), always
 * CDESK_DATADIR. Returns a fresh string.
 */
char *config_default_data_dir(void);

/* The database path to use: option, else $CDESK_DB, else the configured
 * path, else $XDG_DATA_HOME/cdesk/cdesk.db. When config_secure(): the
 * configured path, else CDESK_STATEDIR/cdesk.db, whatever the option says.
 * Returns a fresh string. */
char *config_db_path(const struct config *cfg, const char *option);
/* Which of those config_db_path took: "--db", "$CDESK_DB", "[database] path"
 * or "the default". */
const char *config_db_source(const struct config *cfg, const char *option);

#endif
