/* UTF-8 checks shared by every parser of text people edit (keyword sets,
 * language files, kiosk configs). */
#ifndef VS_UTF8_H
#define VS_UTF8_H

#include <stddef.h>

/* Offset of the first byte that is not part of well-formed UTF-8 (no
 * overlong forms, no surrogates, nothing above U+10FFFF), or len. */
size_t utf8_valid_prefix(const unsigned char *s, size_t len);

/* Characters as a reader counts them: code points, so å and an Arabic
 * letter count once. s need not be valid; continuation bytes never count. */
size_t utf8_count(const char *s, size_t len);
/* Bytes of the first max characters of the NUL-terminated s (all of s when it
 * is shorter), so a cut never splits a character. */
size_t utf8_prefix_bytes(const char *s, size_t max);

#endif
