/* Misuse and noise rules (see misuse.h). */
#include "model/misuse.h"

#include "common/hash.h"

#include <stdlib.h>
#include <string.h>

void misuse_rules_default(struct misuse_rules *r)
{
	r->min_ms_per_card = 1000;
	r->repeat_window_ms = 10 * 60 * 1000;
}

unsigned misuse_check(const struct misuse_rules *r, bool completed, int64_t started_ms,
		      int64_t ended_ms, const enum pile *piles, size_t n)
{
	unsigned flags = 0;
	size_t placed = 0, first = 0;
	bool one = true;
	for (size_t i = 0; i < n; i++) {
		if (piles[i] == PILE_DECK) {
			one = false;
			continue;
		}
		if (placed++ == 0)
			first = i;
		one = one && piles[i] == piles[first];
	}
	if (placed && r->min_ms_per_card > 0 &&
	    ended_ms - started_ms < r->min_ms_per_card * (int64_t)placed)
		flags |= MISUSE_FAST;
	if (completed && one && n >= MISUSE_ONE_PILE_CARDS)
		flags |= MISUSE_ONE_PILE;
	return flags;
}

static int misuse_by_answers(const void *a, const void *b)
{
	const struct misuse_item *x = a, *y = b;
	if (x->answers != y->answers)
		return x->answers < y->answers ? -1 : 1;
	if (x->started_ms != y->started_ms)
		return x->started_ms < y->started_ms ? -1 : 1;
	return strcmp(x->uuid, y->uuid);
}

void misuse_mark_repeats(const struct misuse_rules *r, struct misuse_item *items, size_t n)
{
	qsort(items, n, sizeof(*items), misuse_by_answers);
	for (size_t i = 0; i < n; i++) {
		bool repeat = r->repeat_window_ms > 0 && i > 0 &&
			      items[i - 1].answers == items[i].answers &&
			      items[i].started_ms - items[i - 1].started_ms <= r->repeat_window_ms;
		items[i].flags = repeat ? items[i].flags | MISUSE_REPEAT
					: items[i].flags & ~(unsigned)MISUSE_REPEAT;
	}
}

/* FNV-1a, 64 bits: stable across machines and builds, which a stored
 * digest must be; a collision costs at most one wrong flag. */
static void misuse_feed(struct misuse_digest *d, const char *s)
{
	d->h = hash_mix_str(d->h, s);
	d->h = hash_mix_bytes(d->h, "\x1f", 1); /* a separator no id holds */
}

void misuse_digest_init(struct misuse_digest *d, const char *set_id, const char *set_version)
{
	d->h = HASH_START;
	misuse_feed(d, set_id ? set_id : "");
	misuse_feed(d, set_version ? set_version : "");
}

void misuse_digest_card(struct misuse_digest *d, const char *keyword_id, enum pile p, int64_t rank)
{
	char num[24];
	misuse_feed(d, keyword_id ? keyword_id : "");
	num[0] = (char)('0' + (int)p);
	num[1] = '\0';
	misuse_feed(d, num);
	int len = 0;
	char tmp[24];
	uint64_t v = rank > 0 ? (uint64_t)rank : 0;
	do {
		tmp[len++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	for (int i = 0; i < len; i++)
		num[i] = tmp[len - 1 - i];
	num[len] = '\0';
	misuse_feed(d, num);
}

uint64_t misuse_digest_final(const struct misuse_digest *d)
{
	return d->h;
}

const char *misuse_name(enum misuse_flag f)
{
	switch (f) {
	case MISUSE_FAST:
		return "too fast";
	case MISUSE_ONE_PILE:
		return "one pile";
	case MISUSE_REPEAT:
		return "repeat";
	default:
		return "flagged";
	}
}
