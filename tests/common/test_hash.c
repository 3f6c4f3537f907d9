/* The one string hash (FNV-1a, 64 bits): the published test vectors, and
 * that a chain of steps is the hash of what it mixed in, in order. A stored
 * hash (the misuse digest) depends on these values never changing. */
#include "common/hash.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

static void test_known_vectors(void **state)
{
	(void)state;
	/* from the FNV authors' test suite */
	assert_true(HASH_START == 0xcbf29ce484222325ULL);
	assert_true(hash_mix_str(HASH_START, "") == 0xcbf29ce484222325ULL);
	assert_true(hash_mix_str(HASH_START, "a") == 0xaf63dc4c8601ec8cULL);
	assert_true(hash_mix_str(HASH_START, "foobar") == 0x85944171f73967e8ULL);
	assert_true(hash_mix_str(HASH_START, "chongo was here!\n") == 0x46810940eff5f915ULL);
	assert_true(hash_mix_bytes(HASH_START, "foobar", 6) == 0x85944171f73967e8ULL);
	assert_true(hash_mix_bytes(HASH_START, NULL, 0) == HASH_START);
}

static void test_bytes_go_past_a_nul_and_strings_stop_at_it(void **state)
{
	(void)state;
	const char key[] = "a\0b";
	assert_true(hash_mix_bytes(HASH_START, key, 3) == 0xe5d29919042666b2ULL);
	assert_true(hash_mix_str(HASH_START, key) == hash_mix_str(HASH_START, "a"));
	/* bytes above 127 are mixed in as unsigned, as FNV-1a defines */
	const char high[] = "\xc3\xa5";
	assert_true(hash_mix_str(HASH_START, high) == hash_mix_bytes(HASH_START, high, 2));
	assert_true(hash_mix_str(HASH_START, high) ==
		    hash_mix_u64(hash_mix_u64(HASH_START, 0xc3), 0xa5));
}

static void test_steps_chain(void **state)
{
	(void)state;
	uint64_t whole = hash_mix_str(HASH_START, "foobar");
	assert_true(hash_mix_str(hash_mix_str(HASH_START, "foo"), "bar") == whole);
	assert_true(hash_mix_bytes(hash_mix_str(HASH_START, "fo"), "obar", 4) == whole);
	assert_true(hash_mix_u64(hash_mix_str(HASH_START, "fooba"), 'r') == whole);
	/* the order of the fields counts */
	assert_true(hash_mix_u64(hash_mix_u64(HASH_START, 1), 2) !=
		    hash_mix_u64(hash_mix_u64(HASH_START, 2), 1));
	/* a whole number is one step, not its eight bytes */
	assert_true(hash_mix_u64(HASH_START, 0x100) == (HASH_START ^ 0x100) * 1099511628211ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_bytes_go_past_a_nul_and_strings_stop_at_it),
		cmocka_unit_test(test_steps_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
