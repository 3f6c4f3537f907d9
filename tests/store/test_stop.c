/* An import stopped half-way (tally_set_stop): the watcher asks whether to
 * stop while a file is read, checked and merged, and while it waits for a
 * tally another program has locked, so SIGTERM ends it within a second
 * whatever the file's size; the same while it opens the tally and judges
 * every session again by new rules. Wherever the stop comes, the import ends as
 * IMPORT_STOPPED with one line naming the file, the tally is as it was (no
 * session, no import log or audit line), and the same file imports in full
 * afterwards. */
#include "common/clock.h"
#include "common/diag.h"
#include "store/tally.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

/* Says stop at its stop_at'th question, counting them all. */
struct asker {
	unsigned long asked, stop_at;
};

static bool asker_says(void *arg)
{
	struct asker *a = arg;
	return ++a->asked >= a->stop_at;
}

static void fx_sessions(struct st_fx *fx, size_t n)
{
	size_t kw[] = {0, 1, 2, 3, 4, 5};
	enum pile piles[] = {PILE_YES, PILE_NO, PILE_NEUTRAL, PILE_YES, PILE_NO, PILE_YES};
	for (size_t i = 0; i < n; i++)
		st_add(fx->log, fx->ks, kw, piles, 6, true);
}

/* Every table of the tally as one text, to compare before and after. */
static char *tally_text(const char *path)
{
	return st_sql_text(path, "SELECT (SELECT count(*) FROM sessions) || ' ' || "
				 "(SELECT count(*) FROM cards) || ' ' || "
				 "(SELECT count(*) FROM imports) || ' ' || "
				 "(SELECT count(*) FROM audit) || ' ' || "
				 "(SELECT count(*) FROM agg_keywords) || ' ' || "
				 "(SELECT count(*) FROM agg_sessions) || ' ' || "
				 "(SELECT count(*) FROM keywords)");
}

static void assert_stopped(struct st_fx *fx, const char *file, enum import_status status)
{
	assert_int_equal(status, IMPORT_STOPPED);
	assert_int_equal(fx->d.count, 1);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	assert_non_null(strstr(fx->d.lines[0], "import stopped before it finished"));
	diag_finish(&fx->d);
}

static void test_stopped_anywhere_changes_nothing(void **state)
{
	struct st_fx *fx = *state;
	fx_sessions(fx, 400);
	char *file = st_export(fx, fx->log, false);
	bool known = false;
	assert_true(tally_trust(fx->tally, fx->public_key, "Torget", &known, &fx->d));
	/* how often a whole import asks, on a copy of the tally */
	char *copy = st_join(fx->dir, "copy.sqlite");
	struct diag d;
	diag_init(&d);
	struct tally *other = tally_open(copy, &d);
	assert_non_null(other);
	assert_true(tally_trust(other, fx->public_key, "Torget", &known, &d));
	struct asker never = {0, (unsigned long)-1};
	tally_set_stop(other, asker_says, &never);
	struct import_result r;
	assert_int_equal(tally_import(other, file, &r, &d), IMPORT_OK);
	assert_int_equal(r.added, 400);
	tally_close(other);
	diag_finish(&d);
	free(copy);
	print_message("a whole import asked %lu times\n", never.asked);
	/* the read, the hash, the checks and the merge each ask more than once */
	assert_true(never.asked >= 8);

	char *before = tally_text(fx->tally_path);
	unsigned long n = never.asked;
	unsigned long at[] = {1, 2, 3, n / 4, n / 2, 3 * n / 4, n - 1, n};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		struct asker a = {0, at[i] ? at[i] : 1};
		tally_set_stop(fx->tally, asker_says, &a);
		assert_stopped(fx, file, tally_import(fx->tally, file, &r, &fx->d));
		/* it stops at the question that said so, asking no more */
		assert_int_equal(a.asked, a.stop_at);
		char *now = tally_text(fx->tally_path);
		assert_string_equal(now, before);
		free(now);
	}
	/* not told to stop, the same file goes in whole */
	tally_set_stop(fx->tally, NULL, NULL);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 400);
	free(before);
	free(file);
}

static void test_stopped_while_the_tally_is_locked(void **state)
{
	struct st_fx *fx = *state;
	fx_sessions(fx, 2);
	char *file = st_export(fx, fx->log, false);
	bool known = false;
	assert_true(tally_trust(fx->tally, fx->public_key, NULL, &known, &fx->d));
	/* another program holds the tally's write lock */
	sqlite3 *holder = NULL;
	assert_int_equal(sqlite3_open(fx->tally_path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	char *before = tally_text(fx->tally_path);
	struct asker count = {0, (unsigned long)-1};
	tally_set_stop(fx->tally, asker_says, &count);
	struct import_result r;
	int64_t t0 = clock_mono_ms();
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_TALLY_FAILED);
	int64_t waited = clock_mono_ms() - t0;
	diag_finish(&fx->d);
	/* the whole wait asks every nap: about 5 s in naps of 10 ms */
	print_message("a locked tally: %lu questions in %lld ms\n", count.asked, (long long)waited);
	assert_true(count.asked > 100);
	/* a stop that comes a few naps into the wait ends it then, not when
	 * the busy timeout would */
	struct asker a = {0, 20};
	tally_set_stop(fx->tally, asker_says, &a);
	t0 = clock_mono_ms();
	assert_stopped(fx, file, tally_import(fx->tally, file, &r, &fx->d));
	int64_t took = clock_mono_ms() - t0;
	print_message("stopped after %lld ms\n", (long long)took);
	assert_true(took < 1000);
	/* a file to reject waits too, to write its audit line: stopped, the
	 * line is not written, and the file is judged again next time */
	char *junk = st_join(fx->dir, "junk.sqlite");
	st_write_file(junk, "not an export, but long enough to look like a file of some kind "
			    "at first sight, and then some more words");
	a = (struct asker){0, 20};
	t0 = clock_mono_ms();
	assert_stopped(fx, junk, tally_import(fx->tally, junk, &r, &fx->d));
	assert_true(clock_mono_ms() - t0 < 1000);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	char *after = tally_text(fx->tally_path);
	assert_string_equal(after, before);
	free(after);
	/* the lock gone: judged as ever */
	tally_set_stop(fx->tally, NULL, NULL);
	assert_int_equal(tally_import(fx->tally, junk, &r, &fx->d), IMPORT_FILE_BAD);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM audit WHERE event = "
						    "'rejected' AND subject = 'junk.sqlite'"),
			 1);
	diag_finish(&fx->d);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 2);
	free(junk);
	free(before);
	free(file);
}

static void test_stopped_while_judging_again(void **state)
{
	struct st_fx *fx = *state;
	fx_sessions(fx, 300);
	char *file = st_export(fx, fx->log, false);
	bool known = false;
	assert_true(tally_trust(fx->tally, fx->public_key, NULL, &known, &fx->d));
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	char *before = st_sql_text(fx->tally_path, "SELECT group_concat(key || '=' || value) "
						   "FROM meta");
	char *counts = tally_text(fx->tally_path);
	struct misuse_rules rules;
	tally_misuse_rules(fx->tally, &rules);
	rules.min_ms_per_card = 0;
	struct asker a = {0, 3};
	tally_set_stop(fx->tally, asker_says, &a);
	bool rejudged = true;
	assert_false(tally_set_misuse_rules(fx->tally, &rules, &rejudged, &fx->d));
	assert_false(rejudged);
	assert_int_equal(fx->d.count, 1);
	assert_non_null(strstr(fx->d.lines[0], "stopped before every session was judged again"));
	diag_finish(&fx->d);
	char *after = st_sql_text(fx->tally_path, "SELECT group_concat(key || '=' || value) "
						  "FROM meta");
	assert_string_equal(after, before);
	free(after);
	after = tally_text(fx->tally_path);
	assert_string_equal(after, counts);
	free(after);
	/* the rules the tally keeps are still the old ones */
	struct misuse_rules kept;
	tally_misuse_rules(fx->tally, &kept);
	assert_int_not_equal(kept.min_ms_per_card, 0);
	free(counts);
	free(before);
	free(file);
}

static void test_stopped_while_opening_a_locked_tally(void **state)
{
	struct st_fx *fx = *state;
	sqlite3 *holder = NULL;
	assert_int_equal(sqlite3_open(fx->tally_path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct asker a = {0, 20};
	int64_t t0 = clock_mono_ms();
	struct tally *t = tally_open_until(fx->tally_path, asker_says, &a, &fx->d);
	assert_null(t);
	assert_true(clock_mono_ms() - t0 < 1000);
	assert_int_equal(fx->d.count, 1);
	assert_non_null(strstr(fx->d.lines[0], "stopped while the tally was being opened"));
	diag_finish(&fx->d);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	a = (struct asker){0, (unsigned long)-1};
	t = tally_open_until(fx->tally_path, asker_says, &a, &fx->d);
	assert_non_null(t);
	tally_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stopped_anywhere_changes_nothing,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_stopped_while_the_tally_is_locked,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_stopped_while_judging_again, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_stopped_while_opening_a_locked_tally,
						st_fx_setup_tally, st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-stop", tests, NULL, NULL);
}
