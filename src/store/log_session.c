/* Storing sessions in the log: the journal write after every drop, the
 * final save at Done (or abandon), closing what a crash left open, and the
 * staff's purge of old exported sessions.
 *
 * How durable each write is, and why:
 *
 * - A journal write commits with synchronous=NORMAL. In WAL mode that means
 *   the commit is in the WAL file (in the OS's page cache) when it returns,
 *   and fsync'd at the next FULL commit or checkpoint. A kill -9 cannot lose
 *   it (the kernel still writes the cache out); a power cut may lose the
 *   last few journal writes, but WAL never leaves the log inconsistent, and
 *   what is lost is part of a half-finished session, which becomes
 *   'abandoned' anyway. Sparing the fsync keeps a drop from waiting on the
 *   disk (a cheap kiosk SSD can take 10-50 ms per fsync).
 * - A save (Done, idle timeout, shutdown) commits with synchronous=FULL:
 *   the WAL is fsync'd before COMMIT returns, so the app prints
 *   `session-saved` only for a session that is on disk. That fsync also
 *   makes every earlier journal write durable.
 * - Recovery and the purge commit FULL as well: they are rare and the
 *   purge is a promise to staff. */
#include "common/clock.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/log_audit.h"
#include "store/log_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const log_age_bands[] = {"-15", "16-25", "26-45", "46-65", "66-", NULL};
static const char *const log_residences[] = {"city", "municipality", "visitor", NULL};

bool log_session_prepare(struct log *log, struct diag *err)
{
	const char *what = "open the session log";
	/* One statement for a first write and for every later one: a row
	 * still 'open' is brought up to date, a finished one is left alone
	 * (and then nothing is returned, which the caller reports). */
	log->put_session = db_prepare(
		log->db,
		"INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, language, "
		"started_at, ended_at, outcome, age_band, residence) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT(uuid) DO UPDATE SET site = excluded.site, set_id = excluded.set_id, "
		"set_version = excluded.set_version, language = excluded.language, "
		"started_at = excluded.started_at, ended_at = excluded.ended_at, "
		"outcome = excluded.outcome, age_band = excluded.age_band, "
		"residence = excluded.residence "
		"WHERE sessions.outcome = 'open' AND sessions.kiosk_id = excluded.kiosk_id "
		"RETURNING id",
		what, err);
	log->drop_cards = log->put_session
				  ? db_prepare(log->db, "DELETE FROM cards WHERE session_id = ?1",
					       what, err)
				  : NULL;
	log->put_card = log->drop_cards ? db_prepare(log->db,
						     "INSERT INTO cards(session_id, keyword_id, "
						     "deal_pos, pile, rank) "
						     "VALUES (?1, ?2, ?3, ?4, ?5)",
						     what, err)
					: NULL;
	return log->put_card != NULL;
}

void log_session_finalize(struct log *log)
{
	sqlite3_finalize(log->put_session);
	sqlite3_finalize(log->drop_cards);
	sqlite3_finalize(log->put_card);
}

static const char *log_pile_value(enum pile p)
{
	/* spelled out here, not pile_name(): what is stored must not change
	 * when the interface's names do */
	switch (p) {
	case PILE_YES:
		return "yes";
	case PILE_NO:
		return "no";
	case PILE_NEUTRAL:
		return "neutral";
	default:
		return NULL; /* still in the deck */
	}
}

static bool log_in(const char *const *allowed, const char *v)
{
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], v) == 0)
			return true;
	return false;
}

/* What the caller hands in, checked before a transaction starts. */
static bool log_check_meta(struct log *log, const struct session_meta *meta, struct diag *err)
{
	if (!meta || !meta->uuid || !*meta->uuid) {
		diag_add(err, "%s: cannot save a session without an id", log->db->path);
		return false;
	}
	if (meta->age_band && !log_in(log_age_bands, meta->age_band)) {
		diag_add(err, "%s: cannot save the session: unknown age band '%s'", log->db->path,
			 meta->age_band);
		return false;
	}
	if (meta->residence && !log_in(log_residences, meta->residence)) {
		diag_add(err, "%s: cannot save the session: unknown residence '%s'", log->db->path,
			 meta->residence);
		return false;
	}
	return true;
}

static bool log_sync(struct log *log, bool full, struct diag *err)
{
	if (log->sync_full == full)
		return true;
	if (!db_synchronous(log->db, full, "save the session", err))
		return false;
	log->sync_full = full;
	return true;
}

/* Inside the transaction: makes sure the set is registered (so the export
 * always carries the labels), then writes the session and all its cards,
 * replacing an earlier journal write of it. */
static bool log_put_session(struct log *log, const struct keyset *ks, const struct session *s,
			    const struct session_meta *meta, const char *outcome, struct diag *err)
{
	const char *what = "save the session";
	const char *set = keyset_id(ks), *version = log_set_version(ks);
	bool row = false;
	if (!db_bind(log->db, log->has_set, what, err, "ss", set, version) ||
	    !db_step(log->db, log->has_set, &row, what, err))
		return false;
	db_reset(log->has_set);
	if (!row && !log_put_keyset(log, ks, err))
		return false;

	char started[25], ended[25];
	clock_iso8601(meta->started_ms, started);
	clock_iso8601(meta->ended_ms, ended);
	if (!db_bind(log->db, log->put_session, what, err, "sssssssssss", meta->uuid, log->kiosk_id,
		     meta->site, set, version, meta->language, started, ended, outcome,
		     meta->age_band, meta->residence) ||
	    !db_step(log->db, log->put_session, &row, what, err))
		return false;
	int64_t id = row ? sqlite3_column_int64(log->put_session, 0) : 0;
	bool more = row;
	while (more) /* RETURNING: finish the statement before the next */
		if (!db_step(log->db, log->put_session, &more, what, err))
			return false;
	db_reset(log->put_session);
	if (!row) {
		diag_add(err, "%s: cannot save the session: session %s is already saved",
			 log->db->path, meta->uuid);
		return false;
	}
	if (!db_bind(log->db, log->drop_cards, what, err, "i", id) ||
	    !db_run(log->db, log->drop_cards, what, err))
		return false;

	size_t n = session_card_count(s);
	for (size_t card = 0; card < n; card++) {
		size_t kw = session_card_keyword(s, card);
		if (kw >= keyset_count(ks)) {
			diag_add(err,
				 "%s: cannot save the session: a card is not in keyword set %s",
				 log->db->path, set);
			return false;
		}
		const char *pile = log_pile_value(session_card_pile(s, card));
		bool ok = pile ? db_bind(log->db, log->put_card, what, err, "isisi", id,
					 keyset_keyword_id(ks, kw), (int64_t)card, pile,
					 (int64_t)session_card_position(s, card) + 1)
			       : db_bind(log->db, log->put_card, what, err, "isinn", id,
					 keyset_keyword_id(ks, kw), (int64_t)card);
		if (!ok || !db_run(log->db, log->put_card, what, err))
			return false;
	}
	return true;
}

/* The audit line of a saved session: its outcome and how far the visitor
 * got, nothing of what they answered. */
static bool log_audit_saved(struct log *log, const struct session *s,
			    const struct session_meta *meta, const char *outcome, struct diag *err)
{
	size_t n = session_card_count(s), placed = 0;
	for (size_t card = 0; card < n; card++)
		placed += log_pile_value(session_card_pile(s, card)) != NULL;
	char detail[64];
	snprintf(detail, sizeof(detail), "%s, %zu of %zu cards placed", outcome, placed, n);
	return log_audit(log, LOG_EVENT_SESSION_SAVED, meta->ended_ms, detail, err);
}

/* One transaction at the given durability (see the top of this file). */
static bool log_write_session(struct log *log, const struct keyset *ks, const struct session *s,
			      const struct session_meta *meta, const char *outcome, bool full,
			      struct diag *err)
{
	if (!log_check_meta(log, meta, err) || !log_sync(log, full, err))
		return false;
	if (!db_begin(log->db, "save the session", err))
		return false;
	if (!log_put_session(log, ks, s, meta, outcome, err) ||
	    (full && !log_audit_saved(log, s, meta, outcome, err))) {
		db_rollback(log->db);
		return false;
	}
	return db_commit(log->db, "save the session", err);
}

bool log_save_session(struct log *log, const struct keyset *ks, const struct session *s,
		      const struct session_meta *meta, struct diag *err)
{
	const char *outcome;
	switch (session_state(s)) {
	case SESSION_COMPLETED:
		outcome = "completed";
		break;
	case SESSION_ABANDONED:
		outcome = "abandoned";
		break;
	default:
		diag_add(err, "%s: cannot save a session that is still in progress", log->db->path);
		return false;
	}
	/* synchronous=FULL in WAL mode: the commit has reached the disk */
	return log_write_session(log, ks, s, meta, outcome, true, err);
}

bool log_journal_session(struct log *log, const struct keyset *ks, const struct session *s,
			 const struct session_meta *meta, struct diag *err)
{
	enum session_state state = session_state(s);
	if (state != SESSION_DEALT && state != SESSION_SORTING) {
		diag_add(err, "%s: cannot journal a finished session; save it", log->db->path);
		return false;
	}
	return log_write_session(log, ks, s, meta, "open", false, err);
}

bool log_session_recover(struct log *log, struct diag *err)
{
	const char *what = "close the sessions left open";
	int64_t open = 0;
	if (!db_int(log->db, "SELECT count(*) FROM sessions WHERE outcome = 'open'", &open, what,
		    err))
		return false;
	if (open == 0)
		return true; /* the usual case: nothing written */
	if (!log_sync(log, true, err) || !db_begin(log->db, what, err))
		return false;
	/* A visitor who placed nothing left no answer to keep. ended_at of an
	 * open session already holds its last journal write. */
	bool ok = db_exec(log->db,
			  "DELETE FROM cards WHERE session_id IN (SELECT s.id FROM sessions s "
			  "WHERE s.outcome = 'open' AND NOT EXISTS (SELECT 1 FROM cards c "
			  "WHERE c.session_id = s.id AND c.pile IS NOT NULL));\n"
			  "DELETE FROM sessions WHERE outcome = 'open' AND NOT EXISTS "
			  "(SELECT 1 FROM cards c WHERE c.session_id = sessions.id)",
			  what, err);
	int64_t discarded = ok ? sqlite3_changes(log->db->h) : 0;
	ok = ok && db_exec(log->db,
			   "UPDATE sessions SET outcome = 'abandoned' "
			   "WHERE outcome = 'open'",
			   what, err);
	int64_t abandoned = ok ? sqlite3_changes(log->db->h) : 0;
	char detail[96];
	snprintf(detail, sizeof(detail),
		 "%lld closed as abandoned, %lld with no card placed deleted", (long long)abandoned,
		 (long long)discarded);
	ok = ok && log_audit(log, LOG_EVENT_RECOVERED, clock_wall_ms(), detail, err);
	if (!ok || !db_commit(log->db, what, err)) {
		db_rollback(log->db);
		return false;
	}
	log->recovery.abandoned = (uint64_t)abandoned;
	log->recovery.discarded = (uint64_t)discarded;
	return true;
}

bool log_purge_exported(struct log *log, int64_t cutoff_ms, uint64_t *deleted, struct diag *err)
{
	const char *what = "delete old exported sessions";
	*deleted = 0;
	char cutoff[25];
	clock_iso8601(cutoff_ms, cutoff);
	if (!log_sync(log, true, err) ||
	    !db_exec(log->db, "PRAGMA secure_delete = ON", what, err) ||
	    !db_begin(log->db, what, err))
		return false;
	sqlite3_stmt *cards = db_prepare(log->db,
					 "DELETE FROM cards WHERE session_id IN (SELECT id FROM "
					 "sessions WHERE exported_at IS NOT NULL AND "
					 "outcome <> 'open' AND ended_at < ?1)",
					 what, err);
	sqlite3_stmt *sessions = cards ? db_prepare(log->db,
						    "DELETE FROM sessions WHERE exported_at IS "
						    "NOT NULL AND outcome <> 'open' AND "
						    "ended_at < ?1",
						    what, err)
				       : NULL;
	bool ok = sessions && db_bind(log->db, cards, what, err, "s", cutoff) &&
		  db_run(log->db, cards, what, err) &&
		  db_bind(log->db, sessions, what, err, "s", cutoff) &&
		  db_run(log->db, sessions, what, err);
	int64_t n = ok ? sqlite3_changes(log->db->h) : 0;
	sqlite3_finalize(cards);
	sqlite3_finalize(sessions);
	char detail[96];
	snprintf(detail, sizeof(detail), "%lld exported sessions ended before %.10s deleted",
		 (long long)n, cutoff);
	ok = ok && log_audit(log, LOG_EVENT_PURGED, clock_wall_ms(), detail, err);
	ok = ok && db_commit(log->db, what, err);
	if (!ok)
		db_rollback(log->db);
	/* Copy the zeroed pages over the old ones in the log file and empty
	 * the WAL, so the deleted answers are gone from the disk too; a busy
	 * reader (the kiosk) may keep that for its own next checkpoint. */
	if (ok && n > 0)
		(void)sqlite3_exec(log->db->h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	(void)sqlite3_exec(log->db->h, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
	if (ok)
		*deleted = (uint64_t)n;
	return ok;
}
