/* Common includes for the cmocka unit tests. */
#ifndef CDESK_TESTUTIL_H
#define CDESK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#ifndef CDESK_SRCDIR
#define CDESK_SRCDIR "."
#endif
/* A path in the source tree, e.g. SRC("data/rules.ini"). */
#define SRC(p) CDESK_SRCDIR "/" p

#endif
