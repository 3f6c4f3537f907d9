/* Balanced dealing: the least-shown keywords first, so exposure stays even across visitors,
 * with the choice among equally shown ones and the card order left to chance. */
#include "model/deal.h"

#include <stdbool.h>

/* The smallest count above "above" (or the smallest of all when first), UINT32_MAX if none. */
static uint32_t deal_next_level(const uint32_t *counts, size_t nkeywords, bool first,
				uint32_t above)
{
	uint32_t level = UINT32_MAX;
	for (size_t i = 0; i < nkeywords; i++)
		if ((first || counts[i] > above) && counts[i] < level)
			level = counts[i];
	return level;
}

size_t deal_cards(struct rng *rng, uint32_t *counts, size_t nkeywords, size_t n, size_t *out)
{
	size_t want = n < nkeywords ? n : nkeywords;
	size_t got = 0;
	uint32_t level = deal_next_level(counts, nkeywords, true, 0);
	/* Counts are only raised at the end, so each level is still intact while it is read;
	 * the level that has more keywords than places left is sampled uniformly (selection
	 * sampling), which is what breaks ties at random. */
	while (got < want) {
		size_t at_level = 0;
		for (size_t i = 0; i < nkeywords; i++)
			at_level += counts[i] == level;
		size_t need = want - got;
		for (size_t i = 0; i < nkeywords && need > 0; i++) {
			if (counts[i] != level)
				continue;
			if (rng_below(rng, at_level) < need) {
				out[got++] = i;
				need--;
			}
			at_level--;
		}
		level = deal_next_level(counts, nkeywords, false, level);
	}
	/* Fisher-Yates, so the deck order says nothing about exposure or file order. */
	for (size_t i = got; i > 1; i--) {
		size_t j = (size_t)rng_below(rng, i);
		size_t t = out[i - 1];
		out[i - 1] = out[j];
		out[j] = t;
	}
	for (size_t i = 0; i < got; i++)
		counts[out[i]]++;
	return got;
}
