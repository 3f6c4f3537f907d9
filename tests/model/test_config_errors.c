/* Every mistake in the kiosk configuration refused with its line and how to fix it: numbers
 * out of range, strings, language lists, PIN hashes, renderers, the file's structure, and the
 * continuation of a key already refused. */
#include "test_config.h"

static void test_number_errors(void **state)
{
	expect_fail("[kiosk]\ncards = 3\nidle_seconds = 3601\nidle_countdown_seconds = 2\n",
		    NAME ":2: cards is \"3\"; write a whole number from 4 to 36",
		    NAME ":3: idle_seconds is \"3601\"; write a whole number from 10 to 3600",
		    NAME ":4: idle_countdown_seconds is \"2\"; write a whole number from 3 to 120",
		    NULL);
	expect_fail("[kiosk]\ncards = 37\ncards = 12\nidle_seconds = 9\n"
		    "idle_countdown_seconds = 121\n",
		    NAME ":2: cards is \"37\"; write a whole number from 4 to 36",
		    NAME ":3: \"cards\" is given twice (first on line 2); keep one",
		    NAME ":4: idle_seconds is \"9\"; write a whole number from 10 to 3600",
		    NAME ":5: idle_countdown_seconds is \"121\"; write a whole number from 3 to "
			 "120",
		    NULL);
	expect_fail("[kiosk]\ncards = twelve\nidle_seconds = 1.5\nidle_countdown_seconds =\n"
		    "screen_diagonal_inches = 24 inches\n",
		    NAME ":2: cards is \"twelve\"; write a whole number from 4 to 36",
		    NAME ":3: idle_seconds is \"1.5\"; write a whole number from 10 to 3600",
		    NAME ":4: idle_countdown_seconds is \"\"; write a whole number from 3 to 120",
		    NAME ":5: screen_diagonal_inches is \"24 inches\"; write the screen's "
			 "diagonal in inches, from 7 to 100, such as 23.8",
		    NULL);
	/* one earlier visitor is no "others" to compare with */
	expect_fail("[kiosk]\ncompare_min_sessions = 1\n[staff]\n",
		    NAME ":2: compare_min_sessions is \"1\"; write a whole number from 2 to 100000",
		    NULL);
	expect_fail("[kiosk]\ncards = 99999999999999999999\nscreen_diagonal_inches = 6.9\n",
		    NAME ":2: cards is \"99999999999999999999\"; write a whole number from 4 to 36",
		    NAME ":3: screen_diagonal_inches is \"6.9\"; write the screen's diagonal in "
			 "inches, from 7 to 100, such as 23.8",
		    NULL);
	expect_fail("[kiosk]\nscreen_diagonal_inches = 100.5\n",
		    NAME ":2: screen_diagonal_inches is \"100.5\"; write the screen's diagonal in "
			 "inches, from 7 to 100, such as 23.8",
		    NULL);
	expect_fail("[speech]\nmode = yes\nvolume_db = 3\n",
		    NAME
		    ":2: mode is \"yes\"; write off (never speak), offer (speak when a visitor "
		    "asks) or on (read every visit aloud)",
		    NAME ":3: volume_db is \"3\"; write a whole number from -30 to 0", NULL);
	expect_fail("[speech]\nvolume_db = -31\n",
		    NAME ":2: volume_db is \"-31\"; write a whole number from -30 to 0", NULL);
	expect_fail("[kiosk]\nscreen_diagonal_inches = .\n",
		    NAME ":2: screen_diagonal_inches is \".\"; write the screen's diagonal in "
			 "inches, from 7 to 100, such as 23.8",
		    NULL);
}

static void test_countdown_shorter_than_idle(void **state)
{
	expect_fail("[kiosk]\nidle_seconds = 20\nidle_countdown_seconds = 20\n",
		    NAME ":3: the countdown (20 s) must be shorter than idle_seconds (20 s): it "
			 "runs in the last seconds of the idle time",
		    NULL);
	/* the default countdown of 15 s does not fit in 10 s of idle time */
	expect_fail("[kiosk]\nidle_seconds = 10\n",
		    NAME ":2: the countdown (15 s) must be shorter than idle_seconds (10 s): it "
			 "runs in the last seconds of the idle time",
		    NULL);
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nidle_seconds = 16\n", &cfg);
	config_finish(&cfg);
}

static void test_string_errors(void **state)
{
	expect_fail("[kiosk]\nsite =\nlabel = Kiosken vid entrén till Stadsbiblioteket\n",
		    NAME ":2: site is empty; write it or delete the line",
		    NAME ":3: label is longer than 30 characters", NULL);
	expect_fail("[kiosk]\nsite = Ett\tTvå\nkeywords =\n",
		    NAME ":2: site holds a tab; use spaces",
		    NAME ":3: keywords is empty; name the keyword file, or delete the line to use "
			 "the bundled sample",
		    NULL);
	struct kiosk_config cfg;
	/* 30 characters is not 30 bytes: å counts once */
	parse_ok("[kiosk]\nlabel = åååååååååååååååååååååååååååååå\n", &cfg);
	config_finish(&cfg);
}

static void test_language_list_errors(void **state)
{
	expect_fail("[kiosk]\nlanguages = sv,,en\n",
		    NAME ":2: languages has an empty entry; write codes separated by commas, such "
			 "as sv,en,ar",
		    NULL);
	expect_fail("[kiosk]\nlanguages =\n",
		    NAME ":2: languages has an empty entry; write codes separated by commas, such "
			 "as sv,en,ar",
		    NULL);
	expect_fail("[kiosk]\nlanguages = sv,en,ar,so,fa,ti,fi,de,fr,es,it,pl,ru,uk,tr,bs,hr\n",
		    NAME ":2: languages names more than 16 languages; the language screen has no "
			 "room for them",
		    NULL);
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nlanguages = sv,en,ar,so,fa,ti,fi,de,fr,es,it,pl,ru,uk,tr,bs\n", &cfg);
	assert_int_equal(cfg.nlanguages, 16);
	config_finish(&cfg);
	expect_fail("[kiosk]\nlanguages = sv, English, sv\n",
		    NAME ":2: \"English\" in languages is not a language code; write codes such "
			 "as sv, en, ar or so, separated by commas",
		    NAME ":2: languages names \"sv\" twice", NULL);
}

static void test_pin_hash_errors(void **state)
{
	const char *msg = NAME ":2: pin_hash is not an Argon2id hash; run `visionsort pin`, type "
			       "the PIN, and paste the line it prints here";
	expect_fail("[staff]\npin_hash = 2035\n", msg, NULL);
	expect_fail("[staff]\npin_hash = $2y$10$abcdefghijklmnopqrstuv\n", msg, NULL);
	expect_fail("[staff]\npin_hash = $argon2id$v=19 $x\n", msg, NULL);
	char text[300];
	int n = snprintf(text, sizeof(text), "[staff]\npin_hash = $argon2id$");
	memset(text + n, 'a', 120);
	text[n + 120] = '\0';
	expect_fail(text, msg, NULL);
}

/* The renderer is a choice between three names; a typo would otherwise
 * quietly give another renderer than the site measured. */
static void test_renderer_errors(void **state)
{
	expect_fail("[kiosk]\nrenderer = OpenGL\n",
		    NAME ":2: renderer is \"OpenGL\"; write auto, software or opengl (auto is "
			 "right unless the benchmark in docs/PERFORMANCE.md says otherwise)",
		    NULL);
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nrenderer = software\n", &cfg);
	assert_string_equal(cfg.renderer, "software");
	config_finish(&cfg);
}

static void test_structure_errors(void **state)
{
	expect_fail("site = X\n[Kiosk]\ncards = 4\n[kiosk]\nsites = X\n[staff]\npin = 1234\n"
		    "[text.SV]\n[text]\n[kiosk\nwhat\ncards = 99\n",
		    NAME ":1: \"site\" comes before any section; put it under [kiosk] or [staff]",
		    NAME ":2: unknown section [Kiosk]; a kiosk configuration has [kiosk], [staff], "
			 "[speech] and [text.CODE] with CODE a language code, such as [text.sv]",
		    NAME ":5: unknown key \"sites\" in [kiosk]; it takes site, label, languages, "
			 "cards, idle_seconds, idle_countdown_seconds, screen_diagonal_inches, "
			 "keywords, compare_min_sessions, renderer",
		    NAME ":7: unknown key \"pin\" in [staff]; it takes pin_hash, pin_tries, "
			 "pin_lock_seconds",
		    NAME
		    ":8: unknown section [text.SV]; a kiosk configuration has [kiosk], "
		    "[staff], [speech] and [text.CODE] with CODE a language code, such as [text.sv]",
		    NAME ":9: unknown section [text]; a kiosk configuration has [kiosk], [staff], "
			 "[speech] and [text.CODE] with CODE a language code, such as [text.sv]",
		    NAME ":10: the section header has no closing ]; write it as [name]",
		    NAME ":11: this line is neither \"key = value\", a [section] nor a comment; "
			 "text that goes on from the line above must start with a space",
		    NULL);
}

/* Continuation lines of a key that was refused are not judged again. */
static void test_continuation_of_refused_key(void **state)
{
	expect_fail("[kiosk]\nsites = X\n  more\n",
		    NAME ":2: unknown key \"sites\" in [kiosk]; it takes site, label, languages, "
			 "cards, idle_seconds, idle_countdown_seconds, screen_diagonal_inches, "
			 "keywords, compare_min_sessions, renderer",
		    NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_errors),
		cmocka_unit_test(test_countdown_shorter_than_idle),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_language_list_errors),
		cmocka_unit_test(test_pin_hash_errors),
		cmocka_unit_test(test_renderer_errors),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_continuation_of_refused_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
