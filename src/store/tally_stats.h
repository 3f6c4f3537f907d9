/* Statistics queries on the central tally: per-keyword counts, optionally
 * split into segments (site, language, age band, residence, day), and the
 * session totals that reports and the live view print beside them. The
 * segment is picked from a fixed list, never spelled by the caller, so no
 * SQL is ever built from user input. */
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
	TALLY_BY_COUNT,
};

/* What a segment whose value is missing (NULL or empty) is called. */
#define TALLY_NOT_GIVEN "(not given)"

/* "site", "language", "age", "residence", "day" (NULL for TALLY_BY_NONE). */
const char *tally_stats_segment_name(enum tally_segment by);
/* Parses one of those names; false for anything else. */
bool tally_stats_segment_parse(const char *name, enum tally_segment *out);

struct tally_stats_row {
	char *segment; /* NULL with TALLY_BY_NONE, TALLY_NOT_GIVEN for a missing value */
	char *keyword_id;
	char *label; /* Swedish label, or the id when no file named it */
	struct keyword_counts counts;
	struct keyword_stats stats;
};

struct tally_stats {
	struct tally_stats_row *rows;
	size_t count, cap;
};

void tally_stats_init(struct tally_stats *s);
void tally_stats_finish(struct tally_stats *s); /* frees the rows; reusable after init */

/* Every keyword the tally knows, once per segment that has a selected
 * session (once in all with TALLY_BY_NONE, even in an empty tally), with
 * counts over completed sessions (and abandoned ones when asked). Rows come
 * ordered by segment (missing last), then approval as stats_compare, then
 * keyword id. Per keyword the segments' counts add up to the total's. A
 * segment whose column the tally does not have yet is one diag line. */
bool tally_stats_keywords(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats *out, struct diag *err);

/* Sessions in one segment (or in all, for the total). */
struct tally_stats_group {
	char *segment;		       /* as in tally_stats_row */
	uint64_t sessions;	       /* selected: completed, plus abandoned when asked */
	uint64_t completed, abandoned; /* regardless of the selection */
	uint64_t kiosks;	       /* distinct kiosk ids */
	char *first_started;	       /* ISO 8601 UTC; NULL when there is no session */
	char *last_ended;
};

struct tally_stats_groups {
	struct tally_stats_group *items;
	size_t count, cap;
};

void tally_stats_groups_init(struct tally_stats_groups *g);
void tally_stats_groups_finish(struct tally_stats_groups *g);

/* Session counts per segment, in the order of tally_stats_keywords; with
 * TALLY_BY_NONE exactly one group, the whole tally. Segments whose
 * sessions are all excluded (abandoned, not asked for) are left out. */
bool tally_stats_sessions(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats_groups *out, struct diag *err);

/* True when the tally has the column a segment needs (age and residence
 * came with export format 2). */
bool tally_stats_has_segment(struct tally *t, enum tally_segment by, bool *has, struct diag *err);

/* A number that changes whenever another connection commits to the tally
 * (PRAGMA data_version), so a live view notices imports it did not do. */
bool tally_stats_data_version(struct tally *t, int64_t *out, struct diag *err);

#endif
