/* Shared by the catalog tests: parsing one file and expecting exactly its messages. */
#ifndef VS_TEST_CATALOG_H
#define VS_TEST_CATALOG_H

#include "common/diag.h"
#include "expect_messages.h"
#include "model/catalog.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#define SV_HEAD "[language]\ncode = sv\nname = Svenska\n[text]\n"
#define EN_HEAD "[language]\ncode = en\nname = English\n[text]\n"
#define SV_FILE SV_HEAD "sort.progress = {placed} av {total}\nsort.done = Klar\n"

static inline struct catalog *parse(const char *text, struct catalog *into, struct diag *d)
{
	diag_init(d);
	return catalog_parse(text, strlen(text), "f.ini", into, d);
}

static inline struct catalog *parse_ok(const char *text, struct catalog *into)
{
	struct diag d;
	struct catalog *c = parse(text, into, &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_int_equal(d.count, 0);
	assert_non_null(c);
	diag_finish(&d);
	return c;
}

/* Parsing (into a catalog holding Swedish when with_sv) must fail with exactly these
 * messages, in this order (NULL-terminated). */
static inline void expect_fail_v(bool with_sv, const char *text, va_list ap)
{
	struct catalog *sv = with_sv ? parse_ok(SV_FILE, NULL) : NULL;
	struct diag d;
	struct catalog *c = parse(text, sv, &d);
	assert_null(c);
	expect_messages_v(&d, ap);
	diag_finish(&d);
	if (sv) /* a failed parse leaves the catalog as it was */
		assert_int_equal(catalog_count(sv), 1);
	catalog_destroy(sv);
}

static inline void expect_fail(const char *text, ...)
{
	va_list ap;
	va_start(ap, text);
	expect_fail_v(false, text, ap);
	va_end(ap);
}

static inline void expect_fail_against_sv(const char *text, ...)
{
	va_list ap;
	va_start(ap, text);
	expect_fail_v(true, text, ap);
	va_end(ap);
}

#endif
