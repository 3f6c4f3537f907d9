/* The kiosk's session log: schema and its upgrades, the kiosk id, the site,
 * keyword sets, counts, and the lock that tells a live log from one a
 * crashed kiosk left behind. Sessions are stored by log_session.c. */
#include "store/log.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/log_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define LOG_APPLICATION_ID 0x56534C47u /* 'VSLG' */

/* steps[v] takes the schema from version v to v+1; never edit a step that
 * has shipped, add one. */
static const char *const log_steps[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL);\n"
	"CREATE TABLE keyword_sets(\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  keyword_count INTEGER NOT NULL,\n"
	"  registered_at TEXT NOT NULL,\n"
	"  PRIMARY KEY(set_id, set_version));\n"
	"CREATE TABLE keywords(\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  keyword_id TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  PRIMARY KEY(set_id, set_version, keyword_id, lang),\n"
	"  FOREIGN KEY(set_id, set_version) REFERENCES keyword_sets(set_id, set_version));\n"
	"CREATE TABLE sessions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uuid TEXT UNIQUE NOT NULL,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  site TEXT,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  language TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
	"  exported_at TEXT,\n"
	"  FOREIGN KEY(set_id, set_version) REFERENCES keyword_sets(set_id, set_version));\n"
	/* the export's question is always "which are not exported yet" */
	"CREATE INDEX sessions_unexported ON sessions(id) WHERE exported_at IS NULL;\n"
	"CREATE TABLE cards(\n"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
	"  keyword_id TEXT NOT NULL,\n"
	"  deal_pos INTEGER NOT NULL CHECK(deal_pos >= 0),\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
	"  rank INTEGER CHECK(rank >= 1),\n"
	"  CHECK((pile IS NULL) = (rank IS NULL)),\n"
	"  PRIMARY KEY(session_id, keyword_id))",
	/* 1 -> 2: sessions in progress ('open', journaled after every drop)
	 * and the visitor's optional profile. A CHECK can only change by
	 * rebuilding the table (db.c runs steps with foreign keys off and
	 * checks them after); the ids stay, so cards keep their sessions. */
	"CREATE TABLE sessions_v2(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uuid TEXT UNIQUE NOT NULL,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  site TEXT,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  language TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	/* for an open session: the time of its last journal write */
	"  ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('open', 'completed', 'abandoned')),\n"
	"  exported_at TEXT,\n"
	"  age_band TEXT CHECK(age_band IN ('-15', '16-25', '26-45', '46-65', '66-')),\n"
	"  residence TEXT CHECK(residence IN ('city', 'municipality', 'visitor')),\n"
	"  CHECK(outcome <> 'open' OR exported_at IS NULL),\n"
	"  FOREIGN KEY(set_id, set_version) REFERENCES keyword_sets(set_id, set_version));\n"
	"INSERT INTO sessions_v2(id, uuid, kiosk_id, site, set_id, set_version, language,\n"
	"  started_at, ended_at, outcome, exported_at)\n"
	"  SELECT id, uuid, kiosk_id, site, set_id, set_version, language, started_at,\n"
	"  ended_at, outcome, exported_at FROM sessions;\n"
	"DROP TABLE sessions;\n"
	"ALTER TABLE sessions_v2 RENAME TO sessions;\n"
	"CREATE INDEX sessions_unexported ON sessions(id) WHERE exported_at IS NULL;\n"
	"CREATE INDEX sessions_open ON sessions(id) WHERE outcome = 'open'",
	/* 2 -> 3: the audit log (log_audit.h), and every export written, in
	 * order: its number is the next export's sequence number and its
	 * signed message's SHA-256 the next export's link to it, so the tally
	 * can tell a missing or repeated file (docs/export-format.md). */
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  at_ms INTEGER NOT NULL,\n"
	"  event TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL DEFAULT '');\n"
	"CREATE TABLE exports(\n"
	"  seq INTEGER PRIMARY KEY CHECK(seq >= 1),\n"
	"  export_sha256 TEXT NOT NULL,\n"
	"  file_name TEXT NOT NULL,\n"
	"  sessions INTEGER NOT NULL,\n"
	"  created_at TEXT NOT NULL)",
};

static const struct db_kind log_kind = {
	.application_id = LOG_APPLICATION_ID,
	.noun = "session log",
	.short_noun = "log",
	.steps = log_steps,
	.nsteps = sizeof(log_steps) / sizeof(log_steps[0]),
};

struct db *log_db(struct log *log)
{
	return log->db;
}

const char *log_path(const struct log *log)
{
	return log->db->path;
}

const char *log_kiosk_id(const struct log *log)
{
	return log->kiosk_id;
}

const struct log_recovery *log_recovered(const struct log *log)
{
	return &log->recovery;
}

const char *log_set_version(const struct keyset *ks)
{
	const char *v = keyset_version(ks);
	return v && *v ? v : "1";
}

static bool log_read_kiosk_id(struct log *log, bool *found, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(log->db, "SELECT value FROM meta WHERE key = 'kiosk_id'",
				      "read the kiosk id", err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_step(log->db, st, &row, "read the kiosk id", err);
	*found = false;
	if (ok && row) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		if (v && uuid_valid((const char *)v)) {
			memcpy(log->kiosk_id, v, 37);
			*found = true;
		} else {
			diag_add(err, "%s: the kiosk id in the log is damaged", log->db->path);
			ok = false;
		}
	}
	sqlite3_finalize(st);
	return ok;
}

/* The kiosk id is made once, with the log, and never changes: it is what
 * keeps two kiosks' sessions apart in the tally. */
static bool log_ensure_kiosk_id(struct log *log, struct diag *err)
{
	bool found = false;
	if (!log_read_kiosk_id(log, &found, err))
		return false;
	if (found)
		return true;
	char id[37], now[25];
	if (!uuid_v4(id)) {
		diag_add(err, "%s: cannot make a kiosk id: the system has no random numbers",
			 log->db->path);
		return false;
	}
	clock_iso8601(clock_wall_ms(), now);
	const char *what = "create the kiosk id";
	if (!db_begin(log->db, what, err))
		return false;
	/* OR IGNORE: another process opening the new log may have won */
	bool ok = db_run_sql(log->db,
			     "INSERT OR IGNORE INTO meta(key, value) "
			     "VALUES ('kiosk_id', ?1), ('created_at', ?2)",
			     what, err, "ss", id, now) &&
		  db_commit(log->db, what, err);
	if (!ok) {
		db_rollback(log->db);
		return false;
	}
	if (!log_read_kiosk_id(log, &found, err))
		return false;
	if (!found) {
		diag_add(err, "%s: cannot create the kiosk id", log->db->path);
		return false;
	}
	return true;
}

/* Takes <path>.lock: exclusively when no other process has the log open
 * (then *alone is true), else shared. A flock dies with its process, so a
 * kiosk killed mid-session leaves nothing held. Without a lock file (a
 * read-only folder) nobody is alone, and nothing is recovered. */
static void log_lock(struct log *log, const char *path, bool *alone)
{
	*alone = false;
	struct strbuf lock;
	sb_init(&lock);
	sb_appendf(&lock, "%s.lock", path);
	log->lock_fd = open(sb_str(&lock), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	sb_finish(&lock);
	if (log->lock_fd < 0)
		return;
	if (flock(log->lock_fd, LOCK_EX | LOCK_NB) == 0) {
		*alone = true;
		return;
	}
	/* interrupted waits are retried; any other failure leaves us without a
	 * lock, which only means we never recover */
	while (flock(log->lock_fd, LOCK_SH) != 0 && errno == EINTR)
		;
}

struct log *log_open(const char *path, struct diag *err)
{
	struct db *db = db_open_app(path, &log_kind, err);
	if (!db)
		return NULL;
	struct log *log = xcalloc(1, sizeof(*log));
	log->db = db;
	log->lock_fd = -1;
	log->sync_full = true; /* as db_open_app left it */
	const char *what = "open the session log";
	if (!log_ensure_kiosk_id(log, err))
		goto fail;
	log->has_set = db_prepare(db,
				  "SELECT 1 FROM keyword_sets "
				  "WHERE set_id = ?1 AND set_version = ?2",
				  what, err);
	if (!log->has_set)
		goto fail;
	log->put_set = db_prepare(db,
				  "INSERT INTO keyword_sets(set_id, set_version, keyword_count, "
				  "registered_at) VALUES (?1, ?2, ?3, ?4) "
				  "ON CONFLICT(set_id, set_version) DO UPDATE "
				  "SET keyword_count = excluded.keyword_count",
				  what, err);
	if (!log->put_set)
		goto fail;
	/* a corrected label under the same version replaces the old one */
	log->put_label = db_prepare(db,
				    "INSERT INTO keywords(set_id, set_version, keyword_id, lang, "
				    "label) VALUES (?1, ?2, ?3, ?4, ?5) "
				    "ON CONFLICT(set_id, set_version, keyword_id, lang) DO UPDATE "
				    "SET label = excluded.label",
				    what, err);
	if (!log->put_label || !log_session_prepare(log, err))
		goto fail;
	bool alone = false;
	log_lock(log, path, &alone);
	if (alone) {
		bool ok = log_session_recover(log, err);
		/* keep a shared lock for as long as the log is open */
		while (flock(log->lock_fd, LOCK_SH) != 0 && errno == EINTR)
			;
		if (!ok)
			goto fail;
	}
	return log;
fail:
	log_close(log);
	return NULL;
}

void log_close(struct log *log)
{
	if (!log)
		return;
	sqlite3_finalize(log->has_set);
	sqlite3_finalize(log->put_set);
	sqlite3_finalize(log->put_label);
	log_session_finalize(log);
	db_close(log->db);
	/* after SQLite let go of the file: closing releases the flock */
	if (log->lock_fd >= 0)
		close(log->lock_fd);
	free(log);
}

bool log_meta_get(struct log *log, const char *key, char **value, struct diag *err)
{
	const char *what = "read the session log";
	*value = NULL;
	sqlite3_stmt *st = db_prepare(log->db, "SELECT value FROM meta WHERE key = ?1", what, err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_bind(log->db, st, what, err, "s", key) &&
		  db_step(log->db, st, &row, what, err);
	if (ok && row) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		*value = xstrdup(v ? (const char *)v : "");
	}
	sqlite3_finalize(st);
	return ok;
}

bool log_meta_set(struct log *log, const char *key, const char *value, struct diag *err)
{
	const char *what = "write the session log";
	if (!db_begin(log->db, what, err))
		return false;
	bool ok = db_run_sql(log->db,
			     "INSERT INTO meta(key, value) VALUES (?1, ?2) "
			     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			     what, err, "ss", key, value) &&
		  db_commit(log->db, what, err);
	if (!ok)
		db_rollback(log->db);
	return ok;
}

bool log_set_site(struct log *log, const char *site, struct diag *err)
{
	/* the site goes into the signed manifest, one "key=value" line each */
	for (const unsigned char *p = (const unsigned char *)site; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			diag_add(err,
				 "%s: a site name cannot hold control characters or line breaks",
				 log->db->path);
			return false;
		}
	}
	char *now = NULL;
	if (log_meta_get(log, "site", &now, err) && now && strcmp(now, site) == 0) {
		free(now); /* as it is: nothing to write (and no fsync) */
		return true;
	}
	free(now);
	return log_meta_set(log, "site", site, err);
}

char *log_site(struct log *log, struct diag *err)
{
	char *site = NULL;
	if (!log_meta_get(log, "site", &site, err))
		return NULL;
	return site ? site : xstrdup("");
}

bool log_put_keyset(struct log *log, const struct keyset *ks, struct diag *err)
{
	const char *what = "register the keyword set";
	const char *set = keyset_id(ks), *version = log_set_version(ks);
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	if (!db_bind(log->db, log->put_set, what, err, "ssis", set, version,
		     (int64_t)keyset_count(ks), now) ||
	    !db_run(log->db, log->put_set, what, err))
		return false;
	for (size_t i = 0; i < keyset_count(ks); i++) {
		for (size_t l = 0; l < keyset_language_count(ks); l++) {
			if (!db_bind(log->db, log->put_label, what, err, "sssss", set, version,
				     keyset_keyword_id(ks, i), keyset_language(ks, l),
				     keyset_label(ks, i, l)) ||
			    !db_run(log->db, log->put_label, what, err))
				return false;
		}
	}
	return true;
}

/* True when the log holds this set and version with exactly these labels:
 * the usual start of a kiosk, which then writes nothing (a write commits
 * with an fsync, which on a slow card costs more than all the reads). */
static bool log_keyset_current(struct log *log, const struct keyset *ks)
{
	const char *set = keyset_id(ks), *version = log_set_version(ks);
	size_t nl = keyset_language_count(ks);
	sqlite3_stmt *st =
		db_prepare(log->db,
			   "SELECT k.label FROM keyword_sets s JOIN keywords k "
			   "ON k.set_id = s.set_id AND k.set_version = s.set_version "
			   "WHERE s.set_id = ?1 AND s.set_version = ?2 "
			   "AND s.keyword_count = ?3 AND k.keyword_id = ?4 AND k.lang = ?5",
			   "read the session log", NULL);
	bool same = st != NULL;
	for (size_t i = 0; same && i < keyset_count(ks); i++) {
		for (size_t l = 0; same && l < nl; l++) {
			bool row = false;
			same = db_bind(log->db, st, "read the session log", NULL, "ssiss", set,
				       version, (int64_t)keyset_count(ks), keyset_keyword_id(ks, i),
				       keyset_language(ks, l)) &&
			       db_step(log->db, st, &row, "read the session log", NULL) && row;
			const unsigned char *v = same ? sqlite3_column_text(st, 0) : NULL;
			same = v && strcmp((const char *)v, keyset_label(ks, i, l)) == 0;
			db_reset(st);
		}
	}
	sqlite3_finalize(st);
	return same;
}

bool log_register_keyset(struct log *log, const struct keyset *ks, struct diag *err)
{
	const char *what = "register the keyword set";
	if (log_keyset_current(log, ks))
		return true;
	if (!db_begin(log->db, what, err))
		return false;
	if (!log_put_keyset(log, ks, err)) {
		db_rollback(log->db);
		return false;
	}
	return db_commit(log->db, what, err);
}

bool log_deal_counts(struct log *log, const struct keyset *ks, uint32_t *counts, struct diag *err)
{
	const char *what = "read the session log";
	size_t n = keyset_count(ks);
	for (size_t i = 0; i < n; i++)
		counts[i] = 0;
	/* one row per dealt card, so a count per keyword is a count of sessions */
	sqlite3_stmt *st = db_prepare(log->db,
				      "SELECT c.keyword_id, count(*) FROM cards c "
				      "JOIN sessions s ON s.id = c.session_id "
				      "WHERE s.set_id = ?1 GROUP BY c.keyword_id",
				      what, err);
	if (!st)
		return false;
	bool ok = db_bind(log->db, st, what, err, "s", keyset_id(ks));
	bool row = ok;
	while (ok && row) {
		ok = db_step(log->db, st, &row, what, err);
		if (!ok || !row)
			break;
		const unsigned char *kid = sqlite3_column_text(st, 0);
		/* keywords retired from the set no longer have a place to count */
		long i = kid ? keyset_find(ks, (const char *)kid) : -1;
		if (i >= 0) {
			sqlite3_int64 c = sqlite3_column_int64(st, 1);
			counts[i] = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
		}
	}
	sqlite3_finalize(st);
	return ok;
}

bool log_counts(struct log *log, struct log_counts *out, struct diag *err)
{
	const char *what = "read the session log";
	sqlite3_stmt *st = db_prepare(log->db,
				      "SELECT coalesce(sum(outcome <> 'open'), 0), "
				      "coalesce(sum(outcome = 'completed'), 0), "
				      "coalesce(sum(outcome = 'abandoned'), 0), "
				      "coalesce(sum(outcome <> 'open' AND exported_at IS NULL), 0) "
				      "FROM sessions",
				      what, err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_step(log->db, st, &row, what, err);
	if (ok) {
		out->total = row ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
		out->completed = row ? (uint64_t)sqlite3_column_int64(st, 1) : 0;
		out->abandoned = row ? (uint64_t)sqlite3_column_int64(st, 2) : 0;
		out->unexported = row ? (uint64_t)sqlite3_column_int64(st, 3) : 0;
	}
	sqlite3_finalize(st);
	return ok;
}
