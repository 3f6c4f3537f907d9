/* The staff export: every finished session not yet exported, written as one
 * self-contained, signed SQLite file into a folder (a USB stick), and only
 * then marked exported in the log (format: docs/export-format.md).
 *
 *   export_write():  choose sessions (log) --check folder (drive)--> key (log)
 *                    --name, site (drive, log)--> temp file --fill+sign-->
 *                    written --fsync--> synced --rename--> final name
 *                    --fsync folder--> durable --reopen+verify (checksum,
 *                    signature)--> verified (all drive) --mark in log--> done
 *
 * Any failure before "done" removes the temp file (and the final one) and
 * marks nothing; whose fault it was (in brackets above) is its status. */
#ifndef VS_EXPORT_H
#define VS_EXPORT_H

#include "common/diag.h"
#include "store/log.h"

#include <stdbool.h>
#include <stdint.h>

/* On either failure no file is left under a final name, nothing is marked,
 * and the one diag line names the folder or the file at fault. */
enum export_status {
	EXPORT_WRITTEN,
	EXPORT_NOTHING_NEW, /* no file written */
	/* the folder or the drive: missing, not a folder, write-protected,
	 * full, or failing when read back; another drive may do */
	EXPORT_DRIVE_FAILED,
	/* the kiosk's own side: its log or its signing key could not be read,
	 * or the sessions not marked; another drive will not help */
	EXPORT_LOG_FAILED,
};

struct export_result {
	char *path;	   /* the file written (EXPORT_WRITTEN), owned */
	uint64_t sessions; /* sessions in it */
	int64_t seq;	   /* its number among this kiosk's exports, from 1 */
};

/* all: include sessions exported before (the tally dedups them). */
enum export_status export_write(struct log *log, const char *dir, bool all,
				struct export_result *out, struct diag *err);
void export_result_finish(struct export_result *r);

/* The kiosk's public key as 64 lower-case hex digits (and the NUL), for the
 * organizers to trust; the key pair is made on first need (keys.h). */
bool export_public_key(struct log *log, char hex[65], struct diag *err);
/* Makes a new key pair when the old one is lost (never over an existing
 * one); every export after it is signed with the new key. */
bool export_new_key(struct log *log, char hex[65], struct diag *err);

#endif
