/* libFuzzer harness for the rule module: any bytes as a complaint text (and
 * demand) classified with data/rules.ini, and as a rules file of its own. It
 * must never crash or read out of bounds; a suggestion always has a lead
 * department, and a rules file either loads whole or is refused with a
 * message naming the file. Run from the repository top. */
#include "core/rules.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ruleset *rs;

static void classify(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	size_t half = strlen(text) / 2;
	struct rule_input in = { 0 };
	struct rule_suggestion s;

	in.text = text;
	in.channel = -1;
	rules_classify(rs, &in, &s);
	if (s.ndepts < 1 || s.ndepts > RULES_MAX_DEPTS || !rules_dept_find(rs, s.depts[0]))
		abort();
	/* The same bytes split into text and demand. */
	in.demand = text + half;
	rules_classify(rs, &in, &s);
	free(text);
}

static void load(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/cdesk-fuzz-rules-XXXXXX";
	int fd = mkstemp(path);
	struct ruleset *r = NULL;
	struct err err = { 0 };

	if (fd < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (rules_load(path, &r, &err) == 0) {
		struct rule_suggestion s;
		struct rule_input in = { .text = "护士态度差，停车收费，赔偿2万元", .channel = -1 };
		rules_classify(r, &in, &s);
		rules_free(r);
	} else if (!strstr(err.msg, path)) {
		abort();
	}
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!rs) {
		struct err err = { 0 };
		if (rules_load("data/rules.ini", &rs, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			abort();
		}
	}
	if (size > 0 && data[0] == 'R')
		load(data + 1, size - 1);
	else
		classify(data, size);
	return 0;
}
