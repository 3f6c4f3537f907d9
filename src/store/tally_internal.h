/* Internal to store/: the tally's handle, shared by tally.c,
 * tally_import.c and tally_trust.c. */
#ifndef VS_STORE_TALLY_INTERNAL_H
#define VS_STORE_TALLY_INTERNAL_H

#include "store/db.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stdint.h>

struct tally {
	struct db *db;
	bool accept_unknown; /* quarantine files signed by unknown keys */
	/* total bytes the quarantine may hold; 0 for TALLY_QUARANTINE_MAX
	 * (tally_quarantine.h), smaller in tests */
	int64_t quarantine_max;
};

/* Whether kiosk_id is bound to another trusted key than public_key, one
 * public_key was not registered as the successor of (tally_trust.c):
 * *other is that key (caller frees) or NULL. */
bool tally_trust_stranger(struct tally *t, const char *public_key, const char *kiosk_id,
			  char **other, const char *what, struct diag *err);

#endif
