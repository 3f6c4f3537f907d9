/* Internal to store/: what tally.c and tally_import.c need of the chain
 * (tally_chain.c): its schema step and the record of one export. */
#ifndef VS_STORE_TALLY_CHAIN_INTERNAL_H
#define VS_STORE_TALLY_CHAIN_INTERNAL_H

#include "common/diag.h"
#include "store/tally_internal.h"
#include "store/verify.h"

#include <stdbool.h>
#include <stdint.h>

/* Schema step: the exports of each kiosk by number, the audit log, and a
 * key's predecessor (a re-installed kiosk). */
extern const char tally_chain_step[];

/* Records the verified file's place in its kiosk's chain (nothing for
 * format 2); inside the import's transaction. */
bool tally_chain_record(struct tally *t, const struct export_info *info, int64_t import_id,
			const char *what, struct diag *err);

#endif
