/* A language file as a translator writes it: lenient about layout (comments, CRLF, a BOM,
 * long texts over several lines), and every mistake named with its line and how to fix it,
 * in the order of the file. */
#include "test_catalog.h"

#include <stdio.h>
#include <stdlib.h>

static void test_language_section_errors(void **state)
{
	expect_fail("",
		    "f.ini:1: the file has no [language] section; copy the top of sv.ini and "
		    "fill in code, name, direction and digits",
		    NULL);
	expect_fail("[text]\na = b\n",
		    "f.ini:1: the file has no [language] section; copy the top of sv.ini and "
		    "fill in code, name, direction and digits",
		    NULL);
	expect_fail("[language]\nname = X\n",
		    "f.ini:1: [language] has no code; add \"code = xx\", xx the language's code "
		    "such as sv, en, ar or so",
		    NULL);
	expect_fail("[language]\ncode = Svenska\nname = X\n",
		    "f.ini:2: code \"Svenska\" is not a language code; write two or three "
		    "lower-case letters, such as so for Somali",
		    NULL);
	expect_fail("[language]\ncode = sv\n",
		    "f.ini:1: [language] needs a name: the language's name in itself, such as "
		    "Svenska or Soomaali, shown on the language button",
		    NULL);
	expect_fail("[language]\ncode = sv\nname =\n",
		    "f.ini:3: [language] needs a name: the language's name in itself, such as "
		    "Svenska or Soomaali, shown on the language button",
		    NULL);
	expect_fail("[language]\ncode = sv\nname = Ett mycket långt namn på ett språk som "
		    "inte får plats\n",
		    "f.ini:3: the name is longer than 40 characters", NULL);
	expect_fail("[language]\ncode = sv\nname = X\ndirection = down\ndigits = roman\n",
		    "f.ini:4: direction is \"down\"; write ltr (left to right) or rtl (right to "
		    "left, as Arabic)",
		    "f.ini:5: digits is \"roman\"; write latin (0123456789) or arabic-indic "
		    "(٠١٢٣٤٥٦٧٨٩)",
		    NULL);
	expect_fail("[language]\ncode = sv\ncode = en\nname = X\nfont = y\n",
		    "f.ini:3: \"code\" is given twice (first on line 2); keep one",
		    "f.ini:5: unknown key \"font\" in [language]; it takes code, name, direction, "
		    "digits, voice and reviewed",
		    NULL);
	expect_fail("[language]\ncode = sv\nname = X\nvoice = Swedish female\n",
		    "f.ini:4: voice \"Swedish female\" is not a voice name; write espeak-ng's "
		    "name for the language, such as sv, en or ar, or leave the line out when "
		    "there is none",
		    NULL);
	/* the language name may go on over a second line, like any value */
	struct catalog *c = parse_ok("[language]\ncode = pt-br\nname = Português\n  do Brasil\n"
				     "direction = ltr\ndigits = latin\n",
				     NULL);
	assert_string_equal(catalog_name(c, 0), "Português do Brasil");
	assert_false(catalog_rtl(c, 0));
	assert_null(catalog_voice(c, 0)); /* no voice: spoken only from recordings */
	catalog_destroy(c);
	/* a language names the espeak-ng voice it is spoken in; a variant may share one */
	c = parse_ok("[language]\ncode = sv-lattlast\nname = Lättläst svenska\nvoice = sv\n", NULL);
	assert_string_equal(catalog_voice(c, 0), "sv");
	assert_null(catalog_voice(c, 1));
	catalog_destroy(c);
	/* a machine-drafted translation says so until a fluent speaker has read it */
	expect_fail("[language]\ncode = so\nname = Soomaali\nreviewed = partly\n",
		    "f.ini:4: reviewed is \"partly\"; write no while the texts are a draft no "
		    "fluent speaker has read, yes (or leave the line out) once one has",
		    NULL);
	c = parse_ok("[language]\ncode = so\nname = Soomaali\nreviewed = no\n", NULL);
	assert_true(catalog_draft(c, 0));
	catalog_destroy(c);
	c = parse_ok("[language]\ncode = so\nname = Soomaali\nreviewed = yes\n", NULL);
	assert_false(catalog_draft(c, 0));
	catalog_destroy(c);
	c = parse_ok("[language]\ncode = so\nname = Soomaali\n", NULL);
	assert_false(catalog_draft(c, 0)); /* files from before the key: as they were */
	assert_false(catalog_draft(c, 1)); /* out of range */
	catalog_destroy(c);
}

static void test_structure_errors(void **state)
{
	expect_fail("a = b\n" SV_HEAD "[texts]\nc = d\n[language]\n",
		    "f.ini:1: \"a\" comes before any section; put it under [language] or [text]",
		    "f.ini:6: unknown section [texts]; a language file has [language], [text] "
		    "and [audio]",
		    NULL);
	expect_fail(SV_HEAD "Sort.Title = x\na.b = x\na.b = y\n= z\n",
		    "f.ini:5: \"Sort.Title\" is not a text id; ids are made of a-z, 0-9 and . _ "
		    "- +, at most 48 of them, such as sort.title",
		    "f.ini:7: \"a.b\" is given twice (first on line 6); keep one",
		    "f.ini:8: \"\" is not a text id; ids are made of a-z, 0-9 and . _ - +, at "
		    "most 48 of them, such as sort.title",
		    NULL);
	/* a second file for a language already loaded */
	struct catalog *c = parse_ok(SV_FILE, NULL);
	struct diag d;
	assert_null(parse(SV_FILE, c, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.ini:2: language \"sv\" is loaded already, from f.ini");
	diag_finish(&d);
	catalog_destroy(c);
}

/* Appends s times times to buf, which holds *len bytes of cap. */
static void add(char *buf, size_t cap, size_t *len, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		*len += (size_t)snprintf(buf + *len, cap - *len, "%s", s);
}

static void test_text_errors(void **state)
{
	char file[1000];
	size_t len = 0;
	add(file, sizeof(file), &len, SV_HEAD "a =\nb = ", 1);
	add(file, sizeof(file), &len, "x", 150);
	add(file, sizeof(file), &len, "\n  ", 1);
	add(file, sizeof(file), &len, "x", 150);
	add(file, sizeof(file), &len, "\nc = x\ty\nd = {Name} och {n\ne = }\n", 1);
	expect_fail(file, "f.ini:5: a: the text is empty; write it after the = or delete the line",
		    "f.ini:6: b: the text is longer than 300 characters; shorten it so that it "
		    "fits on the screen",
		    "f.ini:8: c: the text holds a tab; use spaces",
		    "f.ini:9: d: the '{' at character 1 is not part of a placeholder; a "
		    "placeholder is a name in a-z and _ between braces, like {n}",
		    "f.ini:10: e: the '}' at character 1 is not part of a placeholder; a "
		    "placeholder is a name in a-z and _ between braces, like {n}",
		    NULL);
	expect_fail(SV_HEAD "a = {}\nb = {abcdefghijklmnopqrstuvwxyzabcdefg}\n"
			    "c = {abcdefghijklmnopqrstuvwxyzabcdef}\n",
		    "f.ini:5: a: the '{' at character 1 is not part of a placeholder; a "
		    "placeholder is a name in a-z and _ between braces, like {n}",
		    "f.ini:6: b: the '{' at character 1 is not part of a placeholder; a "
		    "placeholder is a name in a-z and _ between braces, like {n}",
		    NULL);
	/* characters, not bytes: 300 Arabic letters are 600 bytes and still fit */
	len = 0;
	add(file, sizeof(file), &len, SV_HEAD "a = ", 1);
	add(file, sizeof(file), &len, "ب", 90);
	for (size_t i = 0; i < 3; i++) {
		add(file, sizeof(file), &len, "\n ", 1);
		add(file, sizeof(file), &len, "ب", i < 2 ? 90 : 27);
	}
	struct catalog *c = parse_ok(file, NULL);
	assert_int_equal(strlen(catalog_text(c, 0, "a")), 297 * 2 + 3);
	catalog_destroy(c);
}

static void test_translation_checked_against_swedish(void **state)
{
	expect_fail_against_sv(EN_HEAD "sort.progress = {placed} of {totl}\nsort.dune = Done\n"
				       "sort.done = {n}\n",
			       "f.ini:5: sort.progress: the Swedish text has {total}; this one "
			       "must have it too",
			       "f.ini:5: sort.progress: {totl} is not in the Swedish text, so "
			       "nothing would fill it; use only the placeholders the Swedish text "
			       "has",
			       "f.ini:6: \"sort.dune\" is not a text id of sv.ini; check the "
			       "spelling (sv.ini lists every id)",
			       "f.ini:7: sort.done: {n} is not in the Swedish text, so nothing "
			       "would fill it; use only the placeholders the Swedish text has",
			       NULL);
	/* placeholders may move, as word order differs between languages */
	struct catalog *c = parse_ok(SV_FILE, NULL);
	c = parse_ok("[language]\ncode = ar\nname = العربية\n[text]\n"
		     "sort.progress = {total} / {placed}\n",
		     c);
	assert_int_equal(catalog_count(c), 2);
	catalog_destroy(c);
}

static void test_ini_syntax_errors(void **state)
{
	struct catalog *c;
	expect_fail(SV_HEAD "just words\n[text\n  [language]\n",
		    "f.ini:5: this line is neither \"key = value\", a [section] nor a comment; "
		    "text that goes on from the line above must start with a space",
		    "f.ini:6: the section header has no closing ]; write it as [name]", NULL);
	/* keys under a broken header are not reported again */
	expect_fail(SV_HEAD "[oops ; comment]\nx = 1\n  more\n",
		    "f.ini:5: the section header has no closing ]; write it as [name]", NULL);
	expect_fail(SV_HEAD "[text] extra\na = b\n",
		    "f.ini:5: only a comment may follow the ] of a section header", NULL);
	/* a ';' only starts a comment after a space, as in inih */
	expect_fail(SV_HEAD "[te;xt]\n[te xt]\n",
		    "f.ini:5: unknown section [te;xt]; a language file has [language], [text] "
		    "and [audio]",
		    "f.ini:6: unknown section [te xt]; a language file has [language], [text] "
		    "and [audio]",
		    NULL);
	c = parse_ok("# a comment\n[language] ; the header\ncode = sv\nname = S # not a comment\n"
		     "[text]  # also fine\n; more\na = b\n",
		     NULL);
	assert_string_equal(catalog_name(c, 0), "S # not a comment");
	catalog_destroy(c);
	/* indented by mistake: inih would take these as more text for "a" */
	expect_fail(SV_HEAD "a = b\n  c.d = e\n  [text]\n",
		    "f.ini:6: this line starts with a space, so it goes on with the text of \"a\" "
		    "above; if it is a key or a section of its own, delete the spaces before it",
		    "f.ini:7: this line starts with a space, so it goes on with the text of \"a\" "
		    "above; if it is a key or a section of its own, delete the spaces before it",
		    NULL);
	/* an indented line with nothing to continue is a key of its own */
	c = parse_ok("[language]\n  code = sv\nname = S\n[text]\n  a = b\n"
		     "  ; indented comment\n",
		     NULL);
	assert_string_equal(catalog_text(c, 0, "a"), "b");
	catalog_destroy(c);
	/* continuation lines in a section that was wrong are ignored with it */
	expect_fail(SV_HEAD "[other]\nx = y\n  more\n",
		    "f.ini:5: unknown section [other]; a language file has [language], [text] "
		    "and [audio]",
		    NULL);
}

static void test_ini_encoding_errors(void **state)
{
	expect_fail(SV_HEAD "a = \xc3\x28\n",
		    "f.ini:5: not valid UTF-8 text (byte 5 of the line is 0xC3); save the file "
		    "with the encoding UTF-8",
		    NULL);
	const char *bad_utf8[] = {
		"\xe0\x80\x80",	    /* an overlong form */
		"\xed\xa0\x80",	    /* a UTF-16 surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xf8\x88\x80\x80", /* no such lead byte */
		"\xf0\x9f\x98",	    /* cut short by the end of the line */
	};
	for (size_t i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
		char text[64], want[160];
		snprintf(text, sizeof(text), SV_HEAD "a = %s\n", bad_utf8[i]);
		snprintf(want, sizeof(want),
			 "f.ini:5: not valid UTF-8 text (byte 5 of the line is 0x%02X); save the "
			 "file with the encoding UTF-8",
			 (unsigned char)bad_utf8[i][0]);
		expect_fail(text, want, NULL);
	}
	struct catalog *c = parse_ok(SV_HEAD "a = 😀 ٣ é\n", NULL);
	assert_string_equal(catalog_text(c, 0, "a"), "😀 ٣ é");
	catalog_destroy(c);
	const char nul[] = SV_HEAD "a = x\0y\n";
	struct diag d;
	diag_init(&d);
	assert_null(catalog_parse(nul, sizeof(nul) - 1, "f.ini", NULL, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0],
			    "f.ini:5: the line holds a control character (byte 6 is 0x00); "
			    "delete it");
	diag_finish(&d);
	expect_fail(SV_HEAD "a = x\x7fy\rz\n",
		    "f.ini:5: the line holds a control character (byte 6 is 0x7F); delete it",
		    NULL);
	/* a line of any length is read whole: the longest text, 600 bytes of Arabic on one
	 * line, and a comment of 10000 bytes that must not spill into the next line */
	static char line[12000];
	size_t n = (size_t)snprintf(line, sizeof(line), SV_HEAD "a = ");
	for (int i = 0; i < CATALOG_TEXT_MAX_CHARS; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "م");
	n += (size_t)snprintf(line + n, sizeof(line) - n, "\nb = x ;");
	memset(line + n, 'c', 10000);
	snprintf(line + n + 10000, sizeof(line) - n - 10000, "\nc = y\n");
	c = parse_ok(line, NULL);
	assert_int_equal(strlen(catalog_text(c, 0, "a")), 2 * CATALOG_TEXT_MAX_CHARS);
	assert_string_equal(catalog_text(c, 0, "b"), "x");
	assert_string_equal(catalog_text(c, 0, "c"), "y");
	catalog_destroy(c);
	expect_fail("\xff\xfe[\0l\0",
		    "f.ini:1: the file is UTF-16 text; save it with the encoding UTF-8", NULL);
	expect_fail("\xfe\xff\0[\0l",
		    "f.ini:1: the file is UTF-16 text; save it with the encoding UTF-8", NULL);
	/* half a byte-order mark is no UTF-16 and no UTF-8 either; with no line readable, the
	 * missing [language] is not reported on top */
	expect_fail("\xef\xbb[language]\n",
		    "f.ini:1: not valid UTF-8 text (byte 1 of the line is 0xEF); save the file with "
		    "the encoding UTF-8",
		    NULL);
	expect_fail("\xfe[language]\n",
		    "f.ini:1: not valid UTF-8 text (byte 1 of the line is 0xFE); save the file with "
		    "the encoding UTF-8",
		    NULL);
}

/* " ;" starts a comment on every line, the lines that go on with a text included */
static void test_comment_on_continuation_line(void **state)
{
	struct catalog *c = parse_ok(SV_HEAD "a = Ett ; en\n  och två ; två\n\toch tre;fyra\n",
				     NULL);
	assert_string_equal(catalog_text(c, 0, "a"), "Ett och två och tre;fyra");
	catalog_destroy(c);
}

static void test_bom_crlf_and_no_final_newline(void **state)
{
	struct catalog *c = parse_ok("\xef\xbb\xbf[language]\r\ncode = sv\r\nname = Svenska\r\n"
				     "[text]\r\na = Ett ; en kommentar\r\n  och två\r\nb = 1;2",
				     NULL);
	assert_string_equal(catalog_text(c, 0, "a"), "Ett och två");
	assert_string_equal(catalog_text(c, 0, "b"), "1;2");
	catalog_destroy(c);
}

static void test_many_texts(void **state)
{
	size_t n = 3000, cap = n * 40 + 100;
	char *buf = malloc(cap);
	size_t len = (size_t)snprintf(buf, cap, "%s", SV_HEAD);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "id.%zu = Text %zu\n", i, i);
	struct catalog *c = parse_ok(buf, NULL);
	assert_true(catalog_text_count(c, 0) >= n);
	assert_string_equal(catalog_text(c, 0, "id.2999"), "Text 2999");
	assert_string_equal(catalog_text(c, 0, "id.0"), "Text 0");
	catalog_destroy(c);
	free(buf);
}

/* ---- folders ---- */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_language_section_errors),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_text_errors),
		cmocka_unit_test(test_translation_checked_against_swedish),
		cmocka_unit_test(test_ini_syntax_errors),
		cmocka_unit_test(test_ini_encoding_errors),
		cmocka_unit_test(test_comment_on_continuation_line),
		cmocka_unit_test(test_bom_crlf_and_no_final_newline),
		cmocka_unit_test(test_many_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
