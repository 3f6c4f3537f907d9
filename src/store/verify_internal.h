/* Internal to store/: the export file's checks, shared by verify.c (the
 * file: header, SQLite structure, schema) and verify_manifest.c (what the
 * file says about itself), and the one way both word a failure. */
#ifndef VS_STORE_VERIFY_INTERNAL_H
#define VS_STORE_VERIFY_INTERNAL_H

#include "common/diag.h"
#include "store/db.h"
#include "store/verify.h"

#include <stdbool.h>

/* One line "FILE: ...", the problem recorded in info for callers that
 * count. */
void verify_fail(struct export_info *info, enum verify_problem p, struct diag *err,
		 const char *file, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "FILE: the file is corrupt (DETAIL) — ADVICE" */
void verify_corrupt(struct export_info *info, struct diag *err, const char *file,
		    const char *detail);
/* A read through src that failed: damaged content, or the drive failing
 * under us; worded from src->last_code. */
void verify_read_failed(struct db *src, struct export_info *info, struct diag *err);

/* Checks 3 (the manifest), 4 (content checksum), 5 (signature) and 7 (row
 * counts) on a file verify.c opened; fills info from the manifest. */
bool verify_manifest_checks(struct db *src, struct export_info *info, struct diag *err);

#endif
