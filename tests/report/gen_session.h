/* Synthetic visitors for the report tests and the benchmark: a session
 * dealt and sorted by the real model with piles drawn at random, biased
 * per keyword so that the ranking is not flat, and never with every card
 * in one pile (the tally flags that as noise; planted misuse is made on
 * purpose, elsewhere). */
#ifndef VS_TEST_GEN_SESSION_H
#define VS_TEST_GEN_SESSION_H

#include "common/rng.h"
#include "model/keyset.h"
#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>

/* cards distinct keywords of ks (fewer if the set is smaller), each placed
 * with keyword k saying yes with about (k mod 10 + 1) chances in 14;
 * abandon leaves the second half in the deck. Caller destroys. */
struct session *gen_session(struct rng *r, const struct keyset *ks, size_t cards, bool abandon);

#endif
