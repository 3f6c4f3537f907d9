/* Recordings a keyword set and a language file name (docs/speech.md): an audio:CODE column
 * of the set, a recording of each label in CODE, and a language file's [audio] section, one
 * per text id; each a .ogg or .wav file inside assets/, every mistake named with its line. */
#include "model/keyset.h"
#include "test_catalog.h"

#include <stdio.h>
#include <stdlib.h>

static struct keyset *parse_set(const char *text, struct diag *d)
{
	diag_init(d);
	return keyset_parse(text, strlen(text), "f.tsv", d);
}

static void test_audio_columns(void **state)
{
	struct diag d;
	struct keyset *ks = parse_set("# set-id: t\n"
				      "id\tsv\tso\tAudio:SO\taudio:sv\n"
				      "trygghet\tTrygghet\tAmmaan\tspeech/so/ammaan.ogg\t\n"
				      "gronska\tGrönska\tDhir\t\tsv/Grönska.WAV\n"
				      "bilkoer\tBilköer\n",
				      &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_non_null(ks);
	/* recordings are not languages of the cards */
	assert_int_equal(keyset_language_count(ks), 2);
	assert_int_equal(keyset_audio_count(ks), 2);
	assert_string_equal(keyset_audio_language(ks, 0), "so");
	assert_string_equal(keyset_audio_language(ks, 1), "sv");
	assert_null(keyset_audio_language(ks, 2));
	assert_string_equal(keyset_audio(ks, 0, "so"), "speech/so/ammaan.ogg");
	assert_string_equal(keyset_audio(ks, 1, "sv"), "sv/Grönska.WAV");
	/* an empty cell, a short row, a language without the column: none, none borrowed */
	assert_null(keyset_audio(ks, 0, "sv"));
	assert_null(keyset_audio(ks, 1, "so"));
	assert_null(keyset_audio(ks, 2, "so"));
	assert_null(keyset_audio(ks, 0, "en"));
	assert_null(keyset_audio(ks, 3, "so"));
	assert_string_equal(keyset_label(ks, 0, 1), "Ammaan");
	keyset_destroy(ks);
	diag_finish(&d);
}

static void test_audio_column_errors(void **state)
{
	struct diag d;
	struct keyset *ks = parse_set("# set-id: t\n"
				      "id\tsv\taudio:\taudio:so\n"
				      "a\tA\tx.ogg\t../../etc/passwd.wav\n"
				      "b\tB\t\t/srv/b.ogg\n"
				      "c\tC\t\tspeech/so/c.mp3\n"
				      "d\tD\t\tspeech/so/d.ogg\n",
				      &d);
	assert_null(ks);
	const char *want[] = {
		"f.tsv:2: column C \"audio:\" names no language; write audio: and a language "
		"code, such as audio:so",
		"f.tsv:3: the so recording \"../../etc/passwd.wav\" must be an .ogg or .wav file "
		"inside assets/, such as speech/so/label.ogg",
		"f.tsv:4: the so recording \"/srv/b.ogg\" must be an .ogg or .wav file inside "
		"assets/, such as speech/so/label.ogg",
		"f.tsv:5: the so recording \"speech/so/c.mp3\" must be an .ogg or .wav file "
		"inside assets/, such as speech/so/label.ogg",
	};
	for (size_t i = 0; i < d.count && i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(d.lines[i], want[i]);
	assert_int_equal(d.count, sizeof(want) / sizeof(want[0]));
	diag_finish(&d);
}

static void test_audio_section(void **state)
{
	struct catalog *c = parse_ok(SV_FILE, NULL);
	parse_ok(EN_HEAD "sort.done = Done\n"
			 "[audio]\n"
			 "sort.done = speech/en/done.ogg\n"
			 "; a text this file leaves to Swedish may be recorded all the same\n"
			 "sort.progress = en/progress.wav\n",
		 c);
	assert_int_equal(catalog_count(c), 2);
	assert_int_equal(catalog_audio_count(c, 0), 0);
	assert_int_equal(catalog_audio_count(c, 1), 2);
	assert_string_equal(catalog_audio_id(c, 1, 0), "sort.done");
	assert_string_equal(catalog_audio_path(c, 1, 0), "speech/en/done.ogg");
	assert_int_equal(catalog_audio_line(c, 1, 0), 7);
	assert_string_equal(catalog_audio_id(c, 1, 1), "sort.progress");
	assert_null(catalog_audio_id(c, 1, 2));
	assert_null(catalog_audio_path(c, 2, 0));
	catalog_destroy(c);
}

static void test_audio_section_errors(void **state)
{
	expect_fail_against_sv(
		EN_HEAD "sort.done = Done\n"
			"[audio]\n"
			"sort.dnoe = speech/en/done.ogg\n"
			"sort.done = ../done.ogg\n"
			"sort.done = done.flac\n"
			"sort.progress = a.ogg\n"
			"sort.progress = b.ogg\n",
		"f.ini:7: \"sort.dnoe\" in [audio] is not a text id of sv.ini; name the "
		"text the recording says, such as sort.title",
		"f.ini:8: sort.done: \"../done.ogg\" is not an .ogg or .wav file inside "
		"assets/; write its path there, such as speech/so/sort-title.ogg",
		"f.ini:9: sort.done: \"done.flac\" is not an .ogg or .wav file inside "
		"assets/; write its path there, such as speech/so/sort-title.ogg",
		"f.ini:11: \"sort.progress\" in [audio] is given twice (first on line "
		"10); keep one",
		NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audio_columns),
		cmocka_unit_test(test_audio_column_errors),
		cmocka_unit_test(test_audio_section),
		cmocka_unit_test(test_audio_section_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
