/* Writes the staff export: a temp file filled from the log, synced, renamed,
 * read back and checked, and only then the sessions marked exported. */
#include "store/export.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "config.h"
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT_APPLICATION_ID 0x56534558u /* 'VSEX' */
#define EXPORT_FORMAT_VERSION 1

/* Gives up looking for a free "-N" name after this many. */
#define EXPORT_MAX_NAME_TRIES 1000

/* Created in the attached file "x". Readers are any SQLite tool and the
 * tally, so the layout is plain and the constraints say what holds. */
static const char export_schema[] =
	"CREATE TABLE x.manifest(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL);\n"
	"CREATE TABLE x.keywords(\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  keyword_id TEXT NOT NULL,\n"
	"  lang TEXT NOT NULL,\n"
	"  label TEXT NOT NULL,\n"
	"  PRIMARY KEY(set_id, set_version, keyword_id, lang));\n"
	"CREATE TABLE x.sessions(\n"
	"  uuid TEXT PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  site TEXT,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  language TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')));\n"
	"CREATE TABLE x.cards(\n"
	"  session_uuid TEXT NOT NULL REFERENCES sessions(uuid),\n"
	"  keyword_id TEXT NOT NULL,\n"
	"  deal_pos INTEGER NOT NULL,\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
	"  rank INTEGER,\n"
	"  PRIMARY KEY(session_uuid, keyword_id));\n";

/* Copies exactly the sessions chosen in temp.export_ids, their cards and
 * the keyword sets they were dealt from. */
static const char export_fill[] =
	"INSERT INTO x.sessions(uuid, kiosk_id, site, set_id, set_version, language, "
	"started_at, ended_at, outcome) "
	"SELECT uuid, kiosk_id, site, set_id, set_version, language, started_at, ended_at, "
	"outcome FROM main.sessions WHERE id IN (SELECT id FROM temp.export_ids) ORDER BY id;\n"
	"INSERT INTO x.cards(session_uuid, keyword_id, deal_pos, pile, rank) "
	"SELECT s.uuid, c.keyword_id, c.deal_pos, c.pile, c.rank "
	"FROM main.cards c JOIN main.sessions s ON s.id = c.session_id "
	"WHERE c.session_id IN (SELECT id FROM temp.export_ids) "
	"ORDER BY c.session_id, c.deal_pos;\n"
	"INSERT INTO x.keywords(set_id, set_version, keyword_id, lang, label) "
	"SELECT set_id, set_version, keyword_id, lang, label FROM main.keywords "
	"WHERE (set_id, set_version) IN (SELECT DISTINCT set_id, set_version FROM x.sessions) "
	"ORDER BY set_id, set_version, keyword_id, lang;\n";

static const char export_manifest[] =
	"INSERT INTO x.manifest(key, value) VALUES "
	"('format_version', ?1), ('generator', ?2), ('kiosk_id', ?3), ('created_at', ?4), "
	"('session_count', ?5), "
	"('first_started_at', (SELECT coalesce(min(started_at), '') FROM x.sessions)), "
	"('last_ended_at', (SELECT coalesce(max(ended_at), '') FROM x.sessions)), "
	"('set_ids', (SELECT coalesce(group_concat(set_id), '') "
	"             FROM (SELECT DISTINCT set_id FROM x.sessions ORDER BY set_id)))";

struct export_job {
	struct log *log;
	struct db *db; /* the log's connection */
	const char *dir;
	bool all;
	struct diag *err;
	struct diag scratch; /* db_* helper messages; we word our own */
	int64_t now_ms;
	int64_t sessions; /* chosen */
	int64_t cards;
	char *name; /* final file name, without the folder */
	char *tmp;  /* full paths */
	char *final;
	bool attached;
	bool tmp_exists;
	bool final_exists;
};

static const char *export_advice(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return "free some space or use another drive";
	case EROFS:
		return "the drive is write-protected; unlock it or use another drive";
	case EACCES:
	case EPERM:
		return "choose a folder you may write to, or use another drive";
	default:
		return "check the drive and try again, or use another drive";
	}
}

/* "DIR: cannot write the export: REASON — ADVICE" for a system error. */
static void export_fail_errno(struct export_job *job, int e)
{
	diag_add(job->err, "%s: cannot write the export: %s — %s", job->dir, strerror(e),
		 export_advice(e));
}

/* The same for an SQLite error on the log connection while writing. */
static void export_fail_db(struct export_job *job)
{
	if (job->db->last_errno) {
		export_fail_errno(job, job->db->last_errno);
		return;
	}
	diag_add(job->err, "%s: cannot write the export: %s — %s", job->dir, db_reason(job->db),
		 export_advice(0));
}

/* Chooses the sessions once, so exactly those are written and marked even
 * if the kiosk saves more meanwhile. */
static bool export_choose(struct export_job *job)
{
	struct db *db = job->db;
	const char *what = "read the session log";
	struct diag *d = &job->scratch;
	bool ok = db_exec(db,
			  "CREATE TEMP TABLE IF NOT EXISTS export_ids(id INTEGER PRIMARY KEY);\n"
			  "DELETE FROM temp.export_ids;",
			  what, d);
	sqlite3_stmt *st = ok ? db_prepare(db,
					   "INSERT INTO temp.export_ids(id) SELECT id "
					   "FROM main.sessions WHERE outcome IN ('completed', "
					   "'abandoned') AND (?1 OR exported_at IS NULL)",
					   what, d)
			      : NULL;
	ok = st && db_bind(db, st, what, d, "i", (int64_t)job->all) && db_run(db, st, what, d);
	sqlite3_finalize(st);
	ok = ok && db_int(db, "SELECT count(*) FROM temp.export_ids", &job->sessions, what, d) &&
	     db_int(db,
		    "SELECT count(*) FROM main.cards "
		    "WHERE session_id IN (SELECT id FROM temp.export_ids)",
		    &job->cards, what, d);
	if (!ok)
		diag_add(job->err, "%s", diag_first(d, "cannot read the session log"));
	return ok;
}

static bool export_check_dir(struct export_job *job)
{
	struct stat stbuf;
	if (stat(job->dir, &stbuf) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			diag_add(job->err,
				 "%s: folder does not exist — plug in the drive or create the "
				 "folder",
				 job->dir);
		else
			export_fail_errno(job, errno);
		return false;
	}
	if (!S_ISDIR(stbuf.st_mode)) {
		diag_add(job->err, "%s: is a file, not a folder — give the folder to export into",
			 job->dir);
		return false;
	}
	/* Asked up front because SQLite, refused a new file, retries read-only
	 * and reports that attempt's "No such file"; access() also names a
	 * write-protected drive (EROFS), even for root. */
	if (access(job->dir, W_OK | X_OK) != 0) {
		export_fail_errno(job, errno);
		return false;
	}
	return true;
}

static char *export_join(const char *dir, const char *prefix, const char *name,
			 const char *suffix)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, dir);
	if (sb.len == 0 || sb.data[sb.len - 1] != '/')
		sb_append(&sb, "/");
	sb_append(&sb, prefix);
	sb_append(&sb, name);
	sb_append(&sb, suffix);
	return sb.data;
}

/* visionsort-<kiosk8>-<stamp>.sqlite, or -2, -3 ... when that is taken
 * (two exports in one second, or a copy from another day's stick). */
static bool export_pick_name(struct export_job *job)
{
	char stamp[17];
	clock_stamp(job->now_ms, stamp);
	const char *kiosk = log_kiosk_id(job->log);
	for (int n = 1; n <= EXPORT_MAX_NAME_TRIES; n++) {
		struct strbuf name;
		sb_init(&name);
		sb_appendf(&name, "visionsort-%.8s-%s", kiosk, stamp);
		if (n > 1)
			sb_appendf(&name, "-%d", n);
		sb_append(&name, ".sqlite");
		char *final = export_join(job->dir, "", sb_str(&name), "");
		struct stat stbuf;
		if (lstat(final, &stbuf) == 0) {
			free(final);
			sb_finish(&name);
			continue;
		}
		int e = errno;
		if (e != ENOENT) {
			free(final);
			sb_finish(&name);
			export_fail_errno(job, e);
			return false;
		}
		job->name = name.data;
		job->final = final;
		job->tmp = export_join(job->dir, ".", job->name, ".tmp");
		return true;
	}
	diag_add(job->err, "%s: too many exports from this second — wait a moment and try again",
		 job->dir);
	return false;
}

/* Fills the temp file through the log's own connection; the file is
 * detached (closed) when this returns, whatever happened. */
static bool export_fill_tmp(struct export_job *job)
{
	struct db *db = job->db;
	struct diag *d = &job->scratch;
	const char *what = "write the export";
	/* a temp file left by a crash or a pulled drive is ours to replace */
	if (unlink(job->tmp) != 0 && errno != ENOENT) {
		export_fail_errno(job, errno);
		return false;
	}
	sqlite3_stmt *st = db_prepare(db, "ATTACH DATABASE ?1 AS x", what, d);
	bool ok = st && db_bind(db, st, what, d, "s", job->tmp);
	if (ok) {
		job->tmp_exists = true; /* from here on, remove it on failure */
		ok = db_run(db, st, what, d);
		job->attached = ok;
	}
	sqlite3_finalize(st);
	/* No journal and no syncs while filling: a failed fill is deleted, not
	 * recovered, and we fsync the finished file ourselves. */
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   "PRAGMA x.journal_mode = OFF;\n"
		   "PRAGMA x.synchronous = OFF;\n"
		   "BEGIN;\n"
		   "PRAGMA x.application_id = %ld;\n"
		   "PRAGMA x.user_version = %d;\n",
		   (long)EXPORT_APPLICATION_ID, EXPORT_FORMAT_VERSION);
	sb_append(&sql, export_schema);
	sb_append(&sql, export_fill);
	ok = ok && db_exec(db, sb_str(&sql), what, d);
	sb_finish(&sql);

	char created[25], format[16];
	clock_iso8601(job->now_ms, created);
	snprintf(format, sizeof(format), "%d", EXPORT_FORMAT_VERSION);
	st = ok ? db_prepare(db, export_manifest, what, d) : NULL;
	ok = st &&
	     db_bind(db, st, what, d, "ssssi", format, "visionsort " VS_VERSION,
		     log_kiosk_id(job->log), created, job->sessions) &&
	     db_run(db, st, what, d);
	sqlite3_finalize(st);
	ok = ok && db_exec(db, "COMMIT", what, d);
	if (!ok) {
		export_fail_db(job); /* before anything else overwrites the error */
		db_rollback(db);
	}
	if (job->attached) {
		/* DETACH closes the file; if even that fails the file is left
		 * open and the caller still deletes it. */
		if (!db_exec(db, "DETACH DATABASE x", what, d) && ok) {
			export_fail_db(job);
			ok = false;
		}
		job->attached = false;
	}
	return ok;
}

static bool export_fsync(const char *path, bool dir, int *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	if (fd < 0) {
		*e = errno;
		return false;
	}
	bool ok = fsync(fd) == 0;
	/* some file systems cannot sync a folder at all; their renames are as
	 * durable as they will ever be */
	if (!ok && dir && (errno == EINVAL || errno == ENOTSUP))
		ok = true;
	if (!ok)
		*e = errno;
	if (close(fd) != 0 && ok) {
		*e = errno;
		ok = false;
	}
	return ok;
}

/* "FILE: the export could not be read back (WHY) — ..." */
static void export_fail_verify(struct export_job *job, const char *why)
{
	diag_add(job->err,
		 "%s: the export could not be read back (%s) — the drive may be failing; "
		 "try again or use another drive",
		 job->final, why);
}

/* Reads the final file back as a reader would, with a fresh connection. */
static bool export_verify(struct export_job *job)
{
	struct diag *d = &job->scratch;
	const char *what = "read the export back";
	struct db *x = db_open(job->final, SQLITE_OPEN_READONLY, d);
	if (!x) {
		export_fail_verify(job, diag_first(d, "cannot open"));
		return false;
	}
	bool ok = false;
	int64_t app = 0, version = 0, sessions = -1, cards = -1, manifest = -1;
	sqlite3_stmt *st = NULL;
	if (!db_int(x, "PRAGMA application_id", &app, what, d) ||
	    !db_int(x, "PRAGMA user_version", &version, what, d)) {
		export_fail_verify(job, db_reason(x));
		goto out;
	}
	if ((uint32_t)app != EXPORT_APPLICATION_ID || version != EXPORT_FORMAT_VERSION) {
		export_fail_verify(job, "wrong file header");
		goto out;
	}
	bool row = false;
	st = db_prepare(x, "PRAGMA quick_check", what, d);
	if (!st || !db_step(x, st, &row, what, d)) {
		export_fail_verify(job, db_reason(x));
		goto out;
	}
	const unsigned char *check = row ? sqlite3_column_text(st, 0) : NULL;
	if (!check || strcmp((const char *)check, "ok") != 0) {
		export_fail_verify(job, "the file is damaged");
		goto out;
	}
	if (!db_int(x, "SELECT count(*) FROM sessions", &sessions, what, d) ||
	    !db_int(x, "SELECT count(*) FROM cards", &cards, what, d) ||
	    !db_int(x,
		    "SELECT CAST(value AS INTEGER) FROM manifest WHERE key = 'session_count'",
		    &manifest, what, d)) {
		export_fail_verify(job, db_reason(x));
		goto out;
	}
	if (sessions != job->sessions || manifest != job->sessions || cards != job->cards) {
		export_fail_verify(job, "sessions are missing");
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	db_close(x);
	return ok;
}

/* One transaction: every chosen session is marked, or none is. */
static bool export_mark(struct export_job *job)
{
	struct db *db = job->db;
	struct diag *d = &job->scratch;
	const char *what = "mark the sessions as exported";
	char now[25];
	clock_iso8601(job->now_ms, now);
	bool ok = db_begin(db, what, d);
	if (ok) {
		sqlite3_stmt *st = db_prepare(db,
					      "UPDATE main.sessions SET exported_at = ?1 "
					      "WHERE id IN (SELECT id FROM temp.export_ids)",
					      what, d);
		ok = st && db_bind(db, st, what, d, "s", now) && db_run(db, st, what, d);
		sqlite3_finalize(st);
		/* sessions are never deleted, so anything else is a log we do
		 * not understand: better to mark nothing */
		if (ok && sqlite3_changes(db->h) != job->sessions) {
			db_rollback(db);
			diag_add(job->err,
				 "%s: sessions changed during the export — the export was "
				 "removed; try again",
				 log_path(job->log));
			return false;
		}
		ok = ok && db_commit(db, what, d);
	}
	if (ok)
		return true;
	db_rollback(db);
	diag_add(job->err,
		 "%s: cannot mark the sessions as exported: %s — the export was removed; "
		 "try again",
		 log_path(job->log), db_reason(db));
	return false;
}

static enum export_status export_run(struct export_job *job)
{
	if (!export_choose(job))
		return EXPORT_FAILED;
	if (job->sessions == 0)
		return EXPORT_NOTHING_NEW;
	if (!export_check_dir(job) || !export_pick_name(job))
		return EXPORT_FAILED;
	if (!export_fill_tmp(job))
		return EXPORT_FAILED;
	int e = 0;
	if (!export_fsync(job->tmp, false, &e)) {
		export_fail_errno(job, e);
		return EXPORT_FAILED;
	}
	if (rename(job->tmp, job->final) != 0) {
		export_fail_errno(job, errno);
		return EXPORT_FAILED;
	}
	job->tmp_exists = false;
	job->final_exists = true;
	if (!export_fsync(job->dir, true, &e)) {
		export_fail_errno(job, e);
		return EXPORT_FAILED;
	}
	if (!export_verify(job) || !export_mark(job))
		return EXPORT_FAILED;
	job->final_exists = false; /* it is the export now: keep it */
	return EXPORT_WRITTEN;
}

enum export_status export_write(struct log *log, const char *dir, bool all,
				struct export_result *out, struct diag *err)
{
	struct export_job job = {
		.log = log,
		.db = log_db(log),
		.dir = dir,
		.all = all,
		.err = err,
		.now_ms = clock_wall_ms(),
	};
	diag_init(&job.scratch);
	if (out) {
		out->path = NULL;
		out->sessions = 0;
	}
	enum export_status status = export_run(&job);
	if (status == EXPORT_WRITTEN && out) {
		out->path = xstrdup(job.final);
		out->sessions = (uint64_t)job.sessions;
	}
	/* Undo whatever part of the file exists; the status already says the
	 * export failed, so a failing unlink here adds nothing to act on. */
	if (job.tmp_exists)
		(void)unlink(job.tmp);
	if (job.final_exists) {
		(void)unlink(job.final);
		int e = 0;
		(void)export_fsync(job.dir, true, &e);
	}
	/* the id list is per connection; dropping it keeps the log's temp
	 * storage empty between exports (and DELETE clears it next time) */
	(void)db_exec(job.db, "DROP TABLE IF EXISTS temp.export_ids", "clean up", &job.scratch);
	diag_finish(&job.scratch);
	free(job.name);
	free(job.tmp);
	free(job.final);
	return status;
}

void export_result_finish(struct export_result *r)
{
	if (!r)
		return;
	free(r->path);
	r->path = NULL;
	r->sessions = 0;
}
