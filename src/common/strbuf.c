/* Growable text buffer with the two escapers the interfaces need. */
#include "common/strbuf.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct strbuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void sb_finish(struct strbuf *sb)
{
	free(sb->data);
	sb_init(sb);
}

void sb_clear(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void sb_appendn(struct strbuf *sb, const char *s, size_t n)
{
	xgrow((void **)&sb->data, &sb->cap, sb->len + n + 1, 1);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void sb_append(struct strbuf *sb, const char *s)
{
	sb_appendn(sb, s, strlen(s));
}

void sb_vappendf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	xgrow((void **)&sb->data, &sb->cap, sb->len + (size_t)n + 1, 1);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_appendf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(sb, fmt, ap);
	va_end(ap);
}

void sb_append_json(struct strbuf *sb, const char *s)
{
	sb_append(sb, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			sb_append(sb, "\\\"");
			break;
		case '\\':
			sb_append(sb, "\\\\");
			break;
		case '\n':
			sb_append(sb, "\\n");
			break;
		case '\r':
			sb_append(sb, "\\r");
			break;
		case '\t':
			sb_append(sb, "\\t");
			break;
		default:
			if (*p < 0x20)
				sb_appendf(sb, "\\u%04x", *p);
			else
				sb_appendn(sb, (const char *)p, 1);
		}
	}
	sb_append(sb, "\"");
}

void sb_append_csv(struct strbuf *sb, const char *s, char sep)
{
	if (!strchr(s, sep) && !strpbrk(s, "\"\r\n")) {
		sb_append(sb, s);
		return;
	}
	sb_append(sb, "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_append(sb, "\"");
		sb_appendn(sb, p, 1);
	}
	sb_append(sb, "\"");
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->data ? sb->data : "";
}
