/* Shared by the configuration tests (test_config.c, test_config_errors.c): parsing a text as
 * site/kiosk.ini, expecting it to load or to be refused with exactly the messages staff would
 * read, and the bundled files from the source tree. */
#ifndef VS_TEST_CONFIG_H
#define VS_TEST_CONFIG_H

#include "common/diag.h"
#include "expect_messages.h"
#include "model/catalog.h"
#include "model/config.h"
#include "model/keyset.h"
#include "store/pin_hash.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "site/kiosk.ini"

static inline bool parse(const char *text, struct kiosk_config *cfg, struct diag *d)
{
	diag_init(d);
	return config_parse(text, strlen(text), NAME, cfg, d);
}

static inline void parse_ok(const char *text, struct kiosk_config *cfg)
{
	struct diag d;
	bool ok = parse(text, cfg, &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_int_equal(d.count, 0);
	assert_true(ok);
	diag_finish(&d);
}

static inline void assert_defaults(const struct kiosk_config *cfg)
{
	assert_null(cfg->path);
	assert_string_equal(cfg->site, "");
	assert_string_equal(cfg->label, "");
	assert_int_equal(cfg->nlanguages, 3);
	assert_string_equal(cfg->languages[0], "sv");
	assert_string_equal(cfg->languages[1], "en");
	assert_string_equal(cfg->languages[2], "ar");
	assert_int_equal(cfg->cards, 12);
	assert_int_equal(cfg->idle_seconds, 90);
	assert_int_equal(cfg->idle_countdown_seconds, 15);
	assert_true(cfg->screen_diagonal_inches == 24.0);
	assert_int_equal(cfg->compare_min_sessions, 10);
	assert_null(cfg->keywords);
	assert_null(cfg->pin_hash);
	assert_int_equal(cfg->speech, CONFIG_SPEECH_OFFER);
	assert_int_equal(cfg->volume_db, -6);
	assert_string_equal(cfg->renderer, "auto");
	assert_int_equal(cfg->ntexts, 0);
}

/* Parsing must fail with exactly these messages, in this order (NULL-terminated), and leave
 * the defaults. */
static inline void expect_fail(const char *text, ...)
{
	struct kiosk_config cfg;
	struct diag d;
	assert_false(parse(text, &cfg, &d));
	va_list ap;
	va_start(ap, text);
	expect_messages_v(&d, ap);
	va_end(ap);
	diag_finish(&d);
	assert_defaults(&cfg);
	config_finish(&cfg);
}

static inline char *source_path(const char *rel)
{
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	size_t n = strlen(root) + strlen(rel) + 2;
	char *path = malloc(n);
	snprintf(path, n, "%s/%s", root, rel);
	return path;
}

static inline struct catalog *bundled_catalog(void)
{
	char *dir = source_path("data/lang");
	struct diag d;
	diag_init(&d);
	struct catalog *c = catalog_load_dir(dir, &d);
	assert_non_null(c);
	diag_finish(&d);
	free(dir);
	return c;
}

#endif
