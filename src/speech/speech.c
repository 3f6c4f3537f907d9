/* The speech engine: the caller's side (tickets, the cache, what can be said) and the worker
 * that makes clips. One mutex guards the queues, the tickets and the cache; the worker lets
 * go of it while it decodes or synthesises, so speech_say never waits for espeak-ng. */
#include "speech/speech.h"

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

#define CACHE_SOURCE_RECORDING "recording"

struct job {
	speech_ticket ticket; /* 0 for a prefetch */
	char *lang, *text;
	char *voice; /* NULL when the language has none */
	char *path;  /* the recording, or NULL */
	atomic_bool cancel;
	struct job *next; /* queue::head ... tail */
};

struct queue {
	struct job *head, *tail;
};

struct ticket {
	speech_ticket id;
	enum speech_status status;
	struct speech_clip *clip; /* when READY */
};

struct lang_voice {
	char *lang, *voice; /* voice NULL when espeak-ng has none for lang */
};

struct speech {
	struct lang_voice *voices;
	size_t nvoices;
	struct recordings *recordings;
	int words_per_minute;

	pthread_mutex_t lock;
	pthread_cond_t work; /* the worker waits here for jobs */
	pthread_cond_t done; /* speech_wait waits here for results */
	pthread_t worker;
	bool stopping;
	struct queue says, prefetches; /* says go first: someone is waiting for them */
	struct job *running;
	struct ticket *tickets;
	size_t ntickets, tickets_cap;
	speech_ticket last_ticket;
	struct speech_cache *cache;
	struct speech_stats stats;
	void (*notify)(void *ctx, speech_ticket t);
	void *notify_ctx;
};

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

static void job_free(struct job *j)
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

static struct job *queue_pop(struct queue *q)
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
			job_free(j);
		} else {
			q->tail = j;
			link = &j->next;
		}
	}
}

static struct ticket *find_ticket(struct speech *sp, speech_ticket t)
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
static struct speech_cache_key job_key(const struct job *j)
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
	struct speech_cache_key key = job_key(j);
	struct speech_clip *clip = speech_cache_get(sp->cache, &key);
	speech_ticket id;
	if (clip) {
		sp->stats.hits++;
		id = new_ticket(sp, SPEECH_READY, clip);
		job_free(j);
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
	struct speech_cache_key key = job_key(j);
	struct speech_clip *clip = speech_cache_get(sp->cache, &key);
	if (clip) {
		speech_clip_unref(clip);
		job_free(j);
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
	struct ticket *tk = find_ticket(sp, t);
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
	struct ticket *tk = find_ticket(sp, t);
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

/* ---- the worker ---- */

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
		struct speech_cache_key key = job_key(j);
		speech_cache_put(sp->cache, &key, clip);
	}
	struct ticket *tk = find_ticket(sp, j->ticket);
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
		struct job *j = queue_pop(&sp->says);
		if (!j)
			j = queue_pop(&sp->prefetches);
		/* made meanwhile by an earlier request for the same text */
		struct speech_cache_key key = job_key(j);
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
		job_free(j);
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
