/* The numbers organizers read: checked against an independent computation, at the edges
 * (nobody, everybody, nothing shown) and for large counts. */
#include "model/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#define Z95 1.959963984540054

static void assert_close(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

/* Reference bounds, computed on the development machine without the closed formula: each bound
 * is the root of (k/n - p)^2 = z^2 p (1 - p) / n (the definition of the Wilson interval) found
 * by 200 bisection steps in Python's decimal module at 50 digits:
 *
 *   from decimal import Decimal as D, getcontext; getcontext().prec = 50
 *   z = D("1.959963984540054")
 *   f = lambda p, k, n: (D(k) / n - p) ** 2 - z * z * p * (1 - p) / n
 *   low = bisect f on [0, k/n], high = bisect f on [k/n, 1] (0 and 1 exactly at k=0, k=n)
 */
static const struct {
	uint64_t k, n;
	double low, high;
} wilson_ref[] = {
	{0, 1, 0, 0.79345068562276255},
	{1, 1, 0.20654931437723742, 1},
	{0, 10, 0, 0.2775327998628892},
	{10, 10, 0.72246720013711074, 1},
	{1, 2, 0.094531205734230725, 0.90546879426576932},
	{1, 3, 0.061491944720396242, 0.79234039919795229},
	{3, 10, 0.10779126740630103, 0.60322185253885463},
	{7, 12, 0.31951131254954973, 0.80673968634124349},
	{50, 100, 0.40383153036599562, 0.59616846963400438},
	{1, 1000, 0.00017654637062607803, 0.0056425585979579347},
	{999, 1000, 0.99435744140204207, 0.99982345362937397},
	{123456, 1000000, 0.12281269653142285, 0.12410219641400438},
};

static void test_wilson_reference(void **state)
{
	for (size_t i = 0; i < sizeof(wilson_ref) / sizeof(wilson_ref[0]); i++) {
		double low = -1, high = -1;
		stats_wilson(wilson_ref[i].k, wilson_ref[i].n, Z95, &low, &high);
		assert_close(low, wilson_ref[i].low, 1e-12);
		assert_close(high, wilson_ref[i].high, 1e-12);
	}
}

static void test_wilson_edges(void **state)
{
	double low = -1, high = -1;
	/* nothing shown: nothing known */
	stats_wilson(0, 0, Z95, &low, &high);
	assert_true(low == 0.0 && high == 1.0);
	/* nobody and everybody: the bound at that end is exact, not 1e-17 off */
	for (uint64_t n = 1; n <= 5000; n += 7) {
		stats_wilson(0, n, Z95, &low, &high);
		assert_true(low == 0.0);
		assert_true(high > 0.0 && high < 1.0);
		stats_wilson(n, n, Z95, &low, &high);
		assert_true(high == 1.0);
		assert_true(low > 0.0 && low < 1.0);
	}
	/* more yes than shown (damaged counts) is treated as all yes, not as above 100% */
	stats_wilson(12, 10, Z95, &low, &high);
	assert_close(low, 0.72246720013711074, 1e-12);
	assert_true(high == 1.0);
	/* huge counts stay finite and narrow around the proportion */
	stats_wilson(3000000000ULL, 4000000000ULL, Z95, &low, &high);
	assert_true(low < 0.75 && high > 0.75);
	assert_true(high - low < 1e-4);
}

static void test_wilson_properties(void **state)
{
	/* inside [0, 1], around k/n, and narrower with more data at the same proportion */
	for (uint64_t n = 1; n <= 200; n++) {
		for (uint64_t k = 0; k <= n; k++) {
			double low, high;
			stats_wilson(k, n, Z95, &low, &high);
			double p = (double)k / (double)n;
			assert_true(low >= 0.0 && high <= 1.0);
			assert_true(low <= p + 1e-15 && p <= high + 1e-15);
			double low2, high2;
			stats_wilson(2 * k, 2 * n, Z95, &low2, &high2);
			assert_true(high2 - low2 < high - low);
		}
	}
	/* a wider quantile gives a wider interval */
	double l95, h95, l99, h99;
	stats_wilson(30, 100, Z95, &l95, &h95);
	stats_wilson(30, 100, 2.5758293035489004, &l99, &h99);
	assert_true(l99 < l95 && h99 > h95);
}

static void test_compute(void **state)
{
	struct keyword_counts c =
		{.shown = 12, .yes = 7, .no = 3, .neutral = 2, .rank_sum = 15, .rank_n = 6};
	struct keyword_stats s = stats_compute(&c);
	assert_true(s.defined);
	assert_close(s.approval, 7.0 / 12.0, 1e-15);
	assert_close(s.approval_low, 0.31951131254954973, 1e-12);
	assert_close(s.approval_high, 0.80673968634124349, 1e-12);
	assert_close(s.net, 4.0 / 12.0, 1e-15);
	assert_true(s.has_rank);
	assert_close(s.mean_rank, 2.5, 1e-15);

	/* more no than yes: net is negative */
	c = (struct keyword_counts){.shown = 10, .yes = 1, .no = 8, .neutral = 1};
	s = stats_compute(&c);
	assert_close(s.net, -0.7, 1e-15);
	assert_false(s.has_rank);
	assert_true(s.mean_rank == 0.0);

	/* never shown: undefined, interval the whole range */
	c = (struct keyword_counts){0};
	s = stats_compute(&c);
	assert_false(s.defined);
	assert_false(s.has_rank);
	assert_true(s.approval == 0.0 && s.net == 0.0);
	assert_true(s.approval_low == 0.0 && s.approval_high == 1.0);

	/* all yes */
	c = (struct keyword_counts){.shown = 10, .yes = 10, .rank_sum = 10, .rank_n = 10};
	s = stats_compute(&c);
	assert_true(s.approval == 1.0 && s.approval_high == 1.0 && s.net == 1.0);
	assert_close(s.approval_low, 0.72246720013711074, 1e-12);
	assert_close(s.mean_rank, 1.0, 1e-15);
}

static struct keyword_stats of(uint64_t yes, uint64_t shown)
{
	struct keyword_counts c = {.shown = shown, .yes = yes, .no = shown - yes};
	return stats_compute(&c);
}

static int by_stats(const void *a, const void *b)
{
	return stats_compare(a, b);
}

static void test_compare(void **state)
{
	struct keyword_stats half_small = of(1, 2), half_big = of(50, 100), most = of(9, 10),
			     none = of(0, 0), zero = of(0, 5);
	assert_true(stats_compare(&most, &half_big) < 0);
	assert_true(stats_compare(&half_big, &most) > 0);
	/* same approval: the one with more evidence (higher lower bound) first */
	assert_true(stats_compare(&half_big, &half_small) < 0);
	assert_true(stats_compare(&half_small, &half_big) > 0);
	assert_int_equal(stats_compare(&half_big, &half_big), 0);
	/* never shown is last, even after 0% */
	assert_true(stats_compare(&none, &zero) > 0);
	assert_true(stats_compare(&zero, &none) < 0);
	assert_int_equal(stats_compare(&none, &none), 0);

	struct keyword_stats list[] = {none, half_small, zero, most, half_big};
	qsort(list, 5, sizeof(list[0]), by_stats);
	assert_true(list[0].approval == 0.9);
	assert_true(list[1].approval == 0.5 && list[1].approval_low > 0.4);
	assert_true(list[2].approval == 0.5 && list[2].approval_low < 0.1);
	assert_true(list[3].defined && list[3].approval == 0.0);
	assert_false(list[4].defined);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson_reference),  cmocka_unit_test(test_wilson_edges),
		cmocka_unit_test(test_wilson_properties), cmocka_unit_test(test_compute),
		cmocka_unit_test(test_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
