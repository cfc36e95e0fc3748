/* RFC 4180 CSV reader and writer; the reader is strict and names line and field in every error. */
#include "core/i18n.h"
#include "core/csv.h"
#include "core/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct csv_reader {
	char *buf;                  /* the whole input as UTF-8, NUL-terminated */
	size_t len, pos;
	long line;                  /* physical line at pos, from 1 */
	struct sbuf store;          /* the current record's fields, NUL-separated */
	size_t offs[CSV_MAX_FIELDS];
	char *fields[CSV_MAX_FIELDS];
	char **header;
	int nheader;
};

static int utf8_from_gb18030(const char *in, size_t inlen, char **out, size_t *outlen,
			     struct err *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = inlen * 2 + 16, used = 0;
	char *ip = (char *)in, *dst;
	size_t ileft = inlen;

	if (cd == (iconv_t)-1)
		return err_set(err, ERR_INTERNAL, "GB18030 conversion is not available: %s",
			       err_errno_text(errno));
	dst = xmalloc(cap);
	while (ileft > 0) {
		char *op = dst + used;
		size_t oleft = cap - used - 1;
		size_t r = iconv(cd, &ip, &ileft, &op, &oleft);

		used = (size_t)(op - dst);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			cap *= 2;
			dst = xrealloc(dst, cap);
			continue;
		}
		{
			/* Newlines are single bytes in GB18030, never part of a
			 * multi-byte character, so counting them finds the line. */
			long line = 1;
			size_t at = (size_t)(ip - in);
			for (size_t k = 0; k < at; k++)
				line += in[k] == '\n';
			iconv_close(cd);
			free(dst);
			if (errno == EINVAL)
				return err_set(err, ERR_DATA,
					       "line %ld: the file ends inside a GB18030 character", line);
			return err_set(err, ERR_DATA, "line %ld: byte 0x%02X is not valid GB18030", line,
				       (unsigned char)in[at]);
		}
	}
	iconv_close(cd);
	dst[used] = '\0';
	*out = dst;
	*outlen = used;
	return 0;
}

int csv_reader_new(const char *data, size_t len, const char *encoding,
		   struct csv_reader **out, struct err *err)
{
	struct csv_reader *r;
	char *buf = NULL;
	size_t n = 0;

	if (!encoding || strcasecmp(encoding, "utf-8") == 0 || strcasecmp(encoding, "utf8") == 0) {
		buf = xmalloc(len + 1);
		memcpy(buf, data, len);
		buf[len] = '\0';
		n = len;
	} else if (strcasecmp(encoding, "gb18030") == 0 || strcasecmp(encoding, "gbk") == 0 ||
		   strcasecmp(encoding, "gb2312") == 0) {
		/* GB18030 is a superset of GBK and GB2312. */
		if (utf8_from_gb18030(data, len, &buf, &n, err))
			return err->code;
	} else {
		return err_set(err, ERR_USAGE, "unknown encoding '%s' (use utf-8 or gb18030)",
			       encoding);
	}
	r = xcalloc(1, sizeof *r);
	r->buf = buf;
	r->len = n;
	r->line = 1;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	*out = r;
	return 0;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	sbuf_free(&r->store);
	free(r->buf);
	free(r);
}

static int field_error(struct csv_reader *r, struct err *err, long line, int i, const char *what)
{
	what = R_(what);            /* a msgid: make pot's -kfield_error:5 */
	if (i >= 0 && i < r->nheader)
		return err_set(err, ERR_DATA, "line %ld, field '%s': %s", line, r->header[i], what);
	if (i >= 0)
		return err_set(err, ERR_DATA, "line %ld, field %d: %s", line, i + 1, what);
	return err_set(err, ERR_DATA, "line %ld: %s", line, what);
}

/* After a structural error: go on at the next physical line. */
static void skip_line(struct csv_reader *r)
{
	while (r->pos < r->len && r->buf[r->pos] != '\n')
		r->pos++;
	if (r->pos < r->len) {
		r->pos++;
		r->line++;
	}
}

static int at_eol(const struct csv_reader *r)
{
	if (r->pos >= r->len)
		return 1;
	if (r->buf[r->pos] == '\n')
		return 1;
	if (r->buf[r->pos] == '\r' && r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n')
		return 2;
	return 0;
}

static void add_char(struct csv_reader *r, char c)
{
	if (r->store.len + 2 > r->store.cap) {
		r->store.cap = r->store.cap ? r->store.cap * 2 : 256;
		r->store.s = xrealloc(r->store.s, r->store.cap);
	}
	r->store.s[r->store.len++] = c;
}

/* Parses one record's fields into store; 0, or ERR_DATA (the position is
 * then past the bad line). */
static int parse_record(struct csv_reader *r, int *nfields, struct err *err)
{
	int n = 0;

	r->store.len = 0;
	for (;;) {
		long fline = r->line;
		size_t start = r->store.len;

		if (n == CSV_MAX_FIELDS) {
			err_set(err, ERR_DATA, "line %ld: more than %d fields", fline, CSV_MAX_FIELDS);
			skip_line(r);
			return ERR_DATA;
		}
		r->offs[n] = start;
		if (r->pos < r->len && r->buf[r->pos] == '"') {
			r->pos++;
			for (;;) {
				char c;
				if (r->pos >= r->len) {
					field_error(r, err, fline, n,
						    "unterminated quoted field (no closing quote)");
					return ERR_DATA;
				}
				c = r->buf[r->pos];
				if (c == '"') {
					if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '"') {
						add_char(r, '"');
						r->pos += 2;
						continue;
					}
					r->pos++;
					break;
				}
				if (c == '\r' && r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n') {
					add_char(r, '\n');
					r->pos += 2;
					r->line++;
					continue;
				}
				if (c == '\n')
					r->line++;
				if (c == '\0') {
					field_error(r, err, r->line, n, "NUL byte");
					skip_line(r);
					return ERR_DATA;
				}
				add_char(r, c);
				r->pos++;
			}
			if (r->pos < r->len && r->buf[r->pos] != ',' && !at_eol(r)) {
				field_error(r, err, r->line, n,
					    "stray character after the closing quote");
				skip_line(r);
				return ERR_DATA;
			}
		} else {
			while (r->pos < r->len && r->buf[r->pos] != ',' && !at_eol(r)) {
				char c = r->buf[r->pos];
				if (c == '"') {
					field_error(r, err, fline, n,
						    "stray quote in an unquoted field (quote the whole "
						    "field and double the quote)");
					skip_line(r);
					return ERR_DATA;
				}
				if (c == '\r') {
					field_error(r, err, fline, n,
						    "carriage return not followed by a line feed");
					skip_line(r);
					return ERR_DATA;
				}
				if (c == '\0') {
					field_error(r, err, fline, n, "NUL byte");
					skip_line(r);
					return ERR_DATA;
				}
				add_char(r, c);
				r->pos++;
			}
		}
		if (r->store.len - start > CSV_MAX_FIELD_BYTES) {
			char msg[64];
			snprintf(msg, sizeof msg, R_("field longer than %d bytes"), CSV_MAX_FIELD_BYTES);
			field_error(r, err, fline, n, msg);
			skip_line(r);
			return ERR_DATA;
		}
		add_char(r, '\0');
		n++;
		if (r->pos < r->len && r->buf[r->pos] == ',') {
			r->pos++;
			continue;
		}
		{
			int eol = at_eol(r);
			if (r->pos < r->len) {
				r->pos += (size_t)eol;
				r->line++;
			}
		}
		break;
	}
	*nfields = n;
	return 0;
}

static void skip_blank_lines(struct csv_reader *r)
{
	for (;;) {
		int eol;
		if (r->pos >= r->len)
			return;
		eol = at_eol(r);
		if (!eol)
			return;
		r->pos += (size_t)eol;
		r->line++;
	}
}

int csv_next(struct csv_reader *r, struct csv_record *rec, bool *eof, struct err *err)
{
	int n = 0;
	long line;

	*eof = false;
	skip_blank_lines(r);
	if (r->pos >= r->len) {
		*eof = true;
		return 0;
	}
	line = r->line;
	if (parse_record(r, &n, err))
		return ERR_DATA;
	for (int i = 0; i < n; i++)
		r->fields[i] = r->store.s + r->offs[i];
	if (r->nheader && n != r->nheader)
		return err_set(err, ERR_DATA, dngettext("cdesk", "line %ld: %d field, the header has %d",
							"line %ld: %d fields, the header has %d",
							(unsigned long)n), line, n, r->nheader);
	for (int i = 0; i < n; i++) {
		char what[128];
		if (text_utf8_problem(r->fields[i], strlen(r->fields[i]), what, sizeof what))
			return field_error(r, err, line, i, what);
	}
	rec->fields = r->fields;
	rec->nfields = n;
	rec->line = line;
	return 0;
}

int csv_read_header(struct csv_reader *r, struct err *err)
{
	struct csv_record rec;
	bool eof;
	int rc;

	if (r->nheader)
		return err_set(err, ERR_INTERNAL, "csv: header read twice");
	/* Lines starting with '#' before the header are comments: the mark of
	 * an export holding protected identities (caseio_export_as). */
	for (skip_blank_lines(r); r->pos < r->len && r->buf[r->pos] == '#'; skip_blank_lines(r))
		skip_line(r);
	rc = csv_next(r, &rec, &eof, err);
	if (rc)
		return rc;
	if (eof)
		return err_set(err, ERR_DATA, "line 1: the file is empty (a header line is needed)");
	for (int i = 0; i < rec.nfields; i++) {
		if (!rec.fields[i][0])
			return field_error(r, err, rec.line, i, "empty column name in the header");
		for (int k = 0; k < i; k++)
			if (strcmp(rec.fields[k], rec.fields[i]) == 0) {
				char msg[128];
				snprintf(msg, sizeof msg, R_("column '%.80s' appears twice in the header"),
					 rec.fields[i]);
				return field_error(r, err, rec.line, i, msg);
			}
	}
	r->header = xcalloc((size_t)rec.nfields, sizeof *r->header);
	for (int i = 0; i < rec.nfields; i++)
		r->header[i] = xstrdup(rec.fields[i]);
	r->nheader = rec.nfields;
	return 0;
}

int csv_header_count(const struct csv_reader *r)
{
	return r->nheader;
}

const char *csv_header_name(const struct csv_reader *r, int i)
{
	return i >= 0 && i < r->nheader ? r->header[i] : NULL;
}

int csv_header_index(const struct csv_reader *r, const char *name)
{
	for (int i = 0; i < r->nheader; i++)
		if (strcmp(r->header[i], name) == 0)
			return i;
	return -1;
}

/* "lead" then s in double quotes, its quotes doubled. */
static void quoted(struct sbuf *b, const char *lead, const char *s)
{
	sbuf_addn(b, "\"", 1);
	sbuf_add(b, lead);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addn(b, "\"\"", 2);
		else
			sbuf_addn(b, p, 1);
	}
	sbuf_addn(b, "\"", 1);
}

void csv_write_field(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	bool quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');

	if (!quote && strpbrk(s, ",\"\r\n"))
		quote = true;
	/* A leading byte order mark would be skipped at the start of a file. */
	if (!quote && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		quote = true;
	if (!quote) {
		sbuf_addn(b, s, n);
		return;
	}
	quoted(b, "", s);
}

/* One record of n fields, each written by put. */
static void record(struct sbuf *b, const char *const *fields, int n,
		   void (*put)(struct sbuf *, const char *))
{
	/* A lone empty field would be a blank line, which readers skip. */
	if (n == 1 && (!fields[0] || !fields[0][0])) {
		sbuf_addn(b, "\"\"\r\n", 4);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_addn(b, ",", 1);
		put(b, fields[i] ? fields[i] : "");
	}
	sbuf_addn(b, "\r\n", 2);
}

void csv_write_record(struct sbuf *b, const char *const *fields, int n)
{
	record(b, fields, n, csv_write_field);
}

/* A cell a spreadsheet would read as a formula: a leading = + @, or - not
 * starting a number. */
static bool csv_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '@' ||
	       (s[0] == '-' && s[1] != '\0' && !(s[1] >= '0' && s[1] <= '9'));
}

void csv_write_cell(struct sbuf *b, const char *s)
{
	if (!csv_formula(s)) {
		csv_write_field(b, s);
		return;
	}
	quoted(b, "'", s);
}

void csv_write_cells(struct sbuf *b, const char *const *fields, int n)
{
	record(b, fields, n, csv_write_cell);
}

const char *csv_cell_value(const char *s)
{
	return s[0] == '\'' && csv_formula(s + 1) ? s + 1 : s;
}
