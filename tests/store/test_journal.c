/* Journal tests: a session written after every drop, finished at Done, and
 * what the next start finds after a kiosk died half-way; the visitor's
 * profile; and the staff's purge of old exported sessions. */
#include "common/clock.h"
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/log.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define UUID_A "6f1c1a52-4c55-4b2e-9d0e-3f1f3b9b5a10"
#define T0 2051222400000 /* 2035-01-01T00:00:00.000Z */

static struct session_meta meta_at(int64_t ended_ms)
{
	return (struct session_meta){
		.uuid = UUID_A,
		.site = "Kulturhuset",
		.language = "sv",
		.started_ms = T0,
		.ended_ms = ended_ms,
	};
}

static void fx_reopen(struct st_fx *fx)
{
	log_close(fx->log);
	fx->log = log_open(fx->path, &fx->d);
	assert_non_null(fx->log);
}

static char *fx_cards(struct st_fx *fx)
{
	return st_sql_text(fx->path, "SELECT group_concat(c, ' ') FROM ("
				     "  SELECT keyword_id || ':' || coalesce(pile, '-') || ':' || "
				     "         coalesce(rank, '-') AS c FROM cards "
				     "  ORDER BY session_id, deal_pos)");
}

static void assert_cards(struct st_fx *fx, const char *want)
{
	char *got = fx_cards(fx);
	assert_string_equal(got ? got : "", want);
	free(got);
}

static char *fx_outcome(struct st_fx *fx)
{
	return st_sql_text(fx->path, "SELECT outcome || ' ' || ended_at FROM sessions "
				     "WHERE uuid = '" UUID_A "'");
}

static void test_journal_then_save_is_one_session(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1, 2};
	struct session *s = session_create(kw, 3);
	struct session_meta m = meta_at(T0 + 1000);
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d)); /* dealt */
	assert_cards(fx, "k1:-:- k2:-:- k3:-:-");
	assert_true(session_move(s, 0, PILE_YES, 0));
	m.ended_ms = T0 + 2000;
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_true(session_move(s, 1, PILE_YES, 0));
	assert_true(session_move(s, 2, PILE_NO, 0));
	m.ended_ms = T0 + 3000;
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_cards(fx, "k1:yes:2 k2:yes:1 k3:no:1");
	char *o = fx_outcome(fx);
	assert_string_equal(o, "open 2035-01-01T00:00:03.000Z");
	free(o);
	struct log_counts c;
	assert_true(log_counts(fx->log, &c, &fx->d));
	assert_int_equal(c.total, 0); /* in progress: not a finished session yet */
	assert_int_equal(c.unexported, 0);

	assert_true(session_complete(s));
	m.ended_ms = T0 + 4000;
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	o = fx_outcome(fx);
	assert_string_equal(o, "completed 2035-01-01T00:00:04.000Z");
	free(o);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions"), 1);
	assert_cards(fx, "k1:yes:2 k2:yes:1 k3:no:1");

	/* finished means finished: neither journal nor save touches it again */
	assert_false(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_false(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_int_equal(fx->d.count, 2);
	assert_non_null(strstr(fx->d.lines[1], "already saved"));
	fx_reopen(fx);
	o = fx_outcome(fx);
	assert_string_equal(o, "completed 2035-01-01T00:00:04.000Z");
	free(o);
	session_destroy(s);
}

static void test_killed_session_is_abandoned_on_restart(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {3, 4, 5};
	struct session *s = session_create(kw, 3);
	assert_true(session_move(s, 1, PILE_NEUTRAL, 0));
	struct session_meta m = meta_at(T0 + 7000);
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	/* no save: the kiosk died here; the next start closes it */
	fx_reopen(fx);
	assert_int_equal(log_recovered(fx->log)->abandoned, 1);
	assert_int_equal(log_recovered(fx->log)->discarded, 0);
	char *o = fx_outcome(fx);
	assert_string_equal(o, "abandoned 2035-01-01T00:00:07.000Z");
	free(o);
	assert_cards(fx, "k4:-:- k5:neutral:1 k6:-:-");
	/* and it is exported like any abandoned session */
	struct log_counts c;
	assert_true(log_counts(fx->log, &c, &fx->d));
	assert_int_equal(c.abandoned, 1);
	assert_int_equal(c.unexported, 1);
	fx_reopen(fx);
	assert_int_equal(log_recovered(fx->log)->abandoned, 0);
	session_destroy(s);
}

static void test_session_without_a_placed_card_is_dropped(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1};
	struct session *s = session_create(kw, 2);
	struct session_meta m = meta_at(T0 + 1000);
	assert_true(session_move(s, 0, PILE_YES, 0));
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_true(session_move(s, 0, PILE_DECK, 0)); /* put back */
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	fx_reopen(fx);
	assert_int_equal(log_recovered(fx->log)->discarded, 1);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards"), 0);
	session_destroy(s);
}

static void test_live_log_is_not_recovered_by_another_process(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1};
	struct session *s = session_create(kw, 2);
	assert_true(session_move(s, 0, PILE_NO, 0));
	struct session_meta m = meta_at(T0 + 1000);
	assert_true(log_journal_session(fx->log, fx->ks, s, &m, &fx->d));
	/* staff export from the same log while the kiosk runs: the visitor's
	 * session must stay open, or the kiosk could not save it */
	struct log *other = log_open(fx->path, &fx->d);
	assert_non_null(other);
	assert_int_equal(log_recovered(other)->abandoned, 0);
	log_close(other);
	char *o = fx_outcome(fx);
	assert_string_equal(o, "open 2035-01-01T00:00:01.000Z");
	free(o);
	assert_true(session_move(s, 1, PILE_YES, 0));
	assert_true(session_complete(s));
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	session_destroy(s);
}

static void test_profile_is_stored_and_checked(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0};
	struct session *s = st_session(kw, (enum pile[]){PILE_YES}, 1, true);
	struct session_meta m = meta_at(T0 + 1000);
	m.age_band = "26-45";
	m.residence = "visitor";
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	char *p = st_sql_text(fx->path, "SELECT age_band || ' ' || residence FROM sessions");
	assert_string_equal(p, "26-45 visitor");
	free(p);
	m.uuid = "6f1c1a52-4c55-4b2e-9d0e-3f1f3b9b5a11";
	m.age_band = "30";
	assert_false(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	m.age_band = NULL;
	m.residence = "abroad";
	assert_false(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_int_equal(fx->d.count, 2);
	assert_non_null(strstr(fx->d.lines[0], "age band"));
	assert_non_null(strstr(fx->d.lines[1], "residence"));
	m.residence = NULL; /* skipped: stored as NULL */
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions "
					      "WHERE age_band IS NULL AND residence IS NULL"),
			 1);
	session_destroy(s);
}

static void test_purge_deletes_only_old_exported_sessions(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1};
	enum pile piles[] = {PILE_YES, PILE_NO};
	st_add(fx->log, fx->ks, kw, piles, 2, true); /* 2035: in the future, "new" */
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	export_result_finish(&r);
	st_add(fx->log, fx->ks, kw, piles, 2, true); /* not exported */
	/* two old ones, one exported */
	st_sql_exec(fx->path, "UPDATE sessions SET ended_at = '2020-01-01T00:00:00.000Z'");
	st_sql_exec(fx->path, "UPDATE sessions SET exported_at = NULL WHERE id = 2");

	uint64_t n = 99;
	assert_true(log_purge_exported(fx->log, clock_wall_ms() - 30LL * 86400000, &n, &fx->d));
	assert_int_equal(n, 1);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(st_sql_int(fx->path, "SELECT id FROM sessions"), 2);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards"), 2);
	/* again: nothing left to purge; a 2035 cutoff still spares unexported */
	assert_true(log_purge_exported(fx->log, T0 + 86400000LL * 365, &n, &fx->d));
	assert_int_equal(n, 0);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM sessions"), 1);
	char *check = st_sql_text(fx->path, "PRAGMA integrity_check");
	assert_string_equal(check, "ok");
	free(check);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_journal_then_save_is_one_session,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_killed_session_is_abandoned_on_restart,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_session_without_a_placed_card_is_dropped,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_live_log_is_not_recovered_by_another_process,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_profile_is_stored_and_checked, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_purge_deletes_only_old_exported_sessions,
						st_fx_setup_log, st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-journal", tests, NULL, NULL);
}
