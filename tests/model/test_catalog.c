/* The language catalogs as visitors and translators meet them: the bundled files load with
 * every text in every language, a visitor never sees an empty text, numbers come in the
 * language's digits, and site wording replaces texts only when it keeps their placeholders.
 * A folder of files is test_catalog_dir.c's. */
#include "test_catalog.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static char *lang_dir(void)
{
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	size_t n = strlen(root) + 32;
	char *dir = malloc(n);
	snprintf(dir, n, "%s/data/lang", root);
	return dir;
}

static struct catalog *load_bundled(void)
{
	char *dir = lang_dir();
	struct diag d;
	diag_init(&d);
	struct catalog *c = catalog_load_dir(dir, &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_non_null(c);
	diag_finish(&d);
	free(dir);
	return c;
}

static void test_bundled_languages(void **state)
{
	struct catalog *c = load_bundled();
	assert_int_equal(catalog_count(c), 5);
	assert_string_equal(catalog_code(c, 0), "sv");
	assert_string_equal(catalog_name(c, 0), "Svenska");
	assert_false(catalog_rtl(c, 0));
	assert_string_equal(catalog_code(c, 1), "en");
	assert_string_equal(catalog_name(c, 1), "English");
	assert_string_equal(catalog_code(c, 2), "ar");
	assert_string_equal(catalog_name(c, 2), "العربية");
	assert_true(catalog_rtl(c, 2));
	assert_int_equal(catalog_find(c, "ar"), 2);
	/* after sv and en, by file name */
	assert_int_equal(catalog_find(c, "so"), 3);
	assert_string_equal(catalog_name(c, 3), "Soomaali");
	assert_int_equal(catalog_find(c, "sv-lattlast"), 4);
	assert_string_equal(catalog_name(c, 4), "Lättläst svenska");
	assert_int_equal(catalog_find(c, "fi"), -1);
	assert_int_equal(catalog_find(c, NULL), -1);
	/* each names the voice that reads it; Somali has none in espeak-ng */
	assert_string_equal(catalog_voice(c, 0), "sv");
	assert_string_equal(catalog_voice(c, 1), "en");
	assert_string_equal(catalog_voice(c, 2), "ar");
	assert_null(catalog_voice(c, 3));
	assert_string_equal(catalog_voice(c, 4), "sv");
	assert_non_null(strstr(catalog_file(c, 2), "data/lang/ar.ini"));
	catalog_destroy(c);
}

/* Ids the scenes use. */
static const char *const scene_ids[] = {
	"attract.title",
	"attract.touch",
	"language.prompt",
	"intro.title",
	"intro.body",
	"intro.hint",
	"intro.start",
	"sort.title",
	"sort.instruction",
	"sort.pile.deck",
	"sort.pile.yes",
	"sort.pile.no",
	"sort.pile.neutral",
	"sort.progress",
	"sort.done",
	"sort.rank_hint",
	"sort.top",
	"sort.selected",
	"sort.language",
	"sort.start_over",
	"sort.start_over_title",
	"sort.start_over_body",
	"sort.start_over_yes",
	"sort.start_over_no",
	"sort.left",
	"sort.all_sorted",
	"profile.title",
	"profile.optional",
	"profile.age",
	"profile.age.u16",
	"profile.age.16-25",
	"profile.age.26-45",
	"profile.age.46-65",
	"profile.age.66+",
	"profile.residence",
	"profile.residence.city",
	"profile.residence.municipality",
	"profile.residence.visitor",
	"profile.skip",
	"profile.done",
	"thanks.title",
	"thanks.your_top",
	"thanks.others",
	"thanks.none_yet",
	"thanks.no_top",
	"thanks.compare",
	"thanks.first",
	"thanks.restart",
	"idle.title",
	"idle.body",
	"idle.countdown",
	"common.larger_text",
	"common.normal_text",
	"common.back",
	"staff.pin_title",
	"staff.pin_wrong",
	"staff.pin_locked",
	"staff.menu_title",
	"staff.export",
	"staff.no_drive",
	"staff.exporting",
	"staff.exported",
	"staff.export_failed",
	"staff.sessions_today",
	"staff.sessions_unexported",
	"staff.sessions_total",
	"staff.kiosk_id",
	"staff.public_key",
	"staff.exit",
	"staff.exit_title",
	"staff.exit_body",
	"staff.exit_yes",
	"staff.exit_no",
	"staff.drive_hint",
	"staff.close",
	"staff.pin_erase",
	"staff.no_pin",
};

/* So the Swedish fallback never shows in practice. */
static void test_bundled_translations_are_complete(void **state)
{
	struct catalog *c = load_bundled();
	for (size_t l = 1; l < catalog_count(c); l++) {
		struct diag d;
		diag_init(&d);
		size_t missing = catalog_missing(c, l, &d);
		for (size_t i = 0; i < d.count; i++)
			print_message("%s\n", d.lines[i]);
		assert_int_equal(missing, 0);
		assert_int_equal(catalog_text_count(c, l), catalog_text_count(c, 0));
		diag_finish(&d);
	}
	size_t n = sizeof(scene_ids) / sizeof(scene_ids[0]);
	assert_true(catalog_text_count(c, 0) >= n);
	for (size_t l = 0; l < catalog_count(c); l++)
		for (size_t i = 0; i < n; i++)
			assert_string_not_equal(catalog_text(c, l, scene_ids[i]), scene_ids[i]);
	catalog_destroy(c);
}

static void test_bundled_texts(void **state)
{
	struct catalog *c = load_bundled();
	assert_string_equal(catalog_text(c, 0, "attract.title"),
			    "Hur vill du att Norrköping ska vara år\u00a02035?");
	assert_string_equal(catalog_text(c, 0, "sort.pile.yes"), "Ska prägla Norrköping 2035");
	assert_string_equal(catalog_text(c, 0, "sort.rank_hint"), "1 = viktigast");
	assert_string_equal(catalog_text(c, 1, "sort.done"), "Done");
	/* a text continued on a second line reads as one, joined by a space */
	assert_string_equal(catalog_text(c, 0, "intro.body"),
			    "Vilka ord ska prägla staden, och vilka ska inte göra det? Dra varje "
			    "kort till en hög och lägg det viktigaste överst.");
	char *s = catalog_format(c, 0, "sort.progress", "placed", "3", "total", "12", NULL);
	assert_string_equal(s, "3 av 12");
	free(s);
	char *placed = catalog_number(c, 2, 3), *total = catalog_number(c, 2, 12);
	s = catalog_format(c, 2, "sort.progress", "placed", placed, "total", total, NULL);
	assert_string_equal(s, "٣ من ١٢");
	free(s);
	free(placed);
	free(total);
	s = catalog_format(c, 0, "thanks.others", "count", "8", "total", "14", NULL);
	assert_string_equal(s, "8 av 14 tidigare besökare här valde också det här ordet.");
	free(s);
	char *count = catalog_number(c, 2, 8);
	total = catalog_number(c, 2, 14);
	s = catalog_format(c, 2, "thanks.others", "count", count, "total", total, NULL);
	assert_non_null(strstr(s, "٨ من أصل ١٤"));
	free(s);
	free(count);
	free(total);
	s = catalog_format(c, 0, "thanks.compare", "percent", "62", "keyword", "Kunskapsstad",
			   NULL);
	assert_string_equal(s, "62\u00a0% av alla här vill också att \u201dKunskapsstad\u201d ska "
			       "prägla Norrköping");
	free(s);
	catalog_destroy(c);
}

static void test_fallbacks(void **state)
{
	struct catalog *c = parse_ok(SV_FILE, NULL);
	c = parse_ok(EN_HEAD "sort.done = Done\n", c);
	assert_string_equal(catalog_text(c, 1, "sort.done"), "Done");
	/* English has no progress text: the Swedish one shows */
	assert_string_equal(catalog_text(c, 1, "sort.progress"), "{placed} av {total}");
	/* an id nobody has: the id itself, so the gap is visible but nothing breaks */
	assert_string_equal(catalog_text(c, 1, "no.such"), "no.such");
	assert_string_equal(catalog_text(c, 7, "sort.done"), "Klar");
	assert_string_equal(catalog_text(c, 0, NULL), "");
	assert_string_equal(catalog_text(NULL, 0, "sort.done"), "sort.done");

	struct diag d;
	diag_init(&d);
	assert_int_equal(catalog_missing(c, 1, &d), 1);
	assert_string_equal(d.lines[0],
			    "f.ini: no text for \"sort.progress\"; visitors see the Swedish text");
	assert_int_equal(catalog_missing(c, 0, &d), 0);
	assert_int_equal(catalog_missing(c, 5, &d), 0);
	diag_finish(&d);
	catalog_destroy(c);

	/* without Swedish there is nothing to fall back to or to miss */
	c = parse_ok(EN_HEAD "sort.done = Done\nonly.en = Extra\n", NULL);
	assert_string_equal(catalog_text(c, 0, "sort.progress"), "sort.progress");
	assert_int_equal(catalog_missing(c, 0, NULL), 0);
	/* Swedish read after English is not checked against it, and lacks what English has */
	c = parse_ok(SV_FILE, c);
	assert_string_equal(catalog_text(c, 1, "only.en"), "only.en");
	assert_string_equal(catalog_text(c, 1, "sort.done"), "Klar");
	catalog_destroy(c);
}

static void test_codes(void **state)
{
	const char *good[] = {"sv", "en", "ar", "so", "fil", "pt-br", "zh-hant-tw", "sr-latn"};
	const char *bad[] = {"",    "s",      "svsv",	      "SV", "pt_br",
			     "pt-", "pt--br", "sr-abcdefghi", "sv "};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(catalog_valid_code(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(catalog_valid_code(bad[i]));
}

static void test_accessors_out_of_range(void **state)
{
	assert_null(catalog_code(NULL, 0));
	assert_null(catalog_name(NULL, 0));
	assert_null(catalog_file(NULL, 0));
	assert_false(catalog_rtl(NULL, 0));
	assert_int_equal(catalog_text_count(NULL, 0), 0);
	assert_int_equal(catalog_find(NULL, "sv"), -1);
	struct catalog *c = parse_ok(SV_FILE, NULL);
	assert_null(catalog_code(c, 1));
	assert_null(catalog_name(c, 1));
	assert_null(catalog_file(c, 1));
	assert_false(catalog_rtl(c, 1));
	assert_int_equal(catalog_text_count(c, 1), 0);
	assert_int_equal(catalog_count(NULL), 0);
	catalog_destroy(c);
	catalog_destroy(NULL);
}

static void test_format(void **state)
{
	struct catalog *c = parse_ok(SV_HEAD "a = {x} och {x}, {y} och {other}\n"
					     "b = Inget att fylla i\n",
				     NULL);
	char *s = catalog_format(c, 0, "a", "x", "1", "y", "{x}", NULL);
	/* every {x} is filled, a value is never filled in again, the rest stays as written */
	assert_string_equal(s, "1 och 1, {x} och {other}");
	free(s);
	s = catalog_format(c, 0, "a", NULL);
	assert_string_equal(s, "{x} och {x}, {y} och {other}");
	free(s);
	/* a NULL value ends the list */
	s = catalog_format(c, 0, "a", "x", NULL, "y", "2", NULL);
	assert_string_equal(s, "{x} och {x}, {y} och {other}");
	free(s);
	s = catalog_format(c, 0, "b", "x", "1", NULL);
	assert_string_equal(s, "Inget att fylla i");
	free(s);
	s = catalog_format(c, 0, "", NULL);
	assert_string_equal(s, "");
	free(s);
	catalog_destroy(c);
}

static void test_numbers(void **state)
{
	struct catalog *c = parse_ok(SV_HEAD "a = b\n", NULL);
	c = parse_ok("[language]\ncode = ar\nname = العربية\ndirection = rtl\n"
		     "digits = arabic-indic\n",
		     c);
	const struct {
		long n;
		const char *latin, *arabic;
	} cases[] = {
		{0, "0", "٠"},
		{7, "7", "٧"},
		{1234567890, "1234567890", "١٢٣٤٥٦٧٨٩٠"},
		{-42, "-42", "-٤٢"},
		{LONG_MAX, "9223372036854775807", "٩٢٢٣٣٧٢٠٣٦٨٥٤٧٧٥٨٠٧"},
		{LONG_MIN, "-9223372036854775808", "-٩٢٢٣٣٧٢٠٣٦٨٥٤٧٧٥٨٠٨"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *latin = catalog_number(c, 0, cases[i].n);
		char *arabic = catalog_number(c, 1, cases[i].n);
		char *none = catalog_number(NULL, 0, cases[i].n);
		assert_string_equal(latin, cases[i].latin);
		assert_string_equal(arabic, cases[i].arabic);
		assert_string_equal(none, cases[i].latin);
		free(latin);
		free(arabic);
		free(none);
	}
	catalog_destroy(c);
}

static void test_override(void **state)
{
	struct catalog *c = parse_ok(SV_FILE, NULL);
	c = parse_ok(EN_HEAD "sort.done = Done\n", c);
	assert_true(catalog_override(c, "sv", "sort.done", "Färdig"));
	assert_string_equal(catalog_text(c, 0, "sort.done"), "Färdig");
	/* filling a gap counts as a text of the language from then on */
	assert_true(catalog_override(c, "en", "sort.progress", "{placed}/{total}"));
	assert_string_equal(catalog_text(c, 1, "sort.progress"), "{placed}/{total}");
	assert_int_equal(catalog_text_count(c, 1), 2);

	assert_false(catalog_override(c, "fr", "sort.done", "Fini"));
	assert_false(catalog_override(c, "en", "sort.dune", "Done"));
	assert_false(catalog_override(c, "en", "sort.progress", "{placed} of all"));
	assert_false(catalog_override(c, "en", "sort.done", ""));
	assert_string_equal(catalog_text(c, 1, "sort.progress"), "{placed}/{total}");
	catalog_destroy(c);
}

static void test_check_text(void **state)
{
	struct catalog *c = parse_ok(EN_HEAD "x = {n} items\n", NULL);
	struct diag why;
	diag_init(&why);
	/* without Swedish, any loaded id may be checked, and placeholders are free */
	assert_true(catalog_check_text(c, "x", "{count} things", &why));
	assert_false(catalog_check_text(c, "y", "text", &why));
	assert_string_equal(why.lines[0], "\"y\" is not a text id of sv.ini; check the spelling");
	catalog_destroy(c);
	diag_finish(&why);

	/* without Swedish, an id is known when any language has it */
	c = parse_ok(EN_HEAD "x = X\n", NULL);
	c = parse_ok("[language]\ncode = de\nname = Deutsch\n[text]\ny = Y\n", c);
	diag_init(&why);
	assert_true(catalog_check_text(c, "y", "Ypsilon", &why));
	catalog_destroy(c);

	c = parse_ok(SV_HEAD "twice = {n} och {n}\n", NULL);
	assert_false(catalog_check_text(c, "twice", "none", &why));
	assert_int_equal(why.count, 1);
	assert_string_equal(why.lines[0], "the Swedish text has {n}; this one must have it too");
	catalog_destroy(c);
	diag_finish(&why);

	c = parse_ok(SV_FILE, NULL);
	diag_init(&why);
	assert_false(catalog_check_text(c, "sort.progress", "{placed} {placed} {x} {x}", &why));
	assert_int_equal(why.count, 2);
	assert_string_equal(why.lines[0],
			    "the Swedish text has {total}; this one must have it too");
	assert_string_equal(why.lines[1], "{x} is not in the Swedish text, so nothing would fill "
					  "it; use only the placeholders the Swedish text has");
	diag_finish(&why);
	catalog_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_languages),
		cmocka_unit_test(test_bundled_translations_are_complete),
		cmocka_unit_test(test_bundled_texts),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_accessors_out_of_range),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_check_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
