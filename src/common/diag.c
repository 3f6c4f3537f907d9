/* A list of plain-language error lines, collected low and printed high. */
#include "common/diag.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_init(struct diag *d)
{
	d->lines = NULL;
	d->count = 0;
	d->cap = 0;
}

void diag_finish(struct diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		free(d->lines[i]);
	free(d->lines);
	diag_init(d);
}

void diag_add(struct diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	struct strbuf sb;
	sb_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(&sb, fmt, ap);
	va_end(ap);
	xgrow((void **)&d->lines, &d->cap, d->count + 1, sizeof(*d->lines));
	d->lines[d->count++] = sb.data ? sb.data : xstrdup("");
}

void diag_add_at(struct diag *d, const char *name, size_t line, const char *fmt, va_list ap)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_vappendf(&sb, fmt, ap);
	diag_add(d, "%s:%zu: %s", name, line, sb_str(&sb));
	sb_finish(&sb);
}

void diag_keep(struct diag *d, size_t n)
{
	if (!d)
		return;
	while (d->count > n)
		free(d->lines[--d->count]);
}

const char *diag_first(const struct diag *d, const char *fallback)
{
	return d && d->count ? d->lines[0] : fallback;
}
