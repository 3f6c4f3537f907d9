/* The kiosk's writer: storing sessions on a thread of its own, so that no
 * frame waits for the disk (an fsync on a cheap SD card or SSD can take
 * 10-50 ms, longer than a frame). The loop hands over a job with a copy of
 * the session and goes on drawing; the writer commits it and hands the job
 * back, and only then does the loop say `session-saved`. Jobs run one at a
 * time in the order given, on the log's one connection.
 *
 *   store_writer_submit()   store_writer_release()    (writer thread)
 *   --------------------> held ----------------> queued ----------> running
 *                                                                     |
 *   store_writer_take() <------------------------------------ finished
 *
 * A job is held until the loop has shown the frame that answers the input
 * that made it, so that SQLite never competes with that frame for the CPU.
 * Only src/kiosk/ uses it (through app_session.c). */
#ifndef VS_APP_WRITER_H
#define VS_APP_WRITER_H

#include "common/diag.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/log.h"

#include <stdbool.h>
#include <stdint.h>

enum store_kind {
	STORE_JOURNAL, /* the session in progress, after a drop (log_journal_session) */
	STORE_SAVE,    /* a completed or abandoned session (log_save_session) */
	STORE_PROFILE, /* the profile answers of a saved session (log_set_profile) */
};

struct store_job {
	enum store_kind kind;
	struct session *session; /* JOURNAL, SAVE: a copy, owned by the job */
	char uuid[37];
	char *site, *language; /* owned; NULL when none */
	int64_t started_ms, ended_ms;
	const char *age_band, *residence; /* PROFILE: static strings or NULL */
	/* Filled by the writer. */
	bool ok;
	struct diag err;
	int64_t begun_us, done_us; /* CLOCK_MONOTONIC: the commit's start and end */
	struct store_job *next;
};

struct store_writer;

/* A job of kind for the session s (copied; NULL for PROFILE). */
struct store_job *store_job_create(enum store_kind kind, const struct session *s);
void store_job_destroy(struct store_job *job); /* NULL-safe */

/* Starts the thread. wake(ctx) is called from it after each job, so that
 * a loop asleep waiting for input comes to take it. NULL when no thread
 * could be started (the caller then stores in the loop itself). */
struct store_writer *store_writer_create(struct log *log, const struct keyset *ks,
					 void (*wake)(void *ctx), void *ctx);
/* Runs the remaining jobs, then ends the thread; jobs not taken are freed. */
void store_writer_destroy(struct store_writer *w); /* NULL-safe */

/* Hands a job over, held until the next release. A journal write still
 * waiting for its turn is replaced by a newer one of the same session. */
void store_writer_submit(struct store_writer *w, struct store_job *job);
/* Lets every held job run. */
void store_writer_release(struct store_writer *w);
/* A finished job (oldest first), or NULL; the caller owns it. */
struct store_job *store_writer_take(struct store_writer *w);
/* Releases and waits until every job given so far has finished, so that
 * the caller may use the log itself. */
void store_writer_wait(struct store_writer *w);

/* Runs one job here and now (used by the writer thread, and by a caller
 * without one). */
void store_job_run(struct store_job *job, struct log *log, const struct keyset *ks);

#endif
