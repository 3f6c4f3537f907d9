/* The kiosk's session log: schema, kiosk id, keyword sets, and saving each
 * finished session with all its cards in one durable transaction. */
#include "store/log.h"

#include "common/clock.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

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
};

static const struct db_kind log_kind = {
	.application_id = LOG_APPLICATION_ID,
	.noun = "session log",
	.short_noun = "log",
	.steps = log_steps,
	.nsteps = sizeof(log_steps) / sizeof(log_steps[0]),
};

struct log {
	struct db *db;
	char kiosk_id[37];
	/* prepared once: saving a session is the kiosk's hot path */
	sqlite3_stmt *has_set;
	sqlite3_stmt *put_set;
	sqlite3_stmt *put_label;
	sqlite3_stmt *put_session;
	sqlite3_stmt *put_card;
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

/* A set file without a version line is the set's first version. */
static const char *log_set_version(const struct keyset *ks)
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
	sqlite3_stmt *st = db_prepare(log->db,
				      "INSERT OR IGNORE INTO meta(key, value) "
				      "VALUES ('kiosk_id', ?1), ('created_at', ?2)",
				      what, err);
	bool ok = st && db_bind(log->db, st, what, err, "ss", id, now) &&
		  db_run(log->db, st, what, err) && db_commit(log->db, what, err);
	sqlite3_finalize(st);
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

struct log *log_open(const char *path, struct diag *err)
{
	struct db *db = db_open_app(path, &log_kind, err);
	if (!db)
		return NULL;
	struct log *log = xcalloc(1, sizeof(*log));
	log->db = db;
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
	if (!log->put_label)
		goto fail;
	log->put_session = db_prepare(db,
				      "INSERT INTO sessions(uuid, kiosk_id, site, set_id, "
				      "set_version, language, started_at, ended_at, outcome) "
				      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				      what, err);
	if (!log->put_session)
		goto fail;
	log->put_card = db_prepare(db,
				   "INSERT INTO cards(session_id, keyword_id, deal_pos, pile, "
				   "rank) VALUES (?1, ?2, ?3, ?4, ?5)",
				   what, err);
	if (!log->put_card)
		goto fail;
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
	sqlite3_finalize(log->put_session);
	sqlite3_finalize(log->put_card);
	db_close(log->db);
	free(log);
}

/* Writes the set and its labels; the caller holds the transaction. */
static bool log_put_keyset(struct log *log, const struct keyset *ks, struct diag *err)
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

bool log_register_keyset(struct log *log, const struct keyset *ks, struct diag *err)
{
	const char *what = "register the keyword set";
	if (!db_begin(log->db, what, err))
		return false;
	if (!log_put_keyset(log, ks, err)) {
		db_rollback(log->db);
		return false;
	}
	return db_commit(log->db, what, err);
}

bool log_deal_counts(struct log *log, const struct keyset *ks, uint32_t *counts,
		     struct diag *err)
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

/* Inside the transaction: makes sure the set is registered (so the export
 * always carries the labels), then writes the session and its cards. */
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
	if (!db_bind(log->db, log->put_session, what, err, "sssssssss", meta->uuid,
		     log->kiosk_id, meta->site, set, version, meta->language, started, ended,
		     outcome) ||
	    !db_run(log->db, log->put_session, what, err))
		return false;
	int64_t id = sqlite3_last_insert_rowid(log->db->h);

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
		diag_add(err, "%s: cannot save a session that is still in progress",
			 log->db->path);
		return false;
	}
	if (!meta || !meta->uuid || !*meta->uuid) {
		diag_add(err, "%s: cannot save a session without an id", log->db->path);
		return false;
	}
	if (!db_begin(log->db, "save the session", err))
		return false;
	if (!log_put_session(log, ks, s, meta, outcome, err)) {
		db_rollback(log->db);
		return false;
	}
	/* synchronous=FULL in WAL mode: the commit has reached the disk */
	return db_commit(log->db, "save the session", err);
}

bool log_counts(struct log *log, struct log_counts *out, struct diag *err)
{
	const char *what = "read the session log";
	sqlite3_stmt *st = db_prepare(
		log->db,
		"SELECT count(*), "
		"coalesce(sum(outcome = 'completed'), 0), "
		"coalesce(sum(outcome = 'abandoned'), 0), "
		"coalesce(sum(outcome IN ('completed', 'abandoned') AND exported_at IS NULL), 0) "
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
