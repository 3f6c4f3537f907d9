/* Per-keyword statistics for organizers: approval with a Wilson score interval, which stays
 * inside [0, 1] and behaves at 0% and 100% where the normal approximation does not. */
#include "model/stats.h"

#include <math.h>

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
