/* Importing an export file into the tally. The file is hostile until
 * verify.c has checked all of it; then, in one transaction on the tally:
 * the signing key must be trusted (or the file is quarantined), and each
 * session is added, skipped as a duplicate (same kiosk, UUID and content
 * digest) or, with the same UUID and other content, rejects the file
 * (tally_rows.c, which also checks, flags and sums them). */
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/tally_audit_internal.h"
#include "store/tally_chain_internal.h"
#include "store/tally_internal.h"
#include "store/tally_quarantine.h"
#include "store/tally_rows.h"
#include "store/verify.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct tally_import_job {
	struct tally *t;
	struct db *src; /* the verified file */
	const char *file;
	struct export_info info;
	char *trusted_site; /* the site given with --trust, or NULL */
	struct strbuf what; /* "import FILE", for messages from the tally side */
	char now[25];
	int64_t import_id;
	struct import_result res;
	char *conflict; /* the UUID that rejected the file */
};

/* The row in the import log; status "imported" until something else. */
static bool tally_import_log(struct tally_import_job *job, const char *status, const char *reason,
			     struct diag *err)
{
	struct db *db = job->t->db;
	const char *wr = sb_str(&job->what);
	const char *site = *job->info.site ? job->info.site : job->trusted_site;
	sqlite3_stmt *st = db_prepare(db,
				      "INSERT INTO imports(file_name, kiosk_id, site, file_sha256, "
				      "public_key, status, reason, imported_at) "
				      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				      wr, err);
	bool ok = st &&
		  db_bind(db, st, wr, err, "ssssssss", job->file, job->info.kiosk_id, site,
			  job->info.file_sha256, job->info.public_key, status, reason, job->now) &&
		  db_run(db, st, wr, err);
	sqlite3_finalize(st);
	if (ok)
		job->import_id = sqlite3_last_insert_rowid(db->h);
	return ok;
}

/* The one line for a file the tally turns away, "FILE: rejected: WHY";
 * returns the status it is given. */
static enum import_status tally_import_reject(struct tally_import_job *job,
					      enum import_status status, struct diag *err,
					      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum import_status tally_import_reject(struct tally_import_job *job,
					      enum import_status status, struct diag *err,
					      const char *fmt, ...)
{
	struct strbuf why;
	sb_init(&why);
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(&why, fmt, ap);
	va_end(ap);
	diag_add(err, "%s: rejected: %s", job->file, sb_str(&why));
	sb_finish(&why);
	return status;
}

/* Check 6: the key must be trusted, and for this kiosk. IMPORT_OK with
 * *trusted false (nothing reported) when the key is unknown. */
static enum import_status tally_import_trust(struct tally_import_job *job, bool *trusted,
					     struct diag *err)
{
	struct db *db = job->t->db;
	const char *wr = sb_str(&job->what);
	*trusted = false;
	sqlite3_stmt *st = db_prepare(db, "SELECT kiosk_id, site FROM kiosks WHERE public_key = ?1",
				      wr, err);
	bool row = false;
	bool ok = st && db_bind(db, st, wr, err, "s", job->info.public_key) &&
		  db_step(db, st, &row, wr, err);
	char *bound = NULL;
	if (ok && row) {
		const unsigned char *k = sqlite3_column_text(st, 0);
		const unsigned char *site = sqlite3_column_text(st, 1);
		bound = k ? xstrdup((const char *)k) : NULL;
		job->trusted_site = site ? xstrdup((const char *)site) : NULL;
		*trusted = true;
	}
	sqlite3_finalize(st);
	char *other = NULL;
	if (ok && *trusted && !bound)
		ok = tally_trust_stranger(job->t, job->info.public_key, job->info.kiosk_id, &other,
					  wr, err);
	enum import_status status = ok ? IMPORT_OK : IMPORT_TALLY_FAILED;
	if (ok && bound && strcmp(bound, job->info.kiosk_id) != 0) {
		status = tally_import_reject(job, IMPORT_FILE_UNTRUSTED, err,
					     "kiosk key %.16s... signs for kiosk %s, but this file "
					     "names kiosk %s — if that kiosk's log was replaced, "
					     "trust the key again with --log-replaced",
					     job->info.public_key, bound, job->info.kiosk_id);
	} else if (ok && other) {
		/* a kiosk id is one kiosk's: a new key for it is its successor,
		 * registered as such, or a stranger */
		status = tally_import_reject(
			job, IMPORT_FILE_UNTRUSTED, err,
			"kiosk key %.16s... is new to kiosk %.8s, which kiosk key %.16s... signs "
			"for — if that kiosk was re-installed or got a new key, trust it with "
			"'visionsort tally --tally %s --trust %s --successor-of %s'",
			job->info.public_key, job->info.kiosk_id, other, db->path,
			job->info.public_key, other);
	} else if (ok && *trusted && !bound) {
		/* the first file signed by a key ties it to its kiosk */
		if (!db_run_sql(db, "UPDATE kiosks SET kiosk_id = ?1 WHERE public_key = ?2", wr,
				err, "ss", job->info.kiosk_id, job->info.public_key))
			status = IMPORT_TALLY_FAILED;
	}
	free(bound);
	free(other);
	return status;
}

/* Logs the file as quarantined and keeps it (tally_quarantine.c); *full
 * when there is no room, and then nothing is written. */
static bool tally_import_quarantine(struct tally_import_job *job, bool *full, struct diag *err)
{
	const char *wr = sb_str(&job->what);
	int64_t kept_as = 0;
	enum tally_quarantine_room room = tally_quarantine_room(job->t, &job->info, wr, &kept_as,
								err);
	*full = room == QUARANTINE_FULL;
	if (room == QUARANTINE_FAILED || room == QUARANTINE_FULL)
		return room == QUARANTINE_FULL;
	struct strbuf reason;
	sb_init(&reason);
	sb_appendf(&reason, "unknown kiosk key %s", job->info.public_key);
	if (room == QUARANTINE_ALREADY)
		sb_appendf(&reason, "; the same file is kept already (import %lld)",
			   (long long)kept_as);
	bool ok = tally_import_log(job, "quarantined", sb_str(&reason), err);
	sb_finish(&reason);
	if (ok && room == QUARANTINE_ROOM)
		ok = tally_quarantine_keep(job->t, job->import_id, &job->info, wr, err);
	return ok;
}

/* Everything inside the tally's transaction, after the key was trusted:
 * the kept statistics brought up to date first, then the rows (tally_rows.c). */
static bool tally_import_rows(struct tally_import_job *job, struct diag *err)
{
	const char *wr = sb_str(&job->what);
	if (!tally_aggregates_ready(job->t, true, wr, err) ||
	    !tally_import_log(job, "imported", NULL, err))
		return false;
	struct tally_rows_in in = {
		.t = job->t,
		.src = job->src,
		.file = job->file,
		.what = wr,
		.import_id = job->import_id,
		.file_sessions = job->info.sessions,
		.trusted_site = job->trusted_site,
	};
	return tally_rows_import(&in, &job->res, &job->conflict, err) &&
	       db_run_sql(job->t->db,
			  "UPDATE imports SET added = ?1, duplicates = ?2 WHERE id = ?3", wr, err,
			  "iii", (int64_t)job->res.added, (int64_t)job->res.duplicates,
			  job->import_id) &&
	       tally_chain_record(job->t, &job->info, job->import_id, wr, err);
}

/* A UUID already in the tally with other content: the file is rejected as
 * a whole, and that is written down, in a transaction of its own. */
static enum import_status tally_import_conflict(struct tally_import_job *job, struct diag *err)
{
	struct strbuf reason;
	sb_init(&reason);
	sb_appendf(&reason, "session %s was imported before with different content", job->conflict);
	struct diag scratch;
	diag_init(&scratch);
	job->res = (struct import_result){0};
	if (db_begin(job->t->db, sb_str(&job->what), &scratch)) {
		if (tally_import_log(job, "rejected", sb_str(&reason), &scratch))
			(void)db_commit(job->t->db, sb_str(&job->what), &scratch);
		db_rollback(job->t->db);
	}
	enum import_status status =
		tally_import_reject(job, IMPORT_FILE_BAD, err,
				    "%s — nothing from this file was imported; ask the kiosk's "
				    "staff which file is right (see 'visionsort tally --imports')",
				    sb_str(&reason));
	diag_finish(&scratch);
	sb_finish(&reason);
	return status;
}

/* One line for a failure after the file was verified, and whose it was:
 * the tally's connection records its own errors (db->last_code), so
 * anything else failed reading the file. A value the tally's CHECKs
 * refuse is the file's. */
static enum import_status tally_import_failed(struct tally_import_job *job,
					      const struct diag *local, struct diag *err)
{
	int code = job->t->db->last_code;
	int primary = code & 0xff;
	if (primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH)
		return tally_import_reject(job, IMPORT_FILE_BAD, err,
					   "the file holds a value the tally refuses (%s)",
					   db_reason(job->t->db));
	if (code != SQLITE_OK) {
		diag_add(err, "%s", diag_first(local, "cannot import"));
		return IMPORT_TALLY_FAILED;
	}
	/* the file's rows (db_fail on it names the file) or its bytes */
	if (local->count)
		diag_add(err, "%s", local->lines[0]);
	else
		diag_add(err, "%s: cannot read the export", job->file);
	return IMPORT_FILE_BAD;
}

enum import_status tally_import(struct tally *t, const char *file, struct import_result *out,
				struct diag *err)
{
	struct tally_import_job job = {.t = t, .file = file};
	size_t first_line = err->count; /* this import's line, for the audit */
	sb_init(&job.what);
	sb_appendf(&job.what, "import %s", file);
	clock_iso8601(clock_wall_ms(), job.now);
	if (out)
		*out = job.res;
	struct diag local;
	diag_init(&local);
	enum import_status status = IMPORT_FILE_BAD;
	bool trusted = false;
	t->db->last_code = SQLITE_OK; /* to tell afterwards which side failed */
	job.src = verify_file(file, &job.info, err);
	if (!job.src)
		goto out; /* verify wrote the line */
	if (!db_begin(t->db, sb_str(&job.what), &local)) {
		status = tally_import_failed(&job, &local, err);
		goto out;
	}
	status = tally_import_trust(&job, &trusted, err);
	if (status == IMPORT_OK && !trusted && !t->accept_unknown)
		status = tally_import_reject(&job, IMPORT_FILE_UNTRUSTED, err,
					     "unknown kiosk key (kiosk %.8s) — if it is one of "
					     "your kiosks, trust it with 'visionsort tally --tally "
					     "%s --trust %s'",
					     job.info.kiosk_id, t->db->path, job.info.public_key);
	if (status != IMPORT_OK) {
		db_rollback(t->db);
		goto out;
	}
	bool ok, full = false;
	if (!trusted) {
		ok = tally_import_quarantine(&job, &full, &local) &&
		     (full || db_commit(t->db, sb_str(&job.what), &local));
		status = IMPORT_QUARANTINED;
		if (ok && full) {
			db_rollback(t->db);
			status = tally_import_reject(
				&job, IMPORT_FILE_UNTRUSTED, err,
				"unknown kiosk key (kiosk %.8s), and the quarantine is full (%lld "
				"MB) — if it is one of your kiosks, trust it with 'visionsort tally "
				"--tally %s --trust %s' and import the file again",
				job.info.kiosk_id, (long long)(tally_quarantine_max(t) >> 20),
				t->db->path, job.info.public_key);
		}
	} else {
		ok = tally_import_rows(&job, &local) && db_commit(t->db, sb_str(&job.what), &local);
	}
	if (!ok) {
		db_rollback(t->db);
		status = job.conflict ? tally_import_conflict(&job, err)
				      : tally_import_failed(&job, &local, err);
	}
out:
	tally_audit_import(t, file, &job.info, status, &job.res,
			   err->count > first_line ? err->lines[first_line] : NULL);
	if (status == IMPORT_OK && out)
		*out = job.res;
	db_close(job.src);
	verify_info_finish(&job.info);
	free(job.trusted_site);
	free(job.conflict);
	sb_finish(&job.what);
	diag_finish(&local);
	return status;
}
