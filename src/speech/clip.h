/* A clip: one stretch of speech as 16-bit mono PCM, whether synthesised or decoded from a
 * recording. The worker that makes it, the cache that keeps it and the caller that plays it
 * all hold it at once, so it is immutable once made and counts its references. */
#ifndef VS_SPEECH_CLIP_H
#define VS_SPEECH_CLIP_H

#include <stddef.h>
#include <stdint.h>

enum speech_source {
	SPEECH_SOURCE_NONE,	   /* nothing can say this text */
	SPEECH_SOURCE_RECORDED,	   /* a recording under assets/speech/ */
	SPEECH_SOURCE_SYNTHESISED, /* espeak-ng, in the language's voice */
};

struct speech_clip;

/* Takes ownership of samples (from xmalloc; may be NULL when frames is 0). The new clip has
 * one reference, the caller's. */
struct speech_clip *speech_clip_create(int16_t *samples, size_t frames, int rate,
				       enum speech_source source);
/* Another reference to the same clip; safe from any thread. */
struct speech_clip *speech_clip_ref(struct speech_clip *c);
/* Drops a reference; the last one frees the clip. NULL-safe, safe from any thread. */
void speech_clip_unref(struct speech_clip *c);

const int16_t *speech_clip_samples(const struct speech_clip *c);
size_t speech_clip_frames(const struct speech_clip *c);
int speech_clip_rate(const struct speech_clip *c); /* frames per second */
double speech_clip_seconds(const struct speech_clip *c);
enum speech_source speech_clip_source(const struct speech_clip *c);
/* Memory the clip holds, as the cache counts it. */
size_t speech_clip_bytes(const struct speech_clip *c);

/* A buffer that grows as PCM arrives (from espeak-ng's callback, from a decoder) and is then
 * handed to a clip without a copy. */
struct pcm_builder {
	int16_t *samples;
	size_t frames, cap;
};
void pcm_builder_append(struct pcm_builder *b, const int16_t *samples, size_t frames);
/* Makes the clip and leaves the builder empty. */
struct speech_clip *pcm_builder_finish(struct pcm_builder *b, int rate, enum speech_source source);
void pcm_builder_discard(struct pcm_builder *b);

#endif
