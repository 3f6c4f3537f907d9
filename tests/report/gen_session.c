/* Synthetic visitors (see gen_session.h). */
#include "gen_session.h"

#include <stdlib.h>

struct session *gen_session(struct rng *r, const struct keyset *ks, size_t cards, bool abandon)
{
	size_t n = keyset_count(ks), count = n < cards ? n : cards;
	size_t *kw = malloc((count ? count : 1) * sizeof(*kw));
	if (!kw)
		abort();
	for (size_t i = 0; i < count;) {
		size_t k = (size_t)rng_below(r, n);
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || kw[j] == k;
		if (!dup)
			kw[i++] = k;
	}
	struct session *s = session_create(kw, count);
	enum pile first = PILE_DECK;
	bool one_pile = true;
	for (size_t c = 0; c < count; c++) {
		if (abandon && c >= count / 2)
			break;
		uint64_t roll = rng_below(r, 14), yes = kw[c] % 10 + 1;
		enum pile p = roll < yes ? PILE_YES : roll < yes + 2 ? PILE_NEUTRAL : PILE_NO;
		if (c == 0)
			first = p;
		/* the last card goes elsewhere if all the others went one way */
		if (c + 1 == count && one_pile && count > 1 && p == first)
			p = p == PILE_NO ? PILE_YES : PILE_NO;
		one_pile = one_pile && p == first;
		size_t pos = (size_t)rng_below(r, session_pile_size(s, p) + 1);
		session_move(s, c, p, pos);
	}
	if (abandon)
		session_abandon(s);
	else
		session_complete(s);
	free(kw);
	return s;
}
