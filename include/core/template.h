/* Print templates (data/templates/): plain text with {{name}} placeholders. */
#ifndef CDESK_CORE_TEMPLATE_H
#define CDESK_CORE_TEMPLATE_H

#include "core/err.h"
#include "core/util.h"

struct template_var {
	const char *name;
	const char *value;          /* NULL or "" prints nothing */
};

/*
 * Fills text (read from path, named in messages) into out. "{{name}}" is
 * replaced by the value of that variable, control characters escaped (a
 * newline in a value starts a new line indented like the placeholder's
 * line); "{{{{" prints "{{". Every line of the result is cut into lines of
 * at most width display columns, continuing with the line's indentation.
 * An unknown or unclosed placeholder fails with ERR_DATA and
 * "path:line: …"; out is then untouched.
 */
int template_fill(const char *path, const char *text, const struct template_var *vars,
		  int nvars, int width, struct sbuf *out, struct err *err);

#endif
