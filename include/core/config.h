/* cdesk.ini: site settings, looked up along the documented path. */
#ifndef CDESK_CORE_CONFIG_H
#define CDESK_CORE_CONFIG_H

#include "core/err.h"

#include <stdbool.h>

struct config {
	char *path;          /* the file read; the built-in defaults name data/cdesk.ini */
	char *data_dir;      /* where rules.ini, holidays/ and templates/ live */
	char *site_name;     /* [site] name */
	char *db_path;       /* [database] path; NULL: the XDG data directory */
	char *print_cmd;     /* [print] command, default "lp" */
	char *case_prefix;   /* [cases] prefix, default "TS" */
	char *language;      /* [ui] language: "", "en" or "zh_CN" */
	char *late_margin_s; /* [cases] late_margin, minutes, default "10" */
	int late_margin;     /* the same as a number (1..5256000); 0 before loading */
	char *identity_roles; /* [privacy] identity_roles, "officer, supervisor" */
	unsigned identity_mask; /* the same as role bits (core/privacy.h) */
	char *learn_min_cases; /* [rules] learn_min_cases: closed cases a learned model needs */
};

/*
 * True when cdesk runs with privileges its user lacks: installed setgid (or
 * setuid), as the kernel's AT_SECURE says. Then nothing is taken from the
 * environment (secure_getenv): no $CDESK_DB, $CDESK_DATA, $CDESK_CONFIG,
 * $XDG_*, $HOME for a path. The answer is fixed at the first call.
 */
bool config_secure(void);

/*
 * Finds and reads cdesk.ini: explicit (the --config option) if not NULL, else
 * $CDESK_CONFIG, else $XDG_CONFIG_HOME/cdesk/cdesk.ini (~/.config when unset),
 * else /etc/cdesk/cdesk.ini, else data_dir/cdesk.ini. data_dir is the
 * directory of the shipped data (see config_default_data_dir). A malformed
 * file or an unknown key fails with ERR_DATA and file:line. When
 * config_secure(), only the last two are looked at, and an explicit path
 * naming another file fails with ERR_PERM naming --config.
 */
int config_load(const char *explicit_path, const char *data_dir, struct config **out,
		struct err *err);
void config_free(struct config *cfg);

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

#endif
