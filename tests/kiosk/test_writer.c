/* The kiosk's writer thread (src/kiosk/app_writer.c): a store waits for its
 * release (the frame answering the visitor comes first), runs in the order
 * given, a slow disk cannot pile up journal writes, a failure comes back
 * with its message, and ending the writer writes what it still held. The
 * log is read back with plain SQLite, as another tool would. */
#include "kiosk/app_writer.h"

#include "../store/store_test.h"

#include "common/uuid.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const size_t kw[4] = {0, 1, 2, 3};

static int wakes;

static void count_wake(void *ctx)
{
	__atomic_add_fetch((int *)ctx, 1, __ATOMIC_RELAXED);
}

static struct store_job *job_for(enum store_kind kind, const struct session *s, const char *uuid)
{
	struct store_job *job = store_job_create(kind, s);
	memcpy(job->uuid, uuid, 37);
	job->language = strdup("sv");
	job->started_ms = 2051222400000;
	job->ended_ms = 2051222460000;
	return job;
}

static int64_t sessions_in(struct st_fx *fx, const char *outcome)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE outcome = '%s'", outcome);
	return st_sql_int(fx->path, sql);
}

static void test_held_until_release(void **state)
{
	struct st_fx *fx = *state;
	wakes = 0;
	struct store_writer *w = store_writer_create(fx->log, fx->ks, count_wake, &wakes);
	assert_non_null(w);
	const enum pile piles[4] = {PILE_YES, PILE_NO, PILE_YES, PILE_NEUTRAL};
	struct session *s = st_session(kw, piles, 4, true);
	char uuid[37];
	assert_true(uuid_v4(uuid));
	store_writer_submit(w, job_for(STORE_SAVE, s, uuid));
	session_destroy(s); /* the job has its own copy */
	usleep(100 * 1000);
	assert_null(store_writer_take(w));
	assert_int_equal(sessions_in(fx, "completed"), 0);

	store_writer_wait(w);
	struct store_job *job = store_writer_take(w);
	assert_non_null(job);
	assert_true(job->ok);
	assert_true(job->done_us >= job->begun_us && job->begun_us > 0);
	assert_null(store_writer_take(w));
	assert_int_equal(sessions_in(fx, "completed"), 1);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards WHERE pile = 'yes'"), 2);
	store_job_destroy(job);
	/* the loop is woken after the job is handed back: by the time the
	 * thread has ended, for certain */
	store_writer_destroy(w);
	assert_true(__atomic_load_n(&wakes, __ATOMIC_RELAXED) >= 1);
}

/* Three drops before the writer's turn are one journal write, of the
 * latest piles; the save after them runs after it. */
static void test_order_and_journal_coalescing(void **state)
{
	struct st_fx *fx = *state;
	struct store_writer *w = store_writer_create(fx->log, fx->ks, NULL, NULL);
	char uuid[37];
	assert_true(uuid_v4(uuid));
	struct session *s = session_create(kw, 4);
	assert_true(session_move(s, 0, PILE_YES, 0));
	store_writer_submit(w, job_for(STORE_JOURNAL, s, uuid));
	assert_true(session_move(s, 1, PILE_NO, 0));
	store_writer_submit(w, job_for(STORE_JOURNAL, s, uuid));
	assert_true(session_move(s, 2, PILE_YES, 0));
	store_writer_submit(w, job_for(STORE_JOURNAL, s, uuid));
	store_writer_wait(w);
	struct store_job *job = store_writer_take(w);
	assert_non_null(job);
	assert_int_equal(job->kind, STORE_JOURNAL);
	assert_true(job->ok);
	assert_int_equal(session_placed_count(job->session), 3);
	store_job_destroy(job);
	assert_null(store_writer_take(w));
	assert_int_equal(sessions_in(fx, "open"), 1);
	assert_int_equal(st_sql_int(fx->path, "SELECT count(*) FROM cards WHERE pile IS NOT NULL"),
			 3);

	assert_true(session_move(s, 3, PILE_NEUTRAL, 0));
	store_writer_submit(w, job_for(STORE_JOURNAL, s, uuid));
	assert_true(session_complete(s));
	store_writer_submit(w, job_for(STORE_SAVE, s, uuid));
	struct store_job *profile = store_job_create(STORE_PROFILE, NULL);
	memcpy(profile->uuid, uuid, 37);
	profile->age_band = "26-45";
	store_writer_submit(w, profile);
	store_writer_wait(w);
	const enum store_kind order[3] = {STORE_JOURNAL, STORE_SAVE, STORE_PROFILE};
	for (int i = 0; i < 3; i++) {
		job = store_writer_take(w);
		assert_non_null(job);
		assert_int_equal(job->kind, order[i]);
		assert_true(job->ok);
		store_job_destroy(job);
	}
	assert_int_equal(sessions_in(fx, "completed"), 1);
	assert_int_equal(sessions_in(fx, "open"), 0);
	char *age = st_sql_text(fx->path, "SELECT age_band FROM sessions");
	assert_string_equal(age, "26-45");
	free(age);
	session_destroy(s);
	store_writer_destroy(w);
}

/* A session saved twice: the second store fails, with the log's message. */
static void test_failure_comes_back(void **state)
{
	struct st_fx *fx = *state;
	struct store_writer *w = store_writer_create(fx->log, fx->ks, NULL, NULL);
	const enum pile piles[4] = {PILE_YES, PILE_YES, PILE_NO, PILE_NO};
	struct session *s = st_session(kw, piles, 4, true);
	char uuid[37];
	assert_true(uuid_v4(uuid));
	store_writer_submit(w, job_for(STORE_SAVE, s, uuid));
	store_writer_submit(w, job_for(STORE_SAVE, s, uuid));
	store_writer_wait(w);
	struct store_job *first = store_writer_take(w), *second = store_writer_take(w);
	assert_true(first->ok);
	assert_false(second->ok);
	assert_int_equal(second->err.count, 1);
	assert_non_null(strstr(second->err.lines[0], "already saved"));
	store_job_destroy(first);
	store_job_destroy(second);
	session_destroy(s);
	store_writer_destroy(w);
}

/* Ending the kiosk (SIGTERM) while a store is still held writes it. */
static void test_destroy_writes_what_it_holds(void **state)
{
	struct st_fx *fx = *state;
	struct store_writer *w = store_writer_create(fx->log, fx->ks, NULL, NULL);
	const enum pile piles[4] = {PILE_YES, PILE_DECK, PILE_DECK, PILE_DECK};
	struct session *s = st_session(kw, piles, 4, false);
	char uuid[37];
	assert_true(uuid_v4(uuid));
	store_writer_submit(w, job_for(STORE_SAVE, s, uuid));
	store_writer_destroy(w);
	assert_int_equal(sessions_in(fx, "abandoned"), 1);
	session_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_held_until_release, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_order_and_journal_coalescing, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_failure_comes_back, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_destroy_writes_what_it_holds, st_fx_setup_log,
						st_fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
