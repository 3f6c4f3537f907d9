/* The tally's side of the export chain (docs/export-format.md, "The
 * chain"): which of each kiosk's numbered exports it holds, which are
 * missing and when their sessions ended, and which came twice with other
 * content; and the kiosk keys registered as successors of others (a kiosk
 * re-installed). No file missed, none replayed. */
#ifndef VS_TALLY_CHAIN_H
#define VS_TALLY_CHAIN_H

#include "common/diag.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A run of missing exports first..last of one kiosk. Their sessions ended
 * after `from` (the export before them, NULL when they are the first) and
 * no later than `to` (the export after them says when its predecessor was
 * written). ISO 8601 UTC. */
struct tally_chain_gap {
	int64_t first, last;
	const char *from;
	const char *to;
};

/* One kiosk (one kiosk id) that sent numbered exports (format 3). */
struct tally_chain {
	const char *kiosk_id;
	const char *site; /* its site, NULL when none is known */
	int64_t highest;  /* the highest export number seen */
	int64_t held;	  /* how many of 1..highest the tally holds */
	const struct tally_chain_gap *gaps;
	size_t ngaps;
	/* numbers that came as two different files (a kiosk log restored
	 * from a backup, or a copy kept from a failed export) */
	const int64_t *doubled;
	size_t ndoubled;
	/* numbers whose link does not name the export before them the tally
	 * holds: one of the two is not the kiosk's own sequence */
	const int64_t *unlinked;
	size_t nunlinked;
	/* the kiosk this one took over from (its key registered with
	 * tally_trust_successor), or NULL */
	const char *predecessor_site;
	const char *predecessor_kiosk_id;
};

/* Calls fn once per kiosk with numbered exports, ordered by site and kiosk
 * id; everything fn sees lives until it returns. */
bool tally_chains(struct tally *t, void (*fn)(void *ctx, const struct tally_chain *c), void *ctx,
		  struct diag *err);

#endif
