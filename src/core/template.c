/* Filling print templates: placeholders, indentation of multi-line values, lines cut to the page. */
#include "core/template.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static const struct template_var *find(const struct template_var *vars, int n, const char *name,
				       size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && !strncmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

/* Appends one finished line, cut at width columns, continuing with indent. */
static void put_line(struct sbuf *out, const char *line, int width)
{
	size_t ind = strspn(line, " "), len = strlen(line);
	const char *rest = line;
	bool first = true;

	/* no trailing blanks: an empty value leaves an empty line */
	while (len > 0 && line[len - 1] == ' ')
		len--;
	if (len == 0) {
		sbuf_addn(out, "\n", 1);
		return;
	}
	((char *)line)[len] = '\0';

	if (ind > (size_t)width / 2)
		ind = (size_t)width / 2;
	do {
		int avail = first ? width : width - (int)ind;
		/* bytes of the line, not of its escaped form (a control character
		 * is one byte here and four there) */
		size_t take = text_fit_bytes(rest, avail);
		if (take == 0 && *rest)
			take = 1;
		if (!first)
			for (size_t i = 0; i < ind; i++)
				sbuf_addn(out, " ", 1);
		sbuf_addn(out, rest, take);
		sbuf_addn(out, "\n", 1);
		rest += take;
		first = false;
	} while (*rest);
}

int template_fill(const char *path, const char *text, const struct template_var *vars,
		  int nvars, int width, struct sbuf *out, struct err *err)
{
	struct sbuf res = { 0 }, line = { 0 };
	int lineno = 1;
	const char *p = text;

	sbuf_addn(&line, "", 0);
	sbuf_addn(&res, "", 0);
	while (*p) {
		if (*p == '\n') {
			put_line(&res, line.s, width);
			line.len = 0;
			line.s[0] = '\0';
			lineno++;
			p++;
			continue;
		}
		if (*p == '\r' && p[1] == '\n') {
			p++;
			continue;
		}
		if (!strncmp(p, "{{{{", 4)) {
			sbuf_add(&line, "{{");
			p += 4;
			continue;
		}
		if (!strncmp(p, "{{", 2)) {
			const char *end = strstr(p + 2, "}}");
			const char *nl = strchr(p + 2, '\n');
			const struct template_var *v;
			if (!end || (nl && nl < end)) {
				err_set(err, ERR_DATA, "%s:%d: '{{' without '}}' on the same line", path,
					lineno);
				goto fail;
			}
			v = find(vars, nvars, p + 2, (size_t)(end - p - 2));
			if (!v) {
				err_set(err, ERR_DATA, "%s:%d: unknown placeholder {{%.*s}}", path,
					lineno, (int)(end - p - 2), p + 2);
				goto fail;
			}
			if (v->value) {
				size_t ind = strspn(line.s, " ");
				for (const char *q = v->value; *q;) {
					const char *e = strchr(q, '\n');
					size_t n = e ? (size_t)(e - q) : strlen(q);
					char *part = xstrndup(q, n), *safe = text_sanitize(part);
					sbuf_add(&line, safe);
					free(part);
					free(safe);
					if (!e)
						break;
					put_line(&res, line.s, width);
					line.len = 0;
					line.s[0] = '\0';
					for (size_t i = 0; i < ind; i++)
						sbuf_addn(&line, " ", 1);
					q = e + 1;
				}
			}
			p = end + 2;
			continue;
		}
		sbuf_addn(&line, p, 1);
		p++;
	}
	if (line.len)
		put_line(&res, line.s, width);
	sbuf_add(out, res.s);
	sbuf_free(&res);
	sbuf_free(&line);
	return 0;
fail:
	sbuf_free(&res);
	sbuf_free(&line);
	return ERR_DATA;
}
