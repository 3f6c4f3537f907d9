/* How sure a ranking is, and which groups are too small to show: rank
 * intervals that separate keywords the data separates and not others, the
 * same on every run; tiers; small segments hidden, with one more hidden
 * when a single one could be worked out from the total. */
#include "model/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

static struct keyword_counts kc(uint64_t yes, uint64_t shown)
{
	return (struct keyword_counts){.shown = shown, .yes = yes, .no = shown - yes};
}

static void test_clear_winners_get_their_own_rank_and_tier(void **state)
{
	struct keyword_counts c[] = {kc(900, 1000), kc(500, 1000), kc(100, 1000)};
	struct stats_rank r[3];
	stats_rank_intervals(c, 3, 0, 0, r);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(r[i].low, i + 1);
		assert_int_equal(r[i].high, i + 1);
		assert_int_equal(r[i].tier, i + 1);
	}
}

static void test_close_keywords_share_a_tier(void **state)
{
	/* 51%, 50%, 49% of a hundred: any order is plausible */
	struct keyword_counts c[] = {kc(51, 100), kc(50, 100), kc(49, 100), kc(5, 100)};
	struct stats_rank r[4];
	stats_rank_intervals(c, 4, 0, 0, r);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].low, 1);
		assert_int_equal(r[i].high, 3);
		assert_int_equal(r[i].tier, 1);
	}
	/* the last is clearly last */
	assert_int_equal(r[3].low, 4);
	assert_int_equal(r[3].high, 4);
	assert_int_equal(r[3].tier, 2);
}

static void test_intervals_are_reproducible_and_seeded(void **state)
{
	struct keyword_counts c[12];
	for (int i = 0; i < 12; i++)
		c[i] = kc((uint64_t)(60 - 3 * i), 120);
	struct stats_rank a[12], b[12], other[12];
	stats_rank_intervals(c, 12, 7, 0, a);
	stats_rank_intervals(c, 12, 7, 0, b);
	assert_memory_equal(a, b, sizeof(a));
	/* another seed: another draw, the same picture within a place */
	stats_rank_intervals(c, 12, 8, 0, other);
	for (int i = 0; i < 12; i++) {
		assert_true(a[i].low <= (uint32_t)i + 1 && (uint32_t)i + 1 <= a[i].high);
		assert_true(other[i].low + 1 >= a[i].low && other[i].low <= a[i].low + 1);
		assert_true(other[i].high + 1 >= a[i].high && other[i].high <= a[i].high + 1);
	}
}

static void test_keywords_nobody_saw_have_no_rank(void **state)
{
	struct keyword_counts c[] = {kc(3, 4), kc(0, 0)};
	struct stats_rank r[2];
	stats_rank_intervals(c, 2, 0, 0, r);
	assert_int_equal(r[0].low, 1);
	assert_int_equal(r[0].high, 1);
	assert_int_equal(r[0].tier, 1);
	assert_int_equal(r[1].low, 0);
	assert_int_equal(r[1].high, 0);
	assert_int_equal(r[1].tier, 0);
}

static void test_few_answers_cannot_be_told_apart(void **state)
{
	/* 2 of 3 against 1 of 3: the bootstrap must not call that a finding */
	struct keyword_counts c[] = {kc(2, 3), kc(1, 3)};
	struct stats_rank r[2];
	stats_rank_intervals(c, 2, 0, 0, r);
	assert_int_equal(r[0].tier, 1);
	assert_int_equal(r[1].tier, 1);
	assert_int_equal(r[1].low, 1);
}

static void test_small_groups_hidden(void **state)
{
	uint64_t sizes[] = {3, 2, 50, 60};
	bool hide[4];
	struct stats_suppressed s;
	stats_suppress(sizes, 4, 5, hide, &s);
	assert_true(hide[0] && hide[1] && !hide[2] && !hide[3]);
	assert_int_equal(s.small, 2);
	assert_int_equal(s.secondary, 0);
	assert_int_equal(s.min_group, 5);
}

static void test_one_small_group_takes_another_with_it(void **state)
{
	/* 4 alone would be the total minus the others */
	uint64_t sizes[] = {10, 4, 20};
	bool hide[3];
	struct stats_suppressed s;
	stats_suppress(sizes, 3, 5, hide, &s);
	assert_true(hide[0] && hide[1] && !hide[2]);
	assert_int_equal(s.small, 1);
	assert_int_equal(s.secondary, 1);
}

static void test_limit_never_below_three(void **state)
{
	uint64_t sizes[] = {2, 2, 3, 9};
	bool hide[4];
	struct stats_suppressed s;
	stats_suppress(sizes, 4, 1, hide, &s);
	assert_int_equal(s.min_group, STATS_MIN_GROUP_FLOOR);
	assert_true(hide[0] && hide[1]);
	assert_false(hide[2] || hide[3]);
	/* and 0 means no suppression at all */
	stats_suppress(sizes, 4, 0, hide, &s);
	assert_false(hide[0]);
	assert_int_equal(s.min_group, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_winners_get_their_own_rank_and_tier),
		cmocka_unit_test(test_close_keywords_share_a_tier),
		cmocka_unit_test(test_intervals_are_reproducible_and_seeded),
		cmocka_unit_test(test_keywords_nobody_saw_have_no_rank),
		cmocka_unit_test(test_few_answers_cannot_be_told_apart),
		cmocka_unit_test(test_small_groups_hidden),
		cmocka_unit_test(test_one_small_group_takes_another_with_it),
		cmocka_unit_test(test_limit_never_below_three),
	};
	return cmocka_run_group_tests_name("model-rank", tests, NULL, NULL);
}
