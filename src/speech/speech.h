/* Speech for visitors who cannot read the screen: texts in the visit's language become clips
 * of PCM that the platform plays.
 *
 * A text is said from a recording when assets/speech/<lang>/<text-id>.ogg (or .wav) exists,
 * else synthesised by espeak-ng in the voice the language's file names, else not at all:
 * speech_source_of says which, so a scene can hide a speaker button that would do nothing.
 * Making a clip happens on a worker thread, never the caller's, and clips are cached by
 * language, voice and text, so a text heard before is ready at once.
 *
 * The life of a request, each step with its function:
 *
 *   speech_say() --(cache hit)--------------------------------------> READY
 *        |                                                            ^
 *        +--> queued --(worker takes it)--> running --(clip made)----+--> speech_take()
 *               |                              |                          or speech_wait()
 *               +---- speech_cancel() ---------+--> gone (the worker stops espeak-ng mid-text)
 *
 * Every call is safe from any thread; the kiosk makes them from its frame loop and learns
 * that a clip is ready from the notify callback (which may wake its event loop). */
#ifndef VS_SPEECH_H
#define VS_SPEECH_H

#include "common/diag.h"
#include "speech/clip.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct speech;

/* A language and the espeak-ng voice that speaks it, from the `voice` of its language file. */
struct speech_voice {
	const char *lang;  /* "sv", "sv-lattlast", "ar" */
	const char *voice; /* "sv", "ar", "fa"; NULL or "" when the language has none */
};

#define SPEECH_CACHE_DEFAULT_BYTES ((size_t)32 << 20) /* about 12 minutes of speech */

/* A recording a keyword set (audio:CODE) or a language file ([audio]) names for one text: it
 * says the text instead of the voice, and instead of a recording found in the folder. */
struct speech_recording {
	const char *lang, *id, *path; /* path: the file itself, as opened */
};

struct speech_config {
	const char *recordings_dir; /* assets/speech; NULL for none */
	const char *espeak_data;    /* the folder holding espeak-ng-data; NULL for espeak-ng's */
	const struct speech_voice *voices;
	size_t nvoices;
	const struct speech_recording *named; /* may be NULL */
	size_t nnamed;
	size_t cache_bytes;   /* 0 for SPEECH_CACHE_DEFAULT_BYTES */
	int words_per_minute; /* 0 for espeak-ng's default, 175 */
};

/* Finds the recordings (the folder's, then the named ones over them), checks each voice with
 * espeak-ng and starts the worker. A voice espeak-ng lacks, a recordings folder it cannot read
 * or espeak-ng not starting at all adds a line to err, and the rest still works (so a language
 * may end up with no speech). NULL, with a line in err, only when the worker thread cannot
 * start. A named recording that cannot be opened adds a line to err and is left out, so that
 * its text has no speaker button where nothing else says it. */
struct speech *speech_create(const struct speech_config *cfg, struct diag *err);
/* Stops the worker (interrupting what it is doing) and drops every clip it kept; clips the
 * caller took stay valid. NULL-safe. */
void speech_destroy(struct speech *sp);

/* Whether espeak-ng (its data where cfg-less speech finds it) has a voice by this name:
 * for `check`, without starting a worker. False with a line in err when espeak-ng cannot
 * start at all. */
bool speech_voice_exists(const char *voice, struct diag *err);

/* What would say text id in lang: its recording, else the language's voice, else nothing
 * (SPEECH_SOURCE_NONE: hide the speaker button). id may be NULL for a text with no id. */
enum speech_source speech_source_of(const struct speech *sp, const char *lang, const char *id);
/* Whether lang has a working espeak-ng voice. */
bool speech_has_voice(const struct speech *sp, const char *lang);
/* Whether lang has any speech: a voice, or at least one recording. Without it a visit in
 * that language offers no speech controls at all. */
bool speech_offers(const struct speech *sp, const char *lang);

/* One text to say: id names its recording (a catalog id such as "sort.done", or
 * "keyword.<keyword-id>"); text is what the voice says when there is none. */
struct speech_text {
	const char *lang, *id, *text;
};

typedef uint64_t speech_ticket; /* 0 is no ticket */

enum speech_status {
	SPEECH_PENDING, /* queued or being made */
	SPEECH_READY,	/* the clip is there to take */
	SPEECH_FAILED,	/* the recording and the voice both failed */
	SPEECH_UNKNOWN, /* not a ticket: never given, taken already or cancelled */
};

/* Asks for a clip of t. Returns a ticket to take it with, or 0 when nothing can say t (see
 * speech_source_of). A text in the cache is READY at once. Each ticket must end in
 * speech_take/speech_wait returning something other than PENDING, or in speech_cancel. */
speech_ticket speech_say(struct speech *sp, const struct speech_text *t);
/* Has t made and cached while nothing more urgent waits, so that a later speech_say is
 * ready at once (the cards of a deal, the texts of the next screen). False when nothing can
 * say t. */
bool speech_prefetch(struct speech *sp, const struct speech_text *t);

/* The state of ticket t; on READY *clip gets the caller's reference and the ticket ends,
 * as it does on FAILED. */
enum speech_status speech_take(struct speech *sp, speech_ticket t, struct speech_clip **clip);
/* As speech_take, waiting up to timeout_ms for the clip. */
enum speech_status speech_wait(struct speech *sp, speech_ticket t, int timeout_ms,
			       struct speech_clip **clip);
/* Ends ticket t: a queued request is dropped, a running synthesis stops at its next block
 * of sound, a ready clip is let go. */
void speech_cancel(struct speech *sp, speech_ticket t);
/* Cancels every ticket and prefetch: the visitor interrupted, or the visit ended. */
void speech_cancel_all(struct speech *sp);

/* fn is called on the worker thread, without any lock held, each time a ticket's clip
 * becomes ready there (not for cache hits, which speech_say answers itself). */
void speech_set_notify(struct speech *sp, void (*fn)(void *ctx, speech_ticket t), void *ctx);

struct speech_stats {
	size_t hits, misses;	     /* speech_say answered from the cache, or not */
	size_t synthesised, decoded; /* clips made by espeak-ng, from recordings */
	size_t interrupted;	     /* syntheses stopped part-way by a cancel */
	size_t failed;		     /* requests nothing could say after all */
	size_t cache_bytes, cache_count;
	bool busy; /* the worker is making a clip right now */
};
void speech_get_stats(struct speech *sp, struct speech_stats *out);

#endif
