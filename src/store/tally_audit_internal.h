/* Internal to store/: writing the tally's audit log (tally_audit.c) from
 * the import and from trust. */
#ifndef VS_STORE_TALLY_AUDIT_INTERNAL_H
#define VS_STORE_TALLY_AUDIT_INTERNAL_H

#include "common/diag.h"
#include "store/tally.h"
#include "store/tally_audit.h"
#include "store/verify.h"

#include <stdbool.h>

/* One entry; inside the caller's transaction when one is open, else in
 * one of its own. */
bool tally_audit(struct tally *t, const char *event, const char *subject, const char *detail,
		 struct diag *err);

/* The entry for one finished import of file: what became of it and, for
 * a rejection, why (its line, without the path and the advice). Best
 * effort and silent: an import that failed for the tally's own reasons
 * (IMPORT_TALLY_FAILED) is not written, and neither is anything when the
 * tally cannot be written. */
void tally_audit_import(struct tally *t, const char *file, const struct export_info *info,
			enum import_status status, const struct import_result *r, const char *line);

/* "kiosk key 3e6a2802370b3405": how the audit names a key. */
void tally_audit_key_name(const char *public_key, char out[32]);

#endif
