/* Diagnostics: the one-line messages a failing operation hands up to the one
 * place that prints them (cli), so lower layers never write to stderr. */
#ifndef VS_DIAG_H
#define VS_DIAG_H

#include <stdarg.h>
#include <stddef.h>

struct diag {
	char **lines;
	size_t count;
	size_t cap;
};

void diag_init(struct diag *d);
void diag_finish(struct diag *d);
void diag_add(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds "NAME:LINE: message", the form every parser reports problems in. */
void diag_add_at(struct diag *d, const char *name, size_t line, const char *fmt, va_list ap);
/* Drops every line after the first n: for a caller that learns its
 * earlier lines were only the echo of being told to stop. */
void diag_keep(struct diag *d, size_t n);
/* The first message, or fallback when there is none. */
const char *diag_first(const struct diag *d, const char *fallback);

#endif
