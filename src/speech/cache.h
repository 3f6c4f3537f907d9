/* Clips already made, so that a text spoken twice (a card read again, the same question for
 * every visitor) sounds at once. Keyed by language, source (the voice, or the recording's
 * path) and text; bounded by the memory its clips hold, dropping the least recently used.
 * Not locked: the engine that owns it holds its own lock around every call. */
#ifndef VS_SPEECH_CACHE_H
#define VS_SPEECH_CACHE_H

#include "speech/clip.h"

#include <stddef.h>

struct speech_cache;

struct speech_cache_key {
	const char *lang, *source, *text;
};

/* max_bytes: the most its clips may hold together. */
struct speech_cache *speech_cache_create(size_t max_bytes);
void speech_cache_destroy(struct speech_cache *c); /* NULL-safe; drops its references */

/* A new reference to the clip under key, now the most recently used; NULL when absent. */
struct speech_clip *speech_cache_get(struct speech_cache *c, const struct speech_cache_key *key);
/* Keeps a reference to clip under key (replacing what was there), then drops the least
 * recently used clips until the rest fit. A clip larger than max_bytes is not kept. */
void speech_cache_put(struct speech_cache *c, const struct speech_cache_key *key,
		      struct speech_clip *clip);
size_t speech_cache_bytes(const struct speech_cache *c);
size_t speech_cache_count(const struct speech_cache *c);

#endif
