/* Internal to store/: the tally's handle, shared by tally.c,
 * tally_import.c and tally_trust.c. */
#ifndef VS_STORE_TALLY_INTERNAL_H
#define VS_STORE_TALLY_INTERNAL_H

#include "store/db.h"
#include "store/tally.h"

#include <stdbool.h>

struct tally {
	struct db *db;
	bool accept_unknown; /* quarantine files signed by unknown keys */
};

#endif
