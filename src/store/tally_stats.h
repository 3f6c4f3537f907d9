/* Statistics on the central tally: per-keyword counts, optionally split
 * into segments (site, language, age band, residence, day, channel), and
 * the session totals that reports and the live view print beside them.
 * Read from the sums kept at import (tally_aggregate.h), so a query costs
 * the same at a thousand sessions and at a million. The segment is picked
 * from a fixed list, never spelled by the caller, so no SQL is ever built
 * from user input.
 *
 * Every figure is of one keyword set and version (labels and counts of
 * different sets are never mixed); by default the one most sessions were
 * sorted with. Sessions flagged as misuse or noise (model/misuse.h) are
 * left out unless asked for, and small segments can be suppressed. */
#ifndef VS_TALLY_STATS_H
#define VS_TALLY_STATS_H

#include "common/diag.h"
#include "model/stats.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tally_segment {
	TALLY_BY_NONE,	    /* the whole tally: one row per keyword */
	TALLY_BY_SITE,	    /* sessions.site */
	TALLY_BY_LANGUAGE,  /* the language the visitor sorted in */
	TALLY_BY_AGE,	    /* sessions.age_band */
	TALLY_BY_RESIDENCE, /* sessions.residence */
	TALLY_BY_DAY,	    /* UTC date of started_at, yyyy-mm-dd */
	TALLY_BY_CHANNEL,   /* 'kiosk' (every export so far) or 'web' */
	TALLY_BY_COUNT,
};

/* What a segment whose value is missing (NULL or empty) is called. */
#define TALLY_NOT_GIVEN "(not given)"

/* "site", "language", "age", "residence", "day", "channel" (NULL for
 * TALLY_BY_NONE). */
const char *tally_stats_segment_name(enum tally_segment by);
/* Parses one of those names; false for anything else. */
bool tally_stats_segment_parse(const char *name, enum tally_segment *out);

/* What to count. Zero-initialised: the whole tally's main set, completed
 * unflagged sessions, nothing suppressed, no rank intervals. */
struct tally_query {
	enum tally_segment by;
	bool include_abandoned;
	bool include_flagged;
	/* NULL: the set and version with the most sessions (ties: the newer
	 * version, then the lower id); set_version NULL: the set's newest */
	const char *set_id, *set_version;
	/* Segments with fewer selected sessions are left out (stats_suppress);
	 * 0: none. Values below STATS_MIN_GROUP_FLOOR count as that floor. */
	uint64_t min_group;
	/* Bootstrap 95% rank intervals and tiers (model/stats.h), seeded with
	 * rank_seed (0: STATS_RANK_SEED), per segment. */
	bool rank_intervals;
	uint64_t rank_seed;
};

struct tally_stats_row {
	char *segment; /* NULL with TALLY_BY_NONE, TALLY_NOT_GIVEN for a missing value */
	char *keyword_id;
	char *label; /* Swedish label, or the id when no file named it */
	struct keyword_counts counts;
	struct keyword_stats stats;
	struct stats_rank rank; /* zero unless the query asked for rank intervals */
};

struct tally_stats {
	struct tally_stats_row *rows;
	size_t count, cap;
	char *set_id, *set_version; /* what the rows are of; NULL in an empty tally */
	struct stats_suppressed hidden;
};

void tally_stats_init(struct tally_stats *s);
void tally_stats_finish(struct tally_stats *s); /* frees the rows; reusable after init */

/* Every keyword of the set, once per segment that has a selected session
 * (once in all with TALLY_BY_NONE, even when no session was), with its
 * counts. Rows come ordered by segment (missing last), then approval as
 * stats_compare, then keyword id. Per keyword the segments' counts add up
 * to the total's (before suppression). */
bool tally_stats_query(struct tally *t, const struct tally_query *q, struct tally_stats *out,
		       struct diag *err);
/* The same with the defaults but for by and include_abandoned. */
bool tally_stats_keywords(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats *out, struct diag *err);

/* Sessions in one segment (or in all, for the total). */
struct tally_stats_group {
	char *segment;	   /* as in tally_stats_row */
	uint64_t sessions; /* selected: completed (plus abandoned, plus flagged, when asked) */
	uint64_t completed, abandoned; /* regardless of the outcome asked for */
	uint64_t kiosks;	       /* distinct kiosk ids among the selected */
	char *first_started;	       /* ISO 8601 UTC; NULL when there is no session */
	char *last_ended;
	/* flagged sessions of the outcomes asked for, counted whether or not
	 * they are included; per reason (a session may have several) */
	uint64_t flagged, fast, one_pile, repeat;
};

struct tally_stats_groups {
	struct tally_stats_group *items;
	size_t count, cap;
	char *set_id, *set_version;
	struct stats_suppressed hidden;
};

void tally_stats_groups_init(struct tally_stats_groups *g);
void tally_stats_groups_finish(struct tally_stats_groups *g);

/* Session counts per segment, in the order of tally_stats_query; with
 * TALLY_BY_NONE exactly one group, the whole set. Segments without a
 * selected session are left out, and with min_group the small ones. */
bool tally_stats_groups(struct tally *t, const struct tally_query *q,
			struct tally_stats_groups *out, struct diag *err);
/* The same with the defaults but for by and include_abandoned. */
bool tally_stats_sessions(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats_groups *out, struct diag *err);

/* The keyword sets and versions in the tally, most sessions first (the
 * first is the main set). */
struct tally_set {
	char *set_id, *set_version;
	uint64_t sessions, completed, flagged; /* every outcome and flag / completed / flagged */
	uint64_t keywords;
};
struct tally_sets {
	struct tally_set *items;
	size_t count, cap;
};
void tally_sets_init(struct tally_sets *s);
void tally_sets_finish(struct tally_sets *s);
bool tally_stats_sets(struct tally *t, struct tally_sets *out, struct diag *err);

/* True when the tally has what a segment needs (every tally of schema 3
 * does; kept for callers written against older tallies). */
bool tally_stats_has_segment(struct tally *t, enum tally_segment by, bool *has, struct diag *err);

/* A number that changes whenever another connection commits to the tally
 * (PRAGMA data_version), so a live view notices imports it did not do. */
bool tally_stats_data_version(struct tally *t, int64_t *out, struct diag *err);

#endif
