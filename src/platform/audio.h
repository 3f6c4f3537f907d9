/* Playing speech: one SDL audio device that plays one clip at a time, 16-bit mono PCM at
 * any rate, at a volume staff set in decibels. A new clip replaces the one playing (a
 * visitor who taps the next card wants that card, not the end of the last one).
 *
 * Under SDL's disk driver (SDL_AUDIODRIVER=disk, SDL_DISKAUDIOFILE=path) everything played
 * is written to a file as raw samples in the device's format (audio_rate, mono, signed
 * 16-bit native endian), in real time, so tests can hear what a visitor would. */
#ifndef VS_PLATFORM_AUDIO_H
#define VS_PLATFORM_AUDIO_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct audio;

/* The volume range: 30 dB, from quiet enough for a reading room to full scale (speech from
 * espeak-ng peaks near full scale, so more would clip). */
#define AUDIO_VOLUME_MIN_DB (-30.0)
#define AUDIO_VOLUME_MAX_DB 0.0

/* Opens the default output device. NULL with one diag line when there is none: a kiosk
 * without sound still works, without speech. */
struct audio *audio_open(struct diag *err);
void audio_close(struct audio *a); /* stops playing; NULL-safe */

/* Plays samples (copied) from the start, instead of whatever was playing. False with a
 * diag line when rate is not a sample rate SDL can convert from. */
bool audio_play(struct audio *a, const int16_t *samples, size_t frames, int rate, struct diag *err);
/* As audio_play; *at gets the device's frame count (audio_frames_out) at which the clip
 * begins: with SDL's disk driver, the clip's first frame in the capture file. */
bool audio_play_at(struct audio *a, const int16_t *samples, size_t frames, int rate, uint64_t *at,
		   struct diag *err);
/* Plays samples (copied) after whatever is playing or queued: the next part of one
 * utterance (a recorded label, then the voice saying where the card lies). At most a few
 * parts wait; beyond that the oldest that has sounded make room. */
bool audio_queue(struct audio *a, const int16_t *samples, size_t frames, int rate,
		 struct diag *err);
/* Silences the device at once and drops what was queued: the visitor interrupted. */
void audio_stop(struct audio *a);
/* Whether a clip is still sounding, or queued to. */
bool audio_playing(struct audio *a);
/* Frames handed to the device since it opened, silence included: the device's own clock. */
uint64_t audio_frames_out(struct audio *a);
/* The monotonic time (common/clock.h) at which the playing clip's first samples went to
 * the device, or 0 when they have not yet: where tap-to-sound latency ends. */
int64_t audio_started_ms(struct audio *a);

/* Sets the volume, clamped to [AUDIO_VOLUME_MIN_DB, AUDIO_VOLUME_MAX_DB]; takes effect
 * within one device buffer, also for a clip that is playing. */
void audio_set_volume_db(struct audio *a, double db);
double audio_volume_db(const struct audio *a);

/* The device's sample rate: what a capture file holds. */
int audio_rate(const struct audio *a);

#endif
