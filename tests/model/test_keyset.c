/* The keyword set reader as staff meet it: files the way spreadsheets save them load, and
 * every mistake is reported, each with the line and a sentence saying how to fix it. */
#include "common/diag.h"
#include "model/keyset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD "# set-id: test\nid\tsv\ten\n"

static struct keyset *parse_n(const char *text, size_t len, struct diag *d)
{
	diag_init(d);
	return keyset_parse(text, len, "f.tsv", d);
}

static struct keyset *parse_ok(const char *text)
{
	struct diag d;
	struct keyset *ks = parse_n(text, strlen(text), &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_int_equal(d.count, 0);
	assert_non_null(ks);
	diag_finish(&d);
	return ks;
}

/* Parsing must fail with exactly these messages, in this order (NULL-terminated). */
static void expect_fail_n(const char *text, size_t len, ...)
{
	struct diag d;
	struct keyset *ks = parse_n(text, len, &d);
	assert_null(ks);
	va_list ap;
	va_start(ap, len);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		if (i >= d.count)
			fail_msg("missing message: %s", want);
		if (strcmp(d.lines[i], want) != 0)
			fail_msg("message %zu:\n  got:  %s\n  want: %s", i, d.lines[i], want);
	}
	va_end(ap);
	if (i != d.count)
		fail_msg("%zu messages expected, got %zu; extra: %s", i, d.count, d.lines[i]);
	diag_finish(&d);
}

#define expect_fail(text, ...) expect_fail_n(text, strlen(text), __VA_ARGS__, (const char *)NULL)

/* A single error whose message contains needle, on the given line. */
static void expect_one_error(const char *text, size_t len, size_t line, const char *needle)
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
	snprintf(prefix, sizeof(prefix), "f.tsv:%zu: ", line);
	if (strncmp(d.lines[0], prefix, strlen(prefix)) != 0 || !strstr(d.lines[0], needle))
		fail_msg("got \"%s\", want line %zu and \"%s\"", d.lines[0], line, needle);
	diag_finish(&d);
}

static void test_sample_file(void **state)
{
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv", root);
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_load(path, &d);
	assert_non_null(ks);
	assert_int_equal(d.count, 0);
	assert_string_equal(keyset_id(ks), "norrkoping-2035-sample");
	assert_string_equal(keyset_version(ks), "1");
	assert_true(keyset_is_sample(ks));
	assert_int_equal(keyset_count(ks), 36);
	assert_int_equal(keyset_language_count(ks), 4);
	assert_string_equal(keyset_language(ks, 0), "sv");
	assert_string_equal(keyset_language(ks, 1), "en");
	assert_string_equal(keyset_language(ks, 2), "ar");
	assert_string_equal(keyset_language(ks, 3), "so");
	long m = keyset_find(ks, "motala-strom");
	assert_true(m >= 0);
	assert_string_equal(keyset_label(ks, (size_t)m, 0), "Motala ström");
	assert_string_equal(keyset_label(ks, (size_t)m, 1), "The Motala River");
	assert_string_equal(keyset_label(ks, (size_t)m, 2), "نهر موتالا");
	assert_string_equal(keyset_label(ks, (size_t)m, 3), "Webiga Motala");
	assert_string_equal(keyset_description(ks, (size_t)m, "sv-lattlast"),
			    "Ån som rinner genom Norrköping.");
	assert_string_equal(keyset_image(ks, (size_t)m), "motala-strom.png");
	/* every sample keyword has its pictogram, named after its id */
	for (size_t i = 0; i < keyset_count(ks); i++) {
		char want[128];
		snprintf(want, sizeof(want), "%s.png", keyset_keyword_id(ks, i));
		assert_string_equal(keyset_image(ks, i), want);
	}
	keyset_destroy(ks);
	diag_finish(&d);
}

static void test_load_missing_file(void **state)
{
	struct diag d;
	diag_init(&d);
	assert_null(keyset_load("/nonexistent/keywords.tsv", &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "/nonexistent/keywords.tsv: cannot open: No such file or "
					"directory");
	diag_finish(&d);
	keyset_destroy(NULL);
}

static void test_brief_example_and_accessors(void **state)
{
	struct keyset *ks = parse_ok(
		"# visionsort keyword set\n"
		"# set-id: norrkoping-2035-sample\n"
		"# version: 1\n"
		"# sample: yes\n"
		"# title: Norrköping 2035 – exempelord\n"
		"id\tsv\ten\tar\timage\n"
		"kunskapsstad\tKunskapsstad\tCity of knowledge\tمدينة المعرفة\t\n"
		"motala-strom\tMotala ström\t\t\tmotala.png\n");
	assert_string_equal(keyset_id(ks), "norrkoping-2035-sample");
	assert_string_equal(keyset_version(ks), "1");
	assert_true(keyset_is_sample(ks));
	assert_int_equal(keyset_count(ks), 2);
	assert_int_equal(keyset_language_count(ks), 3);
	assert_string_equal(keyset_language(ks, 0), "sv");
	assert_string_equal(keyset_language(ks, 2), "ar");
	assert_null(keyset_language(ks, 3));
	assert_int_equal(keyset_language_index(ks, "sv"), 0);
	assert_int_equal(keyset_language_index(ks, "AR"), 2);
	assert_int_equal(keyset_language_index(ks, "a"), -1);
	assert_int_equal(keyset_language_index(ks, "fr"), -1);
	assert_int_equal(keyset_language_index(ks, NULL), -1);
	assert_string_equal(keyset_keyword_id(ks, 0), "kunskapsstad");
	assert_string_equal(keyset_keyword_id(ks, 1), "motala-strom");
	assert_null(keyset_keyword_id(ks, 2));
	assert_int_equal(keyset_find(ks, "motala-strom"), 1);
	assert_int_equal(keyset_find(ks, "kunskapsstad"), 0);
	assert_int_equal(keyset_find(ks, "motala"), -1);
	assert_int_equal(keyset_find(ks, "motala-stromx"), -1);
	assert_int_equal(keyset_find(ks, ""), -1);
	assert_int_equal(keyset_find(ks, NULL), -1);
	assert_string_equal(keyset_label(ks, 0, 1), "City of knowledge");
	assert_string_equal(keyset_label(ks, 0, 2), "مدينة المعرفة");
	/* empty translations show the Swedish label */
	assert_string_equal(keyset_label(ks, 1, 1), "Motala ström");
	assert_string_equal(keyset_label(ks, 1, 2), "Motala ström");
	assert_string_equal(keyset_label(ks, 1, 99), "Motala ström");
	assert_null(keyset_label(ks, 2, 0));
	assert_null(keyset_image(ks, 0));
	assert_string_equal(keyset_image(ks, 1), "motala.png");
	assert_null(keyset_image(ks, 2));
	keyset_destroy(ks);
}

static void test_column_order_and_short_rows(void **state)
{
	/* sv need not come first; languages keep column order after it */
	struct keyset *ks = parse_ok("# set-id: t\n"
				     "note\tso\tid\tar\tsv\ten\n"
				     "for editors\tSo1\ta\tAr1\tSv1\tEn1\n"
				     "\t\tb\t\tSv2\n"
				     "\t\tc\tAr3\tSv3\t\t\t\n");
	assert_int_equal(keyset_language_count(ks), 4);
	const char *langs[] = {"sv", "so", "ar", "en"};
	for (size_t l = 0; l < 4; l++)
		assert_string_equal(keyset_language(ks, l), langs[l]);
	assert_string_equal(keyset_label(ks, 0, 0), "Sv1");
	assert_string_equal(keyset_label(ks, 0, 1), "So1");
	assert_string_equal(keyset_label(ks, 0, 2), "Ar1");
	assert_string_equal(keyset_label(ks, 0, 3), "En1");
	/* a row that stops before the en column: en falls back to Swedish */
	for (size_t l = 0; l < 4; l++)
		assert_string_equal(keyset_label(ks, 1, l), "Sv2");
	assert_string_equal(keyset_label(ks, 2, 2), "Ar3");
	assert_string_equal(keyset_label(ks, 2, 3), "Sv3");
	keyset_destroy(ks);
}

static void test_bom_crlf_and_blank_lines(void **state)
{
	struct keyset *ks = parse_ok("\xef\xbb\xbf# set-id: t \r\n"
				     "\r\n"
				     "   \t \t\r\n"
				     "ID \t SV\tEn\r\n"
				     "a\tAlfa\tAlpha\r\n"
				     "\t\t\r\n"
				     "b\tBeta\r\n");
	assert_string_equal(keyset_id(ks), "t");
	assert_int_equal(keyset_count(ks), 2);
	assert_string_equal(keyset_keyword_id(ks, 0), "a");
	assert_string_equal(keyset_label(ks, 0, 1), "Alpha");
	assert_string_equal(keyset_label(ks, 1, 0), "Beta");
	keyset_destroy(ks);

	/* line numbers count every line, blank and CRLF ones included */
	expect_fail("\xef\xbb\xbf# set-id: t\r\n\r\n \r\nid\tsv\r\na\t\r\n",
		    "f.tsv:5: the Swedish label (column sv) is empty; every keyword needs one");
	/* CR CR LF, from converting line ends twice, is still one line end */
	ks = parse_ok("# set-id: t\r\r\nid\tsv\r\r\na\tAlfa\r\r\n");
	assert_string_equal(keyset_label(ks, 0, 0), "Alfa");
	keyset_destroy(ks);
	/* no newline at the end of the last line */
	ks = parse_ok("# set-id: t\nid\tsv\nlast\tSista");
	assert_string_equal(keyset_label(ks, 0, 0), "Sista");
	keyset_destroy(ks);
	/* a BOM alone is not a header */
	expect_fail(
		"\xef\xbb\xbf",
		"f.tsv:1: the file has no set-id; add a line \"# set-id: NAME\" at the top, NAME "
		"in lower-case letters, digits and '-'",
		"f.tsv:1: the file has no header row; add a line naming the columns, such as id, "
		"sv and en separated by tabs");
}

static void test_quoted_cells(void **state)
{
	struct keyset *ks = parse_ok("\"# set-id: q\"\t\t\n"
				     "\"# title: \"\"Quoted\"\" title\"\n"
				     "\"id\"\t\"sv\"\t\"en\"\n"
				     "a\t\"Kultur för alla\"\t\"Say \"\"hi\"\"\"\n"
				     " b \t  \" padded \"  \t\"\"\n"
				     "c\t\"\"\"\"\t\"tab\"\n");
	assert_string_equal(keyset_id(ks), "q");
	assert_int_equal(keyset_count(ks), 3);
	assert_string_equal(keyset_label(ks, 0, 0), "Kultur för alla");
	assert_string_equal(keyset_label(ks, 0, 1), "Say \"hi\"");
	assert_string_equal(keyset_keyword_id(ks, 1), "b");
	assert_string_equal(keyset_label(ks, 1, 0), "padded");
	/* "" is an empty cell, so English falls back */
	assert_string_equal(keyset_label(ks, 1, 1), "padded");
	assert_string_equal(keyset_label(ks, 2, 0), "\"");
	keyset_destroy(ks);

	/* a row of quoted empty cells is a blank row */
	ks = parse_ok("# set-id: q\nid\tsv\n\"\"\t\"\"\na\tA\n");
	assert_int_equal(keyset_count(ks), 1);
	keyset_destroy(ks);
}

static void test_quote_errors(void **state)
{
	expect_fail(
		HEAD "a\t\"Alfa\tAlpha\n"
		     "b\t\"Beta\" x\tBeta\n"
		     "c\tGamma\t\"Gam\n",
		"f.tsv:3: column B starts with a double quote but has no closing quote; end the "
		"text with \" or remove the opening one",
		"f.tsv:4: column B has text after its closing double quote; write a quote inside "
		"quoted text twice (\"\")",
		"f.tsv:5: column C starts with a double quote but has no closing quote; end the "
		"text with \" or remove the opening one");
	/* in the header the column is reported, and so is what it leaves missing */
	expect_fail("# set-id: t\nid\t\"sv\n",
		    "f.tsv:2: column B starts with a double quote but has no closing quote; end the "
		    "text with \" or remove the opening one",
		    "f.tsv:2: the header row has no \"sv\" column; add one holding the Swedish "
		    "labels",
		    "f.tsv:2: there are no keywords; add one row per keyword below the header row");
	/* a broken quote where a comment would start makes it a row, not a comment */
	expect_fail(
		HEAD "\"# not closed\tX\n",
		"f.tsv:3: column A starts with a double quote but has no closing quote; end the "
		"text with \" or remove the opening one",
		"f.tsv:3: id \"\"# not closed\" may only use lower-case letters a-z, digits, '-' "
		"and '_' (no spaces, capitals or å ä ö), starting with a letter or digit");
}

static void test_metadata(void **state)
{
	struct keyset *ks = parse_ok("#visionsort keyword set\n"
				     "#  Set-ID  :   case-and.space_1  \t\t\t\n"
				     "# VERSION: 12\t\n"
				     "# Sample: TRUE\n"
				     "# author: somebody: not a key we know\n"
				     "#: no key at all\n"
				     "#   : still no key\n"
				     "# title:\tin the next cell\n"
				     "# note: a note\twith a tab\t\t\n"
				     "id\tsv\n"
				     "# set-id: later-comment\n"
				     "# note: comments between rows are just comments\n"
				     "a\tA\n");
	assert_string_equal(keyset_id(ks), "case-and.space_1");
	assert_string_equal(keyset_version(ks), "12");
	assert_true(keyset_is_sample(ks));
	assert_int_equal(keyset_count(ks), 1);
	keyset_destroy(ks);

	const char *samples[][2] = {{"yes", "1"},   {"1", "1"}, {"Yes", "1"}, {"no", "0"},
				    {"false", "0"}, {"0", "0"}, {"", "0"},    {"NO", "0"}};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "# set-id: t\n# sample: %s\nid\tsv\na\tA\n",
			 samples[i][0]);
		ks = parse_ok(text);
		assert_int_equal(keyset_is_sample(ks), samples[i][1][0] == '1');
		keyset_destroy(ks);
	}
	ks = parse_ok("# set-id: t\nid\tsv\na\tA\n");
	assert_false(keyset_is_sample(ks));
	assert_string_equal(keyset_version(ks), "1");
	keyset_destroy(ks);
}

static void test_metadata_errors(void **state)
{
	expect_fail("# set-id: a\n# Set-Id: b\n# note: x\n# NOTE: y\nid\tsv\nk\tK\n",
		    "f.tsv:2: \"set-id\" is given twice (first on line 1); keep one of them",
		    "f.tsv:4: \"note\" is given twice (first on line 3); keep one of them");
	const char *bad_ids[] = {"Norrköping", "-x", "", "a b", "a\tb", "a/b", "_x", "a~"};
	for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		char text[128], want[256];
		snprintf(text, sizeof(text), "# set-id: %s\nid\tsv\na\tA\n", bad_ids[i]);
		snprintf(want, sizeof(want), "set-id \"%s\" may only use", bad_ids[i]);
		expect_one_error(text, strlen(text), 1, want);
	}
	const char *bad_versions[] = {"v2", "0", "", "01", "1.5", "1234567890", "-1", "1a"};
	for (size_t i = 0; i < sizeof(bad_versions) / sizeof(bad_versions[0]); i++) {
		char text[128], want[256];
		snprintf(text, sizeof(text), "# set-id: t\n# version: %s\nid\tsv\na\tA\n",
			 bad_versions[i]);
		snprintf(want, sizeof(want), "version \"%s\" is not a whole number",
			 bad_versions[i]);
		expect_one_error(text, strlen(text), 2, want);
	}
	struct keyset *ks = parse_ok("# set-id: t\n# version: 123456789\nid\tsv\na\tA\n");
	assert_string_equal(keyset_version(ks), "123456789");
	keyset_destroy(ks);
	expect_fail("# set-id: t\n# sample: ja\nid\tsv\na\tA\n",
		    "f.tsv:2: sample is \"ja\"; write yes for invented test data or no for a real "
		    "keyword set");
	/* misspelled key: a plain comment, so the set-id is missing */
	expect_fail("# setid: t\nid\tsv\na\tA\n",
		    "f.tsv:1: the file has no set-id; add a line \"# set-id: NAME\" at the top, NAME "
		    "in lower-case letters, digits and '-'");
	/* set-id below the header does not count */
	expect_fail("id\tsv\n# set-id: t\na\tA\n",
		    "f.tsv:1: the file has no set-id; add a line \"# set-id: NAME\" at the top, NAME "
		    "in lower-case letters, digits and '-'");
	/* a NUL cannot hide the rest of a value */
	static const char nul_id[] = "# set-id: ab\0cd\nid\tsv\na\tA\n";
	expect_fail_n(nul_id, sizeof(nul_id) - 1,
		      "f.tsv:1: the line holds a control character (byte 13 is 0x00); delete it",
		      "f.tsv:1: set-id \"ab\xEF\xBF\xBD"
		      "cd\" may only use lower-case letters a-z, "
		      "digits, '-', '_' and '.', starting with a letter or digit",
		      (const char *)NULL);
}

static void test_header_errors(void **state)
{
	expect_fail(
		"# set-id: t\nid\tsv\tEnglish\ten\tEN\t\tnote\tNote\n",
		"f.tsv:2: column C \"English\" is not id, sv, image, note or a language code such "
		"as en or ar",
		"f.tsv:2: column E \"EN\" repeats column D; delete one of them",
		"f.tsv:2: column F has no name; name it with a language code such as en, or "
		"delete the column",
		"f.tsv:2: column H \"Note\" repeats column G; delete one of them",
		"f.tsv:2: there are no keywords; add one row per keyword below the header row");
	/* commas and semicolons separate as well as tabs (more in test_keyset_forms.c), but one
	 * header row takes one of them */
	expect_fail("# set-id: t\nid;sv,en\na;A,B\n",
		    "f.tsv:2: column B \"sv,en\" is not id, sv, image, note or a language code such "
		    "as en or ar; the header row mixes separators, separate all its columns by "
		    "semicolons",
		    "f.tsv:2: the header row has no \"sv\" column; add one holding the Swedish "
		    "labels");
	expect_fail("# set-id: t\nid\tsv\ten,ar\na\tA\tB\n",
		    "f.tsv:2: column C \"en,ar\" is not id, sv, image, note or a language code such "
		    "as en or ar; the header row mixes separators, separate all its columns by "
		    "tabs");
	expect_fail("# set-id: t\nsv\tid\tid\tsv\timage\tIMAGE\nA\ta\n",
		    "f.tsv:2: column C \"id\" repeats column B; delete one of them",
		    "f.tsv:2: column D \"sv\" repeats column A; delete one of them",
		    "f.tsv:2: column F \"IMAGE\" repeats column E; delete one of them");

	const char *good[] = {"so",    "fil",	 "sv-x-easy",  "zh-hant",
			      "en-gb", "ar-001", "so-12345678"};
	const char *written[] = {"so",	  "FIL",    "sv-x-easy",  "zh-Hant",
				 "en-GB", "ar-001", "SO-12345678"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "# set-id: t\nid\tsv\t%s\na\tA\tB\n", written[i]);
		struct keyset *ks = parse_ok(text);
		assert_string_equal(keyset_language(ks, 1), good[i]);
		assert_string_equal(keyset_label(ks, 0, 1), "B");
		keyset_destroy(ks);
	}
	const char *bad[] = {"e",  "engl",  "en-",   "en-abcdefghi", "en_us",	 "1a",
			     "e1", "en--x", "en-x!", "x1-abcdefgh",  "swe dish", "en~"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128], want[128];
		snprintf(text, sizeof(text), "# set-id: t\nid\tsv\t%s\na\tA\tB\n", bad[i]);
		snprintf(want, sizeof(want), "column C \"%s\" is not id, sv", bad[i]);
		expect_one_error(text, strlen(text), 2, want);
	}
	/* column letters go on past Z as in a spreadsheet */
	char wide[512];
	size_t wlen = (size_t)snprintf(wide, sizeof(wide), "# set-id: t\nid\tsv");
	for (int i = 0; i < 25; i++)
		wlen += (size_t)snprintf(wide + wlen, sizeof(wide) - wlen, "\tnote");
	snprintf(wide + wlen, sizeof(wide) - wlen, "\n");
	struct diag d;
	assert_null(parse_n(wide, strlen(wide), &d));
	assert_string_equal(d.lines[0],
			    "f.tsv:2: column D \"note\" repeats column C; delete one of "
			    "them");
	assert_string_equal(d.lines[23], "f.tsv:2: column AA \"note\" repeats column C; delete one "
					 "of them");
	diag_finish(&d);
}

static void test_missing_parts(void **state)
{
	expect_fail(
		"",
		"f.tsv:1: the file has no set-id; add a line \"# set-id: NAME\" at the top, NAME "
		"in lower-case letters, digits and '-'",
		"f.tsv:1: the file has no header row; add a line naming the columns, such as id, "
		"sv and en separated by tabs");
	expect_fail("# set-id: t\n# only comments\n\n",
		    "f.tsv:1: the file has no header row; add a line naming the columns, such as id, "
		    "sv and en separated by tabs");
	expect_fail("# set-id: t\n\nid\tsv\ten\n\n# no rows\n\t\n",
		    "f.tsv:3: there are no keywords; add one row per keyword below the header row");
	/* one keyword is enough */
	struct keyset *ks = parse_ok("# set-id: t\nid\tsv\nx\tX\n");
	assert_int_equal(keyset_count(ks), 1);
	keyset_destroy(ks);
	/* without an id column, rows are still checked for what can be checked */
	expect_fail("# set-id: t\nsv\ten\nA\t\"B\nC\tD\tE\n",
		    "f.tsv:2: the header row has no \"id\" column; add one holding each keyword's "
		    "permanent id",
		    "f.tsv:3: column B starts with a double quote but has no closing quote; end the "
		    "text with \" or remove the opening one",
		    "f.tsv:4: the row has text in column C, but the header row names only 2 "
		    "columns; delete that text or name its column");
	/* with no sv column, ids are not checked: the header message says it all */
	expect_fail("# set-id: t\nid\ten\nBAD ID\tX\n",
		    "f.tsv:2: the header row has no \"sv\" column; add one holding the Swedish "
		    "labels");
	/* a row that ends before the id column has no id */
	expect_fail("# set-id: t\nsv\tid\nAlfa\n",
		    "f.tsv:3: the row has no id; give it a permanent id such as kunskapsstad");
	/* a NUL inside a column name does not make it "id" */
	static const char nul_col[] = "# set-id: t\nid\0\tsv\nk\tK\n";
	struct diag d;
	assert_null(parse_n(nul_col, sizeof(nul_col) - 1, &d));
	assert_int_equal(d.count, 3);
	assert_string_equal(d.lines[0], "f.tsv:2: the line holds a control character (byte 3 is "
					"0x00); delete it");
	assert_non_null(strstr(d.lines[1], "f.tsv:2: column A \"id\xEF\xBF\xBD\""));
	assert_string_equal(d.lines[2], "f.tsv:2: the header row has no \"id\" column; add one "
					"holding each keyword's permanent id");
	diag_finish(&d);
	/* a caller that does not want the messages still gets NULL */
	assert_null(keyset_parse("id\tsv\n", 6, "f.tsv", NULL));
}

static void test_row_errors(void **state)
{
	char long_id[80];
	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	char text[1024];
	snprintf(text, sizeof(text),
		 HEAD "trygghet\tTrygghet\n"
		      "\tNo id\n"
		      "Trygghet\tCapital\n"
		      "motala strom\tSpace\n"
		      "kärlek\tÅ\n"
		      "-dash\tDash\n"
		      "%s\tLong\n"
		      "trygghet\tAgain\n"
		      "empty-sv\t\tEnglish only\n"
		      "short\n"
		      "extra\tX\tY\t\t\tZ\t\n"
		      "ok_id-2\tFine\tFine\t\t\t\n",
		 long_id);
	char want_long[256];
	snprintf(want_long, sizeof(want_long),
		 "f.tsv:9: id \"%s\" is 65 characters long; use at most 64", long_id);
	const char *tail = "may only use lower-case letters a-z, digits, '-' and '_' (no spaces, "
			   "capitals or å ä ö), starting with a letter or digit";
	char w5[256], w6[256], w7[256], w8[256];
	snprintf(w5, sizeof(w5), "f.tsv:5: id \"Trygghet\" %s", tail);
	snprintf(w6, sizeof(w6), "f.tsv:6: id \"motala strom\" %s", tail);
	snprintf(w7, sizeof(w7), "f.tsv:7: id \"kärlek\" %s", tail);
	snprintf(w8, sizeof(w8), "f.tsv:8: id \"-dash\" %s", tail);
	expect_fail(text, "f.tsv:4: the row has no id; give it a permanent id such as kunskapsstad",
		    w5, w6, w7, w8, want_long,
		    "f.tsv:10: duplicate id \"trygghet\" (first on line 3)",
		    "f.tsv:11: the Swedish label (column sv) is empty; every keyword needs one",
		    "f.tsv:12: the Swedish label (column sv) is empty; every keyword needs one",
		    "f.tsv:13: the row has text in column F, but the header row names only 3 "
		    "columns; delete that text or name its column");

	/* 64 bytes is allowed; an id is taken even when its row has another problem */
	memset(long_id, 'b', 64);
	long_id[64] = '\0';
	snprintf(text, sizeof(text), HEAD "%s\tOk\nx\t\nx\tX\nx\tY\n", long_id);
	expect_fail(text,
		    "f.tsv:4: the Swedish label (column sv) is empty; every keyword needs one",
		    "f.tsv:5: duplicate id \"x\" (first on line 4)",
		    "f.tsv:6: duplicate id \"x\" (first on line 4)");

	/* characters just past z are not letters */
	expect_one_error(HEAD "tilde~\tT\n", strlen(HEAD "tilde~\tT\n"), 3,
			 "id \"tilde~\" may only");

	/* trailing text past the header through a quoted cell counts as text */
	expect_fail(HEAD "a\tA\tB\t\"\"\"\"\n",
		    "f.tsv:3: the row has text in column D, but the header row names only 3 "
		    "columns; delete that text or name its column");
}

/* n copies of a UTF-8 character. */
static void repeat(char *out, const char *ch, size_t n)
{
	size_t w = strlen(ch);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * w, ch, w);
	out[n * w] = '\0';
}

static void test_label_length_in_characters(void **state)
{
	char sv60[256], ar60[512], sv61[256], ar61[512], en61[128], text[2048];
	repeat(sv60, "ö", 60); /* 120 bytes */
	repeat(ar60, "م", 60); /* 120 bytes */
	repeat(sv61, "å", 61);
	repeat(ar61, "ع", 61);
	repeat(en61, "e", 61);
	snprintf(text, sizeof(text), "# set-id: t\nid\tsv\tar\ten\na\t%s\t%s\t%s\n", sv60, ar60,
		 "\xf0\x9f\x98\x80"); /* one emoji counts as one character */
	struct keyset *ks = parse_ok(text);
	assert_string_equal(keyset_label(ks, 0, 0), sv60);
	assert_string_equal(keyset_label(ks, 0, 1), ar60);
	keyset_destroy(ks);

	snprintf(text, sizeof(text), "# set-id: t\nid\tsv\tar\ten\na\t%s\t%s\t%s\n", sv61, ar61,
		 en61);
	expect_fail(
		text,
		"f.tsv:3: the sv label is 61 characters long; at most 60 fit on a card, shorten "
		"it",
		"f.tsv:3: the ar label is 61 characters long; at most 60 fit on a card, shorten "
		"it",
		"f.tsv:3: the en label is 61 characters long; at most 60 fit on a card, shorten "
		"it");
	/* the note column is for editors and may be long */
	snprintf(text, sizeof(text), "# set-id: t\nid\tsv\tnote\na\tA\t%s%s\n", sv61, ar61);
	ks = parse_ok(text);
	keyset_destroy(ks);
}

static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *bytes;
		size_t at; /* 1-based byte within the line */
		unsigned value;
	} cases[] = {
		{"a\tK\xf6rlek\n", 4, 0xf6},	     /* Latin-1 ö */
		{"a\tX\xc0\x80\n", 4, 0xc0},	     /* overlong NUL */
		{"a\tX\xe0\x80\xaf\n", 4, 0xe0},     /* overlong / */
		{"a\tX\xf0\x80\x80\xaf\n", 4, 0xf0}, /* overlong, four bytes */
		{"a\tX\xed\xa0\x80\n", 4, 0xed},     /* surrogate */
		{"a\tX\xf4\x90\x80\x80\n", 4, 0xf4}, /* above U+10FFFF */
		{"a\tX\x80\n", 4, 0x80},	     /* stray continuation byte */
		{"a\tX\xff\n", 4, 0xff},	     /* never valid */
		{"a\tX\xe2\x28\xa1\n", 4, 0xe2},     /* broken sequence */
		{"a\tX\xe2\x82\n", 4, 0xe2},	     /* cut at the end of the line */
		{"a\tX\xe2\x82\r\n", 4, 0xe2},	     /* cut before CRLF */
		{"a\tX\xc3\n", 4, 0xc3},	     /* cut after the lead byte */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[128], want[256];
		snprintf(text, sizeof(text), "# set-id: t\nid\tsv\n%s", cases[i].bytes);
		snprintf(want, sizeof(want),
			 "f.tsv:3: not valid UTF-8 text (byte %zu of the line is 0x%02X); save the "
			 "file with the character set Unicode (UTF-8)",
			 cases[i].at, cases[i].value);
		expect_fail(text, want);
	}
	/* anywhere, comments included, and every such line */
	expect_fail("# set-id: t\n# title: Norrk\xf6ping\nid\tsv\na\t\xe5\xe4\n",
		    "f.tsv:2: not valid UTF-8 text (byte 15 of the line is 0xF6); save the file "
		    "with the character set Unicode (UTF-8)",
		    "f.tsv:4: not valid UTF-8 text (byte 3 of the line is 0xE5); save the file "
		    "with the character set Unicode (UTF-8)");
	/* the largest code point and three-byte characters are fine */
	struct keyset *ks = parse_ok("# set-id: t\nid\tsv\na\t\xf4\x8f\xbf\xbf \xe2\x82\xac\n");
	assert_string_equal(keyset_label(ks, 0, 0), "\xf4\x8f\xbf\xbf \xe2\x82\xac");
	keyset_destroy(ks);
}

/* UTF-16 is read (test_keyset_forms.c); only a whole byte-order mark says so */
static void test_byte_order_marks_cut_short(void **state)
{
	const char *almost[] = {"\xff", "\xff\x41", "\xfe\x41", "\xef\x41\x41", "\xef\xbb\x41"};
	for (size_t i = 0; i < sizeof(almost) / sizeof(almost[0]); i++) {
		struct diag d;
		assert_null(parse_n(almost[i], strlen(almost[i]), &d));
		char line[160];
		snprintf(line, sizeof(line),
			 "f.tsv:1: not valid UTF-8 text (byte 1 of the line is "
			 "0x%02X); save the file with the character set Unicode (UTF-8)",
			 (unsigned char)almost[i][0]);
		assert_string_equal(d.lines[0], line);
		diag_finish(&d);
	}
}

static void test_control_characters_and_nul(void **state)
{
	static const char nul[] = "# set-id: t\nid\tsv\ten\na\tAl\0fa\tx\x01y\nb\t\x7f\n";
	expect_fail_n(nul, sizeof(nul) - 1,
		      "f.tsv:3: the line holds a control character (byte 5 is 0x00); delete it",
		      "f.tsv:3: the en label contains a control character; remove it",
		      "f.tsv:4: the sv label contains a control character; remove it",
		      (const char *)NULL);
	/* an embedded carriage return is not a line end */
	expect_fail(HEAD "a\tA\rB\n", "f.tsv:3: the sv label contains a control character; remove "
				      "it");
	/* a NUL cannot cut an id short either: the message names the byte, and quotes no
	 * "ab" that looks like an id (issue 18, 12) */
	static const char nul_id[] = "# set-id: t\nid\tsv\nab\0cd\tX\nef\tY\n";
	expect_fail_n(nul_id, sizeof(nul_id) - 1,
		      "f.tsv:3: the line holds a control character (byte 3 is 0x00); delete it",
		      "f.tsv:3: id \"ab\xEF\xBF\xBD"
		      "cd\" may only use lower-case letters a-z, "
		      "digits, '-' and '_' (no spaces, capitals or å ä ö), starting with a letter or "
		      "digit",
		      (const char *)NULL);
}

static void test_no_terminator_needed(void **state)
{
	/* the parser must stay inside (buf, len): give it exactly that many bytes */
	const char *text = "# set-id: t\nid\tsv\tar\nslut\tSlut\t\"";
	size_t len = strlen(text) - 1; /* leave out the stray quote */
	char *exact = malloc(len);
	memcpy(exact, text, len);
	struct diag d;
	struct keyset *ks = parse_n(exact, len, &d);
	assert_non_null(ks);
	assert_string_equal(keyset_label(ks, 0, 0), "Slut");
	assert_string_equal(keyset_label(ks, 0, 1), "Slut");
	keyset_destroy(ks);
	diag_finish(&d);
	/* and a length shorter than the text ignores the rest */
	ks = parse_n("# set-id: t\nid\tsv\nab\tAB\nBAD ROW", 24, &d);
	assert_non_null(ks);
	assert_int_equal(keyset_count(ks), 1);
	keyset_destroy(ks);
	diag_finish(&d);
	free(exact);
}

static void test_images(void **state)
{
	struct keyset *ks = parse_ok("# set-id: t\nid\tsv\timage\ten\na\tA\tmotala.png\n"
				     "b\tB\t\tBee\nc\tC\tbild med mellanslag.jpg\n");
	assert_string_equal(keyset_image(ks, 0), "motala.png");
	assert_null(keyset_image(ks, 1));
	assert_string_equal(keyset_label(ks, 1, 1), "Bee");
	assert_string_equal(keyset_image(ks, 2), "bild med mellanslag.jpg");
	keyset_destroy(ks);
	const char *bad[] = {"../secret.png", "sub/x.png", "c:\\x.png", ".hidden.png", "a\x01.png"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128], want[128];
		snprintf(text, sizeof(text), "# set-id: t\nid\tsv\timage\na\tA\t%s\n", bad[i]);
		snprintf(want, sizeof(want), "image \"%s\" must be a plain file name", bad[i]);
		expect_one_error(text, strlen(text), 3, want);
	}
}

static void test_comment_rows_between_keywords(void **state)
{
	struct keyset *ks = parse_ok(HEAD "a\tA\n  # retired: b\tB\n#\nc\tC\n");
	assert_int_equal(keyset_count(ks), 2);
	assert_string_equal(keyset_keyword_id(ks, 1), "c");
	assert_int_equal(keyset_find(ks, "b"), -1);
	keyset_destroy(ks);
}

static void test_many_keywords(void **state)
{
	/* enough rows to make the id index grow several times */
	size_t n = 3000;
	char *text = malloc(n * 32 + 64);
	size_t len = (size_t)snprintf(text, 64, "# set-id: many\nid\tsv\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, 32, "kw%zu\tOrd %zu\n", i, i);
	struct keyset *ks = parse_ok(text);
	assert_int_equal(keyset_count(ks), n);
	for (size_t i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "kw%zu", i);
		assert_int_equal(keyset_find(ks, id), (long)i);
	}
	assert_int_equal(keyset_find(ks, "kw3000"), -1);
	keyset_destroy(ks);
	/* a duplicate of the very first id, found after all that growth */
	len += (size_t)snprintf(text + len, 32, "kw0\tAgain\n");
	struct diag d;
	assert_null(parse_n(text, len, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.tsv:3003: duplicate id \"kw0\" (first on line 3)");
	diag_finish(&d);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_file),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_brief_example_and_accessors),
		cmocka_unit_test(test_column_order_and_short_rows),
		cmocka_unit_test(test_bom_crlf_and_blank_lines),
		cmocka_unit_test(test_quoted_cells),
		cmocka_unit_test(test_quote_errors),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_metadata_errors),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_row_errors),
		cmocka_unit_test(test_label_length_in_characters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_byte_order_marks_cut_short),
		cmocka_unit_test(test_control_characters_and_nul),
		cmocka_unit_test(test_no_terminator_needed),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_comment_rows_between_keywords),
		cmocka_unit_test(test_many_keywords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
