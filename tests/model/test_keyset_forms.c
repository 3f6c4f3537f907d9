/* Keyword sets in the forms spreadsheets save them: separated by tabs, semicolons or commas,
 * quoted by RFC 4180, in UTF-8 or UTF-16; the same keywords whichever form, one message per
 * mistake, and a warning where a spreadsheet seems to have made a date of a cell. The files
 * LibreOffice itself wrote are read in tests/model/data (test_saved_by_libreoffice). */
#define KEYSET_TEST_FILE "f.csv"
#include "test_keyset.h"

/* The keywords every form of the small set below must give. */
static void assert_small_set(const struct keyset *ks)
{
	assert_string_equal(keyset_id(ks), "forms");
	assert_string_equal(keyset_version(ks), "2");
	assert_int_equal(keyset_count(ks), 3);
	assert_int_equal(keyset_language_count(ks), 3);
	assert_string_equal(keyset_language(ks, 1), "en");
	assert_string_equal(keyset_language(ks, 2), "ar");
	assert_string_equal(keyset_keyword_id(ks, 0), "kultur");
	assert_string_equal(keyset_label(ks, 0, 0), "Kultur, för alla");
	assert_string_equal(keyset_label(ks, 0, 1), "Culture; for \"all\"");
	assert_string_equal(keyset_label(ks, 0, 2), "ثقافة");
	assert_string_equal(keyset_label(ks, 1, 1), "Motala ström");
	assert_string_equal(keyset_image(ks, 1), "motala.png");
	assert_string_equal(keyset_label(ks, 2, 0), "Sista");
	assert_int_equal(keyset_warnings(ks)->count, 0);
}

static void test_separators(void **state)
{
	static const struct {
		const char *text;
		enum keyset_separator sep;
		const char *name;
	} forms[] = {
		{"# set-id: forms\n# version: 2\nid\tsv\ten\tar\timage\n"
		 "kultur\tKultur, för alla\t\"Culture; for \"\"all\"\"\"\tثقافة\t\n"
		 "motala\tMotala ström\t\t\tmotala.png\n"
		 "sista\tSista\n",
		 KEYSET_TAB, "tab-separated, UTF-8"},
		/* as Swedish spreadsheets save CSV; a blank row is all semicolons */
		{"# set-id: forms;;;;\n# version: 2;;;;\nid;sv;en;ar;image\n;;;;\n"
		 "kultur;Kultur, för alla;\"Culture; for \"\"all\"\"\";ثقافة;\n"
		 "motala;Motala ström;;;motala.png\n"
		 "sista;Sista;;;\n",
		 KEYSET_SEMICOLON, "semicolon-separated, UTF-8"},
		/* as Excel's "CSV UTF-8" saves it: a byte-order mark, CRLF and quotes */
		{"\xef\xbb\xbf\"# set-id: forms\",,,,\r\n\"# version: 2\",,,,\r\n"
		 "\"id\",\"sv\",\"en\",\"ar\",\"image\"\r\n"
		 "\"kultur\",\"Kultur, för alla\",\"Culture; for \"\"all\"\"\",\"ثقافة\",\r\n"
		 "motala , \"Motala ström\" ,,,motala.png\r\n"
		 "\"sista\",\"Sista\",\"\",\"\",\"\"\r\n",
		 KEYSET_COMMA, "comma-separated, UTF-8"},
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct keyset *ks = parse_ok(forms[i].text);
		assert_small_set(ks);
		assert_int_equal(keyset_form(ks).separator, forms[i].sep);
		assert_int_equal(keyset_form(ks).encoding, KEYSET_UTF8);
		assert_string_equal(keyset_form_name(keyset_form(ks)), forms[i].name);
		keyset_destroy(ks);
	}
}

static void test_separator_from_the_header_row(void **state)
{
	/* comments above the header hold commas and semicolons; the header decides */
	struct keyset *ks = parse_ok("# set-id: h\n# title: a, b; c\n# note: x\ty\nid;sv\na;A,B\n");
	assert_int_equal(keyset_form(ks).separator, KEYSET_SEMICOLON);
	assert_string_equal(keyset_label(ks, 0, 0), "A,B");
	keyset_destroy(ks);
	/* a metadata value spread over cells is joined by the file's separator */
	ks = parse_ok(
		"# set-id: h,,\n\"# title: Norrköping, 2035\",,\n# note: a,b,,\nid,sv\na,A\n");
	assert_int_equal(keyset_form(ks).separator, KEYSET_COMMA);
	keyset_destroy(ks);
	/* a header of one known column ties: tab, the format's own, wins */
	expect_fail("# set-id: h\nid\na\n",
		    "f.csv:2: the header row has no \"sv\" column; add one holding the Swedish "
		    "labels");
}

static void test_a_row_with_another_separator(void **state)
{
	/* one message for the row, not one per cell it should have had */
	expect_fail("# set-id: s\nid;sv;en\na;A;B\nb,Beta,Beta\nc\tC\tC\nd;D;D\n",
		    "f.csv:4: the row is one cell separated by commas, but the header row by "
		    "semicolons; separate this row's cells by semicolons too",
		    "f.csv:5: the row is one cell separated by tabs, but the header row by "
		    "semicolons; separate this row's cells by semicolons too");
}

static void test_quotes_in_separated_files(void **state)
{
	/* a quote never closed costs its own cell, not the lines below */
	expect_fail(
		"# set-id: q\nid,sv,en\na,\"Alfa,Alpha\nb,Beta,Beta\nc,\"Gamma\" x,G\nd,D,D\n",
		"f.csv:3: column B starts with a double quote but has no closing quote; end the "
		"text with \" or remove the opening one",
		"f.csv:5: column B has text after its closing double quote; write a quote inside "
		"quoted text twice (\"\")");
	/* a quoted note may go on over lines (RFC 4180); the lines below keep their numbers */
	struct keyset *ks = parse_ok("# set-id: q\nid,sv,note\na,A,\"first line\n\nthird, "
				     "\"\"quoted\"\"\"\nb,B,\"\"\n");
	assert_int_equal(keyset_count(ks), 2);
	keyset_destroy(ks);
	expect_fail("# set-id: q\nid,sv,note\na,A,\"two\nlines\"\nb,\"B\nB\",\nc,,\n",
		    "f.csv:5: the sv label holds a line break; write it on one line",
		    "f.csv:7: the Swedish label (column sv) is empty; every keyword needs one");
	expect_fail("# set-id: q\nid\tsv\n\"a\nb\"\tX\n",
		    "f.csv:3: the id holds a line break; write it on one line");
	/* messages stay one line even when they quote a cell that is not */
	struct diag d;
	diag_init(&d);
	const char *broken = "# set-id: q\nid,sv,image\na,A,\"x\ny.png\"\n";
	assert_null(keyset_parse(broken, strlen(broken), "f.csv", &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.csv:3: image \"x y.png\" must be a plain file name "
					"inside assets/, such as motala.png");
	diag_finish(&d);
}

/* text as UTF-16, with a byte-order mark or not */
static size_t to_utf16(const char *utf8, bool be, bool bom, unsigned char *out)
{
	size_t n = 0;
	const unsigned char *s = (const unsigned char *)utf8;
	uint32_t units[2];
	if (bom) {
		out[n++] = be ? 0xfe : 0xff;
		out[n++] = be ? 0xff : 0xfe;
	}
	while (*s) {
		uint32_t cp;
		if (*s < 0x80)
			cp = *s++;
		else if (*s < 0xe0)
			cp = (uint32_t)(*s & 0x1f) << 6 | (s[1] & 0x3f), s += 2;
		else if (*s < 0xf0)
			cp = (uint32_t)(*s & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
			     (s[2] & 0x3f),
			s += 3;
		else
			cp = (uint32_t)(*s & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
			     (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f),
			s += 4;
		size_t k = 1;
		units[0] = cp;
		if (cp >= 0x10000) {
			units[0] = 0xd800 + ((cp - 0x10000) >> 10);
			units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			k = 2;
		}
		for (size_t u = 0; u < k; u++) {
			out[n++] = (unsigned char)(be ? units[u] >> 8 : units[u] & 0xff);
			out[n++] = (unsigned char)(be ? units[u] & 0xff : units[u] >> 8);
		}
	}
	return n;
}

static void test_utf16(void **state)
{
	/* Excel's and LibreOffice's "Unicode text": UTF-16 with a byte-order mark, tabs */
	const char *set = "# set-id: forms\r\n# version: 2\r\nid\tsv\ten\tar\timage\r\n"
			  "kultur\tKultur, för alla\t\"Culture; for \"\"all\"\"\"\tثقافة\t\r\n"
			  "motala\tMotala ström\t\t\tmotala.png\r\nsista\tSista\r\n";
	static unsigned char buf[2048];
	static const struct {
		bool be, bom;
		enum keyset_encoding enc;
	} forms[] = {{false, true, KEYSET_UTF16LE},
		     {true, true, KEYSET_UTF16BE},
		     {false, false, KEYSET_UTF16LE},
		     {true, false, KEYSET_UTF16BE}};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t n = to_utf16(set, forms[i].be, forms[i].bom, buf);
		struct keyset *ks = parse_ok_n((const char *)buf, n);
		assert_small_set(ks);
		assert_int_equal(keyset_form(ks).encoding, forms[i].enc);
		assert_int_equal(keyset_form(ks).separator, KEYSET_TAB);
		keyset_destroy(ks);
	}
	size_t n = to_utf16("# set-id: u\nid\tsv\nemoji\t\xf0\x9f\x98\x80\n", false, true, buf);
	struct keyset *ks = parse_ok_n((const char *)buf, n);
	assert_string_equal(keyset_label(ks, 0, 0), "\xf0\x9f\x98\x80");
	assert_string_equal(keyset_form_name(keyset_form(ks)),
			    "tab-separated, UTF-16 little-endian");
	keyset_destroy(ks);

	/* half a surrogate pair: reported on its line, the other lines read on */
	n = to_utf16("# set-id: u\nid\tsv\na\tX\nb\t\n", false, true, buf);
	buf[2 + 2 * 20] = 0x00, buf[2 + 2 * 20 + 1] = 0xd8; /* the X */
	expect_fail_n((const char *)buf, n,
		      "f.csv:3: not valid UTF-16 text (character 3 of the line is 0xD800, half of a "
		      "pair); save the file again",
		      "f.csv:4: the Swedish label (column sv) is empty; every keyword needs one",
		      (const char *)NULL);
	n = to_utf16("# set-id: u\nid\tsv\na\tA\n", true, true, buf);
	expect_fail_n((const char *)buf, n - 1,
		      "f.csv:3: the file ends in the middle of a UTF-16 character; save the file "
		      "again",
		      (const char *)NULL);
}

static void test_other_character_sets_said_once(void **state)
{
	/* Latin-1, as a plain "CSV" from a Swedish Excel: three lines named, then one for all */
	expect_fail("# set-id: l\nid;sv\na;\xc5\nb;\xc4\nc;\xd6\nd;\xe5\ne;\xe4\n",
		    "f.csv:3: not valid UTF-8 text (byte 3 of the line is 0xC5); save the file "
		    "with the character set Unicode (UTF-8)",
		    "f.csv:4: not valid UTF-8 text (byte 3 of the line is 0xC4); save the file "
		    "with the character set Unicode (UTF-8)",
		    "f.csv:5: not valid UTF-8 text (byte 3 of the line is 0xD6); save the file "
		    "with the character set Unicode (UTF-8)",
		    "f.csv:6: this line and the ones below are not UTF-8 either: the file was saved "
		    "with another character set; save it with Unicode (UTF-8)");
}

static void test_dates_made_by_spreadsheets(void **state)
{
	struct keyset *ks = parse_ok("# set-id: d\nid;sv;en\n2035-01-02;Ett;One\n"
				     "half;Hälften;01/02/35\nq;Kvart;2-Jan\nfine;1-2;3/4\n"
				     "year;2035;Nine to five\n");
	const struct diag *w = keyset_warnings(ks);
	assert_int_equal(w->count, 3);
	assert_string_equal(
		w->lines[0],
		"f.csv:3: warning: id \"2035-01-02\" looks like a date; if a spreadsheet "
		"changed the id typed, set the id column's type to Text and type it again");
	assert_string_equal(w->lines[1],
			    "f.csv:4: warning: the en label \"01/02/35\" looks like a date; if a "
			    "spreadsheet changed the text typed, set the column's type to Text and "
			    "type it again");
	assert_string_equal(w->lines[2],
			    "f.csv:5: warning: the en label \"2-Jan\" looks like a date; if a "
			    "spreadsheet changed the text typed, set the column's type to Text and "
			    "type it again");
	keyset_destroy(ks);
	/* an id a date made invalid says why in its one message */
	expect_fail("# set-id: d\nid,sv\n1/2/2035,Ett\n2-Jan,Två\n",
		    "f.csv:3: id \"1/2/2035\" is a date, which a spreadsheet may have made of the id "
		    "typed; set the id column's type to Text and type the id again",
		    "f.csv:4: id \"2-Jan\" is a date, which a spreadsheet may have made of the id "
		    "typed; set the id column's type to Text and type the id again");
	/* what dates look like, and what only comes close */
	const char *dates[] = {"2035-01-02", "2035/1/2", "1/2/2035", "01.02.35", "31-12-2035",
			       "2-jan",	     "2. Jan",	 "Mar 4",    "okt-35",	 "12 maj 2035"};
	const char *not_dates[] = {"1-2",   "3/4",	"2035",	      "24/7",	"13/13/2035",
				   "1.2.3", "v1.2.345", "Mars 4",     "jan",	"kl. 10-12",
				   "A4",    "1/2/345",	"2035-13-01", "Janne-2"};
	char text[128];
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		snprintf(text, sizeof(text), "# set-id: d\nid\tsv\na\t%s\n", dates[i]);
		ks = parse_ok(text);
		if (keyset_warnings(ks)->count != 1)
			fail_msg("\"%s\" not taken for a date", dates[i]);
		keyset_destroy(ks);
	}
	for (size_t i = 0; i < sizeof(not_dates) / sizeof(not_dates[0]); i++) {
		snprintf(text, sizeof(text), "# set-id: d\nid\tsv\na\t%s\n", not_dates[i]);
		ks = parse_ok(text);
		if (keyset_warnings(ks)->count != 0)
			fail_msg("\"%s\" taken for a date", not_dates[i]);
		keyset_destroy(ks);
	}
}

/* The sample set as LibreOffice saved it in each form (tools/make-keyword-fixtures.sh): the
 * same keywords as the tab-separated original, whatever the form. */
static void test_saved_by_libreoffice(void **state)
{
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv", root);
	struct diag d;
	diag_init(&d);
	struct keyset *want = keyset_load(path, &d);
	assert_non_null(want);
	static const struct {
		const char *file;
		enum keyset_separator sep;
		enum keyset_encoding enc;
	} saved[] = {
		{"sample-excel-csv-utf8.csv", KEYSET_COMMA, KEYSET_UTF8},
		{"sample-swedish.csv", KEYSET_SEMICOLON, KEYSET_UTF8},
		{"sample-tab.tsv", KEYSET_TAB, KEYSET_UTF8},
		{"sample-unicode-text.txt", KEYSET_TAB, KEYSET_UTF16LE},
		{"sample-unicode-text-be.txt", KEYSET_TAB, KEYSET_UTF16BE},
	};
	for (size_t i = 0; i < sizeof(saved) / sizeof(saved[0]); i++) {
		snprintf(path, sizeof(path), "%s/tests/model/data/%s", root, saved[i].file);
		struct keyset *ks = keyset_load(path, &d);
		for (size_t k = 0; k < d.count; k++)
			print_message("unexpected: %s\n", d.lines[k]);
		assert_non_null(ks);
		assert_int_equal(keyset_form(ks).separator, saved[i].sep);
		assert_int_equal(keyset_form(ks).encoding, saved[i].enc);
		assert_int_equal(keyset_warnings(ks)->count, 0);
		assert_string_equal(keyset_id(ks), keyset_id(want));
		assert_string_equal(keyset_version(ks), keyset_version(want));
		assert_int_equal(keyset_is_sample(ks), keyset_is_sample(want));
		assert_int_equal(keyset_count(ks), keyset_count(want));
		assert_int_equal(keyset_language_count(ks), keyset_language_count(want));
		for (size_t l = 0; l < keyset_language_count(want); l++)
			assert_string_equal(keyset_language(ks, l), keyset_language(want, l));
		for (size_t k = 0; k < keyset_count(want); k++) {
			assert_string_equal(keyset_keyword_id(ks, k), keyset_keyword_id(want, k));
			for (size_t l = 0; l < keyset_language_count(want); l++)
				assert_string_equal(keyset_label(ks, k, l),
						    keyset_label(want, k, l));
			const char *img = keyset_image(want, k);
			if (img)
				assert_string_equal(keyset_image(ks, k), img);
			else
				assert_null(keyset_image(ks, k));
		}
		keyset_destroy(ks);
	}
	/* and a cell LibreOffice's type detection made a date of gets the warning */
	snprintf(path, sizeof(path), "%s/tests/model/data/sample-date-mangled.csv", root);
	struct keyset *ks = keyset_load(path, &d);
	assert_non_null(ks);
	assert_int_equal(keyset_warnings(ks)->count, 1);
	assert_non_null(strstr(keyset_warnings(ks)->lines[0], "label \""));
	assert_non_null(strstr(keyset_warnings(ks)->lines[0], "\" looks like a date"));
	keyset_destroy(ks);
	keyset_destroy(want);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_separator_from_the_header_row),
		cmocka_unit_test(test_a_row_with_another_separator),
		cmocka_unit_test(test_quotes_in_separated_files),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_other_character_sets_said_once),
		cmocka_unit_test(test_dates_made_by_spreadsheets),
		cmocka_unit_test(test_saved_by_libreoffice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
