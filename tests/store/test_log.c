/* Session log tests: the file a kiosk writes every session into, as staff
 * and the export would find it after saves, restarts and mistakes. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "store/log.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct log *fx_open(struct st_fx *fx)
{
	struct log *log = log_open(fx->path, &fx->d);
	if (!log)
		fail_msg("log_open: %s", diag_first(&fx->d, "(no message)"));
	return log;
}

static struct log_counts fx_counts(struct st_fx *fx, struct log *log)
{
	struct log_counts c;
	memset(&c, 0xff, sizeof(c));
	assert_true(log_counts(log, &c, &fx->d));
	return c;
}

static void test_create_reopen_keeps_kiosk_id(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	assert_string_equal(log_path(log), fx->path);
	char *id = strdup(log_kiosk_id(log));
	assert_true(uuid_valid(id));
	log_close(log);

	log = fx_open(fx);
	assert_string_equal(log_kiosk_id(log), id);
	log_close(log);

	/* another log is another kiosk */
	char *other = st_join(fx->dir, "other.sqlite");
	log = log_open(other, &fx->d);
	assert_non_null(log);
	assert_string_not_equal(log_kiosk_id(log), id);
	log_close(log);
	log_close(NULL);
	free(other);
	free(id);
	assert_int_equal(fx->d.count, 0);
}

static void test_open_in_missing_folder_names_file(void **state)
{
	struct st_fx *fx = *state;
	char *path = st_join(fx->dir, "nope/log.sqlite");
	assert_null(log_open(path, &fx->d));
	assert_int_equal(fx->d.count, 1);
	assert_non_null(strstr(fx->d.lines[0], path));
	free(path);
}

static void test_newer_schema_refused(void **state)
{
	struct st_fx *fx = *state;
	log_close(fx_open(fx));
	st_sql_exec(fx->path, "PRAGMA user_version = 7");

	assert_null(log_open(fx->path, &fx->d));
	assert_int_equal(fx->d.count, 1);
	struct strbuf want;
	sb_init(&want);
	sb_appendf(&want,
		   "%s: this log was written by a newer visionsort (schema 7); update visionsort",
		   fx->path);
	assert_string_equal(fx->d.lines[0], sb_str(&want));
	sb_finish(&want);
	/* and the file is left as it was */
	assert_int_equal(st_sql_int(fx->path, "PRAGMA user_version"), 7);
}

static void expect_foreign(struct st_fx *fx, const char *path)
{
	diag_finish(&fx->d);
	assert_null(log_open(path, &fx->d));
	assert_int_equal(fx->d.count, 1);
	struct strbuf want;
	sb_init(&want);
	sb_appendf(&want, "%s: not a visionsort session log", path);
	assert_string_equal(fx->d.lines[0], sb_str(&want));
	sb_finish(&want);
}

static void test_foreign_files_refused(void **state)
{
	struct st_fx *fx = *state;
	/* a text file someone named like a log: refused and untouched */
	char *text = st_join(fx->dir, "notes.sqlite");
	const char *notes = "These are my notes, not a database. They are long enough to matter.\n"
			    "Line two of the notes, so that the header check has bytes to read.\n";
	st_write_file(text, notes);
	expect_foreign(fx, text);
	char *after = st_read_file(text, NULL);
	assert_string_equal(after, notes);
	free(after);

	/* another program's SQLite database */
	char *other = st_join(fx->dir, "other.db");
	st_sql_exec(other, "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x')");
	expect_foreign(fx, other);
	assert_int_equal(st_sql_int(other, "SELECT count(*) FROM sqlite_master"), 1);
	assert_int_equal(st_sql_int(other, "PRAGMA application_id"), 0);

	/* a visionsort file of another kind */
	char *tally = st_join(fx->dir, "tally.db");
	st_sql_exec(tally, "PRAGMA application_id = 1448301633; CREATE TABLE meta(k, v)");
	expect_foreign(fx, tally);

	free(text);
	free(other);
	free(tally);
}

static void test_empty_file_becomes_log(void **state)
{
	struct st_fx *fx = *state;
	st_write_file(fx->path, ""); /* e.g. made by touch */
	struct log *log = fx_open(fx);
	assert_true(uuid_valid(log_kiosk_id(log)));
	log_close(log);
	assert_int_equal(st_sql_int(fx->path, "PRAGMA application_id"), 0x56534C47);
	assert_int_equal(st_sql_int(fx->path, "PRAGMA user_version"), 3);
}

/* A log as the first release wrote it (schema 1), as found on a kiosk. */
static const char log_v1[] =
	"PRAGMA application_id = 1448299591;\n"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE keyword_sets(set_id TEXT NOT NULL, set_version TEXT NOT NULL,\n"
	"  keyword_count INTEGER NOT NULL, registered_at TEXT NOT NULL,\n"
	"  PRIMARY KEY(set_id, set_version));\n"
	"CREATE TABLE keywords(set_id TEXT NOT NULL, set_version TEXT NOT NULL,\n"
	"  keyword_id TEXT NOT NULL, lang TEXT NOT NULL, label TEXT NOT NULL,\n"
	"  PRIMARY KEY(set_id, set_version, keyword_id, lang),\n"
	"  FOREIGN KEY(set_id, set_version) REFERENCES keyword_sets(set_id, set_version));\n"
	"CREATE TABLE sessions(id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,\n"
	"  kiosk_id TEXT NOT NULL, site TEXT, set_id TEXT NOT NULL, set_version TEXT NOT NULL,\n"
	"  language TEXT, started_at TEXT NOT NULL, ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
	"  exported_at TEXT,\n"
	"  FOREIGN KEY(set_id, set_version) REFERENCES keyword_sets(set_id, set_version));\n"
	"CREATE INDEX sessions_unexported ON sessions(id) WHERE exported_at IS NULL;\n"
	"CREATE TABLE cards(session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
	"  keyword_id TEXT NOT NULL, deal_pos INTEGER NOT NULL CHECK(deal_pos >= 0),\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')), rank INTEGER CHECK(rank >= 1),\n"
	"  CHECK((pile IS NULL) = (rank IS NULL)), PRIMARY KEY(session_id, keyword_id));\n"
	"INSERT INTO meta VALUES ('kiosk_id', '0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3'),\n"
	"  ('created_at', '2035-01-01T00:00:00.000Z');\n"
	"INSERT INTO keyword_sets VALUES ('test-set', '1', 6, '2035-01-01T00:00:00.000Z');\n"
	"INSERT INTO keywords VALUES ('test-set', '1', 'k1', 'sv', 'Ett'),\n"
	"  ('test-set', '1', 'k2', 'sv', 'Två');\n"
	"INSERT INTO sessions VALUES (7, '5e0d4b3a-2c1f-4e8d-9a7b-6c5d4e3f2a1b',\n"
	"  '0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3', 'Biblioteket', 'test-set', '1', 'sv',\n"
	"  '2035-01-01T00:00:00.000Z', '2035-01-01T00:01:00.000Z', 'completed',\n"
	"  '2035-01-02T00:00:00.000Z'),\n"
	"  (8, '5e0d4b3a-2c1f-4e8d-9a7b-6c5d4e3f2a1c', '0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3',\n"
	"  NULL, 'test-set', '1', 'en', '2035-01-03T00:00:00.000Z',\n"
	"  '2035-01-03T00:01:00.000Z', 'abandoned', NULL);\n"
	"INSERT INTO cards VALUES (7, 'k1', 0, 'yes', 1), (7, 'k2', 1, 'no', 1),\n"
	"  (8, 'k1', 0, NULL, NULL), (8, 'k2', 1, 'neutral', 1);\n"
	"PRAGMA user_version = 1;";

static void test_v1_log_is_upgraded_with_its_data(void **state)
{
	struct st_fx *fx = *state;
	st_sql_exec(fx->path, log_v1);
	struct log *log = fx_open(fx);
	assert_string_equal(log_kiosk_id(log), "0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3");
	assert_int_equal(st_sql_int(fx->path, "PRAGMA user_version"), 3);
	/* every session and card as it was, under the same ids */
	const char *sql = "SELECT group_concat(r, ' | ') FROM ("
			  "SELECT id || ' ' || uuid || ' ' || coalesce(site, '-') || ' ' || "
			  "language || ' ' || outcome || ' ' || coalesce(exported_at, '-') || "
			  "' ' || coalesce(age_band, '-') AS r FROM sessions ORDER BY id)";
	char *rows = st_sql_text(fx->path, sql);
	assert_string_equal(rows, "7 5e0d4b3a-2c1f-4e8d-9a7b-6c5d4e3f2a1b Biblioteket sv completed "
				  "2035-01-02T00:00:00.000Z - | 8 "
				  "5e0d4b3a-2c1f-4e8d-9a7b-6c5d4e3f2a1c - en abandoned - -");
	free(rows);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards c JOIN sessions s "
					      "ON s.id = c.session_id"),
			 4);
	struct log_counts c = fx_counts(fx, log);
	assert_int_equal(c.total, 2);
	assert_int_equal(c.unexported, 1);
	char *check = st_sql_text(fx->path, "PRAGMA integrity_check");
	assert_string_equal(check, "ok");
	free(check);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* and the upgraded log takes new sessions, with profile and journal */
	size_t kw[] = {0, 1};
	enum pile piles[] = {PILE_YES, PILE_YES};
	st_add(log, fx->ks, kw, piles, 2, true);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions"), 3);
	uint32_t counts[6];
	assert_true(log_deal_counts(log, fx->ks, counts, &fx->d));
	assert_int_equal(counts[0], 3);
	log_close(log);
	assert_int_equal(fx->d.count, 0);
}

static void test_save_and_counts_survive_reopen(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	struct log_counts c = fx_counts(fx, log);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.unexported, 0);

	size_t kw[] = {0, 1, 2};
	enum pile all_yes[] = {PILE_YES, PILE_NO, PILE_NEUTRAL};
	enum pile some[] = {PILE_YES, PILE_DECK, PILE_DECK};
	st_add(log, fx->ks, kw, all_yes, 3, true);
	st_add(log, fx->ks, kw, all_yes, 3, true);
	st_add(log, fx->ks, kw, some, 3, false);
	log_close(log);

	/* as after a power cut: nothing but the file */
	log = fx_open(fx);
	c = fx_counts(fx, log);
	assert_int_equal(c.total, 3);
	assert_int_equal(c.completed, 2);
	assert_int_equal(c.abandoned, 1);
	assert_int_equal(c.unexported, 3);
	log_close(log);
	assert_int_equal(fx->d.count, 0);
}

static void test_refuses_unfinished_and_duplicate(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	size_t kw[] = {0, 1};
	struct session *s = session_create(kw, 2);
	assert_true(session_move(s, 0, PILE_YES, 0));
	assert_false(st_save(log, fx->ks, s)); /* still sorting */
	assert_true(session_move(s, 1, PILE_NO, 0));
	assert_true(session_complete(s));

	struct session_meta meta = {
		.uuid = "6f1c1a52-4c55-4b2e-9d0e-3f1f3b9b5a10",
		.language = "en",
		.started_ms = 2051222400000,
		.ended_ms = 2051222500000,
	};
	assert_true(log_save_session(log, fx->ks, s, &meta, &fx->d));
	assert_int_equal(fx->d.count, 0);
	assert_false(log_save_session(log, fx->ks, s, &meta, &fx->d));
	assert_int_equal(fx->d.count, 1);
	assert_non_null(strstr(fx->d.lines[0], fx->path));

	struct log_counts c = fx_counts(fx, log);
	assert_int_equal(c.total, 1);
	/* the failed save left no stray cards behind */
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards"), 2);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions "
					      "WHERE site IS NULL AND language = 'en' "
					      "AND started_at = '2035-01-01T00:00:00.000Z' "
					      "AND ended_at = '2035-01-01T00:01:40.000Z'"),
			 1);
	session_destroy(s);
	log_close(log);
}

static char *cards_of_last_session(const char *path)
{
	return st_sql_text(path, "SELECT group_concat(c, ' ') FROM ("
				 "  SELECT keyword_id || ':' || coalesce(pile, '-') || ':' || "
				 "         coalesce(rank, '-') AS c FROM cards "
				 "  WHERE session_id = (SELECT max(id) FROM sessions) "
				 "  ORDER BY deal_pos)");
}

static void test_cards_have_pile_and_rank(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	/* dealt k5, k1, k3, k2, k4, k6 */
	size_t kw[] = {4, 0, 2, 1, 3, 5};
	enum pile piles[] = {PILE_YES, PILE_NO, PILE_YES, PILE_NEUTRAL, PILE_YES, PILE_NO};
	st_add(log, fx->ks, kw, piles, 6, true);
	char *got = cards_of_last_session(fx->path);
	assert_string_equal(got, "k5:yes:1 k1:no:1 k3:yes:2 k2:neutral:1 k4:yes:3 k6:no:2");
	free(got);

	/* the visitor's own order: moving k4 to the top of yes */
	struct session *s = session_create(kw, 6);
	for (size_t i = 0; i < 6; i++)
		assert_true(session_move(s, i, piles[i], (size_t)-1));
	assert_true(session_move(s, 4, PILE_YES, 0));
	assert_true(session_complete(s));
	assert_true(st_save(log, fx->ks, s));
	session_destroy(s);
	got = cards_of_last_session(fx->path);
	assert_string_equal(got, "k5:yes:2 k1:no:1 k3:yes:3 k2:neutral:1 k4:yes:1 k6:no:2");
	free(got);

	/* abandoned: what was still in the deck has no pile */
	enum pile half[] = {PILE_NO, PILE_DECK, PILE_YES, PILE_DECK, PILE_DECK, PILE_DECK};
	st_add(log, fx->ks, kw, half, 6, false);
	got = cards_of_last_session(fx->path);
	assert_string_equal(got, "k5:no:1 k1:-:- k3:yes:1 k2:-:- k4:-:- k6:-:-");
	free(got);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions "
					      "WHERE outcome = 'abandoned'"),
			 1);
	log_close(log);
}

static void test_deal_counts(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	struct keyset *other = st_other_keyset();
	uint32_t counts[6];
	assert_true(log_deal_counts(log, fx->ks, counts, &fx->d));
	for (int i = 0; i < 6; i++)
		assert_int_equal(counts[i], 0);

	size_t a[] = {0, 1, 2}, b[] = {1, 2, 3}, c[] = {2, 3, 4};
	enum pile yes3[] = {PILE_YES, PILE_YES, PILE_YES};
	enum pile deck3[] = {PILE_DECK, PILE_DECK, PILE_DECK};
	st_add(log, fx->ks, a, yes3, 3, true);
	st_add(log, fx->ks, b, yes3, 3, true);
	st_add(log, fx->ks, c, deck3, 3, false); /* abandoned still counts as dealt */
	st_add(log, other, a, yes3, 3, true);	 /* another set does not */

	assert_true(log_deal_counts(log, fx->ks, counts, &fx->d));
	uint32_t want[] = {1, 2, 3, 2, 1, 0};
	for (int i = 0; i < 6; i++)
		assert_int_equal(counts[i], want[i]);
	uint32_t ocounts[3];
	assert_true(log_deal_counts(log, other, ocounts, &fx->d));
	assert_int_equal(ocounts[0], 1);
	assert_int_equal(ocounts[1], 1);
	assert_int_equal(ocounts[2], 1);

	/* kept across a restart: the kiosk deals from these */
	log_close(log);
	log = fx_open(fx);
	assert_true(log_deal_counts(log, fx->ks, counts, &fx->d));
	for (int i = 0; i < 6; i++)
		assert_int_equal(counts[i], want[i]);
	log_close(log);
	keyset_destroy(other);
}

static void test_register_keyset_stores_every_label(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	assert_true(log_register_keyset(log, fx->ks, &fx->d));
	assert_true(log_register_keyset(log, fx->ks, &fx->d)); /* idempotent */
	assert_int_equal(fx->d.count, 0);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM keywords"), 12);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM keyword_sets "
					      "WHERE set_id = 'test-set' AND set_version = '1' "
					      "AND keyword_count = 6"),
			 1);
	char *label = st_sql_text(fx->path, "SELECT label FROM keywords "
					    "WHERE keyword_id = 'k2' AND lang = 'en'");
	assert_string_equal(label, "Two");
	free(label);
	label = st_sql_text(fx->path, "SELECT label FROM keywords "
				      "WHERE keyword_id = 'k2' AND lang = 'sv'");
	assert_string_equal(label, "Två");
	free(label);
	log_close(log);
}

/* A kiosk starts with its set registered already and writes nothing then;
 * a label corrected under the same version must still replace the old one. */
static void test_register_keyset_corrected_label(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	assert_true(log_register_keyset(log, fx->ks, &fx->d));
	static const char fixed[] = "# set-id: test-set\n"
				    "# version: 1\n"
				    "id\tsv\ten\n"
				    "k1\tEtt\tOne\n"
				    "k2\tTvå\tTwo, corrected\n"
				    "k3\tTre\tThree\n"
				    "k4\tFyra\tFour\n"
				    "k5\tFem\tFive\n"
				    "k6\tSex\tSix\n";
	struct keyset *ks = keyset_parse(fixed, sizeof(fixed) - 1, "fixed.tsv", &fx->d);
	assert_non_null(ks);
	assert_true(log_register_keyset(log, ks, &fx->d));
	assert_int_equal(fx->d.count, 0);
	char *label = st_sql_text(fx->path, "SELECT label FROM keywords "
					    "WHERE keyword_id = 'k2' AND lang = 'en'");
	assert_string_equal(label, "Two, corrected");
	free(label);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM keywords"), 12);
	keyset_destroy(ks);
	log_close(log);
}

static void test_save_registers_unregistered_set(void **state)
{
	struct st_fx *fx = *state;
	struct log *log = fx_open(fx);
	size_t kw[] = {0};
	enum pile yes[] = {PILE_YES};
	st_add(log, fx->ks, kw, yes, 1, true);
	/* the export must be able to name every keyword it carries */
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM keywords"), 12);
	log_close(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_reopen_keeps_kiosk_id, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_in_missing_folder_names_file, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_refused, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_file_becomes_log, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_v1_log_is_upgraded_with_its_data, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_save_and_counts_survive_reopen, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuses_unfinished_and_duplicate, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_cards_have_pile_and_rank, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_deal_counts, st_fx_setup, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_register_keyset_stores_every_label,
						st_fx_setup, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_register_keyset_corrected_label, st_fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_save_registers_unregistered_set, st_fx_setup,
						st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-log", tests, NULL, NULL);
}
