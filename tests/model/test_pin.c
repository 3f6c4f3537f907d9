/* The staff PIN: only 4 to 12 digits are PINs, the right one opens and a wrong one does
 * not, and five wrong tries lock the pad for a minute to the millisecond. */
#include "model/pin.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

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

static void test_hash_and_verify(void **state)
{
	char hash[PIN_HASH_BYTES], again[PIN_HASH_BYTES];
	assert_true(pin_hash("2035", hash, sizeof(hash)));
	/* the format a kiosk.ini [staff] pin_hash takes */
	assert_int_equal(strncmp(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31), 0);
	assert_true(pin_verify(hash, "2035"));
	assert_false(pin_verify(hash, "2036"));
	assert_false(pin_verify(hash, "20350"));
	/* a fresh salt each time: equal PINs do not show as equal hashes */
	assert_true(pin_hash("2035", again, sizeof(again)));
	assert_string_not_equal(hash, again);
	assert_true(pin_verify(again, "2035"));
}

static void test_refusals(void **state)
{
	char hash[PIN_HASH_BYTES];
	assert_false(pin_hash("12a4", hash, sizeof(hash)));
	assert_false(pin_hash(NULL, hash, sizeof(hash)));
	assert_false(pin_hash("1234", hash, PIN_HASH_BYTES - 1));
	assert_true(pin_hash("1234", hash, sizeof(hash)));
	assert_false(pin_verify(NULL, "1234"));
	assert_false(pin_verify(hash, NULL));
	assert_false(pin_verify(hash, "12a4"));
	assert_false(pin_verify("$2y$10$abcdefghijklmnopqrstuv", "1234"));
	assert_false(pin_verify("$argon2id$garbage", "1234"));
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
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_guard_locks_after_five_wrong),
		cmocka_unit_test(test_guard_right_pin_resets_count),
		cmocka_unit_test(test_guard_other_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
