/* The tally's kept statistics as an import keeps them (see
 * tally_aggregate.h): its sessions summed in memory, card by card, and the
 * sums written at the end in its own transaction, so that a file of a
 * thousand sessions costs one upsert a row of the tables, not one a card.
 * The sums of the raw rows are tally_aggregate_rebuild.c's. */
#include "store/tally_aggregate.h"

#include "store/tally_aggregate_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whitelist of dimensions: stored names and SQL, never built from
 * input. An empty site or language is as good as none. */
static const struct {
	const char *name, *expr;
} agg_dims[TALLY_BY_COUNT] = {
	[TALLY_BY_NONE] = {"all", "''"},
	[TALLY_BY_SITE] = {"site", "coalesce(s.site, '')"},
	[TALLY_BY_LANGUAGE] = {"language", "coalesce(s.language, '')"},
	[TALLY_BY_AGE] = {"age", "coalesce(s.age_band, '')"},
	[TALLY_BY_RESIDENCE] = {"residence", "coalesce(s.residence, '')"},
	/* UTC, as stored: the same answer on every organizer's computer */
	[TALLY_BY_DAY] = {"day", "substr(s.started_at, 1, 10)"},
	[TALLY_BY_CHANNEL] = {"channel", "coalesce(s.channel, '')"},
};

const char *agg_dim(enum tally_segment by)
{
	return agg_dims[by].name;
}

const char *agg_dim_expr(enum tally_segment by)
{
	return agg_dims[by].expr;
}

/* ---- the sums ---- */

struct agg_cell {
	int64_t shown, yes, no, neutral, rank_sum, rank_n;
};

/* Cards per keyword: outcome (abandoned) x flagged. */
#define AGG_BUCKETS 4

struct agg_dim_sums {
	struct agg_intern segs;
	struct agg_cell **rows; /* rows[seg][keyword * AGG_BUCKETS + bucket] */
	size_t rows_cap;
};

struct agg_group {
	int64_t sessions;
	char first[25], last[25]; /* of the sessions added; "" for none */
	bool taken;		  /* a session was taken away: bounds from the rows */
};

struct agg {
	struct strbuf scratch;
	struct agg_intern keywords; /* set, version, keyword id */
	size_t kw_cap;		    /* cells per row / AGG_BUCKETS */
	struct agg_dim_sums dims[TALLY_BY_COUNT];
	struct agg_intern group_keys; /* dim, set, version, seg, kiosk, outcome, flags */
	struct agg_group *groups;
	size_t groups_cap;
	size_t *kw; /* agg_add's keyword numbers, one per card */
	size_t kw_len;
};

struct agg *agg_create(void)
{
	struct agg *a = xcalloc(1, sizeof(*a));
	sb_init(&a->scratch);
	return a;
}

static void agg_reset(struct agg *a)
{
	for (int d = 0; d < TALLY_BY_COUNT; d++) {
		for (size_t i = 0; i < a->dims[d].segs.n; i++)
			free(a->dims[d].rows[i]);
		free(a->dims[d].rows);
		agg_intern_finish(&a->dims[d].segs);
		a->dims[d] = (struct agg_dim_sums){0};
	}
	agg_intern_finish(&a->keywords);
	agg_intern_finish(&a->group_keys);
	free(a->groups);
	a->groups = NULL;
	a->groups_cap = 0;
	a->kw_cap = 0;
}

void agg_destroy(struct agg *a)
{
	if (!a)
		return;
	agg_reset(a);
	sb_finish(&a->scratch);
	free(a->kw);
	free(a);
}

/* Room for keyword kw in every row of every dimension. */
static void agg_keyword_room(struct agg *a, size_t kw)
{
	if (kw < a->kw_cap)
		return;
	size_t old = a->kw_cap, cap = old ? old : 64;
	while (cap <= kw)
		cap *= 2;
	for (int d = 0; d < TALLY_BY_COUNT; d++) {
		for (size_t i = 0; i < a->dims[d].segs.n; i++) {
			struct agg_cell **row = &a->dims[d].rows[i];
			*row = xrealloc(*row, cap * AGG_BUCKETS * sizeof(**row));
			memset(*row + old * AGG_BUCKETS, 0,
			       (cap - old) * AGG_BUCKETS * sizeof(**row));
		}
	}
	a->kw_cap = cap;
}

static struct agg_cell *agg_row(struct agg *a, int d, const char *seg)
{
	struct agg_dim_sums *ds = &a->dims[d];
	size_t n = ds->segs.n;
	size_t i = agg_intern_get(&ds->segs, &a->scratch, &seg, 1);
	if (i == n) {
		xgrow((void **)&ds->rows, &ds->rows_cap, n + 1, sizeof(*ds->rows));
		ds->rows[i] = xcalloc(a->kw_cap ? a->kw_cap * AGG_BUCKETS : 1, sizeof(**ds->rows));
	}
	return ds->rows[i];
}

static void agg_group_add(struct agg *a, int d, const struct agg_session *s, int sign)
{
	char flags[4];
	flags[0] = (char)('0' + (s->flags & 7));
	flags[1] = '\0';
	const char *parts[7] = {agg_dims[d].name,
				s->set_id,
				s->set_version,
				s->seg[d],
				s->kiosk_id,
				s->abandoned ? "abandoned" : "completed",
				flags};
	size_t n = a->group_keys.n;
	size_t i = agg_intern_get(&a->group_keys, &a->scratch, parts, 7);
	if (i == n) {
		xgrow((void **)&a->groups, &a->groups_cap, n + 1, sizeof(*a->groups));
		a->groups[i] = (struct agg_group){0};
	}
	struct agg_group *g = &a->groups[i];
	g->sessions += sign;
	if (sign < 0) {
		g->taken = true;
		return;
	}
	if (!g->first[0] || strcmp(s->started_at, g->first) < 0)
		snprintf(g->first, sizeof(g->first), "%s", s->started_at);
	if (!g->last[0] || strcmp(s->ended_at, g->last) > 0)
		snprintf(g->last, sizeof(g->last), "%s", s->ended_at);
}

void agg_add(struct agg *a, const struct agg_session *s, const struct agg_card *cards, size_t n,
	     int sign)
{
	struct agg_cell *rows[TALLY_BY_COUNT];
	xgrow((void **)&a->kw, &a->kw_len, n, sizeof(*a->kw));
	size_t *kw = a->kw;
	/* keywords first: making room moves the rows */
	for (size_t c = 0; c < n; c++) {
		const char *parts[3] = {s->set_id, s->set_version, cards[c].keyword_id};
		kw[c] = agg_intern_get(&a->keywords, &a->scratch, parts, 3);
		agg_keyword_room(a, kw[c]);
	}
	for (int d = 0; d < TALLY_BY_COUNT; d++) {
		rows[d] = agg_row(a, d, s->seg[d]);
		agg_group_add(a, d, s, sign);
	}
	int bucket = (s->abandoned ? 2 : 0) + (s->flags ? 1 : 0);
	for (size_t c = 0; c < n; c++) {
		const struct agg_card *card = &cards[c];
		for (int d = 0; d < TALLY_BY_COUNT; d++) {
			struct agg_cell *cell = &rows[d][kw[c] * AGG_BUCKETS + (size_t)bucket];
			cell->shown += sign;
			if (card->pile == PILE_YES) {
				cell->yes += sign;
				if (card->rank > 0) {
					cell->rank_sum += sign * card->rank;
					cell->rank_n += sign;
				}
			} else if (card->pile == PILE_NO) {
				cell->no += sign;
			} else if (card->pile == PILE_NEUTRAL) {
				cell->neutral += sign;
			}
		}
	}
}

size_t agg_keyword_count(const struct agg *a)
{
	return a->keywords.n;
}

void agg_keyword(const struct agg *a, size_t i, const char **set_id, const char **set_version,
		 const char **keyword_id)
{
	*set_id = a->keywords.keys[i].part[0];
	*set_version = a->keywords.keys[i].part[1];
	*keyword_id = a->keywords.keys[i].part[2];
}

/* ---- writing the sums ---- */

static const char agg_put_keyword[] = AGG_INTO_KEYWORDS
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" AGG_ADD;

static const char agg_put_group[] = AGG_INTO_SESSIONS
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" AGG_WIDEN;

static bool agg_flush_keywords(struct agg *a, struct db *db, const char *what, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db, agg_put_keyword, what, err);
	bool ok = st != NULL;
	for (int d = 0; ok && d < TALLY_BY_COUNT; d++) {
		const struct agg_dim_sums *ds = &a->dims[d];
		for (size_t i = 0; ok && i < ds->segs.n; i++) {
			for (size_t k = 0; ok && k < a->keywords.n; k++) {
				const struct agg_key *kw = &a->keywords.keys[k];
				for (int b = 0; ok && b < AGG_BUCKETS; b++) {
					const struct agg_cell *c =
						&ds->rows[i][k * AGG_BUCKETS + (size_t)b];
					if (!c->shown && !c->yes && !c->no && !c->neutral &&
					    !c->rank_sum && !c->rank_n)
						continue;
					ok = db_bind(db, st, what, err, "ssssssiiiiiii",
						     agg_dims[d].name, kw->part[0], kw->part[1],
						     ds->segs.keys[i].part[0], kw->part[2],
						     b & 2 ? "abandoned" : "completed",
						     (int64_t)(b & 1), c->shown, c->yes, c->no,
						     c->neutral, c->rank_sum, c->rank_n) &&
					     db_run(db, st, what, err);
				}
			}
		}
	}
	sqlite3_finalize(st);
	return ok;
}

/* A group a session left: its first start and last end from the rows. */
static bool agg_rebound(struct db *db, const struct agg_key *k, const char *what, struct diag *err)
{
	enum tally_segment by = TALLY_BY_NONE;
	for (int d = 0; d < TALLY_BY_COUNT; d++)
		if (strcmp(agg_dims[d].name, k->part[0]) == 0)
			by = (enum tally_segment)d;
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   "WITH b AS (SELECT min(s.started_at) AS f, max(s.ended_at) AS l FROM sessions s "
		   "  WHERE s.kiosk_id = ?5 AND s.set_id = ?2 AND s.set_version = ?3 "
		   "  AND s.outcome = ?6 AND s.flags = ?7 AND %s = ?4) "
		   "UPDATE agg_sessions SET first_started = coalesce((SELECT f FROM b), ''), "
		   "last_ended = coalesce((SELECT l FROM b), '') "
		   "WHERE dim = ?1 AND set_id = ?2 AND set_version = ?3 AND seg = ?4 "
		   "AND kiosk_id = ?5 AND outcome = ?6 AND flags = ?7",
		   agg_dims[by].expr);
	bool ok = db_run_sql(db, sb_str(&sql), what, err, "sssssss", k->part[0], k->part[1],
			     k->part[2], k->part[3], k->part[4], k->part[5], k->part[6]);
	sb_finish(&sql);
	return ok;
}

static bool agg_flush_groups(struct agg *a, struct db *db, const char *what, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db, agg_put_group, what, err);
	bool ok = st != NULL, taken = false;
	for (size_t i = 0; ok && i < a->group_keys.n; i++) {
		const struct agg_key *k = &a->group_keys.keys[i];
		const struct agg_group *g = &a->groups[i];
		taken = taken || g->taken;
		ok = db_bind(db, st, what, err, "sssssssiss", k->part[0], k->part[1], k->part[2],
			     k->part[3], k->part[4], k->part[5], k->part[6], g->sessions, g->first,
			     g->last) &&
		     db_run(db, st, what, err);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; ok && taken && i < a->group_keys.n; i++)
		if (a->groups[i].taken)
			ok = agg_rebound(db, &a->group_keys.keys[i], what, err);
	/* rows a move emptied */
	return ok && (!taken || db_exec(db,
					"DELETE FROM agg_sessions WHERE sessions = 0;\n"
					"DELETE FROM agg_keywords WHERE shown = 0",
					what, err));
}

bool agg_flush(struct agg *a, struct db *db, const char *what, struct diag *err)
{
	bool ok = agg_flush_keywords(a, db, what, err) && agg_flush_groups(a, db, what, err);
	agg_reset(a);
	return ok;
}
