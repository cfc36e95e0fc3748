/* Private to caseio_full*.c: what the full export and import share. */
#ifndef CDESK_CORE_CASEIO_FULL_H
#define CDESK_CORE_CASEIO_FULL_H

#include <jansson.h>
#include <stdbool.h>
#include <sqlite3.h>

#define FULL_FORMAT 1   /* the format version of a full export */

/* The tables a full export holds (name, 1 for a virtual table), by name. */
extern const char caseio_full_tables_sql[];
/* What the first line of a full export says of its contents. */
extern const char caseio_full_warning[];
/* name as an SQL identifier ("…", quotes doubled); a fresh string. */
char *caseio_full_quoted(const char *name);
/* The column names of table as a JSON array (rowid first for a virtual one). */
json_t *caseio_full_columns(sqlite3 *db, const char *table, bool virt);
/* "c1", "c2", … of a JSON array of names; a fresh string. */
char *caseio_full_column_list(json_t *cols);

#endif
