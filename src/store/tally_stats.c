/* Statistics queries on the tally (see tally_stats.h). The counting was done
 * at import (tally_aggregate.c): here the kept sums of the chosen set,
 * segments, outcomes and flags are added up, so a query reads rows per
 * segment and keyword, never per session. The proportions, intervals, rank
 * intervals and suppression come from model/stats.c, so every output (CSV,
 * JSON, reports, the live view) shares one definition. */
#include "store/tally_stats.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/misuse.h"
#include "store/db.h"
#include "store/tally_aggregate.h"

#include <stdlib.h>
#include <string.h>

static const char *const tally_stats_names[TALLY_BY_COUNT] = {
	[TALLY_BY_NONE] = NULL,
	[TALLY_BY_SITE] = "site",
	[TALLY_BY_LANGUAGE] = "language",
	[TALLY_BY_AGE] = "age",
	[TALLY_BY_RESIDENCE] = "residence",
	[TALLY_BY_DAY] = "day",
	[TALLY_BY_CHANNEL] = "channel",
};

const char *tally_stats_segment_name(enum tally_segment by)
{
	return by < TALLY_BY_COUNT ? tally_stats_names[by] : NULL;
}

bool tally_stats_segment_parse(const char *name, enum tally_segment *out)
{
	for (int i = TALLY_BY_NONE + 1; i < TALLY_BY_COUNT; i++) {
		if (strcmp(name, tally_stats_names[i]) == 0) {
			*out = (enum tally_segment)i;
			return true;
		}
	}
	return false;
}

void tally_stats_init(struct tally_stats *s)
{
	*s = (struct tally_stats){0};
}

void tally_stats_finish(struct tally_stats *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->rows[i].segment);
		free(s->rows[i].keyword_id);
		free(s->rows[i].label);
	}
	free(s->rows);
	free(s->set_id);
	free(s->set_version);
	tally_stats_init(s);
}

void tally_stats_groups_init(struct tally_stats_groups *g)
{
	*g = (struct tally_stats_groups){0};
}

void tally_stats_groups_finish(struct tally_stats_groups *g)
{
	for (size_t i = 0; i < g->count; i++) {
		free(g->items[i].segment);
		free(g->items[i].first_started);
		free(g->items[i].last_ended);
	}
	free(g->items);
	free(g->set_id);
	free(g->set_version);
	tally_stats_groups_init(g);
}

void tally_sets_init(struct tally_sets *s)
{
	*s = (struct tally_sets){0};
}

void tally_sets_finish(struct tally_sets *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->items[i].set_id);
		free(s->items[i].set_version);
	}
	free(s->items);
	tally_sets_init(s);
}

bool tally_stats_has_segment(struct tally *t, enum tally_segment by, bool *has, struct diag *err)
{
	(void)t;
	(void)err;
	*has = by < TALLY_BY_COUNT;
	return true;
}

static char *tally_stats_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

/* Most sessions first; among equals the newer version, then the lower id.
 * Keyword sets no session used come last, so a tally that has labels but
 * no sessions yet still shows its newest set. */
static const char tally_stats_sets_sql[] =
	"SELECT k.set_id, k.set_version, coalesce(a.n, 0), coalesce(a.done, 0), "
	"  coalesce(a.flagged, 0), k.kw "
	"FROM (SELECT set_id, set_version, count(*) AS kw FROM keywords "
	"  GROUP BY set_id, set_version) k "
	"LEFT JOIN (SELECT set_id, set_version, sum(sessions) AS n, "
	"  sum(CASE WHEN outcome = 'completed' THEN sessions ELSE 0 END) AS done, "
	"  sum(CASE WHEN flags <> 0 THEN sessions ELSE 0 END) AS flagged "
	"  FROM agg_sessions WHERE dim = 'all' GROUP BY set_id, set_version) a "
	"  ON a.set_id = k.set_id AND a.set_version = k.set_version "
	"ORDER BY coalesce(a.n, 0) DESC, CAST(k.set_version AS INTEGER) DESC, k.set_version DESC, "
	"  k.set_id";

bool tally_stats_sets(struct tally *t, struct tally_sets *out, struct diag *err)
{
	struct db *db = tally_db(t);
	const char *what = "read the tally";
	sqlite3_stmt *st = db_prepare(db, tally_stats_sets_sql, what, err);
	bool ok = st != NULL, row = true;
	while (ok) {
		ok = db_step(db, st, &row, what, err);
		if (!ok || !row)
			break;
		xgrow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = (struct tally_set){
			.set_id = tally_stats_text(st, 0),
			.set_version = tally_stats_text(st, 1),
			.sessions = (uint64_t)sqlite3_column_int64(st, 2),
			.completed = (uint64_t)sqlite3_column_int64(st, 3),
			.flagged = (uint64_t)sqlite3_column_int64(st, 4),
			.keywords = (uint64_t)sqlite3_column_int64(st, 5),
		};
	}
	sqlite3_finalize(st);
	return ok;
}

/* The set and version a query is about: the one asked for (its newest
 * version when only the id is given), else the main set. Both NULL in a
 * tally without keywords; an unknown segment or set is one diag line.
 * Every query starts here, so the segment is checked here too. */
static bool tally_stats_pick_set(struct tally *t, const struct tally_query *q, char **set_id,
				 char **set_version, struct diag *err)
{
	if (q->by >= TALLY_BY_COUNT) {
		diag_add(err, "unknown segment");
		return false;
	}
	*set_id = *set_version = NULL;
	struct tally_sets sets;
	tally_sets_init(&sets);
	if (!tally_stats_sets(t, &sets, err))
		return false;
	const struct tally_set *pick = NULL;
	for (size_t i = 0; i < sets.count && !pick; i++) {
		const struct tally_set *s = &sets.items[i];
		if (!q->set_id ||
		    (strcmp(s->set_id, q->set_id) == 0 &&
		     (!q->set_version || strcmp(s->set_version, q->set_version) == 0)))
			pick = s;
	}
	/* with only an id, its newest version rather than its most used */
	for (size_t i = 0; pick && q->set_id && !q->set_version && i < sets.count; i++) {
		const struct tally_set *s = &sets.items[i];
		if (strcmp(s->set_id, q->set_id) == 0 &&
		    strtoll(s->set_version, NULL, 10) > strtoll(pick->set_version, NULL, 10))
			pick = s;
	}
	bool ok = pick || !q->set_id;
	if (pick) {
		*set_id = xstrdup(pick->set_id);
		*set_version = xstrdup(pick->set_version);
	} else if (q->set_id) {
		diag_add(err,
			 "%s: no keyword set %s%s%s in this tally (see 'visionsort tally --sets')",
			 tally_db(t)->path, q->set_id, q->set_version ? " version " : "",
			 q->set_version ? q->set_version : "");
	}
	tally_sets_finish(&sets);
	return ok;
}

/* The segments a query lists and which of them to hide: in segment order,
 * missing last, those with a selected session (with TALLY_BY_NONE the one
 * whole, always). */
struct tally_stats_segs {
	char **seg; /* as stored: "" for missing */
	uint64_t *sessions;
	bool *hide;
	size_t count, cap;
};

static void tally_stats_segs_finish(struct tally_stats_segs *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->seg[i]);
	free(s->seg);
	free(s->sessions);
	free(s->hide);
}

/* ?1 dim, ?2 set, ?3 version, ?4 the outcome besides 'completed', ?5 1
 * to include flagged sessions. */
#define TALLY_STATS_SELECTED "outcome IN ('completed', ?4) AND (flags = 0 OR ?5)"

static bool tally_stats_bind(struct db *db, sqlite3_stmt *st, const struct tally_query *q,
			     const char *set_id, const char *set_version, struct diag *err)
{
	return db_bind(db, st, "read the tally", err, "ssssi", agg_dim(q->by), set_id, set_version,
		       q->include_abandoned ? "abandoned" : "completed",
		       (int64_t)q->include_flagged);
}

/* tally_stats_bind, and ?6 the one segment a statement reads. */
static bool tally_stats_bind_seg(struct db *db, sqlite3_stmt *st, const struct tally_query *q,
				 const char *set_id, const char *set_version, const char *seg,
				 struct diag *err)
{
	return tally_stats_bind(db, st, q, set_id, set_version, err) &&
	       sqlite3_bind_text(st, 6, seg, -1, SQLITE_STATIC) == SQLITE_OK;
}

/* A stored segment as a row or group names it: none for the whole, "" as
 * TALLY_NOT_GIVEN. */
static char *tally_stats_seg_name(const struct tally_query *q, const char *seg)
{
	return q->by == TALLY_BY_NONE ? NULL : xstrdup(*seg ? seg : TALLY_NOT_GIVEN);
}

static bool tally_stats_list_segs(struct db *db, const struct tally_query *q, const char *set_id,
				  const char *set_version, struct tally_stats_segs *out,
				  struct stats_suppressed *hidden, struct diag *err)
{
	const char *what = "read the tally";
	sqlite3_stmt *st =
		db_prepare(db,
			   "SELECT seg, sum(CASE WHEN " TALLY_STATS_SELECTED
			   " THEN sessions ELSE 0 END) AS n "
			   "FROM agg_sessions WHERE dim = ?1 AND set_id = ?2 AND set_version = ?3 "
			   "GROUP BY seg HAVING n > 0 ORDER BY seg = '', seg",
			   what, err);
	bool ok = st && tally_stats_bind(db, st, q, set_id, set_version, err), row = true;
	while (ok) {
		ok = db_step(db, st, &row, what, err);
		if (!ok || !row)
			break;
		size_t cap = out->cap;
		xgrow((void **)&out->seg, &out->cap, out->count + 1, sizeof(*out->seg));
		out->sessions = xrealloc(out->sessions, out->cap * sizeof(*out->sessions));
		out->hide = xrealloc(out->hide, out->cap * sizeof(*out->hide));
		(void)cap;
		out->seg[out->count] = tally_stats_text(st, 0);
		out->sessions[out->count++] = (uint64_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (ok && q->by == TALLY_BY_NONE && out->count == 0) {
		/* the whole, even with no session yet: every keyword at zero */
		out->seg = xrealloc(out->seg, sizeof(*out->seg));
		out->sessions = xrealloc(out->sessions, sizeof(*out->sessions));
		out->hide = xrealloc(out->hide, sizeof(*out->hide));
		out->cap = 1;
		out->seg[0] = xstrdup("");
		out->sessions[0] = 0;
		out->count = 1;
	}
	if (ok && out->count) {
		/* the whole is never a group to hide */
		uint64_t limit = q->by == TALLY_BY_NONE ? 0 : q->min_group;
		stats_suppress(out->sessions, out->count, limit, out->hide, hidden);
	}
	return ok;
}

static int tally_stats_by_approval(const void *a, const void *b)
{
	const struct tally_stats_row *ra = a, *rb = b;
	int c = stats_compare(&ra->stats, &rb->stats);
	return c ? c : strcmp(ra->keyword_id, rb->keyword_id);
}

/* Rows arrive grouped by segment; each group is ranked on its own. */
static void tally_stats_rank(struct tally_stats *s, const struct tally_query *q)
{
	size_t start = 0;
	for (size_t i = 1; i <= s->count; i++) {
		const char *a = s->rows[start].segment,
			   *b = i < s->count ? s->rows[i].segment : NULL;
		bool same = i < s->count && (a == b || (a && b && strcmp(a, b) == 0));
		if (same)
			continue;
		size_t n = i - start;
		qsort(s->rows + start, n, sizeof(*s->rows), tally_stats_by_approval);
		if (q->rank_intervals) {
			struct keyword_counts *c = xcalloc(n, sizeof(*c));
			struct stats_rank *r = xcalloc(n, sizeof(*r));
			for (size_t k = 0; k < n; k++)
				c[k] = s->rows[start + k].counts;
			stats_rank_intervals(c, n, q->rank_seed, 0, r);
			for (size_t k = 0; k < n; k++)
				s->rows[start + k].rank = r[k];
			free(c);
			free(r);
		}
		start = i;
	}
}

static bool tally_stats_fill(struct db *db, const struct tally_query *q, const char *set_id,
			     const char *set_version, const struct tally_stats_segs *segs,
			     struct tally_stats *out, struct diag *err)
{
	const char *what = "read the tally";
	/* every keyword of the set in every segment listed, with its sums */
	sqlite3_stmt *st = db_prepare(
		db,
		"WITH a AS (SELECT seg, keyword_id, sum(shown) AS shown, sum(yes) AS yes, "
		"  sum(no) AS no, sum(neutral) AS neutral, sum(rank_sum) AS rank_sum, "
		"  sum(rank_n) AS rank_n FROM agg_keywords "
		"  WHERE dim = ?1 AND set_id = ?2 AND set_version = ?3 AND seg = ?6 "
		"  AND outcome IN ('completed', ?4) AND (flagged = 0 OR ?5) "
		"  GROUP BY seg, keyword_id) "
		"SELECT k.keyword_id, coalesce(k.label_sv, k.keyword_id), coalesce(a.shown, 0), "
		"  coalesce(a.yes, 0), coalesce(a.no, 0), coalesce(a.neutral, 0), "
		"  coalesce(a.rank_sum, 0), coalesce(a.rank_n, 0) "
		"FROM keywords k LEFT JOIN a ON a.seg = ?6 AND a.keyword_id = k.keyword_id "
		"WHERE k.set_id = ?2 AND k.set_version = ?3 ORDER BY k.keyword_id",
		what, err);
	bool ok = st != NULL;
	for (size_t g = 0; ok && g < segs->count; g++) {
		if (segs->hide[g])
			continue;
		ok = tally_stats_bind_seg(db, st, q, set_id, set_version, segs->seg[g], err);
		bool row = ok;
		while (ok) {
			ok = db_step(db, st, &row, what, err);
			if (!ok || !row)
				break;
			struct keyword_counts c = {
				.shown = (uint64_t)sqlite3_column_int64(st, 2),
				.yes = (uint64_t)sqlite3_column_int64(st, 3),
				.no = (uint64_t)sqlite3_column_int64(st, 4),
				.neutral = (uint64_t)sqlite3_column_int64(st, 5),
				.rank_sum = (uint64_t)sqlite3_column_int64(st, 6),
				.rank_n = (uint64_t)sqlite3_column_int64(st, 7),
			};
			xgrow((void **)&out->rows, &out->cap, out->count + 1, sizeof(*out->rows));
			out->rows[out->count++] = (struct tally_stats_row){
				.segment = tally_stats_seg_name(q, segs->seg[g]),
				.keyword_id = tally_stats_text(st, 0),
				.label = tally_stats_text(st, 1),
				.counts = c,
				.stats = stats_compute(&c),
			};
		}
		db_reset(st);
	}
	sqlite3_finalize(st);
	return ok;
}

bool tally_stats_query(struct tally *t, const struct tally_query *q, struct tally_stats *out,
		       struct diag *err)
{
	struct db *db = tally_db(t);
	if (!tally_stats_pick_set(t, q, &out->set_id, &out->set_version, err))
		return false;
	if (!out->set_id)
		return true; /* no keyword at all yet */
	struct tally_stats_segs segs = {0};
	bool ok = tally_stats_list_segs(db, q, out->set_id, out->set_version, &segs, &out->hidden,
					err) &&
		  tally_stats_fill(db, q, out->set_id, out->set_version, &segs, out, err);
	tally_stats_segs_finish(&segs);
	if (ok && out->count)
		tally_stats_rank(out, q);
	return ok;
}

bool tally_stats_keywords(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats *out, struct diag *err)
{
	struct tally_query q = {.by = by, .include_abandoned = include_abandoned};
	return tally_stats_query(t, &q, out, err);
}

static bool tally_stats_group_rows(struct db *db, const struct tally_query *q, const char *set_id,
				   const char *set_version, const struct tally_stats_segs *segs,
				   struct tally_stats_groups *out, struct diag *err)
{
	const char *what = "read the tally";
	sqlite3_stmt *st =
		db_prepare(db,
			   "SELECT coalesce(sum(CASE WHEN " TALLY_STATS_SELECTED
			   " THEN sessions END), 0), "
			   "  coalesce(sum(CASE WHEN outcome = 'completed' AND (flags = 0 OR ?5) "
			   "    THEN sessions END), 0), "
			   "  coalesce(sum(CASE WHEN outcome = 'abandoned' AND (flags = 0 OR ?5) "
			   "    THEN sessions END), 0), "
			   "  count(DISTINCT CASE WHEN " TALLY_STATS_SELECTED
			   " THEN kiosk_id END), "
			   "  min(CASE WHEN " TALLY_STATS_SELECTED " THEN first_started END), "
			   "  max(CASE WHEN " TALLY_STATS_SELECTED " THEN last_ended END), "
			   "  coalesce(sum(CASE WHEN outcome IN ('completed', ?4) AND flags <> 0 "
			   "    THEN sessions END), 0), "
			   "  coalesce(sum(CASE WHEN outcome IN ('completed', ?4) AND flags & ?7 "
			   "    THEN sessions END), 0), "
			   "  coalesce(sum(CASE WHEN outcome IN ('completed', ?4) AND flags & ?8 "
			   "    THEN sessions END), 0), "
			   "  coalesce(sum(CASE WHEN outcome IN ('completed', ?4) AND flags & ?9 "
			   "    THEN sessions END), 0) "
			   "FROM agg_sessions WHERE dim = ?1 AND set_id = ?2 AND set_version = ?3 "
			   "AND seg = ?6",
			   what, err);
	bool ok = st != NULL;
	for (size_t g = 0; ok && g < segs->count; g++) {
		if (segs->hide[g])
			continue;
		bool row = false;
		ok = tally_stats_bind_seg(db, st, q, set_id, set_version, segs->seg[g], err) &&
		     sqlite3_bind_int(st, 7, MISUSE_FAST) == SQLITE_OK &&
		     sqlite3_bind_int(st, 8, MISUSE_ONE_PILE) == SQLITE_OK &&
		     sqlite3_bind_int(st, 9, MISUSE_REPEAT) == SQLITE_OK &&
		     db_step(db, st, &row, what, err) && row;
		if (!ok)
			break;
		xgrow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = (struct tally_stats_group){
			.segment = tally_stats_seg_name(q, segs->seg[g]),
			.sessions = (uint64_t)sqlite3_column_int64(st, 0),
			.completed = (uint64_t)sqlite3_column_int64(st, 1),
			.abandoned = (uint64_t)sqlite3_column_int64(st, 2),
			.kiosks = (uint64_t)sqlite3_column_int64(st, 3),
			.first_started = tally_stats_text(st, 4),
			.last_ended = tally_stats_text(st, 5),
			.flagged = (uint64_t)sqlite3_column_int64(st, 6),
			.fast = (uint64_t)sqlite3_column_int64(st, 7),
			.one_pile = (uint64_t)sqlite3_column_int64(st, 8),
			.repeat = (uint64_t)sqlite3_column_int64(st, 9),
		};
		db_reset(st);
	}
	sqlite3_finalize(st);
	return ok;
}

bool tally_stats_groups(struct tally *t, const struct tally_query *q,
			struct tally_stats_groups *out, struct diag *err)
{
	struct db *db = tally_db(t);
	if (!tally_stats_pick_set(t, q, &out->set_id, &out->set_version, err))
		return false;
	struct tally_stats_segs segs = {0};
	/* an empty tally still has its one whole, of no set */
	const char *set = out->set_id ? out->set_id : "",
		   *version = out->set_version ? out->set_version : "";
	bool ok = tally_stats_list_segs(db, q, set, version, &segs, &out->hidden, err) &&
		  tally_stats_group_rows(db, q, set, version, &segs, out, err);
	tally_stats_segs_finish(&segs);
	return ok;
}

bool tally_stats_sessions(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats_groups *out, struct diag *err)
{
	struct tally_query q = {.by = by, .include_abandoned = include_abandoned};
	return tally_stats_groups(t, &q, out, err);
}

bool tally_stats_data_version(struct tally *t, int64_t *out, struct diag *err)
{
	return db_int(tally_db(t), "PRAGMA data_version", out, "read the tally", err);
}
