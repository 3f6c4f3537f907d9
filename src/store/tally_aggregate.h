/* Internal to store/: the tally's statistics kept up to date as sessions
 * come in, so that reading them costs the same at a thousand sessions and
 * at a million. Two tables (schema in tally.c, step 2 -> 3):
 *
 *   agg_keywords  per dimension, set and version, segment, keyword, outcome
 *                 and flagged-or-not: shown, yes, no, neutral, rank sums
 *   agg_sessions  per dimension, set and version, segment, kiosk, outcome
 *                 and flags: sessions, first start, last end
 *
 * A dimension is a way of splitting the sessions (enum tally_segment): the
 * whole tally ("all", one segment ""), site, language, age, residence, day,
 * channel; a session without a value is in segment "".
 *
 * Two ways in, kept apart on purpose so that each checks the other (the
 * rebuild test compares their CSV byte for byte):
 *   - the import sums its sessions in memory (struct agg) and writes the
 *     sums in its own transaction;
 *   - agg_catch_up sums rows with SQL from the raw tables: every row past
 *     the watermarks (meta agg_sessions_upto, agg_cards_upto), which is
 *     nothing after an import, or everything for a rebuild. Rows put into
 *     the tally by other means (a test, a repair by hand) are so counted
 *     the next time the tally is opened. */
#ifndef VS_STORE_TALLY_AGGREGATE_H
#define VS_STORE_TALLY_AGGREGATE_H

#include "model/session.h"
#include "store/db.h"
#include "store/tally_stats.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "all", "site", ... as stored in agg_*.dim. */
const char *agg_dim(enum tally_segment by);
/* The SQL for a session row "s"'s segment in a dimension ('' for none). */
const char *agg_dim_expr(enum tally_segment by);

/* One session as the aggregates see it. */
struct agg_session {
	const char *seg[TALLY_BY_COUNT]; /* "" for none; seg[TALLY_BY_NONE] is "" */
	const char *set_id, *set_version, *kiosk_id;
	bool abandoned;
	unsigned flags; /* model/misuse.h */
	const char *started_at, *ended_at;
};

struct agg_card {
	const char *keyword_id;
	enum pile pile; /* PILE_DECK: dealt, never placed */
	int64_t rank;	/* 0: none */
};

struct agg;
struct agg *agg_create(void);
void agg_destroy(struct agg *a); /* NULL-safe */

/* Adds a session and its cards (sign +1), or takes them away (-1, when a
 * session's flags change). Nothing is written until agg_flush. */
void agg_add(struct agg *a, const struct agg_session *s, const struct agg_card *cards, size_t n,
	     int sign);

/* The keywords (set, version, id) agg_add has seen since the last flush. */
size_t agg_keyword_count(const struct agg *a);
void agg_keyword(const struct agg *a, size_t i, const char **set_id, const char **set_version,
		 const char **keyword_id);

/* Adds the sums to the tables (the caller holds the transaction) and
 * empties a. Groups a session was taken away from get their first start
 * and last end again from the raw rows. */
bool agg_flush(struct agg *a, struct db *db, const char *what, struct diag *err);

/* Whether the aggregates were never built (a tally just upgraded to
 * schema 3: judge the sessions, then build), are stale (rows deleted
 * behind their back: rebuild) or behind (catch up). */
enum agg_state {
	AGG_CURRENT,
	AGG_BEHIND,
	AGG_STALE,
	AGG_MISSING,
};
bool agg_state(struct db *db, enum agg_state *out, const char *what, struct diag *err);

/* Sums the raw rows past the watermarks into the tables (everything after
 * agg_clear) and moves the watermarks to the last rows. In the caller's
 * transaction. */
bool agg_catch_up(struct db *db, const char *what, struct diag *err);
/* Empties the tables and the watermarks, for a rebuild by agg_catch_up. */
bool agg_clear(struct db *db, const char *what, struct diag *err);
/* After an import's own sums were flushed: every row is counted. */
bool agg_mark_current(struct db *db, const char *what, struct diag *err);

#endif
