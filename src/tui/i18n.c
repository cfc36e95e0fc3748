/* Text domain binding and the language choice ([ui] language or the locale). */
#include "tui/i18n.h"
#include "app/app.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

void i18n_bind(void)
{
	app_i18n_bind();
}

bool i18n_init(const char *language)
{
	const char *msgs;

	i18n_bind();

	if (language && strcmp(language, "zh_CN") == 0) {
		/* gettext ignores LANGUAGE under the C locale, so make the
		 * messages category Chinese too */
		if (!setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "zh_CN", 1);
		return true;
	}
	if (language && strcmp(language, "en") == 0) {
		setenv("LANGUAGE", "en", 1);
		setlocale(LC_MESSAGES, "C.UTF-8");
		return false;
	}
	msgs = getenv("LANGUAGE");
	if (msgs && *msgs) {
		const char *loc = setlocale(LC_MESSAGES, NULL);
		if (loc && strcmp(loc, "C") != 0 && strcmp(loc, "POSIX") != 0)
			return strncmp(msgs, "zh", 2) == 0;
	}
	msgs = setlocale(LC_MESSAGES, NULL);
	return msgs && strncmp(msgs, "zh", 2) == 0;
}
