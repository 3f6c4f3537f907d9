/* Per-keyword statistics for organizers: approval with a Wilson score interval, which stays
 * inside [0, 1] and behaves at 0% and 100% where the normal approximation does not. */
#include "model/stats.h"

#include "common/rng.h"

#include <math.h>
#include <stdlib.h>

static const double stats_z95 = 1.959963984540054;

static double stats_clamp01(double x)
{
	return fmin(1.0, fmax(0.0, x));
}

void stats_wilson(uint64_t k, uint64_t n, double z, double *low, double *high)
{
	if (n == 0) {
		*low = 0.0;
		*high = 1.0;
		return;
	}
	if (k > n)
		k = n;
	double nn = (double)n;
	double p = (double)k / nn;
	double z2 = z * z;
	double denom = 1.0 + z2 / nn;
	double center = (p + z2 / (2.0 * nn)) / denom;
	double half = z * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
	/* At k == 0 and k == n the bound is exactly 0 or 1; rounding must not show 0.0000001. */
	*low = k == 0 ? 0.0 : stats_clamp01(center - half);
	*high = k == n ? 1.0 : stats_clamp01(center + half);
}

struct keyword_stats stats_compute(const struct keyword_counts *c)
{
	struct keyword_stats s = {0};
	s.defined = c->shown > 0;
	if (s.defined) {
		double shown = (double)c->shown;
		s.approval = (double)c->yes / shown;
		s.net = ((double)c->yes - (double)c->no) / shown;
	}
	stats_wilson(c->yes, c->shown, stats_z95, &s.approval_low, &s.approval_high);
	s.has_rank = c->rank_n > 0;
	if (s.has_rank)
		s.mean_rank = (double)c->rank_sum / (double)c->rank_n;
	return s;
}

int stats_compare(const struct keyword_stats *a, const struct keyword_stats *b)
{
	if (a->defined != b->defined)
		return a->defined ? -1 : 1;
	if (!a->defined)
		return 0;
	if (a->approval != b->approval)
		return a->approval > b->approval ? -1 : 1;
	if (a->approval_low != b->approval_low)
		return a->approval_low > b->approval_low ? -1 : 1;
	return 0;
}

/* ---- rank intervals ---- */

/* A uniform double in [0, 1) from the top 53 bits. */
static double stats_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A binomial draw: by inversion where the expected count of the rarer
 * outcome is small (exact, a few steps), else the normal approximation
 * (its error is far below the bootstrap's own there). */
static uint64_t stats_binomial(struct rng *r, uint64_t n, double p)
{
	if (n == 0 || p <= 0.0)
		return 0;
	if (p >= 1.0)
		return n;
	bool flip = p > 0.5;
	double q = flip ? 1.0 - p : p;
	double nn = (double)n;
	uint64_t x = 0;
	if (nn * q < 30.0) {
		double s = q / (1.0 - q), a = (nn + 1.0) * s, f = pow(1.0 - q, nn);
		double u = stats_uniform(r);
		while (u > f && x < n) {
			u -= f;
			x++;
			f *= a / (double)x - s;
		}
	} else {
		double u1 = stats_uniform(r), u2 = stats_uniform(r);
		double z = sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * 3.14159265358979323846 * u2);
		double v = floor(nn * q + z * sqrt(nn * q * (1.0 - q)) + 0.5);
		x = v < 0.0 ? 0 : v > nn ? n : (uint64_t)v;
	}
	return flip ? n - x : x;
}

struct stats_draw {
	double approval;
	uint64_t tie; /* ties are broken at random, not by position */
	size_t index;
};

static int stats_by_draw(const void *a, const void *b)
{
	const struct stats_draw *x = a, *y = b;
	if (x->approval != y->approval)
		return x->approval > y->approval ? -1 : 1;
	return x->tie < y->tie ? -1 : x->tie > y->tie ? 1 : 0;
}

/* The smallest rank whose cumulative count reaches want. */
static uint32_t stats_quantile(const uint32_t *hist, size_t m, uint64_t want)
{
	uint64_t sum = 0;
	for (size_t k = 0; k < m; k++) {
		sum += hist[k];
		if (sum >= want)
			return (uint32_t)k + 1;
	}
	return (uint32_t)m;
}

void stats_rank_intervals(const struct keyword_counts *counts, size_t n, uint64_t seed,
			  unsigned reps, struct stats_rank *out)
{
	if (!reps)
		reps = STATS_RANK_REPS;
	size_t m = 0; /* the defined ones, which stats_compare puts first */
	for (size_t i = 0; i < n; i++) {
		out[i] = (struct stats_rank){0};
		m += counts[i].shown > 0;
	}
	if (m == 0)
		return;
	struct rng r;
	rng_seed(&r, seed ? seed : STATS_RANK_SEED);
	struct stats_draw *draws = calloc(m, sizeof(*draws));
	uint32_t *hist = calloc(m * m, sizeof(*hist)); /* hist[keyword * m + rank - 1] */
	size_t *defined = calloc(m, sizeof(*defined));
	if (!draws || !hist || !defined)
		abort();
	for (size_t i = 0, j = 0; i < n; i++)
		if (counts[i].shown > 0)
			defined[j++] = i;
	for (unsigned rep = 0; rep < reps; rep++) {
		for (size_t j = 0; j < m; j++) {
			const struct keyword_counts *c = &counts[defined[j]];
			double p = (double)c->yes / (double)c->shown;
			uint64_t y = stats_binomial(&r, c->shown, p);
			draws[j] = (struct stats_draw){(double)y / (double)c->shown, rng_next(&r),
						       j};
		}
		qsort(draws, m, sizeof(*draws), stats_by_draw);
		for (size_t k = 0; k < m; k++)
			hist[draws[k].index * m + k]++;
	}
	/* 2.5% and 97.5% of reps, rounded outwards */
	uint64_t lo = (uint64_t)reps * 25 / 1000, hi = ((uint64_t)reps * 975 + 999) / 1000;
	for (size_t j = 0; j < m; j++) {
		struct stats_rank *o = &out[defined[j]];
		o->low = stats_quantile(hist + j * m, m, lo ? lo : 1);
		o->high = stats_quantile(hist + j * m, m, hi);
	}
	/* tiers, in ranking order */
	uint32_t tier = 1, worst_above = 0;
	for (size_t j = 0; j < m; j++) {
		struct stats_rank *o = &out[defined[j]];
		if (j > 0) {
			uint32_t best_below = UINT32_MAX;
			for (size_t k = j; k < m; k++)
				if (out[defined[k]].low < best_below)
					best_below = out[defined[k]].low;
			if (worst_above < best_below)
				tier++;
		}
		o->tier = tier;
		if (o->high > worst_above)
			worst_above = o->high;
	}
	free(draws);
	free(hist);
	free(defined);
}

/* ---- small groups ---- */

void stats_suppress(const uint64_t *sizes, size_t n, uint64_t min_group, bool *hide,
		    struct stats_suppressed *out)
{
	*out = (struct stats_suppressed){0};
	for (size_t i = 0; i < n; i++)
		hide[i] = false;
	if (min_group == 0)
		return;
	if (min_group < STATS_MIN_GROUP_FLOOR)
		min_group = STATS_MIN_GROUP_FLOOR;
	out->min_group = min_group;
	for (size_t i = 0; i < n; i++) {
		hide[i] = sizes[i] < min_group;
		out->small += hide[i];
	}
	if (out->small != 1 || n < 2)
		return;
	size_t pick = n;
	for (size_t i = 0; i < n; i++)
		if (!hide[i] && (pick == n || sizes[i] < sizes[pick]))
			pick = i;
	if (pick < n) {
		hide[pick] = true;
		out->secondary = 1;
	}
}
