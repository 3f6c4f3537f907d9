/* The statistics reported to organizers, as plain functions of counts so
 * they can be checked against an independent computation. */
#ifndef VS_STATS_H
#define VS_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct keyword_counts {
	uint64_t shown; /* sessions in which the card was dealt */
	uint64_t yes;	/* ... and ended in each pile */
	uint64_t no;
	uint64_t neutral;
	uint64_t rank_sum; /* sum of 1-based ranks in the yes pile */
	uint64_t rank_n;   /* sessions where it had a rank in the yes pile */
};

struct keyword_stats {
	bool defined;	     /* shown > 0; otherwise the proportions are meaningless */
	double approval;     /* yes / shown */
	double approval_low; /* 95% Wilson score interval of approval */
	double approval_high;
	double net;	  /* (yes - no) / shown */
	bool has_rank;	  /* rank_n > 0 */
	double mean_rank; /* rank_sum / rank_n */
};

/* Wilson score interval for k successes in n trials at normal quantile z
 * (1.959963984540054 for 95%). n == 0 gives [0, 1]. */
void stats_wilson(uint64_t k, uint64_t n, double z, double *low, double *high);
struct keyword_stats stats_compute(const struct keyword_counts *c);
/* Orders by approval descending, then lower bound descending, then
 * undefined last; returns <0, 0, >0 like strcmp (ties are the caller's). */
int stats_compare(const struct keyword_stats *a, const struct keyword_stats *b);

#endif
