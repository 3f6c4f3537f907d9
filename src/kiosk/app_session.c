/* The visit: deal, journal, store, profile and the thanks screen's figures. */
#include "kiosk/app_session.h"

#include "common/clock.h"
#include "common/fsutil.h"
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
	uint64_t h = 1469598103934665603ULL;
	for (size_t c = 0; s && c < session_card_count(s); c++) {
		h = (h ^ (uint64_t)session_card_pile(s, c)) * 1099511628211ULL;
		h = (h ^ (uint64_t)session_card_position(s, c)) * 1099511628211ULL;
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

static struct session_meta meta_of(const struct visit *v, const char *lang)
{
	int64_t now = clock_wall_ms();
	return (struct session_meta){
		.uuid = v->uuid,
		.site = v->opt->site,
		.language = lang,
		.started_ms = v->started_ms ? v->started_ms : now,
		.ended_ms = now,
	};
}

bool visit_changed(const struct visit *v)
{
	return v->session && session_state(v->session) == SESSION_SORTING &&
	       fingerprint(v->session) != v->journaled;
}

void visit_journal(struct visit *v, const char *lang)
{
	struct session_meta meta = meta_of(v, lang);
	struct diag err;
	diag_init(&err);
	if (log_journal_session(v->log, v->ks, v->session, &meta, &err))
		v->journaled = fingerprint(v->session);
	else
		v->opt->report(&err);
	diag_finish(&err);
}

static bool store(struct visit *v, const char *lang)
{
	struct session_meta meta = meta_of(v, lang);
	struct diag err;
	diag_init(&err);
	bool ok = log_save_session(v->log, v->ks, v->session, &meta, &err);
	if (!ok)
		v->opt->report(&err);
	diag_finish(&err);
	return ok;
}

bool visit_complete(struct visit *v, const char *lang)
{
	if (!v->session || !session_complete(v->session))
		return false;
	v->saved = store(v, lang);
	return v->saved;
}

bool visit_abandon(struct visit *v, const char *lang)
{
	if (!v->session || session_state(v->session) != SESSION_SORTING)
		return false;
	session_abandon(v->session);
	return store(v, lang);
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
	struct diag err;
	diag_init(&err);
	if (!log_set_profile(v->log, v->uuid, a, r, &err))
		v->opt->report(&err);
	diag_finish(&err);
}

size_t visit_thanks_top(struct visit *v, int min_sessions, struct thanks_choice *out, size_t max)
{
	size_t n = 0;
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
		bool ok = log_yes_share(v->log, keyset_id(v->ks), keyset_keyword_id(v->ks, kw),
					&agree, &shown, &err);
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
