/* The export chain in the tally (tally_chain.h): each numbered export is
 * recorded as it is imported (tally_chain_record, inside the import's
 * transaction), and the gaps are worked out when asked, from the rows. */
#include "store/tally_chain.h"

#include "common/xalloc.h"
#include "store/db.h"
#include "store/tally_chain_internal.h"

#include <stdlib.h>
#include <string.h>

const char tally_chain_step[] =
	/* 3 -> 4: the export chain, the audit log, successor keys */
	"CREATE TABLE exports(\n"
	"  kiosk_id TEXT NOT NULL,\n"
	"  seq INTEGER NOT NULL CHECK(seq >= 1),\n"
	"  export_sha256 TEXT NOT NULL,\n"
	"  previous_sha256 TEXT NOT NULL,\n"
	"  previous_created_at TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  import_id INTEGER NOT NULL REFERENCES imports(id),\n"
	"  PRIMARY KEY(kiosk_id, seq, export_sha256));\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  event TEXT NOT NULL,\n"
	"  subject TEXT NOT NULL DEFAULT '',\n"
	"  detail TEXT NOT NULL DEFAULT '');\n"
	"ALTER TABLE kiosks ADD COLUMN predecessor TEXT;\n"
	"ALTER TABLE imports ADD COLUMN export_seq INTEGER";

bool tally_chain_record(struct tally *t, const struct export_info *info, int64_t import_id,
			const char *what, struct diag *err)
{
	if (info->seq < 1)
		return true; /* format 2: no number */
	/* the same export again changes nothing; another file under the same
	 * number is a row of its own, and reported */
	return db_run_sql(t->db,
			  "INSERT OR IGNORE INTO exports(kiosk_id, seq, export_sha256, "
			  "previous_sha256, previous_created_at, created_at, import_id) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			  what, err, "sissssi", info->kiosk_id, info->seq, info->export_sha256,
			  info->previous_sha256, info->previous_created_at, info->created_at,
			  import_id) &&
	       db_run_sql(t->db, "UPDATE imports SET export_seq = ?1 WHERE id = ?2", what, err,
			  "ii", info->seq, import_id);
}

/* One exports row, as read. */
struct tally_chain_row {
	int64_t seq;
	char *sha, *previous, *previous_at, *at;
};

/* One kiosk's rows being gathered, and what fn will see. */
struct tally_chain_work {
	char *kiosk_id, *site, *pred_site, *pred_kiosk;
	struct tally_chain_row *rows;
	size_t nrows, cap;
	struct tally_chain_gap *gaps;
	size_t ngaps, gcap;
	int64_t *doubled, *unlinked;
	size_t ndoubled, dcap, nunlinked, ucap;
};

static void tally_chain_work_clear(struct tally_chain_work *w)
{
	for (size_t i = 0; i < w->nrows; i++) {
		free(w->rows[i].sha);
		free(w->rows[i].previous);
		free(w->rows[i].previous_at);
		free(w->rows[i].at);
	}
	free(w->kiosk_id);
	free(w->site);
	free(w->pred_site);
	free(w->pred_kiosk);
	free(w->rows);
	free(w->gaps);
	free(w->doubled);
	free(w->unlinked);
	memset(w, 0, sizeof(*w));
}

static void tally_chain_push(int64_t **list, size_t *n, size_t *cap, int64_t v)
{
	if (*n && (*list)[*n - 1] == v)
		return;
	xgrow((void **)list, cap, *n + 1, sizeof(**list));
	(*list)[(*n)++] = v;
}

/* Rows come ordered by seq: the gaps between the numbers held, the numbers
 * held twice, and the links that do not meet. */
static void tally_chain_emit(struct tally_chain_work *w,
			     void (*fn)(void *ctx, const struct tally_chain *c), void *ctx)
{
	int64_t held = 0, expect = 1;
	const char *before_at = NULL; /* created_at of the export before a gap */
	for (size_t i = 0; i < w->nrows; i++) {
		struct tally_chain_row *r = &w->rows[i];
		bool again = i > 0 && w->rows[i - 1].seq == r->seq;
		if (again) {
			tally_chain_push(&w->doubled, &w->ndoubled, &w->dcap, r->seq);
			continue;
		}
		if (r->seq > expect) {
			xgrow((void **)&w->gaps, &w->gcap, w->ngaps + 1, sizeof(*w->gaps));
			w->gaps[w->ngaps++] = (struct tally_chain_gap){expect, r->seq - 1,
								       before_at, r->previous_at};
		} else if (i > 0 && w->rows[i - 1].seq == r->seq - 1) {
			/* the one before is held: its identity (any of them, when
			 * it came twice) must be the one this one names */
			bool linked = false;
			for (size_t j = i; j-- > 0 && w->rows[j].seq == r->seq - 1;)
				linked |= strcmp(w->rows[j].sha, r->previous) == 0;
			if (!linked)
				tally_chain_push(&w->unlinked, &w->nunlinked, &w->ucap, r->seq);
		}
		held++;
		expect = r->seq + 1;
		before_at = r->at;
	}
	struct tally_chain c = {
		.kiosk_id = w->kiosk_id,
		.site = w->site,
		.highest = w->nrows ? w->rows[w->nrows - 1].seq : 0,
		.held = held,
		.gaps = w->gaps,
		.ngaps = w->ngaps,
		.doubled = w->doubled,
		.ndoubled = w->ndoubled,
		.unlinked = w->unlinked,
		.nunlinked = w->nunlinked,
		.predecessor_site = w->pred_site,
		.predecessor_kiosk_id = w->pred_kiosk,
	};
	fn(ctx, &c);
}

static char *tally_chain_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

bool tally_chains(struct tally *t, void (*fn)(void *ctx, const struct tally_chain *c), void *ctx,
		  struct diag *err)
{
	const char *what = "read the tally";
	/* the kiosk's site: the one trusted with its key, else the newest one
	 * its files named; its predecessor through the key's registration */
	sqlite3_stmt *st = db_prepare(
		t->db,
		"WITH k AS (SELECT e.kiosk_id, "
		"  (SELECT coalesce(nullif(k.site, ''), nullif(i.site, '')) FROM imports i "
		"   LEFT JOIN kiosks k ON k.public_key = i.public_key "
		"   WHERE i.kiosk_id = e.kiosk_id AND i.status = 'imported' "
		"   ORDER BY i.id DESC LIMIT 1) AS site, "
		"  (SELECT p.kiosk_id FROM kiosks s JOIN kiosks p ON p.public_key = s.predecessor "
		"   WHERE s.kiosk_id = e.kiosk_id AND p.kiosk_id <> e.kiosk_id LIMIT 1) AS pred "
		"  FROM exports e GROUP BY e.kiosk_id) "
		"SELECT k.kiosk_id, k.site, k.pred, "
		"  (SELECT coalesce(nullif(pk.site, ''), "
		"     (SELECT nullif(i.site, '') FROM imports i WHERE i.kiosk_id = k.pred "
		"      ORDER BY i.id DESC LIMIT 1)) "
		"   FROM kiosks pk WHERE pk.kiosk_id = k.pred LIMIT 1), "
		"  e.seq, e.export_sha256, e.previous_sha256, e.previous_created_at, e.created_at "
		"FROM k JOIN exports e ON e.kiosk_id = k.kiosk_id "
		"ORDER BY k.site IS NULL, k.site, k.kiosk_id, e.seq, e.import_id",
		what, err);
	bool ok = st != NULL, row = true;
	struct tally_chain_work w = {0};
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		const char *kiosk = (const char *)sqlite3_column_text(st, 0);
		if (w.kiosk_id && strcmp(w.kiosk_id, kiosk) != 0) {
			tally_chain_emit(&w, fn, ctx);
			tally_chain_work_clear(&w);
		}
		if (!w.kiosk_id) {
			w.kiosk_id = xstrdup(kiosk);
			w.site = tally_chain_dup(st, 1);
			w.pred_kiosk = tally_chain_dup(st, 2);
			w.pred_site = tally_chain_dup(st, 3);
		}
		xgrow((void **)&w.rows, &w.cap, w.nrows + 1, sizeof(*w.rows));
		w.rows[w.nrows++] = (struct tally_chain_row){
			.seq = sqlite3_column_int64(st, 4),
			.sha = tally_chain_dup(st, 5),
			.previous = tally_chain_dup(st, 6),
			.previous_at = tally_chain_dup(st, 7),
			.at = tally_chain_dup(st, 8),
		};
	}
	if (ok && w.kiosk_id)
		tally_chain_emit(&w, fn, ctx);
	tally_chain_work_clear(&w);
	sqlite3_finalize(st);
	return ok;
}
