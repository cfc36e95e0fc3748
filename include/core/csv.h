/* RFC 4180 CSV: a strict reader (line-numbered errors, optional GB18030 input) and a writer. */
#ifndef CDESK_CORE_CSV_H
#define CDESK_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/util.h"

#define CSV_MAX_FIELDS 256          /* fields in one record */
#define CSV_MAX_FIELD_BYTES (1 << 20) /* bytes in one field */

/*
 * The reader works on a whole file in memory. Records end with CRLF or LF;
 * a field is either bare (no quote, CR or LF in it) or quoted, with "" for a
 * quote and CRLF inside it read as LF. A UTF-8 byte order mark at the start
 * is skipped. Blank lines are skipped. Every field must be valid UTF-8 with
 * no NUL byte.
 */
struct csv_reader;

/* The current record: fields point into the reader and stay valid until the
 * next csv_next(). */
struct csv_record {
	char **fields;
	int nfields;
	long line;                  /* physical line where the record starts, from 1 */
};

/*
 * Makes a reader over a copy of data[0..len). encoding is NULL or "utf-8"
 * (taken as is) or "gb18030" (also "gbk", "gb2312": converted to UTF-8 with
 * iconv). Fails with ERR_USAGE for an unknown encoding and ERR_DATA, naming
 * the line, for bytes that are not valid in that encoding.
 */
int csv_reader_new(const char *data, size_t len, const char *encoding,
		   struct csv_reader **out, struct err *err);
void csv_reader_free(struct csv_reader *r);

/*
 * Reads the first record as the header: names must be non-empty and unique.
 * After it every record must have as many fields as the header, and error
 * messages name the field ("line 7, field 'phone': …").
 */
int csv_read_header(struct csv_reader *r, struct err *err);
int csv_header_count(const struct csv_reader *r);
const char *csv_header_name(const struct csv_reader *r, int i);
/* Index of a header name, or -1. */
int csv_header_index(const struct csv_reader *r, const char *name);

/*
 * Reads the next record into *rec. Returns 0 with *eof false for a record,
 * 0 with *eof true at the end, or ERR_DATA with "line N[, field 'NAME']:
 * what is wrong". After an error the next call goes on with the following
 * record (a record with an unterminated quote runs to the end of the input),
 * so a caller can report every bad line.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec, bool *eof, struct err *err);

/* Appends one field, quoted when it holds a comma, quote, CR or LF or has
 * leading or trailing blanks or a leading byte order mark; an empty string
 * stays empty. */
void csv_write_field(struct sbuf *b, const char *s);
/* Appends n fields separated by commas and ended by CRLF (RFC 4180); a
 * record of one empty field is written as "" so it is not a blank line. */
void csv_write_record(struct sbuf *b, const char *const *fields, int n);

/*
 * The same for a file a spreadsheet opens: a cell beginning = + @ (or -
 * not starting a number) would be run as a formula, so it is written
 * quoted with an apostrophe before it ("'=SUM(A1)"), which spreadsheets
 * show as text. csv_cell_value undoes it when such a file is read back: a
 * value "'" followed by one of those is the value without the apostrophe.
 */
void csv_write_cell(struct sbuf *b, const char *s);
void csv_write_cells(struct sbuf *b, const char *const *fields, int n);
const char *csv_cell_value(const char *s);

#endif
