/* Dealing over many visitors: every keyword is shown equally often, no deal repeats a card,
 * ties are not settled by file order, and a seed replays the same deals. */
#include "model/deal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#define MAX_KEYWORDS 64

static uint32_t spread(const uint32_t *counts, size_t n)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		lo = counts[i] < lo ? counts[i] : lo;
		hi = counts[i] > hi ? counts[i] : hi;
	}
	return hi - lo;
}

/* deals rounds times, checking each deal as it happens */
static void simulate(size_t nkeywords, size_t cards, size_t rounds, uint64_t seed)
{
	struct rng rng;
	rng_seed(&rng, seed);
	uint32_t counts[MAX_KEYWORDS] = {0};
	size_t expect = cards < nkeywords ? cards : nkeywords;
	uint64_t total = 0;
	for (size_t r = 0; r < rounds; r++) {
		uint32_t before[MAX_KEYWORDS];
		memcpy(before, counts, sizeof(before));
		size_t out[MAX_KEYWORDS + 8];
		size_t got = deal_cards(&rng, counts, nkeywords, cards, out);
		assert_int_equal(got, expect);
		bool seen[MAX_KEYWORDS] = {false};
		for (size_t i = 0; i < got; i++) {
			assert_true(out[i] < nkeywords);
			assert_false(seen[out[i]]);
			seen[out[i]] = true;
		}
		/* exactly the dealt keywords went up by one */
		for (size_t k = 0; k < nkeywords; k++)
			assert_int_equal(counts[k], before[k] + (seen[k] ? 1 : 0));
		assert_true(spread(counts, nkeywords) <= 1);
		total += got;
	}
	assert_int_equal(total, (uint64_t)rounds * expect);
}

static void test_balance_12_of_36(void **state)
{
	simulate(36, 12, 1000, 1);
}

static void test_balance_12_of_37(void **state)
{
	/* 37 is not a multiple of 12, so rounds straddle count levels */
	simulate(37, 12, 1000, 2);
}

static void test_more_cards_than_keywords(void **state)
{
	simulate(36, 40, 1000, 3);
	simulate(5, 5, 100, 4);
	simulate(1, 12, 10, 5);
}

static void test_least_dealt_go_first(void **state)
{
	struct rng rng;
	rng_seed(&rng, 6);
	/* an uneven start (a kiosk restored mid-day): the lowest counts must be dealt first */
	uint32_t counts[8] = {5, 3, 4, 3, 9, 3, 4, 8};
	size_t out[8];
	assert_int_equal(deal_cards(&rng, counts, 8, 4, out), 4);
	bool seen[8] = {false};
	for (size_t i = 0; i < 4; i++)
		seen[out[i]] = true;
	assert_true(seen[1] && seen[3] && seen[5]);
	assert_true(seen[2] || seen[6]);
	assert_false(seen[0] || seen[4] || seen[7]);
	/* the next deal draws only from what is now the lowest level, 4 */
	uint32_t before[8];
	memcpy(before, counts, sizeof(before));
	size_t at_four = 0;
	for (size_t i = 0; i < 8; i++)
		at_four += before[i] == 4;
	assert_int_equal(at_four, 4);
	assert_int_equal(deal_cards(&rng, counts, 8, 3, out), 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(before[out[i]], 4);
}

static void test_nothing_to_deal(void **state)
{
	struct rng rng;
	rng_seed(&rng, 7);
	uint32_t counts[3] = {0, 0, 0};
	size_t out[3] = {99, 99, 99};
	assert_int_equal(deal_cards(&rng, counts, 3, 0, out), 0);
	assert_int_equal(deal_cards(&rng, counts, 0, 5, out), 0);
	assert_int_equal(out[0], 99);
	assert_int_equal(counts[0] + counts[1] + counts[2], 0);
}

static void test_seed_replays(void **state)
{
	struct rng a, b, c;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	rng_seed(&c, 43);
	uint32_t ca[36] = {0}, cb[36] = {0}, cc[36] = {0};
	bool all_same_as_other_seed = true;
	for (int r = 0; r < 20; r++) {
		size_t oa[12], ob[12], oc[12];
		deal_cards(&a, ca, 36, 12, oa);
		deal_cards(&b, cb, 36, 12, ob);
		deal_cards(&c, cc, 36, 12, oc);
		assert_memory_equal(oa, ob, sizeof(oa));
		if (memcmp(oa, oc, sizeof(oa)) != 0)
			all_same_as_other_seed = false;
	}
	assert_memory_equal(ca, cb, sizeof(ca));
	assert_false(all_same_as_other_seed);
}

/* With fresh counts every keyword is equally likely, in every position: a dealer that took
 * the first indices, or kept file order, would fail by a wide margin. The seed is fixed, so
 * this cannot flake; the bounds are about 5 standard deviations wide. */
static void test_ties_are_random(void **state)
{
	struct rng rng;
	rng_seed(&rng, 2035);
	enum {
		TRIALS = 6000,
		N = 36,
		K = 12
	};
	uint32_t picked[N] = {0}, first[N] = {0};
	size_t ascending = 0;
	for (int t = 0; t < TRIALS; t++) {
		uint32_t counts[N] = {0};
		size_t out[K];
		deal_cards(&rng, counts, N, K, out);
		for (size_t i = 0; i < K; i++)
			picked[out[i]]++;
		first[out[0]]++;
		bool sorted = true;
		for (size_t i = 1; i < K; i++)
			sorted = sorted && out[i - 1] < out[i];
		ascending += sorted;
	}
	/* each keyword: expected TRIALS/3 = 2000, sd about 37 */
	for (size_t k = 0; k < N; k++) {
		assert_in_range(picked[k], 1815, 2185);
		/* each first card: expected TRIALS/36 = 167, sd about 13 */
		assert_in_range(first[k], 100, 235);
	}
	/* a sorted deal of 12 has chance 1/12!, so essentially never */
	assert_true(ascending <= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balance_12_of_36),
		cmocka_unit_test(test_balance_12_of_37),
		cmocka_unit_test(test_more_cards_than_keywords),
		cmocka_unit_test(test_least_dealt_go_first),
		cmocka_unit_test(test_nothing_to_deal),
		cmocka_unit_test(test_seed_replays),
		cmocka_unit_test(test_ties_are_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
