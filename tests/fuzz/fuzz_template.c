/* libFuzzer harness for the template filler (core/template.h): the first
 * half of the bytes as a template, the second as the value of each
 * variable, and the first byte as the width. It must never crash or read
 * out of bounds; a template is either filled or refused with a message
 * naming it and leaving the output untouched. */
#include "core/template.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t half = size / 2;
	char *tpl = xstrndup((const char *)data, half);
	char *val = xstrndup((const char *)data + half, size - half);
	struct template_var vars[] = {
		{ "site", val }, { "number", val }, { "name", "张三" }, { "reply", val },
		{ "empty", NULL }, { "blank", "" },
	};
	int width = size ? 4 + data[0] % 120 : 80;
	struct sbuf out = { 0 };
	struct err err = { 0 };

	sbuf_add(&out, "x");
	if (template_fill("fuzz.txt", tpl, vars, 6, width, &out, &err)) {
		if (!strstr(err.msg, "fuzz.txt") || out.len != 1)
			abort();
	}
	sbuf_free(&out);
	free(tpl);
	free(val);
	return 0;
}
