/* Cases in and out of the database as CSV and JSON: `cdesk import` and `cdesk export`. */
#ifndef CDESK_CORE_CASEIO_H
#define CDESK_CORE_CASEIO_H

#include <stdbool.h>
#include <stdio.h>

#include "core/cases.h"
#include "core/err.h"

struct caseio_result {
	int rows;                   /* data rows read */
	int imported;               /* cases written (0 when any row was bad) */
	int bad;                    /* rows refused */
	bool restored;              /* the file carried state columns */
	char first[32], last[32];   /* the first and last case number written */
};

/*
 * The CSV columns (README and cdesk(1) document them). Each has an English
 * name and a Chinese one; either may head a column, in any order.
 *
 * Intake columns: a file with only these registers new complaints the way
 * `cdesk add` does (rules run, numbers given, due dates computed). Required:
 * channel and account; name or phone unless anonymous.
 *
 * State columns (status, round, due, reply, callback, closure …): a file
 * with a status column, as `cdesk export --format csv` writes it, restores
 * the cases as they were, numbers included. Each number must be the next
 * of its year (numbers stay gapless), so a full export goes back into an
 * empty database.
 *
 * Imports a CSV file's bytes (encoding NULL/"utf-8" or "gb18030") in one
 * transaction: every row is checked and written; each bad row is passed to
 * on_error as "line N, field 'F': what is wrong" (or "line N: …"), and when
 * any row is bad nothing is kept and ERR_DATA is returned. A malformed
 * header or an unknown column fails the same way before any row is read.
 * Other failures (the database) return their code with err set.
 */
int caseio_import_csv(const struct case_ctx *ctx, const char *data, size_t len,
		      const char *encoding, void (*on_error)(const char *msg, void *arg),
		      void *arg, struct caseio_result *res, struct err *err);

/* Writes every case in number order as CSV with the full header (what
 * caseio_import_csv restores). */
int caseio_export_csv(struct store *st, FILE *out, struct err *err);
/* Writes every event of the database as CSV: id, case, round, actor, at,
 * recorded, action, before, after, note, prev_hash, hash. */
int caseio_export_events_csv(struct store *st, FILE *out, struct err *err);
/* Writes a JSON array of the cases (case_to_json with details), each with
 * its "events" when events is true. */
int caseio_export_json(struct store *st, FILE *out, bool events, struct err *err);

/* The protected cases an export showed in full (core/privacy.h). */
struct caseio_disclosure {
	char **numbers;
	int n;
};
void caseio_disclosure_free(struct caseio_disclosure *d);

enum caseio_format { CASEIO_CSV, CASEIO_CSV_EVENTS, CASEIO_JSON, CASEIO_JSON_EVENTS };

/*
 * An export as ctx->actor may see it (`cdesk export`): protected identities
 * (case_identity_visible) masked in the cases and in the events' before
 * and after, or, for a role that sees them, every protected case's number
 * in *d and — in CSV — a first line "# CONFIDENTIAL: …" saying the file
 * holds them (caseio_import_csv skips it). The caller records the
 * disclosure (case_identity_viewed_bulk) and frees *d. Fails as the
 * exports above do, with *d empty.
 */
int caseio_export_as(const struct case_ctx *ctx, enum caseio_format format, FILE *out,
		     struct caseio_disclosure *d, struct err *err);

/*
 * `cdesk export --full`: every table of the database, the event log with
 * its chain, the users and the search index, as JSON lines (the format is
 * described in src/core/caseio_full.c). The first line says that the file
 * holds identities. Run it inside one read transaction for a consistent
 * snapshot. The export of a database restored from it is byte-identical.
 */
int caseio_export_full(struct store *st, FILE *out, struct err *err);

/*
 * `cdesk import --full`: a full export read from in (name for messages)
 * into ctx's database, which must be empty (no case; only what 'cdesk init'
 * made, which is replaced): ERR_CONFLICT otherwise. Needs CA_IMPORT. One
 * transaction, kept only when every line is well-formed, the file's
 * SHA-256 and counts match, and the result passes store_check; ERR_DATA
 * naming the line otherwise. res->rows is the rows restored, res->imported
 * the cases.
 */
int caseio_import_full(const struct case_ctx *ctx, FILE *in, const char *name,
		       struct caseio_result *res, struct err *err);

#endif
