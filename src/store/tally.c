/* The organizers' tally: merges export files (treated as untrusted input)
 * into one database, and counts each keyword's piles and ranks. */
#include "store/tally.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#define TALLY_APPLICATION_ID 0x56535441u  /* 'VSTA' */
#define EXPORT_APPLICATION_ID 0x56534558u /* 'VSEX', as written by export.c */
#define EXPORT_FORMAT_VERSION 1            /* the newest export format we read */

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
};

static const struct db_kind tally_kind = {
	.application_id = TALLY_APPLICATION_ID,
	.noun = "tally",
	.short_noun = "tally",
	.steps = tally_steps,
	.nsteps = sizeof(tally_steps) / sizeof(tally_steps[0]),
};

struct tally {
	struct db *db;
};

struct tally *tally_open(const char *path, struct diag *err)
{
	struct db *db = db_open_app(path, &tally_kind, err);
	if (!db)
		return NULL;
	struct tally *t = xcalloc(1, sizeof(*t));
	t->db = db;
	return t;
}

struct db *tally_db(struct tally *t)
{
	return t->db;
}

void tally_close(struct tally *t)
{
	if (!t)
		return;
	db_close(t->db);
	free(t);
}

/* An error reading an export file: damaged content in plain words, an I/O
 * error (a failing drive) as SQLite's helper worded it in scratch. */
static void tally_export_error(const struct db *src, const struct diag *scratch,
			       struct diag *err)
{
	int primary = src->last_code & 0xff;
	if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_ERROR ||
	    primary == SQLITE_MISMATCH)
		diag_add(err, "%s: the export file is damaged (%s) — export again from the kiosk",
			 src->path, db_reason(src));
	else
		diag_add(err, "%s", diag_first(scratch, "cannot read"));
}

/* Opens an export file read-only with every SQLite feature that could run
 * code from it turned off, and checks that it is an export we can read. */
static struct db *tally_open_export(const char *file, struct diag *err)
{
	struct db *src = db_open(file, SQLITE_OPEN_READONLY, err);
	if (!src)
		return NULL;
	struct diag scratch;
	diag_init(&scratch);
	const char *what = "read the export";
	bool ok = sqlite3_db_config(src->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) == SQLITE_OK &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) ==
			  SQLITE_OK &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL) == SQLITE_OK;
	if (!ok) {
		db_fail(src, what, err);
		goto fail;
	}
	if (!db_exec(src, "PRAGMA trusted_schema = OFF", what, err))
		goto fail;
	int64_t app = 0, version = 0;
	if (!db_int(src, "PRAGMA application_id", &app, what, &scratch) ||
	    !db_int(src, "PRAGMA user_version", &version, what, &scratch)) {
		if ((src->last_code & 0xff) == SQLITE_NOTADB)
			diag_add(err, "%s: not a visionsort export file", file);
		else
			tally_export_error(src, &scratch, err);
		goto fail;
	}
	if ((uint32_t)app != EXPORT_APPLICATION_ID || version < 1) {
		diag_add(err, "%s: not a visionsort export file", file);
		goto fail;
	}
	if (version > EXPORT_FORMAT_VERSION) {
		diag_add(err, "%s: export format %lld is newer than this visionsort supports", file,
			 (long long)version);
		goto fail;
	}
	sqlite3_stmt *st = db_prepare(src, "PRAGMA quick_check", what, &scratch);
	bool row = false;
	ok = st && db_step(src, st, &row, what, &scratch);
	const unsigned char *check = ok && row ? sqlite3_column_text(st, 0) : NULL;
	if (ok && (!check || strcmp((const char *)check, "ok") != 0))
		diag_add(err, "%s: the export file is damaged — export again from the kiosk",
			 file);
	else if (!ok)
		tally_export_error(src, &scratch, err);
	ok = ok && check && strcmp((const char *)check, "ok") == 0;
	sqlite3_finalize(st);
	if (!ok)
		goto fail;
	diag_finish(&scratch);
	return src;
fail:
	diag_finish(&scratch);
	db_close(src);
	return NULL;
}

/* Binds the current row's columns of src, in order, to dst from index
 * first on: values pass through unchanged and the CHECKs judge them. */
static bool tally_bind_row(struct db *dst, sqlite3_stmt *to, int first, sqlite3_stmt *from,
			   const char *what, struct diag *err)
{
	int n = sqlite3_column_count(from);
	for (int j = 0; j < n; j++) {
		if (sqlite3_bind_value(to, first + j, sqlite3_column_value(from, j)) != SQLITE_OK) {
			db_fail(dst, what, err);
			return false;
		}
	}
	return true;
}

struct tally_import_job {
	struct tally *t;
	struct db *src;
	const char *file;
	struct strbuf what; /* "import FILE", for messages from the tally side */
	int64_t import_id;
	struct import_result res;
	sqlite3_stmt *src_sessions, *src_cards, *src_keywords;
	sqlite3_stmt *put_session, *put_card, *put_keyword;
};

/* Prepares sql unless an earlier step failed (*ok false). */
static sqlite3_stmt *tally_prepare(struct db *db, const char *sql, const char *what, bool *ok,
				   struct diag *err)
{
	if (!*ok)
		return NULL;
	sqlite3_stmt *st = db_prepare(db, sql, what, err);
	*ok = st != NULL;
	return st;
}

static bool tally_prepare_import(struct tally_import_job *job, struct diag *err)
{
	const char *rd = "read the export", *wr = sb_str(&job->what);
	bool ok = true;
	/* the latest set version comes last, so its label wins */
	job->src_keywords = tally_prepare(job->src,
					  "SELECT keyword_id, label, set_id, set_version "
					  "FROM keywords WHERE lang = 'sv' ORDER BY set_id, "
					  "CAST(set_version AS INTEGER), set_version, keyword_id",
					  rd, &ok, err);
	job->src_sessions = tally_prepare(job->src,
					  "SELECT kiosk_id, uuid, site, set_id, set_version, "
					  "language, started_at, ended_at, outcome "
					  "FROM sessions ORDER BY started_at, uuid",
					  rd, &ok, err);
	job->src_cards = tally_prepare(job->src,
				       "SELECT keyword_id, pile, rank, deal_pos FROM cards "
				       "WHERE session_uuid = ?1 ORDER BY deal_pos",
				       rd, &ok, err);
	job->put_keyword = tally_prepare(job->t->db,
					 "INSERT INTO keywords(keyword_id, label_sv, set_id, "
					 "set_version) VALUES (?1, ?2, ?3, ?4) "
					 "ON CONFLICT(keyword_id) DO UPDATE SET "
					 "label_sv = excluded.label_sv, set_id = excluded.set_id, "
					 "set_version = excluded.set_version",
					 wr, &ok, err);
	job->put_session = tally_prepare(job->t->db,
					 "INSERT INTO sessions(kiosk_id, uuid, site, set_id, "
					 "set_version, language, started_at, ended_at, outcome, "
					 "import_id) "
					 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
					 "ON CONFLICT(kiosk_id, uuid) DO NOTHING",
					 wr, &ok, err);
	job->put_card = tally_prepare(job->t->db,
				      "INSERT INTO cards(keyword_id, pile, rank, deal_pos, "
				      "session_id) VALUES (?1, ?2, ?3, ?4, ?5)",
				      wr, &ok, err);
	return ok;
}

static bool tally_import_keywords(struct tally_import_job *job, struct diag *err)
{
	const char *rd = "read the export", *wr = sb_str(&job->what);
	bool row = true;
	for (;;) {
		if (!db_step(job->src, job->src_keywords, &row, rd, err))
			return false;
		if (!row)
			return true;
		if (!tally_bind_row(job->t->db, job->put_keyword, 1, job->src_keywords, wr, err) ||
		    !db_run(job->t->db, job->put_keyword, wr, err))
			return false;
	}
}

static bool tally_import_cards(struct tally_import_job *job, sqlite3_value *uuid,
			       int64_t session_id, struct diag *err)
{
	const char *rd = "read the export", *wr = sb_str(&job->what);
	if (sqlite3_bind_value(job->src_cards, 1, uuid) != SQLITE_OK) {
		db_fail(job->src, rd, err);
		return false;
	}
	bool ok = true, row = true;
	while (ok) {
		ok = db_step(job->src, job->src_cards, &row, rd, err);
		if (!ok || !row)
			break;
		ok = tally_bind_row(job->t->db, job->put_card, 1, job->src_cards, wr, err);
		if (ok && sqlite3_bind_int64(job->put_card, 5, session_id) != SQLITE_OK) {
			db_fail(job->t->db, wr, err);
			ok = false;
		}
		ok = ok && db_run(job->t->db, job->put_card, wr, err);
	}
	db_reset(job->src_cards);
	return ok;
}

static bool tally_import_sessions(struct tally_import_job *job, struct diag *err)
{
	const char *rd = "read the export", *wr = sb_str(&job->what);
	struct db *db = job->t->db;
	bool row = true;
	for (;;) {
		if (!db_step(job->src, job->src_sessions, &row, rd, err))
			return false;
		if (!row)
			return true;
		if (!tally_bind_row(db, job->put_session, 1, job->src_sessions, wr, err))
			return false;
		if (sqlite3_bind_int64(job->put_session, 10, job->import_id) != SQLITE_OK) {
			db_fail(db, wr, err);
			return false;
		}
		if (!db_run(db, job->put_session, wr, err))
			return false;
		/* DO NOTHING changed no row: the tally has this kiosk's session */
		if (sqlite3_changes(db->h) == 0) {
			job->res.duplicates++;
			continue;
		}
		job->res.added++;
		int64_t id = sqlite3_last_insert_rowid(db->h);
		if (!tally_import_cards(job, sqlite3_column_value(job->src_sessions, 1), id, err))
			return false;
	}
}

/* Everything inside the tally's transaction. */
static bool tally_import_rows(struct tally_import_job *job, struct diag *err)
{
	struct db *db = job->t->db;
	const char *wr = sb_str(&job->what);
	char now[25];
	clock_iso8601(clock_wall_ms(), now);

	/* the kiosk id named in the manifest, for the import's record only */
	sqlite3_stmt *st = db_prepare(job->src,
				      "SELECT value FROM manifest WHERE key = 'kiosk_id'",
				      "read the export", err);
	bool row = false;
	bool ok = st && db_step(job->src, st, &row, "read the export", err);
	sqlite3_stmt *put = ok ? db_prepare(db,
					    "INSERT INTO imports(file_name, kiosk_id, "
					    "imported_at) VALUES (?1, ?2, ?3)",
					    wr, err)
			       : NULL;
	ok = put && db_bind(db, put, wr, err, "sns", job->file, now);
	if (ok && row && sqlite3_bind_value(put, 2, sqlite3_column_value(st, 0)) != SQLITE_OK) {
		db_fail(db, wr, err);
		ok = false;
	}
	ok = ok && db_run(db, put, wr, err);
	sqlite3_finalize(put);
	sqlite3_finalize(st);
	if (!ok)
		return false;
	job->import_id = sqlite3_last_insert_rowid(db->h);

	if (!tally_import_keywords(job, err) || !tally_import_sessions(job, err))
		return false;

	/* a card whose keyword the file did not name still counts; it shows
	 * under its id until a file with its label comes */
	st = db_prepare(db,
			"INSERT OR IGNORE INTO keywords(keyword_id, set_id, set_version) "
			"SELECT c.keyword_id, s.set_id, s.set_version FROM cards c "
			"JOIN sessions s ON s.id = c.session_id WHERE s.import_id = ?1",
			wr, err);
	ok = st && db_bind(db, st, wr, err, "i", job->import_id) && db_run(db, st, wr, err);
	sqlite3_finalize(st);
	if (!ok)
		return false;
	st = db_prepare(db, "UPDATE imports SET added = ?1, duplicates = ?2 WHERE id = ?3", wr,
			err);
	ok = st &&
	     db_bind(db, st, wr, err, "iii", (int64_t)job->res.added,
		     (int64_t)job->res.duplicates, job->import_id) &&
	     db_run(db, st, wr, err);
	sqlite3_finalize(st);
	return ok;
}

/* One line for a failed import. A row the tally's CHECKs refused, or a
 * file SQLite finds malformed or missing a table, is the file's fault; an
 * I/O error is the drive's, and any other error on the tally's side (a full
 * disk, a lock) is the tally's. The first problem stopped the import. */
static void tally_import_failed(struct tally *t, const struct db *src, const char *file,
				const struct diag *local, struct diag *err)
{
	int tally_primary = t->db->last_code & 0xff;
	if (tally_primary == SQLITE_CONSTRAINT || tally_primary == SQLITE_MISMATCH)
		diag_add(err, "%s: the export file is damaged (%s) — export again from the kiosk",
			 file, db_reason(t->db));
	else if (tally_primary == SQLITE_OK && src && src->last_code != SQLITE_OK)
		tally_export_error(src, local, err);
	else
		diag_add(err, "%s", diag_first(local, "cannot import"));
}

bool tally_import(struct tally *t, const char *file, struct import_result *out,
		  struct diag *err)
{
	struct tally_import_job job = {.t = t, .file = file};
	sb_init(&job.what);
	sb_appendf(&job.what, "import %s", file);
	if (out)
		*out = job.res;
	struct diag local;
	diag_init(&local);
	bool ok = false;
	t->db->last_code = SQLITE_OK; /* to tell afterwards which side failed */
	job.src = tally_open_export(file, &local);
	if (!job.src || !tally_prepare_import(&job, &local))
		goto out;
	if (!db_begin(t->db, sb_str(&job.what), &local))
		goto out;
	if (!tally_import_rows(&job, &local)) {
		db_rollback(t->db);
		goto out;
	}
	ok = db_commit(t->db, sb_str(&job.what), &local);
out:
	sqlite3_finalize(job.src_keywords);
	sqlite3_finalize(job.src_sessions);
	sqlite3_finalize(job.src_cards);
	sqlite3_finalize(job.put_keyword);
	sqlite3_finalize(job.put_session);
	sqlite3_finalize(job.put_card);
	if (!ok)
		tally_import_failed(t, job.src, file, &local, err);
	else if (out)
		*out = job.res;
	db_close(job.src);
	sb_finish(&job.what);
	diag_finish(&local);
	return ok;
}

bool tally_keyword_counts(struct tally *t, bool include_abandoned,
			  void (*fn)(void *ctx, const struct tally_row *row), void *ctx,
			  struct diag *err)
{
	const char *what = "read the tally";
	/* One pass: every keyword, left-joined to its cards in the selected
	 * sessions; a keyword nobody was shown gets zeros. */
	sqlite3_stmt *st = db_prepare(
		t->db,
		"SELECT k.keyword_id, coalesce(k.label_sv, k.keyword_id), "
		"count(x.keyword_id), "
		"coalesce(sum(x.pile = 'yes'), 0), "
		"coalesce(sum(x.pile = 'no'), 0), "
		"coalesce(sum(x.pile = 'neutral'), 0), "
		"coalesce(sum(CASE WHEN x.pile = 'yes' THEN x.rank END), 0), "
		"count(CASE WHEN x.pile = 'yes' THEN x.rank END) "
		"FROM keywords k LEFT JOIN ("
		"  SELECT c.keyword_id, c.pile, c.rank FROM cards c "
		"  JOIN sessions s ON s.id = c.session_id "
		"  WHERE s.outcome IN ('completed', ?1)"
		") x ON x.keyword_id = k.keyword_id "
		"GROUP BY k.keyword_id ORDER BY k.keyword_id",
		what, err);
	if (!st)
		return false;
	bool ok = db_bind(t->db, st, what, err, "s",
			  include_abandoned ? "abandoned" : "completed");
	bool row = ok;
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct tally_row r = {
			.keyword_id = (const char *)sqlite3_column_text(st, 0),
			.label_sv = (const char *)sqlite3_column_text(st, 1),
			.counts =
				{
					.shown = (uint64_t)sqlite3_column_int64(st, 2),
					.yes = (uint64_t)sqlite3_column_int64(st, 3),
					.no = (uint64_t)sqlite3_column_int64(st, 4),
					.neutral = (uint64_t)sqlite3_column_int64(st, 5),
					.rank_sum = (uint64_t)sqlite3_column_int64(st, 6),
					.rank_n = (uint64_t)sqlite3_column_int64(st, 7),
				},
		};
		fn(ctx, &r);
	}
	sqlite3_finalize(st);
	return ok;
}
