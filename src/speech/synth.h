/* espeak-ng behind three calls, for the speech worker.
 *
 * espeak-ng is one instance per process: its state lives in the library's own statics, and
 * espeak_Terminate hangs in synchronous mode in the Debian 12 build. So it is set up once,
 * on first use, never torn down, and every call holds one process-wide lock; two engines in
 * one process (as in tests) take turns. */
#ifndef VS_SPEECH_SYNTH_H
#define VS_SPEECH_SYNTH_H

#include "common/diag.h"
#include "speech/clip.h"

#include <stdatomic.h>
#include <stdbool.h>

/* Sets espeak-ng up (the first call does; later ones return what it gave). data_path is the
 * folder holding espeak-ng-data, or NULL for espeak-ng's own. Returns the sample rate, or 0
 * with one line in err when espeak-ng cannot start (its data is missing). */
int synth_start(const char *data_path, struct diag *err);
/* Whether espeak-ng has a voice by this name ("sv", "en", "ar", "fa", ...). */
bool synth_has_voice(const char *voice);

enum synth_outcome {
	SYNTH_DONE,
	SYNTH_CANCELLED, /* *cancel was set while it ran */
	SYNTH_FAILED,	 /* no such voice, or espeak-ng refused the text */
};

/* Speaks text (UTF-8, plain: no SSML) in voice at words_per_minute (0 for espeak-ng's
 * default) into a clip, with the silence before and after trimmed so that the sound starts
 * at once. Checks *cancel as the sound arrives and stops early when it is set. The clip is
 * the caller's (NULL unless SYNTH_DONE). */
enum synth_outcome synth_say(const char *voice, const char *text, int words_per_minute,
			     const atomic_bool *cancel, struct speech_clip **out);

#endif
