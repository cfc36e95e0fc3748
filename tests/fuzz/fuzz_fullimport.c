/* libFuzzer harness for `cdesk import --full`: any bytes as a full export
 * read into a new in-memory database (caseio_import_full). It must never
 * crash or read out of bounds; a file is either restored whole (and then
 * passes store_check) or refused with a message, leaving the database as
 * `cdesk init` made it. */
#include "core/caseio.h"
#include "core/cases.h"
#include "core/store.h"
#include "core/users.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct case_ctx ctx = { 0 };
	struct caseio_result res;
	struct err err = { 0 };
	struct store *st;
	FILE *in;

	if (store_open(":memory:", true, &st, &err))
		abort();
	ctx.st = st;
	ctx.actor = "fuzz";
	ctx.prefix = "TS";
	datetime_parse("2026-07-03 10:00", &ctx.now, &err);
	ctx.at = ctx.now;
	if (users_bootstrap(&ctx, NULL, NULL, &err))
		abort();
	in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!in)
		abort();
	if (caseio_import_full(&ctx, in, "fuzz.jsonl", &res, &err)) {
		if (!err.msg[0])
			abort();
	} else if (store_check(st, NULL, &err)) {
		abort();
	}
	fclose(in);
	store_close(st);
	return 0;
}
