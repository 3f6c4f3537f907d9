/* Checking an export file as hostile input: every check of
 * docs/export-format.md "Checks on import" that needs only the file (1-5
 * and 7; trust and duplicates are the tally's). The export runs the same
 * checks on the file it just wrote, before it marks anything. */
#ifndef VS_VERIFY_H
#define VS_VERIFY_H

#include "common/diag.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define VERIFY_FORMAT_VERSION 3 /* the export format written */
#define VERIFY_OLDEST_FORMAT 2	/* the oldest format still read */
/* The most an export file may hold (about 200 000 sessions): a larger
 * file is refused before a byte of it is read. */
#define VERIFY_MAX_BYTES ((size_t)256 << 20)
#define VERIFY_APPLICATION_ID 0x56534558u /* 'VSEX' */

enum verify_problem {
	VERIFY_OK,
	VERIFY_UNREADABLE, /* the system could not read it (missing, I/O error) */
	VERIFY_NOT_EXPORT, /* not an export at all */
	VERIFY_TRUNCATED,  /* shorter than its own header says */
	VERIFY_TOO_LONG,   /* longer than its own header says (padded) */
	VERIFY_CORRUPT,	   /* damaged, or changed in its layout */
	VERIFY_VERSION,	   /* an export format this visionsort does not read */
	VERIFY_CHANGED,	   /* content_sha256 does not match the content */
	VERIFY_UNSIGNED,   /* no signature */
	VERIFY_BAD_SIGNATURE,
};

/* What a verified file says about itself (strings from its manifest). */
struct export_info {
	enum verify_problem problem;
	int64_t format;
	char kiosk_id[37];
	char public_key[65];
	char content_sha256[65];
	char file_sha256[65]; /* of the bytes read, for the import log */
	/* the file as read, once: every check ran on these bytes, and the
	 * returned db reads them (close it before verify_info_finish) */
	unsigned char *bytes;
	size_t len;
	char *site;	     /* owned; "" when none */
	char created_at[25]; /* when the kiosk wrote it (ISO 8601 UTC) */
	/* format 3: the file's number among its kiosk's exports (0 in format
	 * 2), the previous export's identity and time ("" for the first), and
	 * this export's identity: the SHA-256 of its signed message */
	int64_t seq;
	char previous_sha256[65];
	char previous_created_at[25];
	char export_sha256[65];
	int64_t sessions;
	int64_t cards;
};

/* Reads file once into info->bytes (a regular file of at most
 * VERIFY_MAX_BYTES) and runs the checks on those bytes, opened read-only
 * in memory with SQLite's defensive settings (no triggers, no views,
 * untrusted schema). On success returns that database for reading its
 * rows; on failure NULL, info->problem set and one diag line "FILE: what —
 * advice". Either way verify_info_finish frees the bytes, after db_close. */
struct db *verify_file(const char *file, struct export_info *info, struct diag *err);
/* The same checks on bytes already in memory (named name in messages), which info takes
 * over (malloc'd; freed by verify_info_finish): for the fuzzer. */
struct db *verify_bytes(const char *name, unsigned char *bytes, size_t len,
			struct export_info *info, struct diag *err);
void verify_info_finish(struct export_info *info); /* NULL-safe */

#endif
