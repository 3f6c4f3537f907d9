/* Dealing with balanced exposure: every keyword is shown about as often as
 * every other on a kiosk, so no keyword wins by being seen more. */
#ifndef VS_DEAL_H
#define VS_DEAL_H

#include "common/rng.h"

#include <stddef.h>
#include <stdint.h>

/* Picks min(n, nkeywords) distinct keyword indices into out, always the
 * least-dealt ones (ties broken by rng), in random order, and adds one to
 * each picked keyword's counts[]. If the counts differ by at most one before
 * the deal, they still do after it. Returns how many were picked. */
size_t deal_cards(struct rng *rng, uint32_t *counts, size_t nkeywords, size_t n, size_t *out);

#endif
