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

#define VERIFY_FORMAT_VERSION 2		  /* the export format written and read */
#define VERIFY_APPLICATION_ID 0x56534558u /* 'VSEX' */

enum verify_problem {
	VERIFY_OK,
	VERIFY_UNREADABLE, /* the system could not read it (missing, I/O error) */
	VERIFY_NOT_EXPORT, /* not an export at all */
	VERIFY_TRUNCATED,  /* shorter than its own header says */
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
	char file_sha256[65]; /* of the bytes on disk, for the import log */
	char *site;	      /* owned; "" when none */
	int64_t sessions;
	int64_t cards;
};

/* Opens file read-only with SQLite's defensive settings (no triggers, no
 * views, untrusted schema, immutable: no locks or side files) and runs the
 * checks. On success returns the open file for reading its rows; on
 * failure NULL, info->problem set and one diag line "FILE: what — advice". */
struct db *verify_file(const char *file, struct export_info *info, struct diag *err);
void verify_info_finish(struct export_info *info); /* NULL-safe */

#endif
