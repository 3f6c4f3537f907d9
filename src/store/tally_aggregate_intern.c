/* The keys the import's sums are indexed by (tally_aggregate_internal.h):
 * a set, version and keyword, a segment, a group's seven parts, each
 * numbered the first time it is seen. An open-addressing table of its own
 * rather than SQL, because it is asked once for every card imported. */
#include "store/tally_aggregate_internal.h"

#include "common/hash.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void agg_intern_rehash(struct agg_intern *in)
{
	free(in->slots);
	in->nslots = in->nslots ? in->nslots * 2 : 64;
	in->slots = xcalloc(in->nslots, sizeof(*in->slots));
	for (size_t i = 0; i < in->n; i++) {
		size_t at = hash_mix_str(HASH_START, in->keys[i].joined) & (in->nslots - 1);
		while (in->slots[at])
			at = (at + 1) & (in->nslots - 1);
		in->slots[at] = i + 1;
	}
}

size_t agg_intern_get(struct agg_intern *in, struct strbuf *scratch, const char *const *parts,
		      int nparts)
{
	sb_clear(scratch);
	for (int i = 0; i < nparts; i++) {
		/* by hand, not printf: this runs for every card imported */
		char len[24];
		size_t n = strlen(parts[i]), at = sizeof(len);
		len[--at] = ':';
		do {
			len[--at] = (char)('0' + n % 10);
			n /= 10;
		} while (n);
		sb_appendn(scratch, len + at, sizeof(len) - at);
		sb_appendn(scratch, parts[i], strlen(parts[i]));
	}
	if (2 * (in->n + 1) > in->nslots)
		agg_intern_rehash(in);
	size_t at = hash_mix_bytes(HASH_START, scratch->data, scratch->len) & (in->nslots - 1);
	for (; in->slots[at]; at = (at + 1) & (in->nslots - 1))
		if (strcmp(in->keys[in->slots[at] - 1].joined, scratch->data) == 0)
			return in->slots[at] - 1;
	xgrow((void **)&in->keys, &in->cap, in->n + 1, sizeof(*in->keys));
	struct agg_key k = {.joined = xstrdup(scratch->data)};
	for (int i = 0; i < nparts; i++)
		k.part[i] = xstrdup(parts[i]);
	in->keys[in->n] = k;
	in->slots[at] = ++in->n;
	return in->n - 1;
}

void agg_intern_finish(struct agg_intern *in)
{
	for (size_t i = 0; i < in->n; i++) {
		for (int j = 0; j < AGG_PARTS; j++)
			free(in->keys[i].part[j]);
		free(in->keys[i].joined);
	}
	free(in->keys);
	free(in->slots);
	*in = (struct agg_intern){0};
}
