/* What goes into an export file: the chosen sessions with their cards and
 * keyword sets, copied by SQL inside one transaction on the attached file,
 * then the manifest, the content checksum and the signature over both. */
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "config.h"
#include "store/canon.h"
#include "store/export_internal.h"
#include "store/verify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies exactly the sessions chosen in temp.export_ids, their cards and
 * the keyword sets they were dealt from. */
static const char export_fill[] =
	"INSERT INTO x.sessions(" CANON_SESSION_COLUMNS ") "
	"SELECT " CANON_SESSION_COLUMNS " "
	"FROM main.sessions WHERE id IN (SELECT id FROM temp.export_ids) ORDER BY id;\n"
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
	"('session_count', ?5), ('site', ?6), ('public_key', ?7), ('export_seq', ?8), "
	"('previous_export_sha256', ?9), ('previous_export_created_at', ?10), "
	"('first_started_at', (SELECT coalesce(min(started_at), '') FROM x.sessions)), "
	"('last_ended_at', (SELECT coalesce(max(ended_at), '') FROM x.sessions)), "
	"('set_ids', (SELECT coalesce(group_concat(set_id), '') "
	"             FROM (SELECT DISTINCT set_id FROM x.sessions ORDER BY set_id)))";

/* The manifest's site: the one staff configured, else that of the newest
 * session exported (a kiosk set up before sites were configurable); never
 * one that could break the signed message's lines. */
bool export_pick_site(struct export_job *job)
{
	struct diag *d = &job->scratch;
	job->site = log_site(job->log, d);
	if (job->site && !*job->site) {
		free(job->site);
		job->site = NULL;
		const char *sql = "SELECT coalesce(site, '') FROM main.sessions "
				  "WHERE id IN (SELECT id FROM temp.export_ids) "
				  "AND typeof(site) = 'text' "
				  "ORDER BY ended_at DESC, id DESC LIMIT 1";
		sqlite3_stmt *st = db_prepare(job->db, sql, "read the session log", d);
		bool row = false;
		if (st && db_step(job->db, st, &row, "read the session log", d))
			job->site = xstrdup(row ? (const char *)sqlite3_column_text(st, 0) : "");
		sqlite3_finalize(st);
		for (const unsigned char *p = (const unsigned char *)job->site; p && *p; p++)
			if (*p < 0x20)
				job->site[0] = '\0';
	}
	if (!job->site)
		diag_add(job->err, "%s", diag_first(d, "cannot read the session log"));
	return job->site != NULL;
}

/* Inside the fill's transaction: the content checksum over what was just
 * copied, then the signature over the manifest that holds it. */
static bool export_sign(struct export_job *job)
{
	struct db *db = job->db;
	struct diag *d = &job->scratch;
	const char *what = "write the export";
	unsigned char digest[KEYS_HASH_BYTES], sig[KEYS_SIGNATURE_BYTES];
	char hex[2 * KEYS_SIGNATURE_BYTES + 1];
	if (canon_content_sha256(db, "x", digest, d) != CANON_OK)
		return false;
	keys_hex(digest, sizeof(digest), hex);
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO x.manifest(key, value) VALUES (?1, ?2)",
				      what, d);
	bool ok = st && db_bind(db, st, what, d, "ss", "content_sha256", hex) &&
		  db_run(db, st, what, d);
	struct strbuf msg;
	sb_init(&msg);
	/* the site was checked for line breaks; a bad value here is a bug */
	ok = ok && canon_signed_message(db, "x", &msg, d) == CANON_OK &&
	     crypto_sign_detached(sig, NULL, (const unsigned char *)msg.data, msg.len,
				  job->key.sk) == 0;
	/* the export's identity, which the next export will name */
	if (ok) {
		crypto_hash_sha256(digest, (const unsigned char *)msg.data, msg.len);
		keys_hex(digest, sizeof(digest), job->export_sha256);
	}
	sb_finish(&msg);
	if (ok)
		keys_hex(sig, sizeof(sig), hex);
	ok = ok && db_bind(db, st, what, d, "ss", "signature", hex) && db_run(db, st, what, d);
	sqlite3_finalize(st);
	return ok;
}

bool export_fill_tmp(struct export_job *job)
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
		   (long)VERIFY_APPLICATION_ID, VERIFY_FORMAT_VERSION);
	for (size_t i = 0; i < CANON_TABLES; i++) {
		/* "CREATE TABLE name(..." becomes "CREATE TABLE x.name(..." */
		sb_append(&sql, "CREATE TABLE x.");
		sb_append(&sql, canon_schema[i][1] + strlen("CREATE TABLE "));
		sb_append(&sql, ";\n");
	}
	sb_append(&sql, export_fill);
	ok = ok && db_exec(db, sb_str(&sql), what, d);
	sb_finish(&sql);

	char created[25], format[16], seq[24], pk[2 * KEYS_PUBLIC_BYTES + 1];
	clock_iso8601(job->now_ms, created);
	snprintf(format, sizeof(format), "%d", VERIFY_FORMAT_VERSION);
	snprintf(seq, sizeof(seq), "%lld", (long long)job->seq);
	keys_hex(job->key.pk, KEYS_PUBLIC_BYTES, pk);
	st = ok ? db_prepare(db, export_manifest, what, d) : NULL;
	ok = st &&
	     db_bind(db, st, what, d, "ssssisssss", format, "visionsort " VS_VERSION,
		     log_kiosk_id(job->log), created, job->sessions, job->site, pk, seq,
		     job->previous_sha256, job->previous_created_at) &&
	     db_run(db, st, what, d);
	sqlite3_finalize(st);
	ok = ok && export_sign(job) && db_exec(db, "COMMIT", what, d);
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
