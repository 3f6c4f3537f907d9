/* The profile update and the per-kiosk agreement share (log_visit.h). */
#include "store/log_visit.h"

#include "common/clock.h"
#include "store/db.h"

bool log_set_profile(struct log *log, const char *uuid, const char *age_band, const char *residence,
		     struct diag *err)
{
	return db_run_sql(log_db(log),
			  "UPDATE sessions SET age_band = ?2, residence = ?3 "
			  "WHERE uuid = ?1 AND exported_at IS NULL",
			  "store the visitor's profile", err, "sss", uuid, age_band, residence);
}

bool log_yes_share(struct log *log, const char *set_id, const char *keyword_id, uint64_t *yes,
		   uint64_t *shown, struct diag *err)
{
	struct db *db = log_db(log);
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT count(*), coalesce(sum(c.pile = 'yes'), 0) "
				      "FROM cards c JOIN sessions s ON s.id = c.session_id "
				      "WHERE s.outcome = 'completed' AND s.set_id = ?1 "
				      "AND c.keyword_id = ?2",
				      "count agreement", err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_bind(db, st, "count agreement", err, "ss", set_id, keyword_id) &&
		  db_step(db, st, &row, "count agreement", err) && row;
	if (ok) {
		*shown = (uint64_t)sqlite3_column_int64(st, 0);
		*yes = (uint64_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return ok;
}

bool log_sessions_since(struct log *log, int64_t since_ms, uint64_t *n, struct diag *err)
{
	struct db *db = log_db(log);
	char since[25];
	clock_iso8601(since_ms, since);
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT count(*) FROM sessions WHERE outcome IN "
				      "('completed', 'abandoned') AND ended_at >= ?1",
				      "count today's sessions", err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_bind(db, st, "count today's sessions", err, "s", since) &&
		  db_step(db, st, &row, "count today's sessions", err) && row;
	if (ok)
		*n = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ok;
}
