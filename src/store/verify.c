/* Verifies an export file before anyone trusts a byte of it, as far as the
 * file itself goes: read once into memory (a regular file, within a size
 * limit), the raw header first (so a text file, a truncated or padded copy
 * or another kind of SQLite file is named as such), then those same bytes
 * opened with SQLite's defensive settings, its integrity check and the
 * exact schema.
 * What the file says about itself (its manifest, checksum, signature and
 * counts) is checked in verify_manifest.c. */
#include "store/verify.h"

#include "common/fsutil.h"
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

/* Reads the file once, into info->bytes: every check after this one, and
 * whatever keeps the file (the quarantine), works on these bytes and never
 * on the path again, so what is checked is what is used. Only a regular
 * file (a FIFO or a device never blocks or streams), and no more than an
 * export may hold. */
static bool verify_read(const char *file, struct export_info *info, struct diag *err)
{
	struct diag why;
	diag_init(&why);
	int fd = -1;
	size_t size = 0;
	char *data = NULL;
	bool ok = fs_open_regular(file, 0, VERIFY_MAX_BYTES, &fd, &size, &why);
	int e = errno;
	if (ok) {
		ok = fs_read_fd(fd, file, size, VERIFY_MAX_BYTES, &data, &info->len, &why);
		e = errno;
		close(fd);
	}
	if (ok)
		info->bytes = (unsigned char *)data;
	else if (e == EISDIR || e == EINVAL || e == EFBIG)
		verify_fail(info, VERIFY_NOT_EXPORT, err, file, "%s",
			    diag_first(&why, "") + strlen(file) + 2);
	else
		verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s", strerror(e));
	diag_finish(&why);
	return ok;
}

/* The 100-byte SQLite header judged the way SQLite itself reads it, and
 * the file's length against the size the header gives. */
static bool verify_header(const char *file, struct export_info *info, struct diag *err)
{
	static const char magic[16] = "SQLite format 3";
	const unsigned char *head = info->bytes;
	size_t have = info->len;
	unsigned char digest[KEYS_HASH_BYTES];
	crypto_hash_sha256(digest, info->bytes, info->len);
	keys_hex(digest, sizeof(digest), info->file_sha256);

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
	if (version < VERIFY_OLDEST_FORMAT || version > VERIFY_FORMAT_VERSION) {
		verify_fail(info, VERIFY_VERSION, err, file,
			    version < VERIFY_OLDEST_FORMAT
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
	uint64_t pages = verify_be32(head + 28), size = have;
	bool size_valid = verify_be32(head + 24) == verify_be32(head + 92) && pages > 0;
	uint64_t want = size_valid ? pages * page : (size + page - 1) / page * page;
	if (size < want) {
		verify_fail(info, VERIFY_TRUNCATED, err, file,
			    "the file is truncated — " VERIFY_ADVICE);
		return false;
	}
	/* bytes past the end the header gives (zeros padded on, or a copy
	 * that went on too long) are no part of what was signed */
	if (size > want) {
		verify_fail(info, VERIFY_TOO_LONG, err, file,
			    "the file is %llu byte%s longer than its header says — " VERIFY_ADVICE,
			    (unsigned long long)(size - want), size - want == 1 ? "" : "s");
		return false;
	}
	return true;
}

/* The bytes read, opened as a read-only database of their own (SQLite's
 * memory file system over our buffer: no second read of the path, no
 * locks, no side files) with SQLite's defensive settings. */
static struct db *verify_open(const char *file, struct export_info *info, struct diag *err)
{
	struct diag scratch;
	diag_init(&scratch);
	struct db *src = db_open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, &scratch);
	bool ok = src &&
		  sqlite3_deserialize(src->h, "main", info->bytes, (sqlite3_int64)info->len,
				      (sqlite3_int64)info->len,
				      SQLITE_DESERIALIZE_READONLY) == SQLITE_OK &&
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
		src->path = xstrdup(file); /* messages name the file */
	} else {
		const char *why = src ? sqlite3_errmsg(src->h)
				      : diag_first(&scratch, "cannot open");
		verify_fail(info, VERIFY_UNREADABLE, err, file, "cannot read: %s", why);
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
/* Every check, on the bytes in info. */
static struct db *verify_checks(const char *file, struct export_info *info, struct diag *err)
{
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

struct db *verify_file(const char *file, struct export_info *info, struct diag *err)
{
	memset(info, 0, sizeof(*info));
	return verify_read(file, info, err) ? verify_checks(file, info, err) : NULL;
}

struct db *verify_bytes(const char *name, unsigned char *bytes, size_t len,
			struct export_info *info, struct diag *err)
{
	memset(info, 0, sizeof(*info));
	info->bytes = bytes;
	info->len = len;
	if (len > VERIFY_MAX_BYTES) {
		verify_fail(info, VERIFY_NOT_EXPORT, err, name,
			    "cannot read: larger than %zu MB — is it the right file?",
			    VERIFY_MAX_BYTES >> 20);
		return NULL;
	}
	return verify_checks(name, info, err);
}

void verify_info_finish(struct export_info *info)
{
	if (!info)
		return;
	free(info->site);
	info->site = NULL;
	free(info->bytes);
	info->bytes = NULL;
	info->len = 0;
}
