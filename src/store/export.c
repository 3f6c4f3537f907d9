/* Writes the staff export: a temp file filled from the log and signed,
 * synced, renamed, read back and verified like an import would, and only
 * then the sessions marked exported. */
#include "store/export.h"

#include "common/clock.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/export_internal.h"
#include "store/keys.h"
#include "store/log_audit.h"
#include "store/verify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Gives up looking for a free "-N" name after this many. */
#define EXPORT_MAX_NAME_TRIES 1000

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

void export_fail_errno(struct export_job *job, int e)
{
	diag_add(job->err, "%s: cannot write the export: %s — %s", job->dir, strerror(e),
		 export_advice(e));
}

void export_fail_db(struct export_job *job)
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

/* This export's number and its link to the one before, from the log's
 * list of exports written. */
static bool export_chain(struct export_job *job)
{
	struct db *db = job->db;
	const char *what = "read the session log";
	struct diag *d = &job->scratch;
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT seq, export_sha256, created_at FROM main.exports "
				      "ORDER BY seq DESC LIMIT 1",
				      what, d);
	bool row = false;
	bool ok = st && db_step(db, st, &row, what, d);
	const char *sha = ok && row ? (const char *)sqlite3_column_text(st, 1) : NULL;
	const char *at = ok && row ? (const char *)sqlite3_column_text(st, 2) : NULL;
	job->seq = ok && row ? sqlite3_column_int64(st, 0) + 1 : 1;
	snprintf(job->previous_sha256, sizeof(job->previous_sha256), "%s", sha ? sha : "");
	snprintf(job->previous_created_at, sizeof(job->previous_created_at), "%s", at ? at : "");
	sqlite3_finalize(st);
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

static char *export_join(const char *dir, const char *prefix, const char *name, const char *suffix)
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

/* "FILE: the export could not be read back (WHY) — ..." */
static void export_fail_verify(struct export_job *job, const char *why)
{
	diag_add(job->err,
		 "%s: the export could not be read back (%s) — the drive may be failing; "
		 "try again or use another drive",
		 job->final, why);
}

/* Reads the final file back as the tally will, with a fresh connection:
 * every check of an import, then that it is this kiosk's file with exactly
 * the chosen sessions. The file's pages are dropped from the cache first,
 * so that the read comes from the drive, not from what we just wrote. */
static bool export_verify(struct export_job *job)
{
	int fd = open(job->final, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
	struct diag d;
	diag_init(&d);
	struct export_info info;
	struct db *x = verify_file(job->final, &info, &d);
	char pk[2 * KEYS_PUBLIC_BYTES + 1];
	keys_hex(job->key.pk, KEYS_PUBLIC_BYTES, pk);
	bool ok = x != NULL;
	if (!ok) {
		/* verify's line starts with the file's name; keep its reason */
		const char *line = diag_first(&d, "");
		size_t skip = strlen(job->final) + 2;
		export_fail_verify(job, strlen(line) > skip ? line + skip : line);
	} else if (strcmp(info.kiosk_id, log_kiosk_id(job->log)) != 0 ||
		   strcmp(info.public_key, pk) != 0) {
		export_fail_verify(job, "another kiosk's file");
		ok = false;
	} else if (info.sessions != job->sessions || info.cards != job->cards) {
		export_fail_verify(job, "sessions are missing");
		ok = false;
	} else if (info.seq != job->seq || strcmp(info.export_sha256, job->export_sha256) != 0) {
		export_fail_verify(job, "not the file just signed");
		ok = false;
	}
	db_close(x);
	verify_info_finish(&info);
	diag_finish(&d);
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
		int64_t marked = ok ? sqlite3_changes(db->h) : 0;
		sqlite3_finalize(st);
		/* only a purge running meanwhile deletes sessions (exported ones,
		 * which --all chose): then the file holds sessions the log no
		 * longer has, and marking nothing is the honest answer */
		if (ok && marked != job->sessions) {
			db_rollback(db);
			diag_add(job->err,
				 "%s: sessions changed during the export — the export was "
				 "removed; try again",
				 log_path(job->log));
			return false;
		}
		/* the export written, in the same transaction as the mark: the
		 * next export links to exactly the file that marked these */
		char detail[256];
		snprintf(detail, sizeof(detail), "export %lld: %lld session%s, %s",
			 (long long)job->seq, (long long)job->sessions,
			 job->sessions == 1 ? "" : "s", job->name);
		ok = ok &&
		     db_run_sql(db,
				"INSERT INTO main.exports(seq, export_sha256, file_name, sessions, "
				"created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
				what, d, "issis", job->seq, job->export_sha256, job->name,
				job->sessions, now) &&
		     log_audit(job->log, LOG_EVENT_EXPORT, job->now_ms, detail, d) &&
		     db_commit(db, what, d);
	}
	if (ok)
		return true;
	db_rollback(db);
	/* A commit whose fsync failed may have left its frames in the WAL,
	 * where recovery after a crash could find them and mark sessions
	 * whose file we are about to remove; a checkpoint that truncates the
	 * WAL forgets them. Best effort: a busy reader only delays it. */
	(void)sqlite3_exec(db->h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	diag_add(job->err,
		 "%s: cannot mark the sessions as exported: %s — the export was removed; "
		 "try again",
		 log_path(job->log), db_reason(db));
	return false;
}

static enum export_status export_run(struct export_job *job)
{
	if (!export_choose(job))
		return EXPORT_LOG_FAILED;
	if (job->sessions == 0)
		return EXPORT_NOTHING_NEW;
	if (!export_chain(job))
		return EXPORT_LOG_FAILED;
	if (!export_check_dir(job))
		return EXPORT_DRIVE_FAILED;
	if (!keys_for_log(job->log, KEYS_USE_OR_CREATE, &job->key, job->err))
		return EXPORT_LOG_FAILED;
	if (!export_pick_name(job))
		return EXPORT_DRIVE_FAILED;
	if (!export_pick_site(job))
		return EXPORT_LOG_FAILED;
	/* the fill reads the log too, but only rows export_choose has just
	 * read: what fails there is writing the file */
	if (!export_fill_tmp(job))
		return EXPORT_DRIVE_FAILED;
	if (!fs_fsync_path(job->tmp, false)) {
		export_fail_errno(job, errno);
		return EXPORT_DRIVE_FAILED;
	}
	if (rename(job->tmp, job->final) != 0) {
		export_fail_errno(job, errno);
		return EXPORT_DRIVE_FAILED;
	}
	job->tmp_exists = false;
	job->final_exists = true;
	if (!fs_fsync_path(job->dir, true)) {
		export_fail_errno(job, errno);
		return EXPORT_DRIVE_FAILED;
	}
	if (!export_verify(job))
		return EXPORT_DRIVE_FAILED;
	if (!export_mark(job))
		return EXPORT_LOG_FAILED;
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
	if (out)
		*out = (struct export_result){0};
	enum export_status status = export_run(&job);
	if (status == EXPORT_WRITTEN && out) {
		out->path = xstrdup(job.final);
		out->sessions = (uint64_t)job.sessions;
		out->seq = job.seq;
	}
	/* staff tried: the audit says so, best effort (the log may be what
	 * failed), and names no folder */
	if (status == EXPORT_DRIVE_FAILED || status == EXPORT_LOG_FAILED)
		(void)log_audit(log, LOG_EVENT_EXPORT_FAILED, job.now_ms,
				status == EXPORT_DRIVE_FAILED ? "the drive or folder failed"
							      : "the log or key failed",
				&job.scratch);
	/* Undo whatever part of the file exists; the status already says the
	 * export failed, so a failing unlink here adds nothing to act on. */
	if (job.tmp_exists)
		(void)unlink(job.tmp);
	if (job.final_exists) {
		(void)unlink(job.final);
		(void)fs_fsync_path(job.dir, true);
	}
	/* the id list is per connection; dropping it keeps the log's temp
	 * storage empty between exports (and DELETE clears it next time) */
	(void)db_exec(job.db, "DROP TABLE IF EXISTS temp.export_ids", "clean up", &job.scratch);
	diag_finish(&job.scratch);
	keys_wipe(&job.key);
	free(job.site);
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
	r->seq = 0;
}

/* The key as hex, made on first need like the export would. */
static bool export_key_hex(struct log *log, enum keys_mode mode, char hex[65], struct diag *err)
{
	struct kiosk_key key;
	bool ok = keys_for_log(log, mode, &key, err);
	if (ok)
		keys_hex(key.pk, KEYS_PUBLIC_BYTES, hex);
	keys_wipe(&key);
	return ok;
}

bool export_public_key(struct log *log, char hex[65], struct diag *err)
{
	return export_key_hex(log, KEYS_USE_OR_CREATE, hex, err);
}

bool export_new_key(struct log *log, char hex[65], struct diag *err)
{
	return export_key_hex(log, KEYS_REPLACE_MISSING, hex, err);
}
