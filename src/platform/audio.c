/* Speech output through SDL's audio callback. A clip is converted to the device's rate
 * once, before it starts (SDL_AudioStream), so the callback only copies and scales: it runs
 * on SDL's audio thread, and anything slow there is a click a visitor hears. The callback
 * and the caller share the clip under SDL's device lock; the volume is an atomic so that a
 * change needs no lock. */
#include "platform/audio.h"

#include "common/clock.h"
#include "common/xalloc.h"

#include <SDL.h>

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* About 20 ms a buffer at 48 kHz: a tap is heard within a buffer or two. */
#define DEVICE_FRAMES 1024
#define GAIN_ONE 65536 /* gains are fixed point, 16 fraction bits */
#define QUEUE_MAX 8    /* the parts of one utterance: a recorded label, then a voice */

struct audio {
	SDL_AudioDeviceID dev;
	int rate;
	/* under the device lock: clips [head, count) are still to sound, clips before head have
	 * sounded and are freed by the caller's next call (never in the callback, where a free
	 * could wait on a lock) */
	int16_t *clip[QUEUE_MAX];
	size_t frames[QUEUE_MAX];
	size_t count, head, pos;
	bool fresh; /* audio_play's first clip has not begun */
	int64_t started_ms;
	uint64_t frames_out;
	/* lock-free: */
	atomic_int gain;
	double volume_db;
};

static void audio_callback(void *user, Uint8 *stream, int len)
{
	struct audio *a = user;
	int16_t *out = (int16_t *)stream;
	size_t want = (size_t)len / sizeof(*out), done = 0;
	long gain = atomic_load(&a->gain);
	while (done < want && a->head < a->count) {
		const int16_t *clip = a->clip[a->head];
		size_t left = a->frames[a->head] - a->pos;
		size_t n = left < want - done ? left : want - done;
		for (size_t i = 0; i < n; i++)
			out[done + i] = (int16_t)((clip[a->pos + i] * gain) / GAIN_ONE);
		if (n && a->fresh) {
			a->started_ms = clock_mono_ms();
			a->fresh = false;
		}
		done += n;
		a->pos += n;
		if (a->pos == a->frames[a->head]) {
			a->head++;
			a->pos = 0;
		}
	}
	memset(out + done, 0, (want - done) * sizeof(*out));
	a->frames_out += want;
}

struct audio *audio_open(struct diag *err)
{
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		diag_add(err, "no sound: %s", SDL_GetError());
		return NULL;
	}
	struct audio *a = xcalloc(1, sizeof(*a));
	atomic_init(&a->gain, GAIN_ONE);
	SDL_AudioSpec want = {0}, have;
	want.freq = 48000;
	want.format = AUDIO_S16SYS;
	want.channels = 1; /* SDL spreads it over a stereo device's channels */
	want.samples = DEVICE_FRAMES;
	want.callback = audio_callback;
	want.userdata = a;
	/* only the rate may differ: every clip is converted to it anyway */
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
	if (a->dev == 0) {
		diag_add(err, "no sound: cannot open the audio device: %s", SDL_GetError());
		free(a);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return NULL;
	}
	a->rate = have.freq;
	SDL_PauseAudioDevice(a->dev, 0);
	return a;
}

void audio_close(struct audio *a)
{
	if (!a)
		return;
	SDL_CloseAudioDevice(a->dev); /* waits for the callback to return */
	for (size_t i = 0; i < a->count; i++)
		free(a->clip[i]);
	free(a);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

/* samples at rate, resampled to the device's rate; *frames is in and out. */
static int16_t *convert(const struct audio *a, const int16_t *samples, size_t *frames, int rate,
			struct diag *err)
{
	if (rate == a->rate) {
		int16_t *copy = xmalloc(*frames * sizeof(*copy) + 1);
		memcpy(copy, samples, *frames * sizeof(*copy));
		return copy;
	}
	SDL_AudioStream *s = SDL_NewAudioStream(AUDIO_S16SYS, 1, rate, AUDIO_S16SYS, 1, a->rate);
	if (!s) {
		diag_add(err, "cannot play sound at %d Hz: %s", rate, SDL_GetError());
		return NULL;
	}
	/* SDL 2.26's resampler keeps back its last few milliseconds even when flushed, so
	 * silence is fed after the clip and what comes out is cut to the clip's length */
	size_t pad = (size_t)rate / 10;
	int16_t *silence = xcalloc(pad, sizeof(*silence));
	bool ok = SDL_AudioStreamPut(s, samples, (int)(*frames * sizeof(*samples))) == 0 &&
		  SDL_AudioStreamPut(s, silence, (int)(pad * sizeof(*silence))) == 0 &&
		  SDL_AudioStreamFlush(s) == 0;
	free(silence);
	int avail = ok ? SDL_AudioStreamAvailable(s) : 0;
	int16_t *out = xmalloc((size_t)avail + sizeof(*out));
	int got = ok ? SDL_AudioStreamGet(s, out, avail) : -1;
	SDL_FreeAudioStream(s);
	if (got < 0) {
		diag_add(err, "cannot convert sound from %d Hz: %s", rate, SDL_GetError());
		free(out);
		return NULL;
	}
	size_t want = (size_t)((double)*frames * a->rate / rate + 0.5);
	*frames = (size_t)got / sizeof(*out) < want ? (size_t)got / sizeof(*out) : want;
	return out;
}

/* Under the lock: takes the clips that have sounded (all of them with everything) out of
 * the queue into gone[], for the caller to free once the lock is let go. */
static size_t take_sounded(struct audio *a, bool everything, int16_t **gone)
{
	size_t end = everything ? a->count : a->head, n = 0;
	for (size_t i = 0; i < end; i++)
		gone[n++] = a->clip[i];
	memmove(a->clip, a->clip + end, (a->count - end) * sizeof(*a->clip));
	memmove(a->frames, a->frames + end, (a->count - end) * sizeof(*a->frames));
	a->count -= end;
	a->head -= everything ? a->head : end;
	if (everything)
		a->pos = 0;
	return n;
}

static void free_all(int16_t **gone, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(gone[i]);
}

/* Puts clip in the queue, after everything when replace is false. */
static uint64_t enqueue(struct audio *a, int16_t *clip, size_t frames, bool replace)
{
	int16_t *gone[QUEUE_MAX];
	SDL_LockAudioDevice(a->dev);
	size_t n = take_sounded(a, replace, gone);
	if (a->count == QUEUE_MAX) /* nothing has sounded: the last part waiting gives way */
		gone[n++] = a->clip[--a->count];
	a->clip[a->count] = clip;
	a->frames[a->count++] = frames;
	if (replace) {
		a->fresh = true;
		a->started_ms = 0;
	}
	uint64_t at = a->frames_out;
	SDL_UnlockAudioDevice(a->dev);
	free_all(gone, n);
	return at;
}

/* Checks the rate, converts the clip and queues it (after everything when replace is
 * false); at, where given, gets the frame it starts at. */
static bool submit(struct audio *a, const int16_t *samples, size_t frames, int rate, bool replace,
		   uint64_t *at, struct diag *err)
{
	if (rate < 1000 || rate > 384000) {
		diag_add(err, "cannot play sound at %d Hz", rate);
		return false;
	}
	int16_t *clip = convert(a, samples, &frames, rate, err);
	if (!clip)
		return false;
	uint64_t start = enqueue(a, clip, frames, replace);
	if (at)
		*at = start;
	return true;
}

bool audio_play(struct audio *a, const int16_t *samples, size_t frames, int rate, struct diag *err)
{
	return audio_play_at(a, samples, frames, rate, NULL, err);
}

bool audio_play_at(struct audio *a, const int16_t *samples, size_t frames, int rate, uint64_t *at,
		   struct diag *err)
{
	return submit(a, samples, frames, rate, true, at, err);
}

bool audio_queue(struct audio *a, const int16_t *samples, size_t frames, int rate, struct diag *err)
{
	return submit(a, samples, frames, rate, false, NULL, err);
}

void audio_stop(struct audio *a)
{
	int16_t *gone[QUEUE_MAX];
	SDL_LockAudioDevice(a->dev);
	size_t n = take_sounded(a, true, gone);
	a->fresh = false;
	a->started_ms = 0;
	SDL_UnlockAudioDevice(a->dev);
	free_all(gone, n);
}

bool audio_playing(struct audio *a)
{
	SDL_LockAudioDevice(a->dev);
	bool playing = a->head < a->count;
	SDL_UnlockAudioDevice(a->dev);
	return playing;
}

uint64_t audio_frames_out(struct audio *a)
{
	SDL_LockAudioDevice(a->dev);
	uint64_t n = a->frames_out;
	SDL_UnlockAudioDevice(a->dev);
	return n;
}

int64_t audio_started_ms(struct audio *a)
{
	SDL_LockAudioDevice(a->dev);
	int64_t t = a->started_ms;
	SDL_UnlockAudioDevice(a->dev);
	return t;
}

void audio_set_volume_db(struct audio *a, double db)
{
	db = db < AUDIO_VOLUME_MIN_DB	? AUDIO_VOLUME_MIN_DB
	     : db > AUDIO_VOLUME_MAX_DB ? AUDIO_VOLUME_MAX_DB
					: db;
	a->volume_db = db;
	atomic_store(&a->gain, (int)lround(pow(10.0, db / 20.0) * GAIN_ONE));
}

double audio_volume_db(const struct audio *a)
{
	return a->volume_db;
}

int audio_rate(const struct audio *a)
{
	return a->rate;
}
