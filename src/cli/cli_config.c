/* `cdesk config`: the effective settings and the file and line each came from. */
#include "cli/cli.h"
#include "cli/i18n.h"
#include "session.h"
#include "core/config.h"
#include "core/text.h"
#include "core/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char config_usage[] = "cdesk config [--json]";

static void print_json_config(const struct app *a, const char *db, const char *db_src)
{
	const struct config *cfg = a->cfg;
	json_t *j = json_object(), *files = json_array(), *set = json_array();

	for (int i = 0; i < cfg->nfiles; i++)
		json_array_append_new(files, json_string(cfg->files[i]));
	for (int i = 0; i < config_key_count(); i++) {
		const char *v = config_key_value(cfg, i), *src = config_key_source(cfg, i);
		json_array_append_new(set, json_pack("{s:s, s:s, s:s?, s:s?}", "section",
						     config_key_section(i), "key",
						     config_key_name(i), "value", v, "source", src));
	}
	json_object_set_new(j, "files", files);
	json_object_set_new(j, "settings", set);
	json_object_set_new(j, "ignored", cfg->ignored ? json_string(cfg->ignored) : json_null());
	json_object_set_new(j, "database", json_pack("{s:s, s:s}", "path", db, "from", db_src));
	json_object_set_new(j, "data_dir", json_string(cfg->data_dir));
	print_json(j);
	json_decref(j);
}

int cmd_config(struct cli *c, int argc, char **argv)
{
	const struct cli_opt opts[] = { { NULL, false, NULL } };
	const struct config *cfg = c->app->cfg;
	const char *pos[1], *last = "";
	const char *db_src = config_db_source(cfg, c->app->db_opt);
	char *db = config_db_path(cfg, c->app->db_opt);
	int npos, rc;

	if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos, config_usage))) {
		free(db);
		return rc == 1 ? 0 : rc;
	}
	if (c->json) {
		print_json_config(c->app, db, db_src);
		free(db);
		return 0;
	}
	fputs(_("; the effective settings; each line names the file and line it came from\n"),
	      stdout);
	fputs(cfg->nfiles ? _("; files read, each over the one before:\n")
	      : _("; files read, each over the one before: none\n"), stdout);
	for (int i = 0; i < cfg->nfiles; i++)
		printf(";   %s\n", cfg->files[i]);
	for (int i = 0; i < config_key_count(); i++) {
		const char *sec = config_key_section(i), *v = config_key_value(cfg, i),
			   *src = config_key_source(cfg, i);
		if (strcmp(sec, last) != 0)
			printf("\n[%s]\n", sec);
		last = sec;
		char *line = xasprintf("%s = %s", config_key_name(i), v ? v : "");
		int w = text_width(line);
		printf("%s%*s; %s\n", line, w < 40 ? 40 - w : 1, "",
		       src ? src : v && *v ? _("default") : _("not set"));
		free(line);
		if (strcmp(sec, "database") == 0 && cfg->ignored)
			printf(_("; ignored: the path at %s (the site's file sets the database)\n"),
			       cfg->ignored);
	}
	printf(_("\n; in use: database %s (from %s)\n"), db, db_src);
	printf(_("; in use: data directory %s\n"), cfg->data_dir);
	free(db);
	return 0;
}
