/* Misuse flags in the tally (model/misuse.h holds the rules): repeats
 * found at import among a file's sessions and its kiosk's neighbours in
 * the tally, a session's sums moved when its flags change, and every
 * session judged again when the rules change or an older tally is first
 * opened. */
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/plausible.h"
#include "store/tally_aggregate.h"
#include "store/tally_internal.h"
#include "store/tally_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *flags_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

static enum pile flags_pile(const char *name)
{
	enum pile p = PILE_DECK;
	return name && pile_from_name(name, &p) ? p : PILE_DECK;
}

bool tally_rows_move(struct db *db, struct agg *agg, int64_t id, unsigned from, unsigned to,
		     const char *what, struct diag *err)
{
	sqlite3_stmt *s = db_prepare(db,
				     "SELECT coalesce(site, ''), coalesce(language, ''), "
				     "coalesce(age_band, ''), coalesce(residence, ''), "
				     "substr(started_at, 1, 10), coalesce(channel, ''), set_id, "
				     "set_version, kiosk_id, outcome, started_at, ended_at "
				     "FROM sessions WHERE id = ?1",
				     what, err);
	sqlite3_stmt *c = s ? db_prepare(db,
					 "SELECT keyword_id, pile, coalesce(rank, 0) FROM cards "
					 "WHERE session_id = ?1",
					 what, err)
			    : NULL;
	bool row = false;
	bool ok = c && db_bind(db, s, what, err, "i", id) && db_step(db, s, &row, what, err) &&
		  row && db_bind(db, c, what, err, "i", id);
	struct agg_card *cards = NULL;
	size_t n = 0, cap = 0;
	while (ok) {
		bool more = false;
		ok = db_step(db, c, &more, what, err);
		if (!ok || !more)
			break;
		xgrow((void **)&cards, &cap, n + 1, sizeof(*cards));
		cards[n++] = (struct agg_card){xstrdup(flags_col(c, 0)),
					       flags_pile(flags_col(c, 1)),
					       sqlite3_column_int64(c, 2)};
	}
	if (ok) {
		struct agg_session a = {
			.set_id = flags_col(s, 6),
			.set_version = flags_col(s, 7),
			.kiosk_id = flags_col(s, 8),
			.abandoned = strcmp(flags_col(s, 9), "abandoned") == 0,
			.flags = from,
			.started_at = flags_col(s, 10),
			.ended_at = flags_col(s, 11),
		};
		static const enum tally_segment order[] = {TALLY_BY_SITE, TALLY_BY_LANGUAGE,
							   TALLY_BY_AGE,  TALLY_BY_RESIDENCE,
							   TALLY_BY_DAY,  TALLY_BY_CHANNEL};
		a.seg[TALLY_BY_NONE] = "";
		for (int i = 0; i < 6; i++)
			a.seg[order[i]] = flags_col(s, i);
		agg_add(agg, &a, cards, n, -1);
		a.flags = to;
		agg_add(agg, &a, cards, n, +1);
		ok = db_run_sql(db, "UPDATE sessions SET flags = ?1 WHERE id = ?2", what, err, "ii",
				(int64_t)to, id);
	}
	for (size_t i = 0; i < n; i++)
		free((char *)cards[i].keyword_id);
	free(cards);
	sqlite3_finalize(s);
	sqlite3_finalize(c);
	return ok;
}

/* The kiosk's sessions in the tally from other imports that started in
 * [lo, hi], appended to *items (their UUIDs kept in *uuids). */
static bool flags_neighbours(struct db *db, const char *kiosk_id, int64_t import_id, const char *lo,
			     const char *hi, struct misuse_item **items, size_t *n, size_t *cap,
			     struct strbuf *uuids, const char *what, struct diag *err)
{
	size_t first = *n, *at = NULL, at_cap = 0;
	sqlite3_stmt *st =
		db_prepare(db,
			   "SELECT id, uuid, started_at, answers, flags FROM sessions "
			   "WHERE kiosk_id = ?1 AND started_at >= ?2 AND started_at <= ?3 "
			   "AND import_id <> ?4 AND answers IS NOT NULL",
			   what, err);
	bool ok = st && db_bind(db, st, what, err, "sssi", kiosk_id, lo, hi, import_id);
	while (ok) {
		bool row = false;
		ok = db_step(db, st, &row, what, err);
		if (!ok || !row)
			break;
		int64_t started = 0;
		if (!plausible_time(flags_col(st, 2), &started))
			continue;
		xgrow((void **)items, cap, *n + 1, sizeof(**items));
		xgrow((void **)&at, &at_cap, *n - first + 1, sizeof(*at));
		at[*n - first] = uuids->len;
		sb_appendn(uuids, flags_col(st, 1), strlen(flags_col(st, 1)) + 1);
		unsigned flags = (unsigned)sqlite3_column_int(st, 4);
		(*items)[(*n)++] = (struct misuse_item){
			.answers = (uint64_t)sqlite3_column_int64(st, 3),
			.started_ms = started,
			.flags = flags,
			.id = sqlite3_column_int64(st, 0),
			.before = flags,
		};
	}
	sqlite3_finalize(st);
	/* the text moved while it grew: point into it only now */
	for (size_t i = first; i < *n; i++)
		(*items)[i].uuid = uuids->data + at[i - first];
	free(at);
	return ok;
}

bool tally_rows_repeats(struct tally *t, struct agg *agg, const char *kiosk_id, int64_t import_id,
			const struct misuse_item *added, size_t count, uint64_t *newly_flagged,
			const char *what, struct diag *err)
{
	*newly_flagged = 0;
	int64_t window = t->rules.repeat_window_ms;
	if (!count || window <= 0)
		return true;
	int64_t first = added[0].started_ms, last = first, first_id = added[0].id;
	for (size_t i = 1; i < count; i++) {
		if (added[i].id < first_id)
			first_id = added[i].id;
		if (added[i].started_ms < first)
			first = added[i].started_ms;
		if (added[i].started_ms > last)
			last = added[i].started_ms;
	}
	char lo[25], hi[25];
	clock_iso8601(first - window, lo);
	clock_iso8601(last + window, hi);
	size_t n = count, cap = count;
	struct misuse_item *items = xcalloc(cap, sizeof(*items));
	memcpy(items, added, count * sizeof(*items));
	struct strbuf uuids;
	sb_init(&uuids);
	bool ok = flags_neighbours(t->db, kiosk_id, import_id, lo, hi, &items, &n, &cap, &uuids,
				   what, err);
	if (ok)
		misuse_mark_repeats(&t->rules, items, n);
	for (size_t i = 0; ok && i < n; i++) {
		if (items[i].flags == items[i].before)
			continue;
		/* this file's rows are the newest: ids from its first on */
		if (items[i].id >= first_id && !items[i].before)
			++*newly_flagged;
		ok = tally_rows_move(t->db, agg, items[i].id, items[i].before, items[i].flags, what,
				     err);
	}
	free(items);
	sb_finish(&uuids);
	return ok;
}

/* ---- judging every session again ---- */

struct reflag_session {
	struct misuse_item item;
	size_t kiosk; /* number of its kiosk id, for grouping */
	char uuid[37];
};

static int reflag_by_kiosk(const void *a, const void *b)
{
	const struct reflag_session *x = a, *y = b;
	return x->kiosk < y->kiosk ? -1 : x->kiosk > y->kiosk;
}

struct reflag_reader {
	enum pile piles[PLAUSIBLE_CARDS_PER_SESSION];
	size_t npiles;
	struct misuse_digest digest;
	int64_t started, ended;
	bool completed;
	char **kiosks;
	size_t nkiosks, kiosks_cap;
};

static size_t reflag_kiosk(struct reflag_reader *r, const char *kiosk)
{
	size_t k = 0;
	while (k < r->nkiosks && strcmp(r->kiosks[k], kiosk) != 0)
		k++;
	if (k == r->nkiosks) {
		xgrow((void **)&r->kiosks, &r->kiosks_cap, r->nkiosks + 1, sizeof(*r->kiosks));
		r->kiosks[r->nkiosks++] = xstrdup(kiosk);
	}
	return k;
}

/* Every session with its cards (sessions by id, cards by the primary key:
 * nothing to sort), each judged on its own. */
static bool reflag_read(struct tally *t, struct reflag_session **out, size_t *count,
			const char *what, struct diag *err)
{
	struct db *db = t->db;
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT s.id, s.uuid, s.kiosk_id, s.set_id, s.set_version, "
				      "s.outcome, s.started_at, s.ended_at, c.keyword_id, c.pile, "
				      "coalesce(c.rank, 0) FROM sessions s "
				      "LEFT JOIN cards c ON c.session_id = s.id "
				      "ORDER BY s.id, c.keyword_id",
				      what, err);
	struct reflag_reader r = {0};
	size_t n = 0, cap = 0;
	struct reflag_session *v = NULL;
	bool ok = st != NULL;
	for (;;) {
		bool row = false;
		if (ok)
			ok = db_step(db, st, &row, what, err);
		int64_t id = ok && row ? sqlite3_column_int64(st, 0) : -1;
		if (n && (!row || !ok || id != v[n - 1].item.id)) { /* the last one is whole */
			v[n - 1].item.flags = misuse_check(&t->rules, r.completed, r.started,
							   r.ended, r.piles, r.npiles);
			v[n - 1].item.answers = misuse_digest_final(&r.digest);
		}
		if (!ok || !row)
			break;
		if (!n || id != v[n - 1].item.id) {
			xgrow((void **)&v, &cap, n + 1, sizeof(*v));
			struct reflag_session *s = &v[n++];
			*s = (struct reflag_session){.item = {.id = id}};
			snprintf(s->uuid, sizeof(s->uuid), "%s", flags_col(st, 1));
			s->kiosk = reflag_kiosk(&r, flags_col(st, 2));
			r.completed = strcmp(flags_col(st, 5), "completed") == 0;
			if (!plausible_time(flags_col(st, 6), &r.started) ||
			    !plausible_time(flags_col(st, 7), &r.ended))
				r.started = r.ended = 0; /* no duration to judge by */
			s->item.started_ms = r.started;
			misuse_digest_init(&r.digest, flags_col(st, 3), flags_col(st, 4));
			r.npiles = 0;
		}
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			enum pile p = flags_pile(flags_col(st, 9));
			if (r.npiles < PLAUSIBLE_CARDS_PER_SESSION)
				r.piles[r.npiles++] = p;
			misuse_digest_card(&r.digest, flags_col(st, 8), p,
					   sqlite3_column_int64(st, 10));
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < r.nkiosks; i++)
		free(r.kiosks[i]);
	free(r.kiosks);
	*out = v;
	*count = n;
	return ok;
}

/* Repeats within each kiosk's sessions. */
static void reflag_repeats(struct tally *t, struct reflag_session *v, size_t n)
{
	if (n == 0)
		return; /* an empty tally: v is NULL, which qsort may not be given */
	qsort(v, n, sizeof(*v), reflag_by_kiosk);
	struct misuse_item *items = xcalloc(n ? n : 1, sizeof(*items));
	for (size_t start = 0, i = 1; i <= n; i++) {
		if (i < n && v[i].kiosk == v[start].kiosk)
			continue;
		for (size_t j = start; j < i; j++) {
			items[j - start] = v[j].item;
			items[j - start].uuid = v[j].uuid;
			items[j - start].before = (unsigned)j; /* where it came from */
		}
		misuse_mark_repeats(&t->rules, items, i - start);
		for (size_t j = 0; j < i - start; j++)
			v[items[j].before].item.flags = items[j].flags;
		start = i;
	}
	free(items);
}

bool tally_rows_reflag(struct tally *t, const char *what, struct diag *err)
{
	struct reflag_session *v = NULL;
	size_t n = 0;
	bool ok = reflag_read(t, &v, &n, what, err);
	if (ok)
		reflag_repeats(t, v, n);
	sqlite3_stmt *st =
		ok ? db_prepare(t->db,
				"UPDATE sessions SET flags = ?1, answers = ?2 "
				"WHERE id = ?3 AND (flags IS NOT ?1 OR answers IS NOT ?2)",
				what, err)
		   : NULL;
	ok = ok && st;
	for (size_t i = 0; ok && i < n; i++)
		ok = db_bind(t->db, st, what, err, "iii", (int64_t)v[i].item.flags,
			     (int64_t)v[i].item.answers, v[i].item.id) &&
		     db_run(t->db, st, what, err);
	sqlite3_finalize(st);
	free(v);
	return ok && agg_clear(t->db, what, err) && agg_catch_up(t->db, what, err);
}
