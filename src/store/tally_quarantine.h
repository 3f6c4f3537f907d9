/* Internal to store/: the tally's quarantine, where a file signed by a key
 * nobody trusted yet is kept whole (with tally_accept_unknown) until the
 * organizers know whose it is: each distinct file once, exactly the bytes
 * that were verified, and no more than a total size, since anyone with a
 * USB stick can make such a file. */
#ifndef VS_STORE_TALLY_QUARANTINE_H
#define VS_STORE_TALLY_QUARANTINE_H

#include "common/diag.h"
#include "store/tally_internal.h"
#include "store/verify.h"

#include <stdbool.h>
#include <stdint.h>

/* All quarantined files together hold at most this much, unless a test
 * sets another limit (tally_internal.h, quarantine_max). */
#define TALLY_QUARANTINE_MAX ((int64_t)128 << 20)

enum tally_quarantine_room {
	QUARANTINE_ROOM,    /* a new file, and room for it */
	QUARANTINE_ALREADY, /* the same bytes are kept already (*kept_as: that import) */
	QUARANTINE_FULL,    /* keeping it would pass the limit */
	QUARANTINE_FAILED,  /* the tally could not be read (one diag line) */
};

/* Whether the file verified into info may be kept; inside the import's
 * transaction. */
enum tally_quarantine_room tally_quarantine_room(struct tally *t, const struct export_info *info,
						 const char *what, int64_t *kept_as,
						 struct diag *err);
/* Keeps info's bytes (the ones verified, not the path read again) under
 * import_id. */
bool tally_quarantine_keep(struct tally *t, int64_t import_id, const struct export_info *info,
			   const char *what, struct diag *err);
/* The limit in effect, for messages. */
int64_t tally_quarantine_max(const struct tally *t);

#endif
