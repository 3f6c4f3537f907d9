/* The staff PIN's hash: the right PIN opens and a wrong one does not, in the form a kiosk
 * configuration's pin_hash takes, and what is no PIN is never hashed. */
#include "store/pin_hash.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
