/* The staff PIN: only 4 to 12 digits are PINs, and five wrong tries lock the pad for a
 * minute to the millisecond. (The hash: tests/store/test_pin_hash.c.) */
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
	/* after the lock: five fresh tries */
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin_guard_try(&g, t + 64000 + i, false), PIN_REJECTED);
	assert_int_equal(pin_guard_try(&g, t + 64004, false), PIN_LOCKED);
	assert_int_equal(pin_guard_locked_for(&g, t + 64004), 60);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
