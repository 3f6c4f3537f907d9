/* The clip cache: a hash table of entries that are also on a doubly linked list in order of
 * use, so both a lookup and an eviction are constant time however many texts a kiosk says. */
#include "speech/cache.h"

#include "common/hash.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *key; /* lang, source and text joined by NUL bytes */
	size_t key_len;
	uint64_t hash;
	struct speech_clip *clip;
	size_t bytes;
	struct entry *next_in_bucket;
	struct entry *newer, *older; /* speech_cache::newest ... oldest */
};

struct speech_cache {
	struct entry **buckets;
	size_t nbuckets, count, bytes, max_bytes;
	struct entry *newest, *oldest;
};

/* The three parts with their terminators, so ("a", "bc") and ("ab", "c") differ. */
static char *join_key(const struct speech_cache_key *k, size_t *len)
{
	size_t a = strlen(k->lang) + 1, b = strlen(k->source) + 1, c = strlen(k->text) + 1;
	char *s = xmalloc(a + b + c);
	memcpy(s, k->lang, a);
	memcpy(s + a, k->source, b);
	memcpy(s + a + b, k->text, c);
	*len = a + b + c;
	return s;
}

struct speech_cache *speech_cache_create(size_t max_bytes)
{
	struct speech_cache *c = xcalloc(1, sizeof(*c));
	c->nbuckets = 64;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->max_bytes = max_bytes;
	return c;
}

static void entry_free(struct entry *e)
{
	speech_clip_unref(e->clip);
	free(e->key);
	free(e);
}

void speech_cache_destroy(struct speech_cache *c)
{
	if (!c)
		return;
	for (struct entry *e = c->newest, *next; e; e = next) {
		next = e->older;
		entry_free(e);
	}
	free(c->buckets);
	free(c);
}

static void list_unlink(struct speech_cache *c, struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void list_push_newest(struct speech_cache *c, struct entry *e)
{
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest)
		c->newest->newer = e;
	c->newest = e;
	if (!c->oldest)
		c->oldest = e;
}

static struct entry **find_slot(struct speech_cache *c, const char *key, size_t len, uint64_t hash)
{
	struct entry **slot = &c->buckets[hash & (c->nbuckets - 1)];
	while (*slot && ((*slot)->hash != hash || (*slot)->key_len != len ||
			 memcmp((*slot)->key, key, len) != 0))
		slot = &(*slot)->next_in_bucket;
	return slot;
}

static void remove_entry(struct speech_cache *c, struct entry *e)
{
	struct entry **slot = find_slot(c, e->key, e->key_len, e->hash);
	*slot = e->next_in_bucket;
	list_unlink(c, e);
	c->count--;
	c->bytes -= e->bytes;
	entry_free(e);
}

/* Keeps chains short: at most one entry per bucket on average. */
static void maybe_grow(struct speech_cache *c)
{
	if (c->count < c->nbuckets)
		return;
	size_t n = c->nbuckets * 2;
	struct entry **buckets = xcalloc(n, sizeof(*buckets));
	for (struct entry *e = c->newest; e; e = e->older) {
		struct entry **slot = &buckets[e->hash & (n - 1)];
		e->next_in_bucket = *slot;
		*slot = e;
	}
	free(c->buckets);
	c->buckets = buckets;
	c->nbuckets = n;
}

struct speech_clip *speech_cache_get(struct speech_cache *c, const struct speech_cache_key *key)
{
	size_t len;
	char *k = join_key(key, &len);
	struct entry *e = *find_slot(c, k, len, hash_mix_bytes(HASH_START, k, len));
	free(k);
	if (!e)
		return NULL;
	list_unlink(c, e);
	list_push_newest(c, e);
	return speech_clip_ref(e->clip);
}

void speech_cache_put(struct speech_cache *c, const struct speech_cache_key *key,
		      struct speech_clip *clip)
{
	size_t len;
	char *k = join_key(key, &len);
	uint64_t hash = hash_mix_bytes(HASH_START, k, len);
	struct entry *old = *find_slot(c, k, len, hash);
	if (old)
		remove_entry(c, old);
	size_t bytes = speech_clip_bytes(clip) + len;
	if (bytes > c->max_bytes) {
		free(k);
		return;
	}
	while (c->oldest && c->bytes + bytes > c->max_bytes)
		remove_entry(c, c->oldest);
	struct entry *e = xcalloc(1, sizeof(*e));
	e->key = k;
	e->key_len = len;
	e->hash = hash;
	e->clip = speech_clip_ref(clip);
	e->bytes = bytes;
	maybe_grow(c);
	struct entry **slot = &c->buckets[hash & (c->nbuckets - 1)];
	e->next_in_bucket = *slot;
	*slot = e;
	list_push_newest(c, e);
	c->count++;
	c->bytes += bytes;
}

size_t speech_cache_bytes(const struct speech_cache *c)
{
	return c->bytes;
}

size_t speech_cache_count(const struct speech_cache *c)
{
	return c->count;
}
