/* The visit: deal, journal, store, profile and the thanks screen's figures. */
#include "kiosk/app_session.h"

#include "common/clock.h"
#include "common/fsutil.h"
#include "common/hash.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "model/deal.h"
#include "store/export.h"
#include "store/log_visit.h"
#include "ui/scenes.h"
#include "ui/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool visit_init(struct visit *v, const struct app_options *o, struct diag *err)
{
	memset(v, 0, sizeof(*v));
	v->opt = o;
	if (o->seeded)
		rng_seed(&v->deal_rng, o->seed);
	else
		rng_seed_random(&v->deal_rng);
	v->ks = keyset_load(o->keywords_path, err);
	if (!v->ks)
		return false;
	if (!fs_mkdirs_for(o->db_path, err))
		return false;
	v->log = log_open(o->db_path, err);
	if (!v->log || !log_register_keyset(v->log, v->ks, err))
		return false;
	/* The signing key is made on the first start, so the organizers can
	 * register it before the first export; the site goes into manifests. */
	char hex[65];
	if (!export_public_key(v->log, hex, err))
		return false;
	if (o->site && !log_set_site(v->log, o->site, err))
		return false;
	v->deal_counts = xcalloc(keyset_count(v->ks), sizeof(*v->deal_counts));
	v->dealt = xcalloc(keyset_count(v->ks), sizeof(*v->dealt));
	return log_deal_counts(v->log, v->ks, v->deal_counts, err);
}

void visit_finish(struct visit *v)
{
	store_writer_destroy(v->writer); /* writes what it still has */
	while (v->stored) {
		struct store_job *next = v->stored->next;
		store_job_destroy(v->stored);
		v->stored = next;
	}
	session_destroy(v->session);
	log_close(v->log);
	keyset_destroy(v->ks);
	free(v->deal_counts);
	free(v->dealt);
	memset(v, 0, sizeof(*v));
}

/* Which card is where: changes with every move, cheap to compare. */
static uint64_t fingerprint(const struct session *s)
{
	uint64_t h = HASH_START;
	for (size_t c = 0; s && c < session_card_count(s); c++) {
		h = hash_mix_u64(h, (uint64_t)session_card_pile(s, c));
		h = hash_mix_u64(h, (uint64_t)session_card_position(s, c));
	}
	return h;
}

void visit_deal(struct visit *v)
{
	session_destroy(v->session);
	size_t n = deal_cards(&v->deal_rng, v->deal_counts, keyset_count(v->ks),
			      (size_t)v->opt->cards, v->dealt);
	v->session = session_create(v->dealt, n);
	if (!uuid_v4(v->uuid))
		memcpy(v->uuid, "00000000-0000-4000-8000-000000000000", 37);
	v->started_ms = 0;
	v->saved = false;
	v->journaled = fingerprint(v->session);
}

void visit_touched(struct visit *v)
{
	if (v->session && !v->started_ms)
		v->started_ms = clock_wall_ms();
}

void visit_start_writer(struct visit *v, void (*wake)(void *ctx), void *ctx)
{
	if (!v->writer)
		v->writer = store_writer_create(v->log, v->ks, wake, ctx);
}

void visit_release(struct visit *v)
{
	if (v->writer)
		store_writer_release(v->writer);
}

/* A finished job's news: a save that failed leaves the session unsaved,
 * and a journal write that failed is tried again at the next drop. */
static void absorb(struct visit *v, struct store_job *job)
{
	if (!job->ok) {
		v->opt->report(&job->err);
		if (strcmp(job->uuid, v->uuid) == 0) {
			if (job->kind == STORE_SAVE)
				v->saved = false;
			else if (job->kind == STORE_JOURNAL)
				v->journaled = 0;
		}
	}
	struct store_job **end = &v->stored;
	while (*end)
		end = &(*end)->next;
	job->next = NULL;
	*end = job;
}

static void collect(struct visit *v)
{
	struct store_job *job;
	while (v->writer && (job = store_writer_take(v->writer)))
		absorb(v, job);
}

struct store_job *visit_take_stored(struct visit *v)
{
	collect(v);
	struct store_job *job = v->stored;
	if (job)
		v->stored = job->next;
	return job;
}

struct log *visit_log(struct visit *v)
{
	if (v->writer)
		store_writer_wait(v->writer);
	collect(v);
	return v->log;
}

static void submit(struct visit *v, struct store_job *job)
{
	if (v->writer) {
		store_writer_submit(v->writer, job);
		return;
	}
	store_job_run(job, v->log, v->ks);
	absorb(v, job);
}

/* A job for the session on screen, with its metadata as of now. */
static struct store_job *job_of(const struct visit *v, enum store_kind kind, const char *lang)
{
	int64_t now = clock_wall_ms();
	struct store_job *job = store_job_create(kind, v->session);
	memcpy(job->uuid, v->uuid, sizeof(job->uuid));
	job->site = v->opt->site ? xstrdup(v->opt->site) : NULL;
	job->language = lang ? xstrdup(lang) : NULL;
	job->started_ms = v->started_ms ? v->started_ms : now;
	job->ended_ms = now;
	return job;
}

bool visit_changed(const struct visit *v)
{
	return v->session && session_state(v->session) == SESSION_SORTING &&
	       fingerprint(v->session) != v->journaled;
}

void visit_journal(struct visit *v, const char *lang)
{
	/* taken as written; a failure resets it (absorb) */
	v->journaled = fingerprint(v->session);
	submit(v, job_of(v, STORE_JOURNAL, lang));
}

bool visit_complete(struct visit *v, const char *lang)
{
	if (!v->session || !session_complete(v->session))
		return false;
	v->saved = true; /* until the writer says otherwise (absorb) */
	submit(v, job_of(v, STORE_SAVE, lang));
	return true;
}

bool visit_abandon(struct visit *v, const char *lang)
{
	if (!v->session || session_state(v->session) != SESSION_SORTING)
		return false;
	session_abandon(v->session);
	submit(v, job_of(v, STORE_SAVE, lang));
	return true;
}

void visit_set_profile(struct visit *v, int age, int residence)
{
	if (!v->saved || (age == 0 && residence == 0))
		return;
	const char *a = age > 0 && (size_t)age <= profile_age_count ? profile_age_codes[age - 1]
								    : NULL;
	const char *r = residence > 0 && (size_t)residence <= profile_residence_count
				? profile_residence_codes[residence - 1]
				: NULL;
	struct store_job *job = store_job_create(STORE_PROFILE, NULL);
	memcpy(job->uuid, v->uuid, sizeof(job->uuid));
	job->age_band = a;
	job->residence = r;
	submit(v, job);
}

size_t visit_thanks_top(struct visit *v, int min_sessions, struct thanks_choice *out, size_t max)
{
	size_t n = 0;
	struct log *log = visit_log(v);
	if (!v->saved)
		return 0;
	/* The visitor's top choices, in their own order of priority. */
	size_t yes = session_pile_size(v->session, PILE_YES);
	for (size_t pos = 0; pos < yes && n < max; pos++) {
		size_t kw = session_card_keyword(v->session,
						 session_pile_card(v->session, PILE_YES, pos));
		uint64_t agree = 0, shown = 0;
		struct diag err;
		diag_init(&err);
		bool ok = log_yes_share(log, keyset_id(v->ks), keyset_keyword_id(v->ks, kw), &agree,
					&shown, &err);
		diag_finish(&err);
		out[n] = (struct thanks_choice){.keyword = kw};
		/* Others only: this visitor's own session is in the log already.
		 * Nobody else choosing it is left unsaid: "0 of 14" only
		 * discourages, and says nothing the visitor can use. */
		if (ok && shown > 0 && agree > 1 && shown - 1 >= (uint64_t)min_sessions &&
		    shown - 1 <= UINT32_MAX) {
			out[n].count = (unsigned)(agree - 1);
			out[n].total = (unsigned)(shown - 1);
		}
		n++;
	}
	return n;
}

bool visit_trace_stored(const struct store_job *job, struct strbuf *sb, int64_t t_ms)
{
	if (!job->ok || job->kind != STORE_SAVE)
		return false;
	size_t placed = session_placed_count(job->session);
	if (session_state(job->session) == SESSION_COMPLETED) {
		trace_session_saved(sb, t_ms, job->uuid, placed);
		return true;
	}
	sb_appendf(sb, "{\"t\":%lld,\"event\":\"session-abandoned\",\"session\":", (long long)t_ms);
	sb_append_json(sb, job->uuid);
	sb_appendf(sb, ",\"placed\":%zu}", placed);
	return true;
}

void visit_trace_line(const struct visit *v, struct strbuf *sb, int64_t t_ms, const char *event)
{
	size_t placed = v->session ? session_placed_count(v->session) : 0;
	if (strcmp(event, "session-saved") == 0) {
		trace_session_saved(sb, t_ms, v->uuid, placed);
		return;
	}
	sb_appendf(sb, "{\"t\":%lld,\"event\":", (long long)t_ms);
	sb_append_json(sb, event);
	sb_append(sb, ",\"session\":");
	sb_append_json(sb, v->uuid);
	sb_appendf(sb, ",\"placed\":%zu}", placed);
}
