/* The speech engine, the caller's side: tickets, the cache, what can be said. One mutex
 * guards the queues, the tickets and the cache; the worker (speech_worker.c) lets go of it
 * while it decodes or synthesises, so speech_say never waits for espeak-ng. */
#include "speech/speech.h"

#include "speech_internal.h"

#include "common/xalloc.h"
#include "speech/cache.h"
#include "speech/recordings.h"
#include "speech/synth.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SOURCE_RECORDING "recording"

/* ---- what can be said ---- */

static const struct lang_voice *find_voice(const struct speech *sp, const char *lang)
{
	for (size_t i = 0; lang && i < sp->nvoices; i++)
		if (strcmp(sp->voices[i].lang, lang) == 0)
			return &sp->voices[i];
	return NULL;
}

bool speech_voice_exists(const char *voice, struct diag *err)
{
	return synth_start(NULL, err) > 0 && synth_has_voice(voice);
}

bool speech_has_voice(const struct speech *sp, const char *lang)
{
	const struct lang_voice *v = find_voice(sp, lang);
	return v && v->voice;
}

enum speech_source speech_source_of(const struct speech *sp, const char *lang, const char *id)
{
	if (recordings_find(sp->recordings, lang, id))
		return SPEECH_SOURCE_RECORDED;
	return speech_has_voice(sp, lang) ? SPEECH_SOURCE_SYNTHESISED : SPEECH_SOURCE_NONE;
}

bool speech_offers(const struct speech *sp, const char *lang)
{
	return speech_has_voice(sp, lang) || recordings_any(sp->recordings, lang);
}

/* ---- jobs and tickets (with the lock held) ---- */

void speech_job_free(struct job *j)
{
	free(j->lang);
	free(j->text);
	free(j->voice);
	free(j->path);
	free(j);
}

static void queue_push(struct queue *q, struct job *j)
{
	j->next = NULL;
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
}

struct job *speech_queue_pop(struct queue *q)
{
	struct job *j = q->head;
	if (j) {
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
	}
	return j;
}

/* Drops the queued jobs that match (ticket 0 matches every job). */
static void queue_drop(struct queue *q, speech_ticket ticket)
{
	struct job **link = &q->head;
	q->tail = NULL;
	while (*link) {
		struct job *j = *link;
		if (ticket == 0 || j->ticket == ticket) {
			*link = j->next;
			speech_job_free(j);
		} else {
			q->tail = j;
			link = &j->next;
		}
	}
}

struct ticket *speech_find_ticket(struct speech *sp, speech_ticket t)
{
	for (size_t i = 0; t && i < sp->ntickets; i++)
		if (sp->tickets[i].id == t)
			return &sp->tickets[i];
	return NULL;
}

static speech_ticket new_ticket(struct speech *sp, enum speech_status status,
				struct speech_clip *clip)
{
	xgrow((void **)&sp->tickets, &sp->tickets_cap, sp->ntickets + 1, sizeof(*sp->tickets));
	speech_ticket id = ++sp->last_ticket;
	sp->tickets[sp->ntickets++] = (struct ticket){id, status, clip};
	return id;
}

static void end_ticket(struct speech *sp, struct ticket *tk)
{
	speech_clip_unref(tk->clip);
	*tk = sp->tickets[--sp->ntickets];
}

/* The cache key of a job: a recording by its file, a synthesis by voice and text. */
struct speech_cache_key speech_job_key(const struct job *j)
{
	if (j->path)
		return (struct speech_cache_key){j->lang, CACHE_SOURCE_RECORDING, j->path};
	return (struct speech_cache_key){j->lang, j->voice, j->text};
}

/* A job for t, or NULL when nothing can say it. */
static struct job *make_job(const struct speech *sp, const struct speech_text *t)
{
	if (!t || !t->lang)
		return NULL;
	const char *path = recordings_find(sp->recordings, t->lang, t->id);
	const struct lang_voice *v = find_voice(sp, t->lang);
	const char *voice = v ? v->voice : NULL;
	if (!path && (!voice || !t->text || !*t->text))
		return NULL;
	struct job *j = xcalloc(1, sizeof(*j));
	j->lang = xstrdup(t->lang);
	j->text = xstrdup(t->text && voice ? t->text : "");
	j->voice = voice ? xstrdup(voice) : NULL;
	j->path = path ? xstrdup(path) : NULL;
	atomic_init(&j->cancel, false);
	return j;
}

/* ---- the caller's side ---- */

speech_ticket speech_say(struct speech *sp, const struct speech_text *t)
{
	struct job *j = make_job(sp, t);
	if (!j)
		return 0;
	pthread_mutex_lock(&sp->lock);
	struct speech_cache_key key = speech_job_key(j);
	struct speech_clip *clip = speech_cache_get(sp->cache, &key);
	speech_ticket id;
	if (clip) {
		sp->stats.hits++;
		id = new_ticket(sp, SPEECH_READY, clip);
		speech_job_free(j);
	} else {
		sp->stats.misses++;
		id = j->ticket = new_ticket(sp, SPEECH_PENDING, NULL);
		queue_push(&sp->says, j);
		pthread_cond_signal(&sp->work);
	}
	pthread_mutex_unlock(&sp->lock);
	return id;
}

bool speech_prefetch(struct speech *sp, const struct speech_text *t)
{
	struct job *j = make_job(sp, t);
	if (!j)
		return false;
	pthread_mutex_lock(&sp->lock);
	/* the worker looks in the cache again before it starts, so a text prefetched twice is
	 * made once; looking here too keeps a deal's worth of known texts out of the queue */
	struct speech_cache_key key = speech_job_key(j);
	struct speech_clip *clip = speech_cache_get(sp->cache, &key);
	if (clip) {
		speech_clip_unref(clip);
		speech_job_free(j);
	} else {
		queue_push(&sp->prefetches, j);
		pthread_cond_signal(&sp->work);
	}
	pthread_mutex_unlock(&sp->lock);
	return true;
}

/* With the lock held. */
static enum speech_status take_locked(struct speech *sp, speech_ticket t, struct speech_clip **clip)
{
	struct ticket *tk = speech_find_ticket(sp, t);
	if (!tk)
		return SPEECH_UNKNOWN;
	enum speech_status status = tk->status;
	if (status == SPEECH_PENDING)
		return status;
	if (clip) {
		*clip = tk->clip;
		tk->clip = NULL;
	}
	end_ticket(sp, tk);
	return status;
}

enum speech_status speech_take(struct speech *sp, speech_ticket t, struct speech_clip **clip)
{
	if (clip)
		*clip = NULL;
	pthread_mutex_lock(&sp->lock);
	enum speech_status status = take_locked(sp, t, clip);
	pthread_mutex_unlock(&sp->lock);
	return status;
}

enum speech_status speech_wait(struct speech *sp, speech_ticket t, int timeout_ms,
			       struct speech_clip **clip)
{
	if (clip)
		*clip = NULL;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sp->lock);
	enum speech_status status;
	while ((status = take_locked(sp, t, clip)) == SPEECH_PENDING)
		if (pthread_cond_timedwait(&sp->done, &sp->lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&sp->lock);
	return status;
}

void speech_cancel(struct speech *sp, speech_ticket t)
{
	pthread_mutex_lock(&sp->lock);
	struct ticket *tk = speech_find_ticket(sp, t);
	if (tk) {
		end_ticket(sp, tk);
		queue_drop(&sp->says, t);
		if (sp->running && sp->running->ticket == t)
			atomic_store(&sp->running->cancel, true);
	}
	pthread_mutex_unlock(&sp->lock);
}

void speech_cancel_all(struct speech *sp)
{
	pthread_mutex_lock(&sp->lock);
	while (sp->ntickets)
		end_ticket(sp, &sp->tickets[0]);
	queue_drop(&sp->says, 0);
	queue_drop(&sp->prefetches, 0);
	if (sp->running)
		atomic_store(&sp->running->cancel, true);
	pthread_mutex_unlock(&sp->lock);
}

void speech_set_notify(struct speech *sp, void (*fn)(void *ctx, speech_ticket t), void *ctx)
{
	pthread_mutex_lock(&sp->lock);
	sp->notify = fn;
	sp->notify_ctx = ctx;
	pthread_mutex_unlock(&sp->lock);
}

void speech_get_stats(struct speech *sp, struct speech_stats *out)
{
	pthread_mutex_lock(&sp->lock);
	*out = sp->stats;
	out->cache_bytes = speech_cache_bytes(sp->cache);
	out->cache_count = speech_cache_count(sp->cache);
	out->busy = sp->running != NULL;
	pthread_mutex_unlock(&sp->lock);
}
