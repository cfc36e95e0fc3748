/* The error context the core fills in and the layers above show. */
#include "core/err.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	/* The message in the messages locale: every err_set format is a msgid
	 * (make pot extracts them), the English one under C. */
	fmt = R_(fmt);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
	char pre[512], old[sizeof err->msg], both[sizeof pre + sizeof old];
	va_list ap;

	if (!err)
		return ERR_FAIL;
	fmt = R_(fmt);
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(both, sizeof both, "%s%s", pre, old);
	memcpy(err->msg, both, sizeof err->msg - 1);
	err->msg[sizeof err->msg - 1] = '\0';
	return err->code;
}

void err_clear(struct err *err)
{
	if (err) {
		err->code = ERR_OK;
		err->msg[0] = '\0';
	}
}
