/* The writer thread and its queues (app_writer.h). One mutex guards the
 * lists; the thread sleeps on a condition until a job is released, and the
 * loop is woken through the platform when one is finished. */
#include "kiosk/app_writer.h"

#include "common/xalloc.h"
#include "store/log_visit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct store_writer {
	struct log *log;
	const struct keyset *ks;
	void (*wake)(void *ctx);
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work;	    /* the thread: something released, or stop */
	pthread_cond_t idle;	    /* waiters: a job finished */
	struct store_job *held;	    /* submitted, not yet released */
	struct store_job *queued;   /* released, waiting for the thread */
	struct store_job *finished; /* done, not yet taken */
	bool running;		    /* the thread has a job in hand */
	bool stop;
};

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct store_job *store_job_create(enum store_kind kind, const struct session *s)
{
	struct store_job *job = xcalloc(1, sizeof(*job));
	job->kind = kind;
	job->session = s ? session_copy(s) : NULL;
	diag_init(&job->err);
	return job;
}

void store_job_destroy(struct store_job *job)
{
	if (!job)
		return;
	session_destroy(job->session);
	free(job->site);
	free(job->language);
	diag_finish(&job->err);
	free(job);
}

void store_job_run(struct store_job *job, struct log *log, const struct keyset *ks)
{
	struct session_meta meta = {
		.uuid = job->uuid,
		.site = job->site,
		.language = job->language,
		.started_ms = job->started_ms,
		.ended_ms = job->ended_ms,
	};
	job->begun_us = now_us();
	switch (job->kind) {
	case STORE_JOURNAL:
		job->ok = log_journal_session(log, ks, job->session, &meta, &job->err);
		break;
	case STORE_SAVE:
		job->ok = log_save_session(log, ks, job->session, &meta, &job->err);
		break;
	case STORE_PROFILE:
		job->ok = log_set_profile(log, job->uuid, job->age_band, job->residence, &job->err);
		break;
	}
	job->done_us = now_us();
}

static void append(struct store_job **list, struct store_job *job)
{
	job->next = NULL;
	while (*list)
		list = &(*list)->next;
	*list = job;
}

static struct store_job *pop(struct store_job **list)
{
	struct store_job *job = *list;
	if (job)
		*list = job->next;
	return job;
}

static void *writer_main(void *data)
{
	struct store_writer *w = data;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->queued && !w->stop)
			pthread_cond_wait(&w->work, &w->lock);
		struct store_job *job = pop(&w->queued);
		if (!job)
			break; /* stopping, and nothing left */
		w->running = true;
		pthread_mutex_unlock(&w->lock);
		store_job_run(job, w->log, w->ks);
		pthread_mutex_lock(&w->lock);
		w->running = false;
		append(&w->finished, job);
		pthread_cond_broadcast(&w->idle);
		if (w->wake) {
			/* outside the lock: the wake may take the platform's own */
			pthread_mutex_unlock(&w->lock);
			w->wake(w->ctx);
			pthread_mutex_lock(&w->lock);
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct store_writer *store_writer_create(struct log *log, const struct keyset *ks,
					 void (*wake)(void *ctx), void *ctx)
{
	struct store_writer *w = xcalloc(1, sizeof(*w));
	w->log = log;
	w->ks = ks;
	w->wake = wake;
	w->ctx = ctx;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->idle, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_cond_destroy(&w->idle);
		pthread_cond_destroy(&w->work);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

static void free_list(struct store_job *job)
{
	while (job) {
		struct store_job *next = job->next;
		store_job_destroy(job);
		job = next;
	}
}

void store_writer_destroy(struct store_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->held)
		append(&w->queued, pop(&w->held));
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	free_list(w->finished);
	pthread_cond_destroy(&w->idle);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* The last journal write of this session still waiting, if any. */
static struct store_job *waiting_journal(struct store_job *list, const char *uuid)
{
	struct store_job *found = NULL;
	for (; list; list = list->next)
		found = list->kind == STORE_JOURNAL && strcmp(list->uuid, uuid) == 0 ? list : NULL;
	return found;
}

void store_writer_submit(struct store_writer *w, struct store_job *job)
{
	pthread_mutex_lock(&w->lock);
	/* A slow disk must not build a backlog of journal writes: only the
	 * latest piles matter, and each write replaces the one before. */
	struct store_job *old = NULL;
	if (job->kind == STORE_JOURNAL) {
		old = waiting_journal(w->held, job->uuid);
		if (!old && !w->held)
			old = waiting_journal(w->queued, job->uuid);
	}
	if (old) {
		struct session *s = old->session;
		old->session = job->session;
		old->ended_ms = job->ended_ms;
		job->session = s;
		pthread_mutex_unlock(&w->lock);
		store_job_destroy(job);
		return;
	}
	append(&w->held, job);
	pthread_mutex_unlock(&w->lock);
}

void store_writer_release(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	if (w->held) {
		while (w->held)
			append(&w->queued, pop(&w->held));
		pthread_cond_signal(&w->work);
	}
	pthread_mutex_unlock(&w->lock);
}

struct store_job *store_writer_take(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	struct store_job *job = pop(&w->finished);
	pthread_mutex_unlock(&w->lock);
	return job;
}

void store_writer_wait(struct store_writer *w)
{
	store_writer_release(w);
	pthread_mutex_lock(&w->lock);
	while (w->queued || w->running)
		pthread_cond_wait(&w->idle, &w->lock);
	pthread_mutex_unlock(&w->lock);
}
