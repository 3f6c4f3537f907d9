/* The tally's audit log: every import, quarantine, rejection and trust
 * change, with its time, for the organizers to show what was counted and
 * what was turned away (`visionsort tally --audit`). File names without
 * their folders, kiosk ids, the first 16 hex digits of public keys and
 * file checksums; no paths, no personal data (docs/PRIVACY.md). */
#ifndef VS_TALLY_AUDIT_H
#define VS_TALLY_AUDIT_H

#include "common/diag.h"
#include "store/tally.h"

#include <stdbool.h>

struct tally_audit_entry {
	const char *at;	     /* ISO 8601 UTC */
	const char *event;   /* "imported", "quarantined", "rejected", "trusted" */
	const char *subject; /* a file name, or "kiosk key 3e6a2802370b3405" */
	const char *detail;
};

/* Calls fn for every entry, oldest first. */
bool tally_audit_list(struct tally *t, void (*fn)(void *ctx, const struct tally_audit_entry *e),
		      void *ctx, struct diag *err);

#endif
