/* Internal to store/: the tally's handle, shared by tally.c,
 * tally_import.c, tally_rows.c and tally_trust.c. */
#ifndef VS_STORE_TALLY_INTERNAL_H
#define VS_STORE_TALLY_INTERNAL_H

#include "model/misuse.h"
#include "store/db.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stdint.h>

struct tally {
	struct db *db;
	bool accept_unknown;	   /* quarantine files signed by unknown keys */
	struct misuse_rules rules; /* as the tally's meta records them */
	/* total bytes the quarantine may hold; 0 for TALLY_QUARANTINE_MAX
	 * (tally_quarantine.h), smaller in tests */
	int64_t quarantine_max;
};

/* Brings the kept statistics up to date with the raw rows (tally_open, and
 * each import before it adds): judged and rebuilt when missing, summed past
 * the watermarks when behind, untouched (nothing written) when current.
 * Inside the caller's transaction when in_tx, else in one of its own. */
bool tally_aggregates_ready(struct tally *t, bool in_tx, const char *what, struct diag *err);

/* Whether kiosk_id is bound to another trusted key than public_key, one
 * public_key was not registered as the successor of (tally_trust.c):
 * *other is that key (caller frees) or NULL. */
bool tally_trust_stranger(struct tally *t, const char *public_key, const char *kiosk_id,
			  char **other, const char *what, struct diag *err);

#endif
