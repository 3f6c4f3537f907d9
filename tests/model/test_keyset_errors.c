/* The keyword set's metadata, header row and rows: what is read from them, and every
 * mistake in them reported with its line and a sentence saying how to fix it. */
#include "test_keyset.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata),      cmocka_unit_test(test_metadata_errors),
		cmocka_unit_test(test_header_errors), cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_row_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
