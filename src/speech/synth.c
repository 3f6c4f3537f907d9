/* Synthesis with espeak-ng in its synchronous mode: espeak_Synth returns when the whole text
 * has passed through the callback, which appends each block to a buffer and is also where
 * an interruption takes effect (returning 1 tells espeak-ng to stop). */
#include "speech/synth.h"

#include <espeak-ng/speak_lib.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The one place with process-wide state, because espeak-ng itself is process-wide: the lock
 * that serialises its calls and what its one start-up gave. */
static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;
static bool espeak_started;
static int espeak_rate;	      /* 0 when it could not start */
static char espeak_voice[64]; /* the voice set last, so it is loaded only on a change */

/* Below this a sample counts as silence when trimming; espeak-ng's quietest speech is far
 * above it, its silence is exactly 0. */
#define SILENCE_LEVEL 32
/* Kept after the last sound, so a word's release is not cut. */
#define TAIL_MS 30

struct synth_job {
	struct pcm_builder pcm;
	const atomic_bool *cancel;
	bool cancelled;
};

static int synth_callback(short *wav, int count, espeak_EVENT *events)
{
	struct synth_job *job = events ? events->user_data : NULL;
	if (!job)
		return 0;
	if (job->cancel && atomic_load(job->cancel)) {
		job->cancelled = true;
		return 1;
	}
	if (wav && count > 0)
		pcm_builder_append(&job->pcm, wav, (size_t)count);
	return 0;
}

int synth_start(const char *data_path, struct diag *err)
{
	pthread_mutex_lock(&espeak_lock);
	if (!espeak_started) {
		espeak_started = true;
		/* DONT_EXIT: without it espeak-ng ends the process when its data is missing */
		int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path,
					     espeakINITIALIZE_DONT_EXIT);
		espeak_rate = rate > 0 ? rate : 0;
		if (espeak_rate)
			espeak_SetSynthCallback(synth_callback);
	}
	int rate = espeak_rate;
	pthread_mutex_unlock(&espeak_lock);
	if (!rate)
		diag_add(err,
			 "espeak-ng cannot start (is the package espeak-ng-data installed?); only "
			 "recorded speech will play");
	return rate;
}

/* With the lock held. */
static bool select_voice(const char *voice)
{
	size_t n = strlen(voice);
	if (!espeak_rate || n >= sizeof(espeak_voice))
		return false;
	if (strcmp(espeak_voice, voice) == 0)
		return true;
	if (espeak_SetVoiceByName(voice) != EE_OK) {
		espeak_voice[0] = '\0'; /* espeak-ng may have half-changed it */
		return false;
	}
	memcpy(espeak_voice, voice, n + 1);
	return true;
}

bool synth_has_voice(const char *voice)
{
	pthread_mutex_lock(&espeak_lock);
	bool ok = select_voice(voice);
	pthread_mutex_unlock(&espeak_lock);
	return ok;
}

/* Cuts the silence espeak-ng puts before and after the speech: before it, every millisecond
 * is latency a visitor waits through. */
static void trim_silence(struct pcm_builder *pcm, int rate)
{
	size_t start = 0, end = pcm->frames;
	while (start < end && abs(pcm->samples[start]) < SILENCE_LEVEL)
		start++;
	while (end > start && abs(pcm->samples[end - 1]) < SILENCE_LEVEL)
		end--;
	size_t tail = (size_t)rate * TAIL_MS / 1000;
	end = end + tail < pcm->frames ? end + tail : pcm->frames;
	memmove(pcm->samples, pcm->samples + start, (end - start) * sizeof(*pcm->samples));
	pcm->frames = end - start;
}

enum synth_outcome synth_say(const char *voice, const char *text, int words_per_minute,
			     const atomic_bool *cancel, struct speech_clip **out)
{
	*out = NULL;
	struct synth_job job = {.cancel = cancel};
	pthread_mutex_lock(&espeak_lock);
	int rate = espeak_rate;
	bool ok = select_voice(voice);
	if (ok) {
		espeak_SetParameter(espeakRATE,
				    words_per_minute > 0 ? words_per_minute : espeakRATE_NORMAL, 0);
		ok = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
				  NULL, &job) == EE_OK;
	}
	pthread_mutex_unlock(&espeak_lock);
	if (job.cancelled || !ok) {
		pcm_builder_discard(&job.pcm);
		return job.cancelled ? SYNTH_CANCELLED : SYNTH_FAILED;
	}
	trim_silence(&job.pcm, rate);
	*out = pcm_builder_finish(&job.pcm, rate, SPEECH_SOURCE_SYNTHESISED);
	return SYNTH_DONE;
}
