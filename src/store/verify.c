/* Verifies an export file before anyone trusts a byte of it, as far as the
 * file itself goes: the raw header first (so a text file, a truncated copy
 * or another kind of SQLite file is named as such), then opened with
 * SQLite's defensive settings, its integrity check and the exact schema.
 * What the file says about itself (its manifest, checksum, signature and
 * counts) is checked in verify_manifest.c. */
#include "store/verify.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/canon.h"
#include "store/keys.h"
#include "store/verify_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERIFY_HEADER 100
#define VERIFY_ADVICE "copy it again from the kiosk's stick, or export again"

void verify_fail(struct export_info *info, enum verify_problem p, struct diag *err,
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

void verify_corrupt(struct export_info *info, struct diag *err, const char *file,
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
	struct db *src = db_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				 &scratch);
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
void verify_read_failed(struct db *src, struct export_info *info, struct diag *err)
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
	    !verify_manifest_checks(src, info, err)) {
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
