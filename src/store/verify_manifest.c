/* What an export file says about itself, checked against the file: the
 * manifest's keys and their shapes, the content checksum over the rows,
 * the signature over both, and the row counts (docs/export-format.md,
 * "Checks on import" 3-5 and 7). verify.c has already found a sound SQLite
 * file of the export's exact schema before any of this runs. */
#include "common/strbuf.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "store/canon.h"
#include "store/keys.h"
#include "store/verify_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One manifest value; *out NULL (and true) when the key is absent. */
static bool verify_manifest_get(struct db *src, const char *key, char **out, struct diag *d)
{
	*out = NULL;
	const char *sql = "SELECT value, typeof(value) FROM manifest WHERE key = ?1";
	sqlite3_stmt *st = db_prepare(src, sql, "read", d);
	bool row = false;
	bool ok = st && db_bind(src, st, "read", d, "s", key) && db_step(src, st, &row, "read", d);
	if (ok && row && strcmp((const char *)sqlite3_column_text(st, 1), "text") == 0)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return ok;
}

static bool verify_hex(const char *s, size_t bytes)
{
	unsigned char buf[64];
	return s && bytes <= sizeof(buf) && keys_unhex(s, buf, bytes);
}

static bool verify_decimal(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

/* "2035-03-12T09:30:00.000Z": the only form of time the format has. */
static bool verify_iso_time(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	if (!s || strlen(s) != sizeof(form) - 1)
		return false;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
			return false;
	return true;
}

/* Format 3's chain: export_seq from 1, and for every export after the
 * first the previous one's identity and time (for the first, both empty). */
static bool verify_manifest_chain(struct db *src, struct export_info *info, struct diag *err)
{
	static const char *const keys[] = {"export_seq", "previous_export_sha256",
					   "previous_export_created_at"};
	char *v[3] = {0};
	struct diag scratch;
	diag_init(&scratch);
	bool ok = true;
	for (size_t i = 0; i < 3 && ok; i++)
		ok = verify_manifest_get(src, keys[i], &v[i], &scratch);
	const char *why = NULL;
	if (!ok)
		verify_read_failed(src, info, err);
	else if (!v[0] || !v[1] || !v[2])
		why = "the manifest has no export_seq, previous_export_sha256 or "
		      "previous_export_created_at";
	else if (!verify_decimal(v[0], &info->seq) || info->seq < 1)
		why = "the manifest's export_seq is not a number from 1";
	else if (info->seq == 1 ? *v[1] || *v[2]
				: !verify_hex(v[1], KEYS_HASH_BYTES) || !verify_iso_time(v[2]))
		why = "the manifest's link to the previous export is malformed";
	if (why) {
		verify_corrupt(info, err, src->path, why);
		ok = false;
	} else if (ok) {
		snprintf(info->previous_sha256, sizeof(info->previous_sha256), "%s", v[1]);
		snprintf(info->previous_created_at, sizeof(info->previous_created_at), "%s", v[2]);
	}
	for (size_t i = 0; i < 3; i++)
		free(v[i]);
	diag_finish(&scratch);
	return ok;
}

/* The manifest keys every check after this one relies on. */
static bool verify_manifest(struct db *src, struct export_info *info, struct diag *err)
{
	static const char *const keys[] = {
		"format_version", "generator",	    "kiosk_id",		"site",
		"created_at",	  "session_count",  "first_started_at", "last_ended_at",
		"set_ids",	  "content_sha256", "public_key",
	};
	enum {
		FORMAT,
		KIOSK = 2,
		SITE,
		CREATED,
		COUNT,
		CONTENT = 9,
		PUBLIC,
		NKEYS
	};
	char *v[NKEYS] = {0};
	int64_t format = 0;
	struct diag scratch;
	diag_init(&scratch);
	bool ok = true;
	const char *missing = NULL;
	for (size_t i = 0; i < NKEYS && ok && !missing; i++) {
		ok = verify_manifest_get(src, keys[i], &v[i], &scratch);
		if (ok && !v[i])
			missing = keys[i];
	}
	struct strbuf why;
	sb_init(&why);
	if (!ok) {
		verify_read_failed(src, info, err);
	} else if (missing) {
		sb_appendf(&why, "the manifest has no %s", missing);
	} else if (!verify_decimal(v[FORMAT], &format) || format != info->format) {
		sb_append(&why, "the manifest's format_version disagrees with the file's");
	} else if (!uuid_valid(v[KIOSK])) {
		sb_append(&why, "the manifest's kiosk_id is not a kiosk id");
	} else if (!verify_hex(v[PUBLIC], KEYS_PUBLIC_BYTES) ||
		   !verify_hex(v[CONTENT], KEYS_HASH_BYTES)) {
		sb_append(&why, "the manifest's keys or checksum are not hex");
	} else if (!verify_decimal(v[COUNT], &info->sessions)) {
		sb_append(&why, "the manifest's session_count is not a number");
	} else if (!verify_iso_time(v[CREATED])) {
		sb_append(&why, "the manifest's created_at is not a time");
	} else {
		memcpy(info->created_at, v[CREATED], 25);
		memcpy(info->kiosk_id, v[KIOSK], 37);
		memcpy(info->public_key, v[PUBLIC], 65);
		memcpy(info->content_sha256, v[CONTENT], 65);
		free(info->site);
		info->site = xstrdup(v[SITE]);
	}
	if (ok && why.len)
		verify_corrupt(info, err, src->path, sb_str(&why));
	ok = ok && why.len == 0;
	sb_finish(&why);
	for (size_t i = 0; i < NKEYS; i++)
		free(v[i]);
	diag_finish(&scratch);
	return ok && (info->format < 3 || verify_manifest_chain(src, info, err));
}

static bool verify_content(struct db *src, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	unsigned char digest[KEYS_HASH_BYTES];
	char hex[2 * KEYS_HASH_BYTES + 1];
	enum canon_status cs = canon_content_sha256(src, "main", digest, &scratch);
	diag_finish(&scratch);
	if (cs == CANON_DB_ERROR) {
		verify_read_failed(src, info, err);
		return false;
	}
	if (cs == CANON_BAD_VALUE) {
		verify_corrupt(info, err, src->path, "a value of a type the format does not have");
		return false;
	}
	keys_hex(digest, sizeof(digest), hex);
	if (strcmp(hex, info->content_sha256) != 0) {
		verify_fail(info, VERIFY_CHANGED, err, src->path,
			    "the content was changed after export (its checksum does not "
			    "match) — use the file exactly as the kiosk wrote it");
		return false;
	}
	return true;
}

/* The export's identity: the SHA-256 of its signed message (which covers
 * its manifest and, through content_sha256, its rows); what the next
 * export of its kiosk names as its previous one. Always true. */
static bool verify_identity(const struct strbuf *msg, struct export_info *info)
{
	unsigned char digest[KEYS_HASH_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)msg->data, msg->len);
	keys_hex(digest, sizeof(digest), info->export_sha256);
	return true;
}

static bool verify_signature(struct db *src, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	char *sig_hex = NULL;
	struct strbuf msg;
	sb_init(&msg);
	bool ok = verify_manifest_get(src, "signature", &sig_hex, &scratch);
	enum canon_status cs = ok ? canon_signed_message(src, "main", &msg, &scratch) : CANON_OK;
	unsigned char sig[KEYS_SIGNATURE_BYTES], pk[KEYS_PUBLIC_BYTES];
	if (!ok || cs == CANON_DB_ERROR) {
		verify_read_failed(src, info, err);
		ok = false;
	} else if (cs == CANON_BAD_VALUE) {
		verify_corrupt(info, err, src->path, "a manifest entry the format does not allow");
		ok = false;
	} else if (!sig_hex || !*sig_hex) {
		verify_fail(info, VERIFY_UNSIGNED, err, src->path,
			    "the file is not signed — export again from the kiosk");
		ok = false;
	} else if (!verify_identity(&msg, info) || !keys_unhex(sig_hex, sig, sizeof(sig)) ||
		   !keys_unhex(info->public_key, pk, sizeof(pk)) ||
		   crypto_sign_verify_detached(sig, (const unsigned char *)msg.data, msg.len, pk) !=
			   0) {
		verify_fail(info, VERIFY_BAD_SIGNATURE, err, src->path,
			    "wrong signature: the file was not signed by the kiosk key it names "
			    "— do not import it; export again from the kiosk");
		ok = false;
	}
	free(sig_hex);
	sb_finish(&msg);
	diag_finish(&scratch);
	return ok;
}

/* Check 7: the rows are the ones the manifest describes. */
static bool verify_counts(struct db *src, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	int64_t sessions = -1, foreign = -1, orphans = -1;
	sqlite3_stmt *st = db_prepare(src,
				      "SELECT (SELECT count(*) FROM sessions), "
				      "(SELECT count(*) FROM sessions WHERE kiosk_id IS NOT ?1), "
				      "(SELECT count(*) FROM cards), "
				      "(SELECT count(*) FROM cards c WHERE NOT EXISTS (SELECT 1 "
				      "FROM sessions s WHERE s.uuid = c.session_uuid))",
				      "read", &scratch);
	bool row = false;
	bool ok = st && db_bind(src, st, "read", &scratch, "s", info->kiosk_id) &&
		  db_step(src, st, &row, "read", &scratch) && row;
	if (ok) {
		sessions = sqlite3_column_int64(st, 0);
		foreign = sqlite3_column_int64(st, 1);
		info->cards = sqlite3_column_int64(st, 2);
		orphans = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	diag_finish(&scratch);
	if (!ok) {
		verify_read_failed(src, info, err);
		return false;
	}
	const char *why = sessions != info->sessions ? "session_count does not match its rows"
			  : foreign != 0	     ? "a session of another kiosk"
			  : orphans != 0	     ? "a card of no session"
						     : NULL;
	if (why)
		verify_corrupt(info, err, src->path, why);
	return why == NULL;
}

bool verify_manifest_checks(struct db *src, struct export_info *info, struct diag *err)
{
	return verify_manifest(src, info, err) && verify_content(src, info, err) &&
	       verify_signature(src, info, err) && verify_counts(src, info, err);
}
