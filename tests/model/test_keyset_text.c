/* The keyword set's characters: labels measured in characters, not bytes, and invalid
 * UTF-8, byte order marks cut short, control characters and NUL bytes refused by line. */
#include "test_keyset.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_length_in_characters),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_byte_order_marks_cut_short),
		cmocka_unit_test(test_control_characters_and_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
