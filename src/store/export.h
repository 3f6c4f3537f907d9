/* The staff export: every finished session not yet exported, written as one
 * self-contained SQLite file into a folder (a USB stick), and only then
 * marked exported in the log.
 *
 *   export_write():  temp file --fill--> written --fsync--> synced
 *                    --rename--> final name --fsync folder--> durable
 *                    --reopen+verify--> verified --mark in log--> done
 *
 * Any failure before "done" removes the temp file and marks nothing. */
#ifndef VS_EXPORT_H
#define VS_EXPORT_H

#include "common/diag.h"
#include "store/log.h"

#include <stdbool.h>
#include <stdint.h>

enum export_status {
	EXPORT_WRITTEN,
	EXPORT_NOTHING_NEW, /* no file written */
	EXPORT_FAILED,      /* no file under a final name, nothing marked */
};

struct export_result {
	char *path;        /* the file written (EXPORT_WRITTEN), owned */
	uint64_t sessions; /* sessions in it */
};

/* all: include sessions exported before (the tally dedups them). */
enum export_status export_write(struct log *log, const char *dir, bool all,
				struct export_result *out, struct diag *err);
void export_result_finish(struct export_result *r);

#endif
