/* A growable text buffer, for output whose length translators and data
 * decide (JSON trace lines, CSV, error messages). */
#ifndef VS_STRBUF_H
#define VS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *data; /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *sb);
void sb_finish(struct strbuf *sb); /* frees; the buffer may be reused after sb_init */
void sb_clear(struct strbuf *sb);  /* empties, keeps the memory */
void sb_append(struct strbuf *sb, const char *s);
void sb_appendn(struct strbuf *sb, const char *s, size_t n);
void sb_appendf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vappendf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends s as a quoted JSON string, escaping what RFC 8259 requires. */
void sb_append_json(struct strbuf *sb, const char *s);
/* Appends s as one CSV field (RFC 4180): quoted only when it must be. */
void sb_append_csv(struct strbuf *sb, const char *s, char sep);
const char *sb_str(const struct strbuf *sb); /* "" when empty */

#endif
