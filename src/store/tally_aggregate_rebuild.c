/* The tally's kept statistics from the raw rows (see tally_aggregate.h):
 * whether they are current, and SQL that sums the sessions and cards past
 * the watermarks. Kept apart from the import's sums in memory
 * (tally_aggregate.c) on purpose: each checks the other. */
#include "store/tally_aggregate.h"

#include "store/tally_aggregate_internal.h"

#include "common/strbuf.h"

bool agg_state(struct db *db, enum agg_state *out, const char *what, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT (SELECT coalesce(max(id), 0) FROM sessions), "
				      "(SELECT coalesce(max(rowid), 0) FROM cards), "
				      "(SELECT CAST(value AS INTEGER) FROM meta "
				      "  WHERE key = 'agg_sessions_upto'), "
				      "(SELECT CAST(value AS INTEGER) FROM meta "
				      "  WHERE key = 'agg_cards_upto')",
				      what, err);
	bool row = false;
	bool ok = st && db_step(db, st, &row, what, err) && row;
	if (ok) {
		int64_t sessions = sqlite3_column_int64(st, 0), cards = sqlite3_column_int64(st, 1);
		int64_t s_upto = sqlite3_column_int64(st, 2), c_upto = sqlite3_column_int64(st, 3);
		if (sqlite3_column_type(st, 2) == SQLITE_NULL ||
		    sqlite3_column_type(st, 3) == SQLITE_NULL)
			*out = AGG_MISSING;
		else if (sessions < s_upto || cards < c_upto)
			*out = AGG_STALE;
		else if (sessions > s_upto || cards > c_upto)
			*out = AGG_BEHIND;
		else
			*out = AGG_CURRENT;
	}
	sqlite3_finalize(st);
	return ok;
}

bool agg_mark_current(struct db *db, const char *what, struct diag *err)
{
	return db_exec(db,
		       "INSERT OR REPLACE INTO meta(key, value) VALUES "
		       "('agg_sessions_upto', (SELECT coalesce(max(id), 0) FROM sessions)), "
		       "('agg_cards_upto', (SELECT coalesce(max(rowid), 0) FROM cards))",
		       what, err);
}

bool agg_clear(struct db *db, const char *what, struct diag *err)
{
	return db_exec(db,
		       "DELETE FROM agg_keywords;\n"
		       "DELETE FROM agg_sessions;\n"
		       "INSERT OR REPLACE INTO meta(key, value) VALUES "
		       "('agg_sessions_upto', '0'), ('agg_cards_upto', '0')",
		       what, err);
}

/* One dimension's sums of the sessions with ids in (?1, ?2] and of the
 * cards with rowids in (?3, ?4]. */
static bool agg_sum_rows(struct db *db, enum tally_segment by, const int64_t bounds[4],
			 const char *what, struct diag *err)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   AGG_INTO_SESSIONS
		   "SELECT '%s', s.set_id, s.set_version, %s, s.kiosk_id, s.outcome, s.flags, "
		   "count(*), min(s.started_at), max(s.ended_at) FROM sessions s "
		   "WHERE s.id > ?1 AND s.id <= ?2 GROUP BY 2, 3, 4, 5, 6, 7" AGG_WIDEN,
		   agg_dim(by), agg_dim_expr(by));
	bool ok = db_run_sql(db, sb_str(&sql), what, err, "ii", bounds[0], bounds[1]);
	sb_clear(&sql);
	sb_appendf(&sql,
		   AGG_INTO_KEYWORDS
		   "SELECT '%s', s.set_id, s.set_version, %s, c.keyword_id, s.outcome, "
		   "s.flags <> 0, count(*), count(CASE WHEN c.pile = 'yes' THEN 1 END), "
		   "count(CASE WHEN c.pile = 'no' THEN 1 END), "
		   "count(CASE WHEN c.pile = 'neutral' THEN 1 END), "
		   "coalesce(sum(CASE WHEN c.pile = 'yes' THEN c.rank END), 0), "
		   "count(CASE WHEN c.pile = 'yes' THEN c.rank END) "
		   "FROM cards c JOIN sessions s ON s.id = c.session_id "
		   "WHERE c.rowid > ?1 AND c.rowid <= ?2 GROUP BY 2, 3, 4, 5, 6, 7" AGG_ADD,
		   agg_dim(by), agg_dim_expr(by));
	ok = ok && db_run_sql(db, sb_str(&sql), what, err, "ii", bounds[2], bounds[3]);
	sb_finish(&sql);
	return ok;
}

bool agg_catch_up(struct db *db, const char *what, struct diag *err)
{
	int64_t b[4] = {0};
	bool ok = db_int(db,
			 "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
			 "WHERE key = 'agg_sessions_upto'), 0)",
			 &b[0], what, err) &&
		  db_int(db, "SELECT coalesce(max(id), 0) FROM sessions", &b[1], what, err) &&
		  db_int(db,
			 "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
			 "WHERE key = 'agg_cards_upto'), 0)",
			 &b[2], what, err) &&
		  db_int(db, "SELECT coalesce(max(rowid), 0) FROM cards", &b[3], what, err);
	for (int d = 0; ok && d < TALLY_BY_COUNT; d++)
		ok = agg_sum_rows(db, (enum tally_segment)d, b, what, err);
	return ok && agg_mark_current(db, what, err);
}
