/* Verifies an export file before anyone trusts a byte of it: the raw header
 * first (so a text file, a truncated copy or another kind of SQLite file is
 * named as such), then SQLite's integrity check, the exact schema, the
 * manifest, the content checksum, the signature and the counts. */
#include "store/verify.h"

#include "common/strbuf.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "store/canon.h"
#include "store/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERIFY_HEADER 100
#define VERIFY_ADVICE "copy it again from the kiosk's stick, or export again"

/* One line for the file, its problem recorded for callers that count. */
static void verify_fail(struct export_info *info, enum verify_problem p, struct diag *err,
			const char *file, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void verify_fail(struct export_info *info, enum verify_problem p, struct diag *err,
			const char *file, const char *fmt, ...)
{
	info->problem = p;
	struct strbuf sb;
	sb_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(&sb, fmt, ap);
	va_end(ap);
	diag_add(err, "%s: %s", file, sb_str(&sb));
	sb_finish(&sb);
}

static void verify_corrupt(struct export_info *info, struct diag *err, const char *file,
			   const char *detail)
{
	verify_fail(info, VERIFY_CORRUPT, err, file, "the file is corrupt (%s) — " VERIFY_ADVICE,
		    detail);
}

static uint32_t verify_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The raw bytes: reads the whole file once for its SHA-256 and judges the
 * 100-byte SQLite header the way SQLite itself reads it. */
static bool verify_header(const char *file, struct export_info *info, struct diag *err)
{
	static const char magic[16] = "SQLite format 3";
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		verify_fail(info, VERIFY_NOT_EXPORT, err, file, "not a visionsort export file");
		return false;
	}
	unsigned char head[VERIFY_HEADER], buf[65536];
	size_t have = 0;
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s",
				    strerror(e));
			return false;
		}
		if (n == 0)
			break;
		size_t take = (size_t)n < VERIFY_HEADER - have ? (size_t)n : VERIFY_HEADER - have;
		memcpy(head + have, buf, take);
		have += take;
		crypto_hash_sha256_update(&hs, buf, (size_t)n);
	}
	close(fd);
	unsigned char digest[KEYS_HASH_BYTES];
	crypto_hash_sha256_final(&hs, digest);
	keys_hex(digest, sizeof(digest), info->file_sha256);
	uint64_t size = (uint64_t)st.st_size;

	/* A copy cut short keeps the start of the magic string. */
	bool magic_prefix = memcmp(head, magic, have < sizeof(magic) ? have : sizeof(magic)) == 0;
	if (have < VERIFY_HEADER) {
		if (magic_prefix)
			verify_fail(info, VERIFY_TRUNCATED, err, file,
				    "the file is truncated (%zu bytes) — " VERIFY_ADVICE, have);
		else
			verify_fail(info, VERIFY_NOT_EXPORT, err, file,
				    "not a visionsort export file");
		return false;
	}
	if (!magic_prefix || verify_be32(head + 68) != VERIFY_APPLICATION_ID) {
		verify_fail(info, VERIFY_NOT_EXPORT, err, file, "not a visionsort export file");
		return false;
	}
	int32_t version = (int32_t)verify_be32(head + 60);
	info->format = version;
	if (version != VERIFY_FORMAT_VERSION) {
		verify_fail(info, VERIFY_VERSION, err, file,
			    version < VERIFY_FORMAT_VERSION
				    ? "unsupported export format %d — export again with this "
				      "visionsort"
				    : "unsupported export format %d — update visionsort to "
				      "import it",
			    (int)version);
		return false;
	}
	/* page size (1 means 65536) and, when the header's own counter says it
	 * is current, the database size in pages */
	uint32_t page = (uint32_t)head[16] << 8 | head[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0) {
		verify_corrupt(info, err, file, "bad page size");
		return false;
	}
	if (head[18] != 1 || head[19] != 1) {
		verify_corrupt(info, err, file, "changed to another journal mode");
		return false;
	}
	uint64_t pages = verify_be32(head + 28);
	bool size_valid = verify_be32(head + 24) == verify_be32(head + 92) && pages > 0;
	if ((size_valid && size < pages * page) || size % page != 0) {
		verify_fail(info, VERIFY_TRUNCATED, err, file,
			    "the file is truncated — " VERIFY_ADVICE);
		return false;
	}
	return true;
}

/* "file:PATH?immutable=1" with PATH's URI-special characters escaped. */
static char *verify_uri(const char *file)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p >= 0x7f)
			sb_appendf(&sb, "%%%02X", *p);
		else
			sb_appendn(&sb, (const char *)p, 1);
	}
	sb_append(&sb, "?immutable=1");
	return sb.data;
}

static struct db *verify_open(const char *file, struct export_info *info, struct diag *err)
{
	char *uri = verify_uri(file);
	struct diag scratch;
	diag_init(&scratch);
	struct db *src = db_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &scratch);
	free(uri);
	bool ok = src &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) == SQLITE_OK &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) == SQLITE_OK &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL) == SQLITE_OK &&
		  sqlite3_db_config(src->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) == SQLITE_OK &&
		  db_exec(src, "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON",
			  "read the export", &scratch);
	if (ok) {
		/* no value in an export is anywhere near this long */
		sqlite3_limit(src->h, SQLITE_LIMIT_LENGTH, 1 << 20);
		free(src->path);
		src->path = xstrdup(file); /* messages name the file, not the URI */
	} else {
		/* db_open's line names the URI; keep only its reason */
		const char *why = src ? db_reason(src) : diag_first(&scratch, "cannot open");
		const char *tail = strstr(why, ": cannot open: ");
		verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s",
			    tail ? tail + strlen(": cannot open: ") : why);
		db_close(src);
		src = NULL;
	}
	diag_finish(&scratch);
	return src;
}

/* A read that failed: damaged content, or the drive failing under us. */
static void verify_read_failed(struct db *src, struct export_info *info, struct diag *err)
{
	int primary = src->last_code & 0xff;
	if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_NOMEM)
		verify_fail(info, VERIFY_UNREADABLE, err, src->path, "cannot read: %s",
			    db_reason(src));
	else
		verify_corrupt(info, err, src->path, db_reason(src));
}

static bool verify_integrity(struct db *src, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	/* integrity_check, not quick_check: it also proves every index agrees
	 * with its table, and the import reads cards through an index */
	sqlite3_stmt *st = db_prepare(src, "PRAGMA integrity_check(1)", "read", &scratch);
	bool row = false;
	bool ok = st && db_step(src, st, &row, "read", &scratch);
	const unsigned char *r = ok && row ? sqlite3_column_text(st, 0) : NULL;
	if (!ok)
		verify_read_failed(src, info, err);
	else if (!r || strcmp((const char *)r, "ok") != 0)
		verify_corrupt(info, err, src->path, "integrity check failed");
	ok = ok && r && strcmp((const char *)r, "ok") == 0;
	sqlite3_finalize(st);
	diag_finish(&scratch);
	return ok;
}

/* Exactly the four tables of canon_schema and their automatic indexes. */
static bool verify_shape(struct db *src, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	sqlite3_stmt *st = db_prepare(src, "SELECT type, name, tbl_name, sql FROM sqlite_schema",
				      "read", &scratch);
	bool ok = st != NULL, row = true;
	size_t tables = 0;
	const char *odd = NULL; /* what did not belong, for the message */
	struct strbuf what;
	sb_init(&what);
	while (ok && !odd) {
		ok = db_step(src, st, &row, "read", &scratch);
		if (!ok || !row)
			break;
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		bool known = false;
		for (size_t i = 0; i < CANON_TABLES && type && name && tbl; i++) {
			if (strcmp(tbl, canon_schema[i][0]) != 0)
				continue;
			if (strcmp(type, "table") == 0 && strcmp(name, tbl) == 0)
				known = sql && strcmp(sql, canon_schema[i][1]) == 0;
			else if (strcmp(type, "index") == 0)
				known = !sql && strncmp(name, "sqlite_autoindex_", 17) == 0;
			tables += known && strcmp(type, "table") == 0;
		}
		if (!known) {
			sb_appendf(&what, "unexpected %s %s in its schema", type ? type : "entry",
				   name ? name : "");
			odd = sb_str(&what);
		}
	}
	sqlite3_finalize(st);
	if (!ok)
		verify_read_failed(src, info, err);
	else if (odd)
		verify_corrupt(info, err, src->path, odd);
	else if (tables != CANON_TABLES)
		verify_corrupt(info, err, src->path, "a table is missing");
	ok = ok && !odd && tables == CANON_TABLES;
	sb_finish(&what);
	diag_finish(&scratch);
	return ok;
}

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
		COUNT = 5,
		CONTENT = 9,
		PUBLIC,
		NKEYS
	};
	char *v[NKEYS] = {0};
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
	} else if (strcmp(v[FORMAT], "2") != 0) {
		sb_append(&why, "the manifest's format_version disagrees with the file's");
	} else if (!uuid_valid(v[KIOSK])) {
		sb_append(&why, "the manifest's kiosk_id is not a kiosk id");
	} else if (!verify_hex(v[PUBLIC], KEYS_PUBLIC_BYTES) ||
		   !verify_hex(v[CONTENT], KEYS_HASH_BYTES)) {
		sb_append(&why, "the manifest's keys or checksum are not hex");
	} else if (!verify_decimal(v[COUNT], &info->sessions)) {
		sb_append(&why, "the manifest's session_count is not a number");
	} else {
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
	return ok;
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
	} else if (!keys_unhex(sig_hex, sig, sizeof(sig)) ||
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

struct db *verify_file(const char *file, struct export_info *info, struct diag *err)
{
	memset(info, 0, sizeof(*info));
	if (!keys_init()) {
		verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s",
			    "the signing library cannot start");
		return NULL;
	}
	if (!verify_header(file, info, err))
		return NULL;
	struct db *src = verify_open(file, info, err);
	if (!src)
		return NULL;
	if (!verify_integrity(src, info, err) || !verify_shape(src, info, err) ||
	    !verify_manifest(src, info, err) || !verify_content(src, info, err) ||
	    !verify_signature(src, info, err) || !verify_counts(src, info, err)) {
		db_close(src);
		return NULL;
	}
	info->problem = VERIFY_OK;
	return src;
}

void verify_info_finish(struct export_info *info)
{
	if (!info)
		return;
	free(info->site);
	info->site = NULL;
}
