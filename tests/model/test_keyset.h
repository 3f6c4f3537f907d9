/* Shared by the keyword set reader's tests (test_keyset.c, test_keyset_errors.c,
 * test_keyset_text.c, test_keyset_forms.c): parsing a text as a file, and expecting it to load
 * cleanly or to fail with exactly the messages staff would read. The file is named f.tsv in the
 * messages unless the test defines KEYSET_TEST_FILE before including this header. */
#ifndef VS_TEST_KEYSET_H
#define VS_TEST_KEYSET_H

#include "common/diag.h"
#include "expect_messages.h"
#include "model/keyset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KEYSET_TEST_FILE
#define KEYSET_TEST_FILE "f.tsv"
#endif

#define HEAD "# set-id: test\nid\tsv\ten\n"

static inline struct keyset *parse_n(const char *text, size_t len, struct diag *d)
{
	diag_init(d);
	return keyset_parse(text, len, KEYSET_TEST_FILE, d);
}

static inline struct keyset *parse_ok_n(const char *text, size_t len)
{
	struct diag d;
	struct keyset *ks = parse_n(text, len, &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_int_equal(d.count, 0);
	assert_non_null(ks);
	diag_finish(&d);
	return ks;
}

static inline struct keyset *parse_ok(const char *text)
{
	return parse_ok_n(text, strlen(text));
}

/* Parsing must fail with exactly these messages, in this order (NULL-terminated). */
static inline void expect_fail_n(const char *text, size_t len, ...)
{
	struct diag d;
	struct keyset *ks = parse_n(text, len, &d);
	assert_null(ks);
	va_list ap;
	va_start(ap, len);
	expect_messages_v(&d, ap);
	va_end(ap);
	diag_finish(&d);
}

#define expect_fail(text, ...) expect_fail_n(text, strlen(text), __VA_ARGS__, (const char *)NULL)

/* A single error whose message contains needle, on the given line. */
static inline void expect_one_error(const char *text, size_t len, size_t line, const char *needle)
{
	struct diag d;
	struct keyset *ks = parse_n(text, len, &d);
	assert_null(ks);
	if (d.count != 1) {
		for (size_t i = 0; i < d.count; i++)
			print_message("got: %s\n", d.lines[i]);
		fail_msg("expected one message containing \"%s\", got %zu", needle, d.count);
	}
	char prefix[32];
	snprintf(prefix, sizeof(prefix), KEYSET_TEST_FILE ":%zu: ", line);
	if (strncmp(d.lines[0], prefix, strlen(prefix)) != 0 || !strstr(d.lines[0], needle))
		fail_msg("got \"%s\", want line %zu and \"%s\"", d.lines[0], line, needle);
	diag_finish(&d);
}

#endif
