/* The statistics reported to organizers, as plain functions of counts so
 * they can be checked against an independent computation. */
#ifndef VS_STATS_H
#define VS_STATS_H

#include <stdbool.h>
#include <stddef.h>
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

/* ---- how sure the ranking is ----
 *
 * A keyword's place in the ranking is uncertain too, and more so than its
 * own interval suggests when its neighbours' intervals overlap. A seeded
 * bootstrap draws, many times over, each keyword's yes count again from its
 * own (binomial: shown, approval) and ranks the keywords by the drawn
 * approvals; the 2.5th and 97.5th percentile of a keyword's drawn ranks
 * are its 95% rank interval. It is computed from the kept counts alone, so
 * it costs the same at any number of sessions, and the same counts and seed
 * give the same intervals on every run. (Drawing each keyword on its own
 * treats keywords as independent; in one session they are not quite, which
 * the method section of the report says.)
 *
 * Tiers: the ranking is cut between two places only where every keyword
 * above has a worse rank bound than every keyword below has a better one,
 * that is where the data can tell the groups apart; within a tier the
 * order is not a finding. */
#define STATS_RANK_SEED 2035u
#define STATS_RANK_REPS 2000u

struct stats_rank {
	uint32_t low, high; /* 95% rank interval, 1 = first; 0 when not shown to anyone */
	uint32_t tier;	    /* 1 = the top tier; 0 when not shown to anyone */
};

/* counts[0..n) in ranking order (stats_compare, ties by id): out[i] for
 * counts[i]. reps 0: STATS_RANK_REPS. */
void stats_rank_intervals(const struct keyword_counts *counts, size_t n, uint64_t seed,
			  unsigned reps, struct stats_rank *out);

/* ---- small groups ----
 *
 * A segment with very few sessions could point at a person ("the only
 * visitor over 66 on Tuesday"), so such segments are not shown. Hiding one
 * group alone is not enough when totals are shown: it would follow from
 * the total by subtraction, so then the smallest other group is hidden too
 * (secondary suppression). */
#define STATS_MIN_GROUP_DEFAULT 5
#define STATS_MIN_GROUP_FLOOR 3

struct stats_suppressed {
	uint64_t min_group; /* the limit applied; 0 when nothing was suppressed */
	size_t small;	    /* groups under the limit */
	size_t secondary;   /* more, so that those cannot be worked out */
};

/* sizes[0..n): sessions per group; hide[i] set for those not to show.
 * min_group 0 hides nothing; below STATS_MIN_GROUP_FLOOR it counts as the
 * floor. */
void stats_suppress(const uint64_t *sizes, size_t n, uint64_t min_group, bool *hide,
		    struct stats_suppressed *out);

#endif
