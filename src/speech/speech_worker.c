/* The speech engine's worker thread, which makes the clips (a recording decoded, else the
 * voice), and the engine's start and end, which start and stop that thread. Apart from the
 * caller's side (speech.c) because this is the only code that runs without the lock: a clip
 * takes long to make, and speech_say must never wait for it. */
#include "speech/speech.h"

#include "speech_internal.h"

#include "common/xalloc.h"
#include "speech/cache.h"
#include "speech/decode.h"
#include "speech/recordings.h"
#include "speech/synth.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Makes the clip of j without the lock: a recording when it decodes, else the voice. */
static struct speech_clip *make_clip(struct speech *sp, struct job *j, bool *interrupted)
{
	*interrupted = false;
	if (j->path) {
		struct diag ignored; /* `visionsort check` names unreadable recordings */
		diag_init(&ignored);
		struct speech_clip *clip = speech_decode_file(j->path, &ignored);
		diag_finish(&ignored);
		if (clip || !j->voice || !*j->text)
			return clip;
	}
	struct speech_clip *clip = NULL;
	enum synth_outcome o = synth_say(j->voice, j->text, sp->words_per_minute, &j->cancel,
					 &clip);
	*interrupted = o == SYNTH_CANCELLED;
	return clip;
}

/* With the lock held: the clip goes into the cache and to the ticket still waiting for it. */
static bool finish_job(struct speech *sp, struct job *j, struct speech_clip *clip, bool interrupted)
{
	if (interrupted)
		sp->stats.interrupted++;
	else if (!clip)
		sp->stats.failed++;
	else if (speech_clip_source(clip) == SPEECH_SOURCE_RECORDED)
		sp->stats.decoded++;
	else
		sp->stats.synthesised++;
	if (clip) {
		struct speech_cache_key key = speech_job_key(j);
		speech_cache_put(sp->cache, &key, clip);
	}
	struct ticket *tk = speech_find_ticket(sp, j->ticket);
	if (!tk) { /* a prefetch, or cancelled meanwhile */
		speech_clip_unref(clip);
		return false;
	}
	tk->status = clip ? SPEECH_READY : SPEECH_FAILED;
	tk->clip = clip;
	pthread_cond_broadcast(&sp->done);
	return true;
}

static void *worker_main(void *arg)
{
	struct speech *sp = arg;
	pthread_mutex_lock(&sp->lock);
	for (;;) {
		while (!sp->stopping && !sp->says.head && !sp->prefetches.head)
			pthread_cond_wait(&sp->work, &sp->lock);
		if (sp->stopping)
			break;
		struct job *j = speech_queue_pop(&sp->says);
		if (!j)
			j = speech_queue_pop(&sp->prefetches);
		/* made meanwhile by an earlier request for the same text */
		struct speech_cache_key key = speech_job_key(j);
		struct speech_clip *clip = speech_cache_get(sp->cache, &key);
		bool interrupted = false;
		if (!clip) {
			sp->running = j;
			pthread_mutex_unlock(&sp->lock);
			clip = make_clip(sp, j, &interrupted);
			pthread_mutex_lock(&sp->lock);
			sp->running = NULL;
		}
		bool ready = finish_job(sp, j, clip, interrupted);
		void (*notify)(void *, speech_ticket) = sp->notify;
		void *ctx = sp->notify_ctx;
		speech_ticket t = j->ticket;
		speech_job_free(j);
		if (ready && notify) {
			pthread_mutex_unlock(&sp->lock);
			notify(ctx, t);
			pthread_mutex_lock(&sp->lock);
		}
	}
	pthread_mutex_unlock(&sp->lock);
	return NULL;
}

/* ---- creating and destroying ---- */

static void check_voices(struct speech *sp, const struct speech_config *cfg, struct diag *err)
{
	sp->voices = xcalloc(cfg->nvoices ? cfg->nvoices : 1, sizeof(*sp->voices));
	bool started = false, tried = false;
	for (size_t i = 0; i < cfg->nvoices; i++) {
		const struct speech_voice *v = &cfg->voices[i];
		struct lang_voice *lv = &sp->voices[sp->nvoices++];
		lv->lang = xstrdup(v->lang);
		if (!v->voice || !*v->voice)
			continue;
		if (!tried) {
			tried = true;
			started = synth_start(cfg->espeak_data, err) > 0;
		}
		if (started && synth_has_voice(v->voice))
			lv->voice = xstrdup(v->voice);
		else if (started)
			diag_add(err,
				 "language %s: espeak-ng has no voice \"%s\"; it is spoken only "
				 "where a recording exists",
				 v->lang, v->voice);
	}
}

struct speech *speech_create(const struct speech_config *cfg, struct diag *err)
{
	struct speech *sp = xcalloc(1, sizeof(*sp));
	sp->words_per_minute = cfg->words_per_minute;
	sp->recordings = recordings_scan(cfg->recordings_dir, err);
	for (size_t i = 0; i < cfg->nnamed; i++) {
		const struct speech_recording *r = &cfg->named[i];
		/* a file that is not there would be a speaker button that says nothing */
		if (access(r->path, R_OK) != 0) {
			diag_add(err, "%s: cannot open: %s; \"%s\" in %s is not said from it",
				 r->path, strerror(errno), r->id, r->lang);
			continue;
		}
		recordings_name(sp->recordings, r->lang, r->id, r->path);
	}
	check_voices(sp, cfg, err);
	sp->cache = speech_cache_create(cfg->cache_bytes ? cfg->cache_bytes
							 : SPEECH_CACHE_DEFAULT_BYTES);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_mutex_init(&sp->lock, NULL);
	pthread_cond_init(&sp->work, NULL);
	pthread_cond_init(&sp->done, &attr);
	pthread_condattr_destroy(&attr);
	int rc = pthread_create(&sp->worker, NULL, worker_main, sp);
	if (rc != 0) {
		diag_add(err, "cannot start the speech thread: %s", strerror(rc));
		speech_cache_destroy(sp->cache);
		sp->cache = NULL;
		speech_destroy(sp);
		return NULL;
	}
	return sp;
}

void speech_destroy(struct speech *sp)
{
	if (!sp)
		return;
	if (sp->cache) { /* the worker runs */
		speech_cancel_all(sp);
		pthread_mutex_lock(&sp->lock);
		sp->stopping = true;
		pthread_cond_signal(&sp->work);
		pthread_mutex_unlock(&sp->lock);
		pthread_join(sp->worker, NULL);
	}
	speech_cache_destroy(sp->cache);
	free(sp->tickets);
	pthread_cond_destroy(&sp->work);
	pthread_cond_destroy(&sp->done);
	pthread_mutex_destroy(&sp->lock);
	recordings_destroy(sp->recordings);
	for (size_t i = 0; i < sp->nvoices; i++) {
		free(sp->voices[i].lang);
		free(sp->voices[i].voice);
	}
	free(sp->voices);
	free(sp);
}
