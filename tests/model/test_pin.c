/* The staff PIN: only 4 to 12 digits are PINs, five wrong tries lock the pad for a minute
 * to the millisecond, each lock after it twice as long, and a restart changes none of it.
 * (The hash: tests/store/test_pin_hash.c.) */
#include "model/pin.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_valid(void **state)
{
	const char *good[] = {"1234", "0000", "123456789012", "98765"};
	const char *bad[] = {"",      "123",   "1234567890123", "12a4",	   " 1234",
			     "1234 ", "12 34", "-123",		"１２３４" /* full-width digits */};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(pin_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(pin_valid(bad[i]));
	assert_false(pin_valid(NULL));
}

static void test_guard_locks_after_five_wrong(void **state)
{
	struct pin_guard g;
	pin_guard_init(&g, PIN_GUARD_MAX_TRIES, PIN_GUARD_LOCK_SECONDS);
	int64_t t = 1000000;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pin_guard_try(&g, t + i * 1000, false), PIN_REJECTED);
		assert_int_equal(pin_guard_locked_for(&g, t + i * 1000), 0);
	}
	/* the fifth wrong try locks at once, so the pad can say so */
	assert_int_equal(pin_guard_try(&g, t + 4000, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, t + 4000), 60);
	assert_int_equal(pin_guard_locked_for(&g, t + 4001), 60);
	assert_int_equal(pin_guard_locked_for(&g, t + 4999), 60);
	assert_int_equal(pin_guard_locked_for(&g, t + 5000), 59);
	assert_int_equal(pin_guard_locked_for(&g, t + 63001), 1);
	/* even the right PIN is refused while locked */
	assert_int_equal(pin_guard_try(&g, t + 63999, true), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, t + 64000), 0);
	/* after the lock: five fresh tries, and the next lock twice as long (issue 18, 6) */
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, t + 64000 + i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, t + 64004, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, t + 64004), 120);
}

/* Guessing a 4-digit PIN by patience: each lock-out twice the last, up to a day, so the
 * 10 000 PINs take years, not the 33 hours of a lock that never grew. */
static void test_guard_lock_grows(void **state)
{
	struct pin_guard g;
	pin_guard_init(&g, 5, 60);
	int64_t t = 0, tries = 0;
	while (tries < 10000) {
		enum pin_result r = pin_guard_try(&g, t, false);
		if (r == PIN_LOCKED && pin_guard_locked_for(&g, t) == 0)
			fail_msg("locked without a lock");
		tries += r != PIN_LOCKED || g.failures == 0;
		/* the next try comes the moment the pad lets one */
		t = g.locked_until > t ? g.locked_until : t + 1;
	}
	print_message("10000 guesses take %.0f days\n", t / 86400000.0);
	assert_true(t > (int64_t)365 * 86400000);
	assert_int_equal(pin_guard_lock_length(&g), PIN_GUARD_LOCK_MAX_MS);
	/* the right PIN, once let in, starts over */
	assert_int_equal(pin_guard_try(&g, t, true), PIN_ACCEPTED);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, t + 1 + i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, t + 5, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, t + 5), 60);
}

/* A restart rebuilds the guard from the recorded wrong tries: the lock still running and
 * how many locks came before carry over to the new process's clock. */
static void test_guard_replay_after_restart(void **state)
{
	struct pin_guard g;
	pin_guard_init(&g, 5, 60);
	const int64_t wall = 2051222400000;
	/* ten wrong tries: a 60 s lock after the fifth, a 120 s one after the tenth */
	int64_t tries[10];
	for (int i = 0; i < 10; i++)
		tries[i] = wall + (i < 5 ? i : 61000 + i) * 1000;
	int64_t last = tries[9];
	pin_guard_replay(&g, tries, 10, last + 30000, 5000);
	assert_int_equal(g.locks, 2);
	assert_int_equal(pin_guard_locked_for(&g, 5000), 90);
	assert_int_equal(pin_guard_try(&g, 5000 + 89999, true), PIN_LOCKED);
	/* the next lock doubles again: 240 s */
	assert_int_equal(pin_guard_try(&g, 5000 + 90000, false), PIN_REJECTED);
	for (int i = 1; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, 5000 + 90000 + i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, 5000 + 90004, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, 5000 + 90004), 240);
	/* a lock long over leaves only the count; a clock set back cannot stretch one */
	pin_guard_replay(&g, tries, 10, last + 3600000, 0);
	assert_int_equal(pin_guard_locked_for(&g, 0), 0);
	assert_int_equal(g.locks, 2);
	pin_guard_replay(&g, tries, 10, wall - 86400000, 0);
	assert_int_equal(pin_guard_locked_for(&g, 0), 120);
	/* three wrong tries before the restart: two more lock it */
	pin_guard_replay(&g, tries, 3, wall + 10000, 0);
	assert_int_equal(pin_guard_try(&g, 1, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, 2, false), PIN_LOCKED);
}

static void test_guard_right_pin_resets_count(void **state)
{
	struct pin_guard g;
	pin_guard_init(&g, 5, 60);
	assert_int_equal(pin_guard_locked_for(&g, 0), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, 10, true), PIN_ACCEPTED);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, 20 + i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, 30, true), PIN_ACCEPTED);
}

static void test_guard_other_settings(void **state)
{
	struct pin_guard g;
	/* zero tries would lock without a chance: one is the least */
	pin_guard_init(&g, 0, 2);
	assert_int_equal(pin_guard_try(&g, -5000, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, -5000), 2);
	assert_int_equal(pin_guard_try(&g, -3000, true), PIN_ACCEPTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_guard_locks_after_five_wrong),
		cmocka_unit_test(test_guard_right_pin_resets_count),
		cmocka_unit_test(test_guard_other_settings),
		cmocka_unit_test(test_guard_lock_grows),
		cmocka_unit_test(test_guard_replay_after_restart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
