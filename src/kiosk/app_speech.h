/* The kiosk's voice: the speech room (texts into clips, off the frame loop) and the sound
 * device, joined into utterances that a visitor hears and can interrupt. An utterance is a
 * few parts said one after another, each in its own language (a card's label, maybe recorded,
 * then where the card lies, synthesised); a new utterance silences the one before at once.
 *
 * Nothing here waits: app_speech_end asks for the clips and returns, the worker wakes the
 * loop when one is ready (the wake function), and app_speech_poll plays what is ready. What
 * is said, and when, is app_speech_say.c's business; this file only says it. */
#ifndef VS_APP_SPEECH_H
#define VS_APP_SPEECH_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "model/catalog.h"
#include "model/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app_speech;

struct app_speech_options {
	const struct catalog *cat;  /* the voices come from its language files; must outlive */
	const char *recordings_dir; /* assets/speech; NULL for none */
	/* what the keyword set and the language files name (kiosk/recorded.h); copied */
	const struct speech_recording *named;
	size_t nnamed;
	enum config_speech mode; /* CONFIG_SPEECH_OFF: no sound device is even opened */
	int volume_db;		 /* each visit starts at this */
	void (*wake)(void *ctx); /* called from the worker: a clip is ready */
	void *wake_ctx;
	/* The "speech" trace line of each utterance as it starts; NULL for none. */
	void (*trace)(void *ctx, const struct strbuf *line);
	void *trace_ctx;
	int64_t t0; /* the trace's zero, on clock_mono_ms */
};

/* Starts the speech room and opens the sound device. Without a device (or with mode off) the
 * kiosk is silent: never NULL, but app_speech_can_speak says false, and err says why unless
 * the mode asked for silence. */
struct app_speech *app_speech_create(const struct app_speech_options *o, struct diag *err);
void app_speech_destroy(struct app_speech *s); /* NULL-safe; stops the worker first */

/* Whether the kiosk can speak at all (a device, and speech not switched off). */
bool app_speech_can_speak(const struct app_speech *s);
/* Whether language lang (a catalog index) has any speech: a voice or a recording. */
bool app_speech_offers(const struct app_speech *s, size_t lang);
/* Whether text id in lang would be said: its recording, or the language's voice. */
bool app_speech_speakable(const struct app_speech *s, size_t lang, const char *id);

/* An utterance, built part by part: begin silences what is playing and forgets what was
 * asked before; why ("scene", "focus", "drop", "tap", ...) and id (the main text's id) are
 * for the trace; asked_ms (clock_mono_ms) is when the visitor acted, where latency starts.
 * A part whose text nothing can say is left out. */
void app_speech_begin(struct app_speech *s, const char *why, size_t lang, const char *id,
		      int64_t asked_ms);
void app_speech_part(struct app_speech *s, size_t lang, const char *id, const char *text);
/* Asks for the parts' clips; what is cached plays at once. */
void app_speech_end(struct app_speech *s);
/* The last utterance again (the "repeat" key); false when there was none. */
bool app_speech_repeat(struct app_speech *s, int64_t asked_ms);
/* Silence now, and nothing pending. */
void app_speech_stop(struct app_speech *s);
/* Has a text made ahead, for a speaker button or a focus that may come. */
void app_speech_prefetch(struct app_speech *s, size_t lang, const char *id, const char *text);

/* Plays the parts that are ready, in order. Call from the loop after each wake. */
void app_speech_poll(struct app_speech *s);
/* Whether an utterance is playing or still being made. */
bool app_speech_busy(struct app_speech *s);
/* Tap-to-sound: ms from the last utterance's asked_ms to its first sound, or -1 while it has
 * not sounded (or never will). */
int64_t app_speech_latency_ms(struct app_speech *s);

/* Volume in dB (clamped to the config's range): set for this visit, stepped by the keypad's
 * + and -, or back to the kiosk's default; the default is the config's until staff change it. */
void app_speech_set_volume(struct app_speech *s, int db);
int app_speech_volume(const struct app_speech *s);
void app_speech_set_default_volume(struct app_speech *s, int db);
int app_speech_default_volume(const struct app_speech *s);

#endif
