/* The kiosk's session log: a SQLite file (WAL, synchronous=FULL) that holds
 * every stored session, the keyword sets it was dealt from and the kiosk's
 * own id. The export reads from it; nothing else writes to it.
 *
 * A session's life in the log (outcome column):
 *
 *   log_journal_session()     log_journal_session()    log_save_session()
 *   --------------------> open ----------------> open -----------------> completed
 *                          |                                             abandoned
 *                          | log_open() after a crash, kill or power cut:
 *                          +--> abandoned (ended_at = last journal write),
 *                               or deleted when no card was placed
 *
 * Beside the log live <path>.key (the kiosk's signing key, see keys.h) and
 * <path>.lock (held while the log is open, so that only a process that has
 * the log to itself closes sessions left open). */
#ifndef VS_LOG_H
#define VS_LOG_H

#include "common/diag.h"
#include "model/keyset.h"
#include "model/session.h"

#include <stdbool.h>
#include <stdint.h>

struct log;

/* Opens or creates the log at path (its folder must exist), upgrading an
 * older schema; a newer schema is refused. Generates the kiosk id on first
 * open. When no other process has the log open, closes the sessions a
 * crash left open (see above). NULL with one diag line naming the file on
 * failure. */
struct log *log_open(const char *path, struct diag *err);
void log_close(struct log *log); /* NULL-safe */

const char *log_path(const struct log *log);
const char *log_kiosk_id(const struct log *log); /* a UUID, stable for the file's life */

/* What log_open did with sessions left open by the last run. */
struct log_recovery {
	uint64_t abandoned; /* closed as abandoned */
	uint64_t discarded; /* deleted: no card had been placed */
};
const struct log_recovery *log_recovered(const struct log *log);

/* The site name staff configured for this kiosk, written into every export's
 * manifest. site may be "" (none); it may not hold control characters. */
bool log_set_site(struct log *log, const char *site, struct diag *err);
/* The configured site, or "" when none was set; caller frees. */
char *log_site(struct log *log, struct diag *err);

/* Records the set's id, version and every label, so exports carry what the
 * tally needs to name keywords. Idempotent for the same set and version. */
bool log_register_keyset(struct log *log, const struct keyset *ks, struct diag *err);

/* counts[i] = stored sessions (any outcome) of ks's set in which keyword i
 * was dealt; counts must hold keyset_count(ks) entries. */
bool log_deal_counts(struct log *log, const struct keyset *ks, uint32_t *counts, struct diag *err);

struct session_meta {
	const char *uuid;     /* session UUID */
	const char *site;     /* may be NULL */
	const char *language; /* language code the visitor used */
	int64_t started_ms;   /* wall clock, epoch ms */
	int64_t ended_ms;     /* when saved; for a journal write, the time of the write */
	/* The optional profile; NULL when the visitor skipped the question. */
	const char *age_band;  /* "-15", "16-25", "26-45", "46-65", "66-" */
	const char *residence; /* "city", "municipality", "visitor" */
};

/* Stores a COMPLETED or ABANDONED session with every card's pile and rank
 * in one transaction; durable on disk when it returns true. A session
 * journaled under the same UUID becomes this one; one already saved is
 * refused. */
bool log_save_session(struct log *log, const struct keyset *ks, const struct session *s,
		      const struct session_meta *meta, struct diag *err);

/* Records a session still being sorted (DEALT or SORTING) as 'open', with
 * every card's current pile and rank, replacing its earlier journal write;
 * meant for after every drop. Survives a kill -9 once it returns true; a
 * power cut may lose the latest journal writes but never a saved session,
 * and leaves the log consistent (see log_session.c for why). */
bool log_journal_session(struct log *log, const struct keyset *ks, const struct session *s,
			 const struct session_meta *meta, struct diag *err);

struct log_counts {
	uint64_t total; /* finished sessions (completed + abandoned) */
	uint64_t completed;
	uint64_t abandoned;
	uint64_t unexported; /* finished sessions not yet in any export */
};
bool log_counts(struct log *log, struct log_counts *out, struct diag *err);

/* Deletes the sessions (and their cards) that were exported and ended
 * before cutoff_ms (epoch ms); sessions never exported are never touched.
 * The freed pages are overwritten and the WAL truncated, since sessions
 * are personal data. *deleted: how many went. */
bool log_purge_exported(struct log *log, int64_t cutoff_ms, uint64_t *deleted, struct diag *err);

#endif
