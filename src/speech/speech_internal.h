/* What the two sides of the speech engine share (speech.c the caller's, speech_worker.c the
 * worker thread's): the engine itself, its queues and tickets, and the few steps both take
 * with the lock held. Only for src/speech/. */
#ifndef VS_SPEECH_INTERNAL_H
#define VS_SPEECH_INTERNAL_H

#include "speech/cache.h"
#include "speech/speech.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

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

/* With the lock held. */
void speech_job_free(struct job *j);
struct job *speech_queue_pop(struct queue *q);
struct ticket *speech_find_ticket(struct speech *sp, speech_ticket t);
/* The cache key of a job: a recording by its file, a synthesis by voice and text. */
struct speech_cache_key speech_job_key(const struct job *j);

#endif
