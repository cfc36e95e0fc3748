/* The CSV reader and writer: table-driven good and malformed input, GB18030, round trips. */
#include "testutil.h"

#include "core/csv.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads everything after a header into one string: records separated by
 * '\n', fields by '|', each record prefixed with its line ("3:a|b"); the
 * first error stops and is returned as "ERR <message>". */
static char *read_all(const char *input, size_t len, const char *enc, bool header)
{
	struct csv_reader *r;
	struct err err = { 0 };
	struct sbuf out = { 0 };
	struct csv_record rec;
	bool eof = false;

	if (csv_reader_new(input, len, enc, &r, &err)) {
		sbuf_addf(&out, "ERR %s", err.msg);
		return out.s;
	}
	if (header && csv_read_header(r, &err)) {
		sbuf_addf(&out, "ERR %s", err.msg);
		csv_reader_free(r);
		return out.s;
	}
	sbuf_add(&out, "");
	for (;;) {
		if (csv_next(r, &rec, &eof, &err)) {
			sbuf_addf(&out, "ERR %s", err.msg);
			break;
		}
		if (eof)
			break;
		sbuf_addf(&out, "%ld:", rec.line);
		for (int i = 0; i < rec.nfields; i++)
			sbuf_addf(&out, "%s%s", i ? "|" : "", rec.fields[i]);
		sbuf_add(&out, "\n");
	}
	csv_reader_free(r);
	return out.s;
}

struct row {
	const char *name;
	const char *input;
	bool header;
	const char *want;
};

static const struct row rows[] = {
	{ "plain LF", "a,b\n1,2\n3,4\n", true, "2:1|2\n3:3|4\n" },
	{ "CRLF", "a,b\r\n1,2\r\n3,4\r\n", true, "2:1|2\n3:3|4\n" },
	{ "no final newline", "a,b\n1,2", true, "2:1|2\n" },
	{ "BOM skipped", "\xEF\xBB\xBF" "a,b\n1,2\n", true, "2:1|2\n" },
	{ "empty fields", "a,b,c\n,,\n", true, "2:||\n" },
	{ "quoted comma", "a,b\n\"x,y\",2\n", true, "2:x,y|2\n" },
	{ "doubled quote", "a,b\n\"say \"\"hi\"\"\",2\n", true, "2:say \"hi\"|2\n" },
	{ "embedded LF counts lines", "a,b\n\"l1\nl2\",2\n3,4\n", true, "2:l1\nl2|2\n4:3|4\n" },
	{ "embedded CRLF read as LF", "a,b\r\n\"l1\r\nl2\",2\r\n", true, "2:l1\nl2|2\n" },
	{ "quoted empty", "a,b\n\"\",\"\"\n", true, "2:|\n" },
	{ "blank lines skipped", "a,b\n\n1,2\n\r\n3,4\n\n", true, "3:1|2\n5:3|4\n" },
	{ "Chinese", "姓名,电话\n张三,13800000000\n", true, "2:张三|13800000000\n" },
	{ "spaces kept", "a,b\n x , y \n", true, "2: x | y \n" },
	{ "trailing comma is a field", "a,b\n1,\n", true, "2:1|\n" },
	{ "no header", "1,2\n3\n", false, "1:1|2\n2:3\n" },
	{ "header only", "a,b\n", true, "" },
	{ "unterminated quote", "a,b\n1,2\n\"open,2\n3,4\n", true,
	  "2:1|2\nERR line 3, field 'a': unterminated quoted field (no closing quote)" },
	{ "stray quote in bare field", "a,phone\n1,13\"8\n", true,
	  "ERR line 2, field 'phone': stray quote in an unquoted field (quote the whole field "
	  "and double the quote)" },
	{ "stray char after quote", "a,b\n\"x\"y,2\n", true,
	  "ERR line 2, field 'a': stray character after the closing quote" },
	{ "too few fields", "a,b,c\n1,2,3\n1,2\n", true, "2:1|2|3\nERR line 3: 2 fields, the header has 3" },
	{ "too many fields", "a,b\n1,2,3\n", true, "ERR line 2: 3 fields, the header has 2" },
	{ "one field", "a,b\nx\n", true, "ERR line 2: 1 field, the header has 2" },
	{ "invalid UTF-8", "name,phone\n\xE5\xBC,1\n", true, "ERR line 2, field 'name': invalid UTF-8 at byte 1 (byte 0xe5)" },
	{ "overlong UTF-8", "name,phone\nx,\xC0\xAF\n", true, "ERR line 2, field 'phone': invalid UTF-8 at byte 1 (byte 0xc0)" },
	{ "bare CR", "a,b\n1\r2,3\n", true,
	  "ERR line 2, field 'a': carriage return not followed by a line feed" },
	{ "empty header name", "a,,c\n", true, "ERR line 1, field 2: empty column name in the header" },
	{ "duplicate header", "a,b,a\n", true,
	  "ERR line 1, field 3: column 'a' appears twice in the header" },
	{ "empty file", "", true, "ERR line 1: the file is empty (a header line is needed)" },
	{ "error line after multiline", "a,b\n\"x\ny\",1\n\"z\"q,1\n", true,
	  "2:x\ny|1\nERR line 4, field 'a': stray character after the closing quote" },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char *got = read_all(rows[i].input, strlen(rows[i].input), NULL, rows[i].header);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("row '%s':\n  want: %s\n  got:  %s\n", rows[i].name, rows[i].want,
				    got);
			free(got);
			fail();
		}
		free(got);
	}
}

static void test_nul_byte(void **state)
{
	static const char in[] = "a,b\n1,x\0y\n";
	char *got = read_all(in, sizeof in - 1, NULL, true);

	(void)state;
	assert_string_equal(got, "ERR line 2, field 'b': NUL byte");
	free(got);
}

/* After an error the reader goes on, so an importer can report every bad line. */
static void test_continues_after_errors(void **state)
{
	static const char in[] = "a,b\n1,2\nbad\n3,\"x\"y\n4,\xFF\n5,6\n";
	struct csv_reader *r;
	struct csv_record rec;
	struct err err = { 0 };
	bool eof;
	const char *want[] = { "ok 2", "line 3: 1 field, the header has 2",
			       "line 4, field 'b': stray character after the closing quote",
			       "line 5, field 'b': invalid UTF-8 at byte 1 (byte 0xff)", "ok 6" };
	int k = 0;

	(void)state;
	assert_int_equal(csv_reader_new(in, sizeof in - 1, NULL, &r, &err), 0);
	assert_int_equal(csv_read_header(r, &err), 0);
	for (;;) {
		char got[1100];
		int rc = csv_next(r, &rec, &eof, &err);
		if (!rc && eof)
			break;
		if (rc)
			snprintf(got, sizeof got, "%s", err.msg);
		else
			snprintf(got, sizeof got, "ok %ld", rec.line);
		assert_true(k < 5);
		assert_string_equal(got, want[k]);
		k++;
	}
	assert_int_equal(k, 5);
	csv_reader_free(r);
}

static void test_gb18030(void **state)
{
	/* "姓名,电话\n张三,1\n" in GB18030, and a four-byte character (U+20000 𠀀). */
	static const char gb[] = "\xD0\xD5\xC3\xFB,\xB5\xE7\xBB\xB0\n\xD5\xC5\xC8\xFD,1\n"
				 "\x95\x32\x82\x36,2\n";
	char *got = read_all(gb, sizeof gb - 1, "gb18030", true);

	(void)state;
	assert_string_equal(got, "2:张三|1\n3:\xF0\xA0\x80\x80|2\n");
	free(got);
	got = read_all(gb, sizeof gb - 1, "GBK", true);
	assert_string_equal(got, "2:张三|1\n3:\xF0\xA0\x80\x80|2\n");
	free(got);
}

static void test_gb18030_errors(void **state)
{
	static const char bad[] = "a,b\n1,2\n\xD5\xC5\xFF\xFF,1\n";
	static const char cut[] = "a,b\n1,\xD5";
	char *got;

	(void)state;
	got = read_all(bad, sizeof bad - 1, "gb18030", true);
	assert_string_equal(got, "ERR line 3: byte 0xFF is not valid GB18030");
	free(got);
	got = read_all(cut, sizeof cut - 1, "gb18030", true);
	assert_string_equal(got, "ERR line 2: the file ends inside a GB18030 character");
	free(got);
	got = read_all("a\n", 2, "latin9", true);
	assert_string_equal(got, "ERR unknown encoding 'latin9' (use utf-8 or gb18030)");
	free(got);
}

static void test_header_lookup(void **state)
{
	struct csv_reader *r;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(csv_reader_new("name,phone\n", 11, "utf-8", &r, &err), 0);
	assert_int_equal(csv_read_header(r, &err), 0);
	assert_int_equal(csv_header_count(r), 2);
	assert_int_equal(csv_header_index(r, "phone"), 1);
	assert_int_equal(csv_header_index(r, "nope"), -1);
	assert_string_equal(csv_header_name(r, 0), "name");
	assert_null(csv_header_name(r, 2));
	csv_reader_free(r);
}

static void test_writer(void **state)
{
	struct sbuf b = { 0 };
	const char *f[] = { "plain", "a,b", "say \"hi\"", "l1\nl2", " pad", "", "张三", NULL };

	(void)state;
	csv_write_record(&b, f, 8);
	assert_string_equal(b.s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\" pad\",,张三,\r\n");
	sbuf_free(&b);
}

/* Whatever the writer writes, the reader reads back unchanged. */
static void test_round_trip(void **state)
{
	const char *vals[] = { "", ",", "\"", "\"\"", "a\nb", "a\r\nb", " x ", "多行\n文本,带逗号",
			       "tab\there", "end\"", "\"start" };
	const int n = (int)N_ROWS(vals);
	struct sbuf b = { 0 };
	struct csv_reader *r;
	struct csv_record rec;
	struct err err = { 0 };
	bool eof;

	(void)state;
	csv_write_record(&b, vals, n);
	csv_write_record(&b, vals, n);
	assert_int_equal(csv_reader_new(b.s, b.len, NULL, &r, &err), 0);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(csv_next(r, &rec, &eof, &err), 0);
		assert_false(eof);
		assert_int_equal(rec.nfields, n);
		for (int i = 0; i < n; i++) {
			/* CRLF inside a quoted field is read as LF. */
			if (strcmp(vals[i], "a\r\nb") == 0)
				assert_string_equal(rec.fields[i], "a\nb");
			else
				assert_string_equal(rec.fields[i], vals[i]);
		}
	}
	assert_int_equal(csv_next(r, &rec, &eof, &err), 0);
	assert_true(eof);
	csv_reader_free(r);
	sbuf_free(&b);
}

static void test_too_many_fields(void **state)
{
	struct sbuf b = { 0 };
	char *got;

	(void)state;
	for (int i = 0; i <= CSV_MAX_FIELDS; i++)
		sbuf_add(&b, i ? ",x" : "x");
	sbuf_add(&b, "\n");
	got = read_all(b.s, b.len, NULL, false);
	assert_string_equal(got, "ERR line 1: more than 256 fields");
	free(got);
	sbuf_free(&b);
}

/* Cells a spreadsheet would run as formulas are written "'=…" and read
 * back as they were; negative numbers and plain text are left alone. */
static void test_cells(void **state)
{
	static const char *const in[] = { "=SUM(A1)", "+86 138", "@x", "-x", "-12", "a=b", "" };
	struct sbuf b = { 0 };

	(void)state;
	csv_write_cells(&b, in, 7);
	assert_string_equal(b.s, "\"'=SUM(A1)\",\"'+86 138\",\"'@x\",\"'-x\",-12,a=b,\r\n");
	for (int i = 0; i < 7; i++) {
		struct sbuf c = { 0 };
		csv_write_cell(&c, in[i]);
		sbuf_addn(&c, "", 0);
		/* unquoted, the cell's text as a reader gives it back */
		if (c.s[0] == '"') {
			c.s[strlen(c.s) - 1] = '\0';
			assert_string_equal(csv_cell_value(c.s + 1), in[i]);
		} else {
			assert_string_equal(csv_cell_value(c.s), in[i]);
		}
		sbuf_free(&c);
	}
	assert_string_equal(csv_cell_value("'plain"), "'plain");
	sbuf_free(&b);
}

TESTUTIL_MAIN(NULL, NULL,
	      cmocka_unit_test(test_table),
	      cmocka_unit_test(test_nul_byte),
	      cmocka_unit_test(test_continues_after_errors),
	      cmocka_unit_test(test_gb18030),
	      cmocka_unit_test(test_gb18030_errors),
	      cmocka_unit_test(test_header_lookup),
	      cmocka_unit_test(test_writer),
	      cmocka_unit_test(test_cells),
	      cmocka_unit_test(test_round_trip),
	      cmocka_unit_test(test_too_many_fields))
