/* Every text a visitor can see, in every language, is drawable by the font
 * the platform picks for it: no empty boxes where a letter, bracket or
 * digit should be. Checks the bundled language files and every label of
 * the sample keyword set with the real bundled fonts, and that what the
 * fonts lack is named character by character, as `visionsort check` says it. */
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
#include <string.h>

static struct platform_fonts *fonts(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct platform_fonts *f = platform_fonts_create(path, &err);
	diag_finish(&err);
	assert_non_null(f);
	return f;
}

static size_t check(struct platform_fonts *f, const char *where, const char *text)
{
	char first[8] = "";
	size_t missing = 0;
	for (int face = 0; face < FONT_FACE_COUNT; face++)
		missing += platform_fonts_missing(f, (enum font_face)face, text, first,
						  sizeof(first));
	if (missing)
		fprintf(stderr, "%s: \"%s\" has %zu character(s) the font lacks, first '%s'\n",
			where, text, missing, first);
	return missing;
}

/* The ids of the Swedish file, read as its lines "id = text". */
static size_t read_ids(char ids[][64], size_t max)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/lang/sv.ini", getenv("VS_SOURCE_ROOT"));
	FILE *in = fopen(path, "r");
	assert_non_null(in);
	char line[1024];
	size_t n = 0;
	bool in_text = false;
	while (fgets(line, sizeof(line), in) && n < max) {
		if (line[0] == '[')
			in_text = strncmp(line, "[text]", 6) == 0;
		char *eq = strchr(line, '=');
		if (!in_text || !eq || line[0] == ';' || line[0] == '#')
			continue;
		char *end = eq;
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		size_t len = (size_t)(end - line);
		if (len == 0 || len >= 64)
			continue;
		memcpy(ids[n], line, len);
		ids[n++][len] = '\0';
	}
	fclose(in);
	return n;
}

static void test_every_ui_text_is_drawable(void **state)
{
	(void)state;
	struct platform_fonts *f = fonts();
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/lang", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct catalog *cat = catalog_load_dir(path, &err);
	assert_non_null(cat);
	static char ids[512][64];
	size_t n = read_ids(ids, 512);
	assert_true(n > 20);
	size_t missing = 0;
	for (size_t lang = 0; lang < catalog_count(cat); lang++) {
		missing += check(f, catalog_code(cat, lang), catalog_name(cat, lang));
		for (size_t i = 0; i < n; i++)
			missing += check(f, catalog_code(cat, lang),
					 catalog_text(cat, lang, ids[i]));
		for (long k = 0; k <= 100; k += 7) {
			char *num = catalog_number(cat, lang, k);
			missing += check(f, catalog_code(cat, lang), num);
			free(num);
		}
	}
	assert_int_equal(missing, 0);
	catalog_destroy(cat);
	diag_finish(&err);
	platform_fonts_destroy(f);
}

static void test_every_keyword_label_is_drawable(void **state)
{
	(void)state;
	struct platform_fonts *f = fonts();
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv",
		 getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct keyset *ks = keyset_load(path, &err);
	assert_non_null(ks);
	size_t missing = 0;
	for (size_t lang = 0; lang < keyset_language_count(ks); lang++)
		for (size_t i = 0; i < keyset_count(ks); i++)
			missing += check(f, keyset_language(ks, lang), keyset_label(ks, i, lang));
	assert_int_equal(missing, 0);
	keyset_destroy(ks);
	diag_finish(&err);
	platform_fonts_destroy(f);
}

/* What no bundled font draws, each character once and in the order of the text, and
 * never a format character: those draw as nothing (platform_fonts_undrawable). */
static void test_undrawable_characters_are_named_in_order(void **state)
{
	(void)state;
	struct platform_fonts *f = fonts();
	static const struct {
		const char *text;
		size_t count;
		uint32_t cps[4];
	} cases[] = {
		{"Trygghet", 0, {0}},
		/* ZWSP, ZWNJ, ZWJ, a BOM, word joiner, an isolate, a tag, an interlinear
		 * annotation: format characters */
		{"Trygg\u200bhet", 0, {0}},
		{"Hem\u200cmet\u200d\ufeff\u2060\u2066x\u2069\U000E0001\ufff9y\ufffb", 0, {0}},
		/* but the Syriac abbreviation mark, a format character, is a visible sign */
		{"\u070f\u0661", 1, {0x070F}},
		{"\u0645\u062f\u064a\u200c\u0646\u0629 (\u0623\u0648\u0633\u062a)", 0, {0}},
		/* an emoji between Latin letters, twice, and a Tigrinya word */
		{"Glad \U0001F600 och \U0001F44D \U0001F600", 2, {0x1F600, 0x1F44D}},
		{"\u1230\u120b\u121d", 3, {0x1230, 0x120B, 0x121D}},
		/* an emoji inside Arabic: runs come right to left, the list still in text order */
		{"\u0645\u062f\u064a\u0646\u0629 \U0001F3E0 \u0646\u0647\u0631 \u2764",
		 2,
		 {0x1F3E0, 0x2764}},
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int face = 0; face < FONT_FACE_COUNT; face++) {
			uint32_t cps[4] = {0};
			size_t n = platform_fonts_undrawable(f, (enum font_face)face, cases[c].text,
							     cps, 4);
			if (n != cases[c].count)
				fprintf(stderr, "\"%s\": %zu undrawable, expected %zu\n",
					cases[c].text, n, cases[c].count);
			assert_int_equal(n, cases[c].count);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(cps[i], cases[c].cps[i]);
		}
	}
	/* More than max: the count says so, the first max are given */
	uint32_t one = 0;
	assert_int_equal(platform_fonts_undrawable(f, FONT_REGULAR, "\u1230\u120b\u121d", &one, 1),
			 3);
	assert_int_equal(one, 0x1230);
	platform_fonts_destroy(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_ui_text_is_drawable),
		cmocka_unit_test(test_every_keyword_label_is_drawable),
		cmocka_unit_test(test_undrawable_characters_are_named_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
