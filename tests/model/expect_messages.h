/* The model tests' one way to hold a parser's messages to the expected ones: exactly these,
 * in this order, each whole, so that a message changed, added or lost fails with both texts
 * shown. Shared by the keyword-set, catalog and configuration tests. */
#ifndef VS_EXPECT_MESSAGES_H
#define VS_EXPECT_MESSAGES_H

#include "common/diag.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

/* d's lines against the NULL-terminated strings in ap. */
static inline void expect_messages_v(const struct diag *d, va_list ap)
{
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		if (i >= d->count)
			fail_msg("missing message: %s", want);
		if (strcmp(d->lines[i], want) != 0)
			fail_msg("message %zu:\n  got:  %s\n  want: %s", i, d->lines[i], want);
	}
	if (i != d->count)
		fail_msg("%zu messages expected, got %zu; extra: %s", i, d->count, d->lines[i]);
}

#endif
