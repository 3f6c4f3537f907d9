/* Checked SQLite calls, error wording and the schema migration runner shared
 * by the session log and the tally. */
#include "store/db.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Long enough to ride out a kiosk save or an export holding the write lock. */
#define DB_BUSY_TIMEOUT_MS 5000

/* sys_errno: errno as it was right after the failing call. */
static void db_record(struct db *db, int code, int sys_errno)
{
	db->last_code = code;
	/* SQLite keeps the system errno only for some open and I/O errors (not
	 * for a failed write at commit, say), and keeps a stale one otherwise;
	 * so look at it only for those errors, and fall back on errno, which
	 * still holds what the failed system call set. */
	int primary = code & 0xff;
	db->last_errno = 0;
	if (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR) {
		db->last_errno = db->h ? sqlite3_system_errno(db->h) : 0;
		if (!db->last_errno)
			db->last_errno = sys_errno;
	} else if (primary == SQLITE_FULL) {
		db->last_errno = ENOSPC; /* SQLite reports a full disk without errno */
	}
	free(db->last_msg);
	db->last_msg = xstrdup(db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(code));
}

const char *db_reason(const struct db *db)
{
	if (db->last_errno)
		return strerror(db->last_errno);
	return db->last_msg ? db->last_msg : sqlite3_errstr(db->last_code);
}

void db_fail(struct db *db, const char *what, struct diag *err)
{
	int sys_errno = errno; /* before any other call can change it */
	db_record(db, sqlite3_extended_errcode(db->h), sys_errno);
	diag_add(err, "%s: cannot %s: %s", db->path, what, db_reason(db));
}

struct db *db_open(const char *path, int flags, struct diag *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	errno = 0;
	int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		if (db->h) {
			db_fail(db, "open", err);
		} else {
			/* only when SQLite could not even allocate */
			db_record(db, rc, errno);
			diag_add(err, "%s: cannot open: %s", path, db_reason(db));
		}
		db_close(db);
		return NULL;
	}
	if (sqlite3_extended_result_codes(db->h, 1) != SQLITE_OK ||
	    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS) != SQLITE_OK) {
		db_fail(db, "open", err);
		db_close(db);
		return NULL;
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	/* sqlite3_close_v2 defers the close until every statement is finalized,
	 * so a missed finalize leaks a little instead of failing here. */
	if (db->h)
		sqlite3_close_v2(db->h);
	free(db->last_msg);
	free(db->path);
	free(db);
}

bool db_exec(struct db *db, const char *sql, const char *what, struct diag *err)
{
	errno = 0; /* so db_fail sees only what this call set */
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, what, err);
		return false;
	}
	return true;
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql, const char *what, struct diag *err)
{
	sqlite3_stmt *st = NULL;
	errno = 0;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, what, err);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static bool db_vbind(struct db *db, sqlite3_stmt *st, const char *what, struct diag *err,
		     const char *types, va_list ap)
{
	int rc = sqlite3_clear_bindings(st);
	for (int i = 0; types[i] && rc == SQLITE_OK; i++) {
		int idx = i + 1;
		switch (types[i]) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(st, idx, (sqlite3_int64)va_arg(ap, int64_t));
			break;
		default:
			rc = sqlite3_bind_null(st, idx);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		db_fail(db, what, err);
		return false;
	}
	return true;
}

bool db_bind(struct db *db, sqlite3_stmt *st, const char *what, struct diag *err, const char *types,
	     ...)
{
	va_list ap;
	va_start(ap, types);
	bool ok = db_vbind(db, st, what, err, types, ap);
	va_end(ap);
	return ok;
}

bool db_run_sql(struct db *db, const char *sql, const char *what, struct diag *err,
		const char *types, ...)
{
	sqlite3_stmt *st = db_prepare(db, sql, what, err);
	if (!st)
		return false;
	va_list ap;
	va_start(ap, types);
	bool ok = db_vbind(db, st, what, err, types, ap) && db_run(db, st, what, err);
	va_end(ap);
	sqlite3_finalize(st);
	return ok;
}

bool db_step(struct db *db, sqlite3_stmt *st, bool *row, const char *what, struct diag *err)
{
	errno = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*row = rc == SQLITE_ROW;
		return true;
	}
	*row = false;
	db_fail(db, what, err);
	db_reset(st);
	return false;
}

bool db_run(struct db *db, sqlite3_stmt *st, const char *what, struct diag *err)
{
	bool row = true;
	while (row) {
		if (!db_step(db, st, &row, what, err))
			return false;
	}
	db_reset(st);
	return true;
}

void db_reset(sqlite3_stmt *st)
{
	/* reset repeats the last step's error, which the step already handled */
	(void)sqlite3_reset(st);
}

bool db_int(struct db *db, const char *sql, int64_t *out, const char *what, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, what, err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_step(db, st, &row, what, err);
	if (ok && row)
		*out = sqlite3_column_int64(st, 0);
	else if (ok)
		*out = 0;
	sqlite3_finalize(st);
	return ok;
}

bool db_synchronous(struct db *db, bool full, const char *what, struct diag *err)
{
	return db_exec(db, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", what,
		       err);
}

bool db_begin(struct db *db, const char *what, struct diag *err)
{
	return db_exec(db, "BEGIN IMMEDIATE", what, err);
}

bool db_commit(struct db *db, const char *what, struct diag *err)
{
	if (db_exec(db, "COMMIT", what, err))
		return true;
	db_rollback(db);
	return false;
}

void db_rollback(struct db *db)
{
	/* Some errors (a full disk, I/O) already rolled the transaction back;
	 * a failing ROLLBACK leaves nothing more to undo, and the caller is
	 * already reporting the error that brought it here. */
	if (db && db->h && !sqlite3_get_autocommit(db->h))
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* Applies every step from the current version on, each in its own
 * transaction together with its new user_version. *upgraded tells whether
 * any step ran. Foreign keys are off meanwhile, so that a step may rebuild
 * a table others refer to (the only way SQLite changes a CHECK). */
static bool db_migrate(struct db *db, const struct db_kind *kind, bool *upgraded, struct diag *err)
{
	*upgraded = false;
	for (;;) {
		if (!db_begin(db, "upgrade the file", err))
			return false;
		/* read inside the write transaction: another process opening the
		 * same file may have just done this step */
		int64_t v = 0;
		if (!db_int(db, "PRAGMA user_version", &v, "upgrade the file", err)) {
			db_rollback(db);
			return false;
		}
		if (v < 0 || (uint64_t)v > kind->nsteps) {
			db_rollback(db);
			diag_add(err,
				 "%s: this %s was written by a newer visionsort (schema %lld); "
				 "update visionsort",
				 db->path, kind->short_noun, (long long)v);
			return false;
		}
		if ((uint64_t)v == kind->nsteps) {
			db_rollback(db); /* nothing written; just ends the transaction */
			return true;
		}
		struct strbuf sql;
		sb_init(&sql);
		if (v == 0)
			sb_appendf(&sql, "PRAGMA application_id = %ld;\n",
				   (long)kind->application_id);
		sb_append(&sql, kind->steps[v]);
		sb_appendf(&sql, ";\nPRAGMA user_version = %lld;", (long long)v + 1);
		bool ok = db_exec(db, sb_str(&sql), "upgrade the file", err) &&
			  db_commit(db, "upgrade the file", err);
		sb_finish(&sql);
		if (!ok) {
			db_rollback(db);
			return false;
		}
		*upgraded = true;
	}
}

/* After a rebuild: every reference must still find its row, or the step
 * was wrong and the file must not be used as if it were whole. */
static bool db_check_references(struct db *db, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA foreign_key_check", "upgrade the file", err);
	if (!st)
		return false;
	bool row = false;
	bool ok = db_step(db, st, &row, "upgrade the file", err);
	sqlite3_finalize(st);
	if (ok && row) {
		diag_add(err,
			 "%s: the upgraded file has rows that refer to nothing; keep a copy "
			 "and report it",
			 db->path);
		return false;
	}
	return ok;
}

/* Refuses a file that holds anything but one of ours: checked before we
 * write a single byte to it. */
static bool db_check_kind(struct db *db, const struct db_kind *kind, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	int64_t app = 0, objects = 0, version = 0;
	bool ok = db_int(db, "PRAGMA application_id", &app, "read", &scratch) &&
		  db_int(db, "SELECT count(*) FROM sqlite_master", &objects, "read", &scratch) &&
		  db_int(db, "PRAGMA user_version", &version, "read", &scratch);
	if (!ok && (db->last_code & 0xff) == SQLITE_NOTADB) {
		diag_add(err, "%s: not a visionsort %s", db->path, kind->noun);
	} else if (!ok) {
		diag_add(err, "%s", diag_first(&scratch, "cannot read"));
	} else if ((uint32_t)app != kind->application_id && (objects > 0 || version != 0)) {
		/* An empty database (no tables yet) is one we began and never
		 * finished creating, or a freshly touched file: take it. */
		diag_add(err, "%s: not a visionsort %s", db->path, kind->noun);
		ok = false;
	}
	diag_finish(&scratch);
	return ok;
}

struct db *db_open_app(const char *path, const struct db_kind *kind, struct diag *err)
{
	struct db *db = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | kind->open_flags,
				err);
	if (!db)
		return NULL;
	if (!db_check_kind(db, kind, err))
		goto fail;
	/* WAL: readers (an export, a status query) never block the kiosk's
	 * saves; FULL: a commit is on disk when it returns (a caller may lower
	 * it for one write with db_synchronous). */
	if (!db_exec(db, "PRAGMA journal_mode = WAL", "open", err) ||
	    !db_exec(db, "PRAGMA synchronous = FULL", "open", err))
		goto fail;
	bool upgraded = false;
	if (!db_migrate(db, kind, &upgraded, err))
		goto fail;
	if (upgraded && !db_check_references(db, err))
		goto fail;
	if (!db_exec(db, "PRAGMA foreign_keys = ON", "open", err))
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}
