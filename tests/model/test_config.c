/* The kiosk configuration as site staff meet it: the example file works as shipped, every
 * key has a default and is read, texts and the keyword set are checked, and the result is
 * applied. The mistakes, each refused with its line and how to fix it, are
 * test_config_errors.c's. */
#include "test_config.h"

static void test_defaults(void **state)
{
	struct kiosk_config cfg;
	config_defaults(&cfg);
	assert_defaults(&cfg);
	config_finish(&cfg);
	config_finish(&cfg);
	config_finish(NULL);
	/* an empty file is the defaults too */
	parse_ok("; nothing here\n", &cfg);
	assert_string_equal(cfg.path, NAME);
	assert_int_equal(cfg.cards, 12);
	config_finish(&cfg);
}

static void test_example_file(void **state)
{
	char *path = source_path("data/kiosk.example.ini");
	struct kiosk_config cfg;
	struct diag d;
	diag_init(&d);
	bool ok = config_load(path, &cfg, &d);
	for (size_t i = 0; i < d.count; i++)
		print_message("unexpected: %s\n", d.lines[i]);
	assert_true(ok);
	assert_string_equal(cfg.site, "Stadsbiblioteket Norrköping");
	assert_string_equal(cfg.label, "Kiosk 1");
	assert_int_equal(cfg.nlanguages, 3);
	assert_int_equal(cfg.cards, 12);
	assert_int_equal(cfg.idle_seconds, 90);
	assert_int_equal(cfg.idle_countdown_seconds, 15);
	assert_true(cfg.screen_diagonal_inches == 24.0);
	char *sample = source_path("data/norrkoping-2035-sample.tsv");
	assert_string_equal(cfg.keywords, sample);
	/* the file says its hash is the PIN 2035 */
	assert_true(pin_verify(cfg.pin_hash, "2035"));

	struct catalog *cat = bundled_catalog();
	assert_true(config_apply(&cfg, cat, &d));
	assert_string_equal(catalog_text(cat, 0, "sort.pile.neutral"),
			    "Vet inte / spelar ingen roll");
	assert_string_equal(catalog_text(cat, 2, "sort.pile.neutral"), "لا أعرف أو لا يهم");
	struct keyset *ks = keyset_load(cfg.keywords, &d);
	assert_non_null(ks);
	assert_true(config_check_keyset(&cfg, ks, &d));
	assert_int_equal(d.count, 0);
	keyset_destroy(ks);
	catalog_destroy(cat);
	config_finish(&cfg);
	diag_finish(&d);
	free(sample);
	free(path);
}

static void test_every_key(void **state)
{
	struct kiosk_config cfg;
	parse_ok("[kiosk]\n"
		 "site = Knäppingsborg,\n"
		 "  entré 2\n"
		 "label = K2\n"
		 "languages =  ar , sv \n"
		 "cards = 36\n"
		 "idle_seconds = 3600\n"
		 "idle_countdown_seconds = 120\n"
		 "screen_diagonal_inches = 23,8\n"
		 "keywords = /srv/keywords.tsv\n"
		 "compare_min_sessions = 100000\n"
		 "renderer = opengl\n"
		 "[staff]\n"
		 "pin_hash = $argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\n"
		 "[speech]\n"
		 "mode = on\n"
		 "volume_db = -30\n",
		 &cfg);
	assert_string_equal(cfg.site, "Knäppingsborg, entré 2");
	assert_string_equal(cfg.label, "K2");
	assert_int_equal(cfg.nlanguages, 2);
	assert_string_equal(cfg.languages[0], "ar");
	assert_string_equal(cfg.languages[1], "sv");
	assert_int_equal(cfg.languages_line, 5);
	assert_int_equal(cfg.cards, 36);
	assert_int_equal(cfg.cards_line, 6);
	assert_int_equal(cfg.idle_seconds, 3600);
	assert_int_equal(cfg.idle_countdown_seconds, 120);
	assert_true(cfg.screen_diagonal_inches > 23.79 && cfg.screen_diagonal_inches < 23.81);
	assert_string_equal(cfg.keywords, "/srv/keywords.tsv");
	assert_int_equal(cfg.keywords_line, 10);
	assert_int_equal(cfg.compare_min_sessions, 100000);
	assert_string_equal(cfg.renderer, "opengl");
	assert_string_equal(cfg.pin_hash, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
	assert_int_equal(cfg.speech, CONFIG_SPEECH_ON);
	assert_int_equal(cfg.volume_db, -30);
	config_finish(&cfg);
	parse_ok("[speech]\nmode = off\nvolume_db = 0\n", &cfg);
	assert_int_equal(cfg.speech, CONFIG_SPEECH_OFF);
	assert_int_equal(cfg.volume_db, 0);
	config_finish(&cfg);

	parse_ok("[kiosk]\ncards = 4\nidle_seconds = 10\nidle_countdown_seconds = 3\n"
		 "screen_diagonal_inches = 7\ncompare_min_sessions = 2\n",
		 &cfg);
	assert_int_equal(cfg.compare_min_sessions, 2);
	assert_int_equal(cfg.cards, 4);
	assert_int_equal(cfg.idle_seconds, 10);
	assert_int_equal(cfg.idle_countdown_seconds, 3);
	assert_true(cfg.screen_diagonal_inches == 7.0);
	assert_string_equal(cfg.renderer, "auto");
	config_finish(&cfg);

	/* a relative keyword file is found next to the configuration */
	struct diag d;
	diag_init(&d);
	const char *text = "[kiosk]\nkeywords = k.tsv\n";
	assert_true(config_parse(text, strlen(text), "kiosk.ini", &cfg, &d));
	assert_string_equal(cfg.keywords, "k.tsv");
	config_finish(&cfg);
	parse_ok("[kiosk]\nkeywords = sets/k.tsv\n", &cfg);
	assert_string_equal(cfg.keywords, "site/sets/k.tsv");
	config_finish(&cfg);
	diag_finish(&d);
}

/* The staff lock-out comes from the configuration (issue 18, 6), within bounds. */
static void test_pin_lockout_keys(void **state)
{
	struct kiosk_config cfg;
	parse_ok("[kiosk]\n", &cfg);
	assert_int_equal(cfg.pin_tries, 5);
	assert_int_equal(cfg.pin_lock_seconds, 60);
	config_finish(&cfg);
	parse_ok("[staff]\npin_tries = 3\npin_lock_seconds = 300\n", &cfg);
	assert_int_equal(cfg.pin_tries, 3);
	assert_int_equal(cfg.pin_lock_seconds, 300);
	config_finish(&cfg);
	expect_fail("[staff]\npin_tries = 11\npin_lock_seconds = 9\n",
		    NAME ":2: pin_tries is \"11\"; write a whole number from 3 to 10",
		    NAME ":3: pin_lock_seconds is \"9\"; write a whole number from 10 to 3600",
		    NULL);
	expect_fail("[kiosk]\npin_tries = 5\n",
		    NAME
		    ":2: unknown key \"pin_tries\" in [kiosk]; it takes site, label, languages, "
		    "cards, idle_seconds, idle_countdown_seconds, screen_diagonal_inches, "
		    "keywords, compare_min_sessions, renderer",
		    NULL);
}

static void test_texts(void **state)
{
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nlanguages = sv,en\n"
		 "[text.sv]\nsort.title = Vad ska prägla\n  Ljura 2035?\nsort.done = Färdig\n"
		 "[text.en]\nsort.done = Finished\nsort.title = What should shape Ljura?\n",
		 &cfg);
	assert_int_equal(cfg.ntexts, 4);
	assert_string_equal(cfg.texts[0].code, "sv");
	assert_string_equal(cfg.texts[0].id, "sort.title");
	assert_string_equal(cfg.texts[0].text, "Vad ska prägla Ljura 2035?");
	assert_int_equal(cfg.texts[0].line, 4);
	assert_string_equal(cfg.texts[3].text, "What should shape Ljura?");
	config_finish(&cfg);

	expect_fail("[kiosk]\nlanguages = sv,en\n[text.sv]\nsort.title = A\nsort.done = B\n"
		    "sort.title = C\n[text.fr]\nsort.title = D\n[text.en]\nsort.title = E\n",
		    NAME ":5: sort.done is changed for some languages but not under [text.en]; "
			 "give it in every language offered, so that every visitor is asked the "
			 "same",
		    NAME ":6: sort.title is given twice for sv (first on line 4); keep one",
		    NAME ":7: [text.fr] gives wording for fr, which languages does not offer; add "
			 "fr to languages or delete the section",
		    NULL);
	/* with the defaults, wording must come in sv, en and ar */
	expect_fail("[text.en]\nsort.title = X\n",
		    NAME ":2: sort.title is changed for some languages but not under [text.sv], "
			 "[text.ar]; give it in every language offered, so that every visitor is "
			 "asked the same",
		    NULL);
	/* against a language list that is wrong itself, sections are not judged */
	expect_fail("[kiosk]\nlanguages = sv,,en\n[text.fr]\nsort.title = X\n",
		    NAME ":2: languages has an empty entry; write codes separated by commas, such "
			 "as sv,en,ar",
		    NULL);
}

static void test_load_missing_file(void **state)
{
	struct kiosk_config cfg;
	struct diag d;
	diag_init(&d);
	assert_false(config_load("/nonexistent/kiosk.ini", &cfg, &d));
	assert_string_equal(d.lines[0], "/nonexistent/kiosk.ini: cannot open: No such file or "
					"directory");
	assert_defaults(&cfg);
	config_finish(&cfg);
	diag_finish(&d);
}

static void test_apply(void **state)
{
	struct catalog *cat = bundled_catalog();
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nlanguages = sv,fi,en\n"
		 "[text.sv]\nsort.title = Ny fråga\nsort.progress = {placed} av alla\n"
		 "sort.dune = Klar\n"
		 "[text.fi]\nsort.title = X\nsort.progress = {placed}/{total}\nsort.dune = X\n"
		 "[text.en]\nsort.title = New question\nsort.progress = {placed} of {total}\n"
		 "sort.dune = Done\n",
		 &cfg);
	struct diag d;
	diag_init(&d);
	assert_false(config_apply(&cfg, cat, &d));
	const char *want[] = {
		NAME ":2: languages offers fi, but there is no language file fi.ini (see "
		     "docs/languages.md)",
		NAME ":5: [text.sv] sort.progress: the Swedish text has {total}; this one must "
		     "have it too",
		NAME ":6: [text.sv] sort.dune: \"sort.dune\" is not a text id of sv.ini; check the "
		     "spelling",
		NAME ":10: [text.fi] sort.dune: \"sort.dune\" is not a text id of sv.ini; check "
		     "the spelling",
		NAME ":14: [text.en] sort.dune: \"sort.dune\" is not a text id of sv.ini; check "
		     "the spelling",
	};
	assert_int_equal(d.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < d.count; i++)
		assert_string_equal(d.lines[i], want[i]);
	/* nothing is changed by a configuration that is refused */
	assert_string_equal(catalog_text(cat, 0, "sort.title"),
			    "Vilka ord ska prägla Norrköping 2035?");
	diag_finish(&d);
	config_finish(&cfg);

	/* the defaults name themselves, having no file */
	catalog_destroy(cat);
	cat = catalog_parse("[language]\ncode = sv\nname = Svenska\n", 33, "sv.ini", NULL, &d);
	assert_non_null(cat);
	config_defaults(&cfg);
	assert_false(config_apply(&cfg, cat, &d));
	assert_int_equal(d.count, 2);
	assert_string_equal(d.lines[0], "the default configuration: languages offers en, but there "
					"is no language file en.ini (see docs/languages.md)");
	config_finish(&cfg);
	catalog_destroy(cat);
	diag_finish(&d);
}

static void test_check_keyset(void **state)
{
	const char *set = "# set-id: t\nid\tsv\ten\na\tA\tA\nb\tB\tB\nc\tC\tC\nd\tD\tD\n";
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_parse(set, strlen(set), "t.tsv", &d);
	assert_non_null(ks);
	struct kiosk_config cfg;
	parse_ok("[kiosk]\nlanguages = sv,en\ncards = 4\n", &cfg);
	assert_true(config_check_keyset(&cfg, ks, &d));
	config_finish(&cfg);
	/* lättläst shows the Swedish labels: it needs no column of its own */
	parse_ok("[kiosk]\nlanguages = sv,sv-lattlast,en\ncards = 4\n", &cfg);
	assert_true(config_check_keyset(&cfg, ks, &d));
	assert_int_equal(d.count, 0);
	config_finish(&cfg);

	parse_ok("[kiosk]\nlanguages = sv,ar,en\ncards = 5\n", &cfg);
	assert_false(config_check_keyset(&cfg, ks, &d));
	assert_int_equal(d.count, 2);
	assert_string_equal(d.lines[0], NAME ":3: cards is 5, but the keyword set has only 4 "
					     "keywords; deal fewer cards or add keywords");
	assert_string_equal(d.lines[1], NAME ":2: the keyword set has no ar column, so visitors "
					     "who choose ar would read the cards in Swedish; add "
					     "the column to the set or remove ar from languages");
	config_finish(&cfg);
	diag_finish(&d);
	keyset_destroy(ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),  cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_every_key), cmocka_unit_test(test_pin_lockout_keys),
		cmocka_unit_test(test_texts),	  cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_apply),	  cmocka_unit_test(test_check_keyset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
