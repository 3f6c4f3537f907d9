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

struct audio {
	SDL_AudioDeviceID dev;
	int rate;
	/* under the device lock: */
	int16_t *clip;
	size_t frames, pos;
	int64_t started_ms;
	/* lock-free: */
	atomic_int gain;
	double volume_db;
};

static void audio_callback(void *user, Uint8 *stream, int len)
{
	struct audio *a = user;
	int16_t *out = (int16_t *)stream;
	size_t want = (size_t)len / sizeof(*out);
	size_t n = a->frames - a->pos < want ? a->frames - a->pos : want;
	long gain = atomic_load(&a->gain);
	for (size_t i = 0; i < n; i++)
		out[i] = (int16_t)((a->clip[a->pos + i] * gain) / GAIN_ONE);
	if (n && a->pos == 0)
		a->started_ms = clock_mono_ms();
	a->pos += n;
	memset(out + n, 0, (want - n) * sizeof(*out));
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
	free(a->clip);
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

bool audio_play(struct audio *a, const int16_t *samples, size_t frames, int rate, struct diag *err)
{
	if (rate < 1000 || rate > 384000) {
		diag_add(err, "cannot play sound at %d Hz", rate);
		return false;
	}
	int16_t *clip = convert(a, samples, &frames, rate, err);
	if (!clip)
		return false;
	SDL_LockAudioDevice(a->dev);
	int16_t *old = a->clip;
	a->clip = clip;
	a->frames = frames;
	a->pos = 0;
	a->started_ms = 0;
	SDL_UnlockAudioDevice(a->dev);
	free(old);
	return true;
}

void audio_stop(struct audio *a)
{
	SDL_LockAudioDevice(a->dev);
	int16_t *old = a->clip;
	a->clip = NULL;
	a->frames = a->pos = 0;
	a->started_ms = 0;
	SDL_UnlockAudioDevice(a->dev);
	free(old);
}

bool audio_playing(struct audio *a)
{
	SDL_LockAudioDevice(a->dev);
	bool playing = a->pos < a->frames;
	SDL_UnlockAudioDevice(a->dev);
	return playing;
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
