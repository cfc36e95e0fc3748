/* Text folding for matching: traditional → simplified Chinese, full-width → ASCII, lower case. */
#ifndef CDESK_CORE_FOLD_H
#define CDESK_CORE_FOLD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the folded form of in[0..len) to out, which must hold len + 1
 * bytes (folding never lengthens text), NUL-terminates it and returns its
 * length. Common traditional characters become simplified (醫護 → 医护),
 * full-width ASCII becomes ASCII (ＡＢＣ１２３ → abc123), the ideographic
 * space a space, and ASCII letters lower case. Invalid UTF-8 bytes are
 * copied unchanged. Never fails.
 */
size_t fold_text(const char *in, size_t len, char *out);

/*
 * The byte of in[0..len) that byte folded of fold_text's output comes from:
 * folding is a character at a time, so a character boundary of the folded
 * text is one of the original (a quote of the folded text can show the
 * characters as typed). folded past the end gives len.
 */
size_t fold_source_offset(const char *in, size_t len, size_t folded);

/* The simplified form of one code point, or cp itself. */
uint32_t fold_char(uint32_t cp);

/* Number of traditional → simplified pairs in the table (for tests). */
size_t fold_pair_count(void);

#endif
