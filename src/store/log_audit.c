/* The kiosk's audit log (log_audit.h): one table in the session log,
 * written inside the transaction of what it records where there is one
 * (a session saved, an export marked), so the two never disagree. */
#include "store/log_audit.h"

#include "common/clock.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/log_internal.h"

#include <stdlib.h>

static const char *const log_event_names[LOG_EVENT_COUNT] = {
	[LOG_EVENT_SESSION_SAVED] = "session-saved",
	[LOG_EVENT_RECOVERED] = "sessions-recovered",
	[LOG_EVENT_EXPORT] = "export",
	[LOG_EVENT_EXPORT_FAILED] = "export-failed",
	[LOG_EVENT_STAFF_OK] = "staff-access",
	[LOG_EVENT_STAFF_WRONG] = "staff-wrong-pin",
	[LOG_EVENT_STAFF_LOCKED] = "staff-refused-locked",
	[LOG_EVENT_STAFF_LOCKOUT] = "staff-lockout",
	[LOG_EVENT_KEY_CREATED] = "key-created",
	[LOG_EVENT_PURGED] = "sessions-purged",
};

const char *log_event_name(enum log_event e)
{
	return e < LOG_EVENT_COUNT ? log_event_names[e] : "?";
}

bool log_audit(struct log *log, enum log_event e, int64_t at_ms, const char *detail,
	       struct diag *err)
{
	const char *what = "write the audit log";
	char at[25];
	clock_iso8601(at_ms, at);
	bool own = sqlite3_get_autocommit(log->db->h) != 0;
	/* an event on its own is rare and is something staff rely on (the
	 * lock-out): on disk before we go on */
	if (own && !log->sync_full) {
		if (!db_synchronous(log->db, true, what, err))
			return false;
		log->sync_full = true;
	}
	if (own && !db_begin(log->db, what, err))
		return false;
	bool ok = db_run_sql(log->db,
			     "INSERT INTO audit(at, at_ms, event, detail) VALUES (?1, ?2, ?3, ?4)",
			     what, err, "siss", at, at_ms, log_event_name(e), detail ? detail : "");
	if (own) {
		ok = ok && db_commit(log->db, what, err);
		if (!ok)
			db_rollback(log->db);
	}
	return ok;
}

bool log_audit_list(struct log *log, void (*fn)(void *ctx, const struct log_audit_entry *e),
		    void *ctx, struct diag *err)
{
	const char *what = "read the audit log";
	sqlite3_stmt *st = db_prepare(log->db,
				      "SELECT at, at_ms, event, detail FROM audit ORDER BY id",
				      what, err);
	bool ok = st != NULL, row = true;
	while (ok) {
		ok = db_step(log->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct log_audit_entry e = {
			.at = (const char *)sqlite3_column_text(st, 0),
			.at_ms = sqlite3_column_int64(st, 1),
			.event = (const char *)sqlite3_column_text(st, 2),
			.detail = (const char *)sqlite3_column_text(st, 3),
		};
		fn(ctx, &e);
	}
	sqlite3_finalize(st);
	return ok;
}

bool log_audit_staff_tries(struct log *log, int64_t **wrong_ms, size_t *nwrong, uint64_t *nlocked,
			   struct diag *err)
{
	const char *what = "read the audit log";
	*wrong_ms = NULL;
	*nwrong = 0;
	*nlocked = 0;
	sqlite3_stmt *st = db_prepare(log->db,
				      "SELECT at_ms, event = ?2 FROM audit WHERE event IN (?2, ?3) "
				      "AND id > coalesce((SELECT max(id) FROM audit WHERE event = "
				      "?1), 0) ORDER BY id",
				      what, err);
	bool ok = st && db_bind(log->db, st, what, err, "sss", log_event_name(LOG_EVENT_STAFF_OK),
				log_event_name(LOG_EVENT_STAFF_WRONG),
				log_event_name(LOG_EVENT_STAFF_LOCKED));
	size_t cap = 0;
	bool row = ok;
	while (ok) {
		ok = db_step(log->db, st, &row, what, err);
		if (!ok || !row)
			break;
		if (sqlite3_column_int(st, 1)) {
			xgrow((void **)wrong_ms, &cap, *nwrong + 1, sizeof(**wrong_ms));
			(*wrong_ms)[(*nwrong)++] = sqlite3_column_int64(st, 0);
		} else {
			(*nlocked)++;
		}
	}
	sqlite3_finalize(st);
	if (!ok) {
		free(*wrong_ms);
		*wrong_ms = NULL;
		*nwrong = 0;
	}
	return ok;
}
