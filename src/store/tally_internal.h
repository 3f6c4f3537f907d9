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

#endif
