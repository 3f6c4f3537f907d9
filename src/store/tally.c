/* The organizers' tally: its schema and upgrades, the kept statistics
 * brought up to date when it is opened, and the rules sessions are judged
 * by. Imports are in tally_import.c (their rows in tally_rows.c), the
 * trusted kiosk keys and the import log in tally_trust.c, the statistics
 * in tally_aggregate*.c (kept) and tally_stats.c (read). */
#include "store/tally.h"

#include "common/xalloc.h"
#include "store/db.h"
#include "store/tally_aggregate.h"
#include "store/tally_chain_internal.h"
#include "store/tally_internal.h"
#include "store/tally_rows.h"

#include <stdlib.h>
#include <string.h>

#define TALLY_APPLICATION_ID 0x56535441u /* 'VSTA' */

/* steps[v] takes the schema from version v to v+1. The CHECKs guard the
 * counts against whatever an export file holds, since it is not ours. */
static const char *const tally_steps[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL);\n"
	"INSERT INTO meta(key, value) VALUES\n"
	"  ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));\n"
	"CREATE TABLE keywords(\n"
	"  keyword_id TEXT PRIMARY KEY CHECK(typeof(keyword_id) = 'text'),\n"
	"  label_sv TEXT,\n"
	"  set_id TEXT,\n"
	"  set_version TEXT);\n"
	"CREATE TABLE imports(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  file_name TEXT NOT NULL,\n"
	"  kiosk_id TEXT,\n"
	"  added INTEGER NOT NULL DEFAULT 0,\n"
	"  duplicates INTEGER NOT NULL DEFAULT 0,\n"
	"  imported_at TEXT NOT NULL);\n"
	"CREATE TABLE sessions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL CHECK(typeof(kiosk_id) = 'text'),\n"
	"  uuid TEXT NOT NULL CHECK(typeof(uuid) = 'text'),\n"
	"  site TEXT,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  language TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
	"  import_id INTEGER NOT NULL REFERENCES imports(id),\n"
	"  UNIQUE(kiosk_id, uuid));\n"
	"CREATE TABLE cards(\n"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
	"  keyword_id TEXT NOT NULL CHECK(typeof(keyword_id) = 'text'),\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
	"  rank INTEGER CHECK(rank IS NULL OR (typeof(rank) = 'integer' AND rank >= 1)),\n"
	"  deal_pos INTEGER NOT NULL,\n"
	"  PRIMARY KEY(session_id, keyword_id));\n"
	"CREATE INDEX cards_keyword ON cards(keyword_id)",
	/* 1 -> 2: signed exports (format 2). The kiosks whose keys the
	 * organizers trust; the import log of every file imported, quarantined
	 * (unknown key) or rejected for a conflicting duplicate; the profile
	 * columns; and each session's content digest, to tell a true duplicate
	 * from the same UUID with other content. */
	"CREATE TABLE kiosks(\n"
	"  public_key TEXT PRIMARY KEY CHECK(length(public_key) = 64),\n"
	"  kiosk_id TEXT,\n"
	"  site TEXT,\n"
	"  trusted_at TEXT NOT NULL);\n"
	"ALTER TABLE imports ADD COLUMN file_sha256 TEXT;\n"
	"ALTER TABLE imports ADD COLUMN site TEXT;\n"
	"ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'imported'\n"
	"  CHECK(status IN ('imported', 'quarantined', 'rejected'));\n"
	"ALTER TABLE imports ADD COLUMN reason TEXT;\n"
	"ALTER TABLE imports ADD COLUMN public_key TEXT;\n"
	"CREATE TABLE quarantine(\n"
	"  import_id INTEGER PRIMARY KEY REFERENCES imports(id),\n"
	"  file BLOB NOT NULL);\n"
	"ALTER TABLE sessions ADD COLUMN age_band TEXT\n"
	"  CHECK(age_band IN ('-15', '16-25', '26-45', '46-65', '66-'));\n"
	"ALTER TABLE sessions ADD COLUMN residence TEXT\n"
	"  CHECK(residence IN ('city', 'municipality', 'visitor'));\n"
	"ALTER TABLE sessions ADD COLUMN content_sha256 TEXT",
	/* 2 -> 3: the statistics kept up to date at import (tally_aggregate.c)
	 * and the data they need. Keyword labels per set and version, so the
	 * order files come in cannot change one (labels a file gave for
	 * another set or version are carried over as inherited, label_own 0,
	 * until a file names them); each session's channel (the roadmap's web
	 * front end), misuse flags and a digest of its answers (model/misuse.h);
	 * per keyword and per session the sums by segment, set and version,
	 * outcome and flags. The aggregates are built by tally_open once this
	 * step has run (meta 'agg_built'), so the cards_keyword index is
	 * needed by no query any more. */
	"CREATE TABLE keywords_v3(\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  keyword_id TEXT NOT NULL CHECK(typeof(keyword_id) = 'text'),\n"
	"  label_sv TEXT,\n"
	"  label_own INTEGER NOT NULL DEFAULT 1 CHECK(label_own IN (0, 1)),\n"
	"  PRIMARY KEY(set_id, set_version, keyword_id)) WITHOUT ROWID;\n"
	"INSERT OR IGNORE INTO keywords_v3(set_id, set_version, keyword_id, label_sv)\n"
	"  SELECT coalesce(set_id, ''), coalesce(set_version, ''), keyword_id, label_sv\n"
	"  FROM keywords;\n"
	"INSERT OR IGNORE INTO keywords_v3(set_id, set_version, keyword_id, label_sv, label_own)\n"
	"  SELECT u.set_id, u.set_version, u.keyword_id, k.label_sv, 0 FROM\n"
	"  (SELECT DISTINCT s.set_id, s.set_version, c.keyword_id FROM cards c\n"
	"   JOIN sessions s ON s.id = c.session_id) u\n"
	"  LEFT JOIN keywords k ON k.keyword_id = u.keyword_id;\n"
	"DROP TABLE keywords;\n"
	"ALTER TABLE keywords_v3 RENAME TO keywords;\n"
	"DROP INDEX cards_keyword;\n"
	"ALTER TABLE sessions ADD COLUMN channel TEXT NOT NULL DEFAULT 'kiosk'\n"
	"  CHECK(channel IN ('kiosk', 'web'));\n"
	"ALTER TABLE sessions ADD COLUMN flags INTEGER NOT NULL DEFAULT 0\n"
	"  CHECK(typeof(flags) = 'integer' AND flags BETWEEN 0 AND 7);\n"
	"ALTER TABLE sessions ADD COLUMN answers INTEGER;\n"
	"CREATE INDEX sessions_kiosk_time ON sessions(kiosk_id, started_at);\n"
	"CREATE TABLE agg_keywords(\n"
	"  dim TEXT NOT NULL,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  seg TEXT NOT NULL,\n"
	"  keyword_id TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL,\n"
	"  flagged INTEGER NOT NULL,\n"
	"  shown INTEGER NOT NULL,\n"
	"  yes INTEGER NOT NULL,\n"
	"  no INTEGER NOT NULL,\n"
	"  neutral INTEGER NOT NULL,\n"
	"  rank_sum INTEGER NOT NULL,\n"
	"  rank_n INTEGER NOT NULL,\n"
	"  PRIMARY KEY(dim, set_id, set_version, seg, keyword_id, outcome, flagged))\n"
	"  WITHOUT ROWID;\n"
	"CREATE TABLE agg_sessions(\n"
	"  dim TEXT NOT NULL,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  seg TEXT NOT NULL,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL,\n"
	"  flags INTEGER NOT NULL,\n"
	"  sessions INTEGER NOT NULL,\n"
	"  first_started TEXT NOT NULL,\n"
	"  last_ended TEXT NOT NULL,\n"
	"  PRIMARY KEY(dim, set_id, set_version, seg, kiosk_id, outcome, flags))\n"
	"  WITHOUT ROWID",
	/* 3 -> 4 */
	tally_chain_step,
};

static const struct db_kind tally_kind = {
	.application_id = TALLY_APPLICATION_ID,
	.noun = "tally",
	.short_noun = "tally",
	.steps = tally_steps,
	.nsteps = sizeof(tally_steps) / sizeof(tally_steps[0]),
	/* the CLI and the live view each use their tally from one thread */
	.open_flags = SQLITE_OPEN_NOMUTEX,
};

/* The rules recorded in meta, or the defaults where none are. */
static bool tally_read_rules(struct tally *t, struct diag *err)
{
	misuse_rules_default(&t->rules);
	int64_t v = -1;
	const char *what = "read the tally";
	if (!db_int(t->db,
		    "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
		    "WHERE key = 'misuse_min_ms_per_card'), -1)",
		    &v, what, err))
		return false;
	if (v >= 0)
		t->rules.min_ms_per_card = v;
	if (!db_int(t->db,
		    "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
		    "WHERE key = 'misuse_repeat_window_ms'), -1)",
		    &v, what, err))
		return false;
	if (v >= 0)
		t->rules.repeat_window_ms = v;
	return true;
}

static bool tally_write_rules(struct tally *t, const char *what, struct diag *err)
{
	return db_run_sql(t->db,
			  "INSERT OR REPLACE INTO meta(key, value) VALUES "
			  "('misuse_min_ms_per_card', ?1), ('misuse_repeat_window_ms', ?2)",
			  what, err, "ii", t->rules.min_ms_per_card, t->rules.repeat_window_ms);
}

bool tally_aggregates_ready(struct tally *t, bool in_tx, const char *what, struct diag *err)
{
	enum agg_state state = AGG_CURRENT;
	if (!agg_state(t->db, &state, what, err))
		return false;
	if (state == AGG_CURRENT)
		return true; /* the usual case: nothing written */
	if (!in_tx && !db_begin(t->db, what, err))
		return false;
	bool ok;
	switch (state) {
	case AGG_MISSING: /* a tally older than schema 3: judged, then summed */
		ok = tally_write_rules(t, what, err) && tally_rows_reflag(t, what, err);
		break;
	case AGG_STALE: /* rows went behind the sums' back */
		ok = agg_clear(t->db, what, err) && agg_catch_up(t->db, what, err);
		break;
	default:
		ok = agg_catch_up(t->db, what, err);
		break;
	}
	if (!in_tx) {
		ok = ok && db_commit(t->db, what, err);
		if (!ok)
			db_rollback(t->db);
	}
	return ok;
}

struct tally *tally_open(const char *path, struct diag *err)
{
	return tally_open_until(path, NULL, NULL, err);
}

/* The stop machinery (tally_stop_watch) is defined below; opening uses it
 * before the tally has its connection. */
static int tally_stop_busy(void *arg, int naps);

struct tally *tally_open_until(const char *path, bool (*asked)(void *arg), void *arg,
			       struct diag *err)
{
	struct tally *t = xcalloc(1, sizeof(*t));
	t->stop = asked;
	t->stop_arg = arg;
	size_t first_line = err ? err->count : 0;
	struct tally_stopper stop = {t, false};
	t->db = db_open_app_waiting(path, &tally_kind, asked ? tally_stop_busy : NULL, &stop, err);
	bool ok = t->db != NULL;
	if (ok) {
		tally_stop_watch(t, &stop);
		ok = tally_read_rules(t, err) &&
		     tally_aggregates_ready(t, false, "open the tally", err);
		tally_stop_unwatch(t);
	}
	if (!ok && stop.stopped) {
		diag_keep(err, first_line);
		diag_add(err, "%s: stopped while the tally was being opened; nothing changed",
			 path);
	}
	if (!ok) {
		tally_close(t);
		return NULL;
	}
	return t;
}

void tally_misuse_rules(const struct tally *t, struct misuse_rules *out)
{
	*out = t->rules;
}

bool tally_set_misuse_rules(struct tally *t, const struct misuse_rules *r, bool *rejudged,
			    struct diag *err)
{
	*rejudged = false;
	if (r->min_ms_per_card == t->rules.min_ms_per_card &&
	    r->repeat_window_ms == t->rules.repeat_window_ms)
		return true;
	const char *what = "judge the sessions again";
	struct misuse_rules old = t->rules;
	t->rules = *r;
	size_t first_line = err ? err->count : 0;
	struct tally_stopper stop;
	tally_stop_watch(t, &stop);
	bool ok = db_begin(t->db, what, err) && tally_write_rules(t, what, err) &&
		  tally_rows_reflag(t, what, err) && db_commit(t->db, what, err);
	tally_stop_unwatch(t);
	if (!ok) {
		db_rollback(t->db);
		t->rules = old;
	}
	if (!ok && stop.stopped) {
		/* the failure was the stop's: say that, not what it broke off */
		diag_keep(err, first_line);
		diag_add(err, "%s: stopped before every session was judged again; nothing changed",
			 t->db->path);
	}
	*rejudged = ok;
	return ok;
}

bool tally_rebuild_aggregates(struct tally *t, struct diag *err)
{
	const char *what = "rebuild the statistics";
	bool ok = db_begin(t->db, what, err) && agg_clear(t->db, what, err) &&
		  agg_catch_up(t->db, what, err) && db_commit(t->db, what, err);
	if (!ok)
		db_rollback(t->db);
	return ok;
}

struct db *tally_db(struct tally *t)
{
	return t->db;
}

void tally_accept_unknown(struct tally *t, bool on)
{
	t->accept_unknown = on;
}

void tally_set_stop(struct tally *t, bool (*asked)(void *arg), void *arg)
{
	t->stop = asked;
	t->stop_arg = arg;
}

bool tally_stop_asked(void *arg)
{
	struct tally_stopper *s = arg;
	if (!s->stopped && s->t->stop && s->t->stop(s->t->stop_arg))
		s->stopped = true;
	return s->stopped;
}

/* SQLite's progress handler: non-zero interrupts the statement. */
static int tally_stop_progress(void *arg)
{
	return tally_stop_asked(arg);
}

#define TALLY_STOP_NAP_MS 10
/* SQLite's busy handler: 0 gives up (SQLITE_BUSY). */
static int tally_stop_busy(void *arg, int naps)
{
	if (tally_stop_asked(arg) || naps >= DB_BUSY_TIMEOUT_MS / TALLY_STOP_NAP_MS)
		return 0;
	sqlite3_sleep(TALLY_STOP_NAP_MS);
	return 1;
}

void tally_stop_watch(struct tally *t, struct tally_stopper *s)
{
	*s = (struct tally_stopper){t, false};
	if (!t->stop)
		return;
	sqlite3_progress_handler(t->db->h, TALLY_STOP_STEPS, tally_stop_progress, s);
	sqlite3_busy_handler(t->db->h, tally_stop_busy, s);
}

void tally_stop_steps_off(struct tally *t)
{
	sqlite3_progress_handler(t->db->h, 0, NULL, NULL);
}

void tally_stop_unwatch(struct tally *t)
{
	tally_stop_steps_off(t);
	sqlite3_busy_timeout(t->db->h, DB_BUSY_TIMEOUT_MS);
}

void tally_close(struct tally *t)
{
	if (!t)
		return;
	db_close(t->db);
	free(t);
}
