/* The real fonts, sample keyword set and language files of the source tree
 * ($VS_SOURCE_ROOT), as the ui tests lay scenes out with them; a test fails
 * at once, naming the file, when one does not load. */
#ifndef VS_TEST_REAL_ASSETS_H
#define VS_TEST_REAL_ASSETS_H

#include "model/catalog.h"
#include "model/keyset.h"
#include "platform/platform.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

struct real_assets {
	struct platform_fonts *fonts;
	struct keyset *ks;
	struct catalog *cat;
};

static inline struct real_assets real_assets_load(void)
{
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	struct diag err;
	diag_init(&err);
	struct real_assets a;
	snprintf(path, sizeof(path), "%s/fonts", root);
	a.fonts = platform_fonts_create(path, &err);
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv", root);
	a.ks = keyset_load(path, &err);
	snprintf(path, sizeof(path), "%s/data/lang", root);
	a.cat = catalog_load_dir(path, &err);
	if (err.count)
		fprintf(stderr, "%s\n", err.lines[0]);
	diag_finish(&err);
	assert_non_null(a.fonts);
	assert_non_null(a.ks);
	assert_non_null(a.cat);
	return a;
}

static inline void real_assets_free(struct real_assets *a)
{
	catalog_destroy(a->cat);
	keyset_destroy(a->ks);
	platform_fonts_destroy(a->fonts);
}

#endif
