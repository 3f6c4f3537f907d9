/* The keyword set reader as staff meet it: files the way spreadsheets save them load (the
 * sample, quoted cells, BOMs and CRLF, pictures, comment rows, many keywords). The mistakes
 * are test_keyset_errors.c's, the characters test_keyset_text.c's. */
#include "test_keyset.h"

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
	/* as many rows as a set may hold: enough to make the id index grow
	 * several times */
	size_t n = KEYSET_MAX_KEYWORDS;
	char *text = malloc((n + 1) * 32 + 64);
	size_t len = (size_t)snprintf(text, 64, "# set-id: many\nid\tsv\n");
	size_t but_one = 0;
	for (size_t i = 0; i < n; i++) {
		but_one = len;
		len += (size_t)snprintf(text + len, 32, "kw%zu\tOrd %zu\n", i, i);
	}
	struct keyset *ks = parse_ok(text);
	assert_int_equal(keyset_count(ks), n);
	for (size_t i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "kw%zu", i);
		assert_int_equal(keyset_find(ks, id), (long)i);
	}
	assert_int_equal(keyset_find(ks, "kw500"), -1);
	keyset_destroy(ks);
	/* one more is more than the tally takes of one set (model/plausible.h) */
	len += (size_t)snprintf(text + len, 32, "kw500\tOrd 500\n");
	struct diag d;
	assert_null(parse_n(text, len, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.tsv:2: the set has 501 keywords, and a keyword set "
					"holds at most 500; split it into sets of its own");
	diag_finish(&d);
	/* a duplicate of the very first id, found after all that growth */
	len = but_one;
	len += (size_t)snprintf(text + len, 32, "kw0\tAgain\n");
	assert_null(parse_n(text, len, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.tsv:502: duplicate id \"kw0\" (first on line 3)");
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
		cmocka_unit_test(test_no_terminator_needed),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_comment_rows_between_keywords),
		cmocka_unit_test(test_many_keywords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
