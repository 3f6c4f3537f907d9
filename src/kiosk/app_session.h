/* One visit's data on the kiosk: the keyword set and log it uses, the deal
 * and the session on screen, and what is stored when. app.c decides when;
 * this file knows how. */
#ifndef VS_APP_SESSION_H
#define VS_APP_SESSION_H

#include "kiosk/app.h"
#include "kiosk/app_writer.h"
#include "common/diag.h"
#include "common/rng.h"
#include "common/strbuf.h"
#include "model/catalog.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/log.h"
#include "ui/scenes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct visit {
	const struct app_options *opt;
	struct keyset *ks;
	struct log *log;
	struct rng deal_rng; /* dealing only: --seed replays the same deals */
	uint32_t *deal_counts;
	size_t *dealt;
	struct session *session; /* NULL before the first deal */
	char uuid[37];
	int64_t started_ms; /* wall clock of the visitor's first touch; 0 before */
	uint64_t journaled; /* fingerprint of the piles last journaled */
	bool saved;	    /* the session on screen is stored as completed */
	/* Stores on its own thread once started (app_writer.h); NULL before,
	 * and then stores in the caller. */
	struct store_writer *writer;
	struct store_job *stored; /* finished, not yet taken by the app */
};

/* Loads the keyword set, opens the log and reads the deal counts. */
bool visit_init(struct visit *v, const struct app_options *o, struct diag *err);
void visit_finish(struct visit *v);

/* From now on, stores on a thread of its own; wake(ctx) when a job is
 * done (see store_writer_create). Without a thread, stores as before. */
void visit_start_writer(struct visit *v, void (*wake)(void *ctx), void *ctx);
/* Lets what was handed to the writer since the last call be written: the
 * loop calls it once the frame answering the input is on screen. */
void visit_release(struct visit *v);
/* A finished store (oldest first), or NULL; the caller destroys it. Its
 * failure, if any, has been reported already. */
struct store_job *visit_take_stored(struct visit *v);
/* The log, for a read or write of the caller's own: waits until the writer
 * has written everything handed to it. */
struct log *visit_log(struct visit *v);

/* Deals a new session of the least-shown keywords. */
void visit_deal(struct visit *v);
/* The visitor touched the sort scene: the session's start time. */
void visit_touched(struct visit *v);
/* True when the piles changed since the last journal write. */
bool visit_changed(const struct visit *v);
/* Journals the session in progress (errors go to the report function: the
 * visitor never sees one, and the session is still saved at Done). */
void visit_journal(struct visit *v, const char *lang);
/* Completes the session and hands it to the writer; false if it could not
 * be completed. It is on disk once visit_take_stored returns its job with
 * ok set. */
bool visit_complete(struct visit *v, const char *lang);
/* Hands a started, unfinished session to the writer as abandoned; false if
 * there was nothing to store. */
bool visit_abandon(struct visit *v, const char *lang);
/* Adds the profile answers (1-based indices, 0 = not given). */
void visit_set_profile(struct visit *v, int age, int residence);
/* The first max cards of the stored session's "yes" pile, each compared
 * with the earlier completed sessions here that were shown it, when there
 * are at least min_sessions of them. Returns how many were filled. Waits
 * for the writer first, as it reads the log. */
size_t visit_thanks_top(struct visit *v, int min_sessions, struct thanks_choice *out, size_t max);
/* {"t":MS,"event":EVENT,"session":UUID,"placed":N} */
void visit_trace_line(const struct visit *v, struct strbuf *sb, int64_t t_ms, const char *event);
/* The same line for a stored session: session-saved or session-abandoned;
 * false for a job that says nothing (a journal write, a failure). */
bool visit_trace_stored(const struct store_job *job, struct strbuf *sb, int64_t t_ms);

#endif
