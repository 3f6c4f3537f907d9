/* Clips and the buffer they are built in. The reference count is atomic because the worker
 * drops its reference while the kiosk may still be playing the same clip. */
#include "speech/clip.h"

#include "common/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct speech_clip {
	atomic_size_t refs;
	int16_t *samples;
	size_t frames;
	int rate;
	enum speech_source source;
};

struct speech_clip *speech_clip_create(int16_t *samples, size_t frames, int rate,
				       enum speech_source source)
{
	struct speech_clip *c = xcalloc(1, sizeof(*c));
	atomic_init(&c->refs, 1);
	c->samples = samples;
	c->frames = frames;
	c->rate = rate;
	c->source = source;
	return c;
}

struct speech_clip *speech_clip_ref(struct speech_clip *c)
{
	atomic_fetch_add(&c->refs, 1);
	return c;
}

void speech_clip_unref(struct speech_clip *c)
{
	if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	free(c->samples);
	free(c);
}

const int16_t *speech_clip_samples(const struct speech_clip *c)
{
	return c->samples;
}

size_t speech_clip_frames(const struct speech_clip *c)
{
	return c->frames;
}

int speech_clip_rate(const struct speech_clip *c)
{
	return c->rate;
}

double speech_clip_seconds(const struct speech_clip *c)
{
	return c->rate > 0 ? (double)c->frames / c->rate : 0.0;
}

enum speech_source speech_clip_source(const struct speech_clip *c)
{
	return c->source;
}

size_t speech_clip_bytes(const struct speech_clip *c)
{
	return sizeof(*c) + c->frames * sizeof(*c->samples);
}

void pcm_builder_append(struct pcm_builder *b, const int16_t *samples, size_t frames)
{
	xgrow((void **)&b->samples, &b->cap, b->frames + frames, sizeof(*b->samples));
	memcpy(b->samples + b->frames, samples, frames * sizeof(*samples));
	b->frames += frames;
}

struct speech_clip *pcm_builder_finish(struct pcm_builder *b, int rate, enum speech_source source)
{
	/* a clip lives long in the cache: give back what growing over-allocated */
	int16_t *samples = b->frames ? xrealloc(b->samples, b->frames * sizeof(*b->samples)) : NULL;
	if (!b->frames)
		free(b->samples);
	struct speech_clip *c = speech_clip_create(samples, b->frames, rate, source);
	memset(b, 0, sizeof(*b));
	return c;
}

void pcm_builder_discard(struct pcm_builder *b)
{
	free(b->samples);
	memset(b, 0, sizeof(*b));
}
