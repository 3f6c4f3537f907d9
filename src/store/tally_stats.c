/* Statistics queries on the tally (see tally_stats.h). Counting is done by
 * SQLite in one grouped pass over the cards; the proportions and intervals
 * come from model/stats.c, so every output (CSV, JSON, reports, the live
 * view) shares one definition. */
#include "store/tally_stats.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

/* Per segment: the SQL value of a session row "s", and the set of segments
 * to list. These strings are the whole whitelist: the caller picks an enum,
 * never text. An empty site or language is as good as none. */
static const struct {
	const char *name;
	const char *expr;
	const char *column; /* the sessions column it needs, for a clear error */
} tally_stats_segments[TALLY_BY_COUNT] = {
	[TALLY_BY_NONE] = {NULL, "NULL", NULL},
	[TALLY_BY_SITE] = {"site", "nullif(s.site, '')", "site"},
	[TALLY_BY_LANGUAGE] = {"language", "nullif(s.language, '')", "language"},
	[TALLY_BY_AGE] = {"age", "nullif(s.age_band, '')", "age_band"},
	[TALLY_BY_RESIDENCE] = {"residence", "nullif(s.residence, '')", "residence"},
	/* UTC, as stored: the same answer on every organizer's computer */
	[TALLY_BY_DAY] = {"day", "substr(s.started_at, 1, 10)", "started_at"},
};

const char *tally_stats_segment_name(enum tally_segment by)
{
	return by < TALLY_BY_COUNT ? tally_stats_segments[by].name : NULL;
}

bool tally_stats_segment_parse(const char *name, enum tally_segment *out)
{
	for (int i = TALLY_BY_NONE + 1; i < TALLY_BY_COUNT; i++) {
		if (strcmp(name, tally_stats_segments[i].name) == 0) {
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
	tally_stats_groups_init(g);
}

bool tally_stats_has_segment(struct tally *t, enum tally_segment by, bool *has, struct diag *err)
{
	const char *column = by < TALLY_BY_COUNT ? tally_stats_segments[by].column : NULL;
	*has = true;
	if (!column)
		return true;
	struct db *db = tally_db(t);
	const char *what = "read the tally";
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT count(*) FROM pragma_table_info('sessions') "
				      "WHERE name = ?1",
				      what, err);
	bool row = false;
	bool ok = st && db_bind(db, st, what, err, "s", column) && db_step(db, st, &row, what, err);
	if (ok)
		*has = row && sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	return ok;
}

/* Refuses a segment the tally cannot answer, in words an organizer acts on. */
static bool tally_stats_check_segment(struct tally *t, enum tally_segment by, struct diag *err)
{
	if (by >= TALLY_BY_COUNT) {
		diag_add(err, "unknown segment");
		return false;
	}
	bool has = true;
	if (!tally_stats_has_segment(t, by, &has, err))
		return false;
	if (!has)
		diag_add(err,
			 "%s: this tally has no %s column yet (it was made by an older "
			 "visionsort) — update visionsort and import the export files again",
			 tally_db(t)->path, tally_stats_segments[by].column);
	return has;
}

static char *tally_stats_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

static char *tally_stats_segment_text(sqlite3_stmt *st, int col, enum tally_segment by)
{
	if (by == TALLY_BY_NONE)
		return NULL;
	char *s = tally_stats_text(st, col);
	return s ? s : xstrdup(TALLY_NOT_GIVEN);
}

static int tally_stats_by_approval(const void *a, const void *b)
{
	const struct tally_stats_row *ra = a, *rb = b;
	int c = stats_compare(&ra->stats, &rb->stats);
	return c ? c : strcmp(ra->keyword_id, rb->keyword_id);
}

/* Rows arrive grouped by segment; each group is ranked on its own. */
static void tally_stats_rank(struct tally_stats *s)
{
	size_t start = 0;
	for (size_t i = 1; i <= s->count; i++) {
		const char *a = s->rows[start].segment,
			   *b = i < s->count ? s->rows[i].segment : NULL;
		bool same = i < s->count && (a == b || (a && b && strcmp(a, b) == 0));
		if (same)
			continue;
		qsort(s->rows + start, i - start, sizeof(*s->rows), tally_stats_by_approval);
		start = i;
	}
}

bool tally_stats_keywords(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats *out, struct diag *err)
{
	if (!tally_stats_check_segment(t, by, err))
		return false;
	struct db *db = tally_db(t);
	const char *what = "read the tally";
	/* Counts per (segment, keyword) in one grouped pass, then every known
	 * keyword in every segment that has a selected session, so a keyword
	 * nobody in a segment was shown still gets its row of zeros. */
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   "WITH sel AS (SELECT s.id AS id, %s AS seg FROM sessions s "
		   "  WHERE s.outcome IN ('completed', ?1)), "
		   "segs AS (%s), "
		   "agg AS (SELECT sel.seg AS seg, c.keyword_id AS kw, count(*) AS shown, "
		   "  sum(c.pile = 'yes') AS yes, sum(c.pile = 'no') AS no, "
		   "  sum(c.pile = 'neutral') AS neutral, "
		   "  coalesce(sum(CASE WHEN c.pile = 'yes' THEN c.rank END), 0) AS rank_sum, "
		   "  count(CASE WHEN c.pile = 'yes' THEN c.rank END) AS rank_n "
		   "  FROM cards c JOIN sel ON sel.id = c.session_id "
		   "  GROUP BY sel.seg, c.keyword_id) "
		   "SELECT g.seg, k.keyword_id, coalesce(k.label_sv, k.keyword_id), "
		   "  coalesce(a.shown, 0), coalesce(a.yes, 0), coalesce(a.no, 0), "
		   "  coalesce(a.neutral, 0), coalesce(a.rank_sum, 0), coalesce(a.rank_n, 0) "
		   "FROM segs g CROSS JOIN keywords k "
		   "LEFT JOIN agg a ON a.seg IS g.seg AND a.kw = k.keyword_id "
		   "ORDER BY g.seg IS NULL, g.seg, k.keyword_id",
		   tally_stats_segments[by].expr,
		   by == TALLY_BY_NONE ? "SELECT NULL AS seg" : "SELECT DISTINCT seg FROM sel");
	sqlite3_stmt *st = db_prepare(db, sb_str(&sql), what, err);
	sb_finish(&sql);
	if (!st)
		return false;
	bool ok = db_bind(db, st, what, err, "s", include_abandoned ? "abandoned" : "completed");
	bool row = ok;
	while (ok) {
		ok = db_step(db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct keyword_counts c = {
			.shown = (uint64_t)sqlite3_column_int64(st, 3),
			.yes = (uint64_t)sqlite3_column_int64(st, 4),
			.no = (uint64_t)sqlite3_column_int64(st, 5),
			.neutral = (uint64_t)sqlite3_column_int64(st, 6),
			.rank_sum = (uint64_t)sqlite3_column_int64(st, 7),
			.rank_n = (uint64_t)sqlite3_column_int64(st, 8),
		};
		xgrow((void **)&out->rows, &out->cap, out->count + 1, sizeof(*out->rows));
		out->rows[out->count++] = (struct tally_stats_row){
			.segment = tally_stats_segment_text(st, 0, by),
			.keyword_id = tally_stats_text(st, 1),
			.label = tally_stats_text(st, 2),
			.counts = c,
			.stats = stats_compute(&c),
		};
	}
	sqlite3_finalize(st);
	if (ok)
		tally_stats_rank(out);
	return ok;
}

bool tally_stats_sessions(struct tally *t, enum tally_segment by, bool include_abandoned,
			  struct tally_stats_groups *out, struct diag *err)
{
	if (!tally_stats_check_segment(t, by, err))
		return false;
	struct db *db = tally_db(t);
	const char *what = "read the tally";
	/* Without a segment: no GROUP BY, so even an empty tally gives its one
	 * row of zeros. */
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   "SELECT %s AS seg, "
		   "  coalesce(sum(s.outcome IN ('completed', ?1)), 0) AS n, "
		   "  coalesce(sum(s.outcome = 'completed'), 0), "
		   "  coalesce(sum(s.outcome = 'abandoned'), 0), "
		   "  count(DISTINCT CASE WHEN s.outcome IN ('completed', ?1) "
		   "    THEN s.kiosk_id END), "
		   "  min(CASE WHEN s.outcome IN ('completed', ?1) THEN s.started_at END), "
		   "  max(CASE WHEN s.outcome IN ('completed', ?1) THEN s.ended_at END) "
		   "FROM sessions s %s",
		   tally_stats_segments[by].expr,
		   by == TALLY_BY_NONE ? ""
				       : "GROUP BY seg HAVING n > 0 ORDER BY seg IS NULL, seg");
	sqlite3_stmt *st = db_prepare(db, sb_str(&sql), what, err);
	sb_finish(&sql);
	if (!st)
		return false;
	bool ok = db_bind(db, st, what, err, "s", include_abandoned ? "abandoned" : "completed");
	bool row = ok;
	while (ok) {
		ok = db_step(db, st, &row, what, err);
		if (!ok || !row)
			break;
		xgrow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count++] = (struct tally_stats_group){
			.segment = tally_stats_segment_text(st, 0, by),
			.sessions = (uint64_t)sqlite3_column_int64(st, 1),
			.completed = (uint64_t)sqlite3_column_int64(st, 2),
			.abandoned = (uint64_t)sqlite3_column_int64(st, 3),
			.kiosks = (uint64_t)sqlite3_column_int64(st, 4),
			.first_started = tally_stats_text(st, 5),
			.last_ended = tally_stats_text(st, 6),
		};
	}
	sqlite3_finalize(st);
	return ok;
}

bool tally_stats_data_version(struct tally *t, int64_t *out, struct diag *err)
{
	return db_int(tally_db(t), "PRAGMA data_version", out, "read the tally", err);
}
