/* The organizers' tally: its schema and upgrades, and counting each
 * keyword's piles and ranks. Imports are in tally_import.c, the trusted
 * kiosk keys and the import log in tally_trust.c. */
#include "store/tally.h"

#include "common/xalloc.h"
#include "store/db.h"
#include "store/tally_internal.h"

#include <stdlib.h>
#include <string.h>

#define TALLY_APPLICATION_ID 0x56535441u /* 'VSTA' */

/* steps[v] takes the schema from version v to v+1. The CHECKs guard the
 * counts against whatever an export file holds, since it is not ours. */
static const char *const tally_steps[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL);\n"
	"INSERT INTO meta(key, value) VALUES\n"
	"  ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));\n"
	"CREATE TABLE keywords(\n"
	"  keyword_id TEXT PRIMARY KEY CHECK(typeof(keyword_id) = 'text'),\n"
	"  label_sv TEXT,\n"
	"  set_id TEXT,\n"
	"  set_version TEXT);\n"
	"CREATE TABLE imports(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  file_name TEXT NOT NULL,\n"
	"  kiosk_id TEXT,\n"
	"  added INTEGER NOT NULL DEFAULT 0,\n"
	"  duplicates INTEGER NOT NULL DEFAULT 0,\n"
	"  imported_at TEXT NOT NULL);\n"
	"CREATE TABLE sessions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL CHECK(typeof(kiosk_id) = 'text'),\n"
	"  uuid TEXT NOT NULL CHECK(typeof(uuid) = 'text'),\n"
	"  site TEXT,\n"
	"  set_id TEXT NOT NULL,\n"
	"  set_version TEXT NOT NULL,\n"
	"  language TEXT,\n"
	"  started_at TEXT NOT NULL,\n"
	"  ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
	"  import_id INTEGER NOT NULL REFERENCES imports(id),\n"
	"  UNIQUE(kiosk_id, uuid));\n"
	"CREATE TABLE cards(\n"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
	"  keyword_id TEXT NOT NULL CHECK(typeof(keyword_id) = 'text'),\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
	"  rank INTEGER CHECK(rank IS NULL OR (typeof(rank) = 'integer' AND rank >= 1)),\n"
	"  deal_pos INTEGER NOT NULL,\n"
	"  PRIMARY KEY(session_id, keyword_id));\n"
	"CREATE INDEX cards_keyword ON cards(keyword_id)",
	/* 1 -> 2: signed exports (format 2). The kiosks whose keys the
	 * organizers trust; the import log of every file imported, quarantined
	 * (unknown key) or rejected for a conflicting duplicate; the profile
	 * columns; and each session's content digest, to tell a true duplicate
	 * from the same UUID with other content. */
	"CREATE TABLE kiosks(\n"
	"  public_key TEXT PRIMARY KEY CHECK(length(public_key) = 64),\n"
	"  kiosk_id TEXT,\n"
	"  site TEXT,\n"
	"  trusted_at TEXT NOT NULL);\n"
	"ALTER TABLE imports ADD COLUMN file_sha256 TEXT;\n"
	"ALTER TABLE imports ADD COLUMN site TEXT;\n"
	"ALTER TABLE imports ADD COLUMN status TEXT NOT NULL DEFAULT 'imported'\n"
	"  CHECK(status IN ('imported', 'quarantined', 'rejected'));\n"
	"ALTER TABLE imports ADD COLUMN reason TEXT;\n"
	"ALTER TABLE imports ADD COLUMN public_key TEXT;\n"
	"CREATE TABLE quarantine(\n"
	"  import_id INTEGER PRIMARY KEY REFERENCES imports(id),\n"
	"  file BLOB NOT NULL);\n"
	"ALTER TABLE sessions ADD COLUMN age_band TEXT\n"
	"  CHECK(age_band IN ('-15', '16-25', '26-45', '46-65', '66-'));\n"
	"ALTER TABLE sessions ADD COLUMN residence TEXT\n"
	"  CHECK(residence IN ('city', 'municipality', 'visitor'));\n"
	"ALTER TABLE sessions ADD COLUMN content_sha256 TEXT",
};

static const struct db_kind tally_kind = {
	.application_id = TALLY_APPLICATION_ID,
	.noun = "tally",
	.short_noun = "tally",
	.steps = tally_steps,
	.nsteps = sizeof(tally_steps) / sizeof(tally_steps[0]),
};

struct tally *tally_open(const char *path, struct diag *err)
{
	struct db *db = db_open_app(path, &tally_kind, err);
	if (!db)
		return NULL;
	struct tally *t = xcalloc(1, sizeof(*t));
	t->db = db;
	return t;
}

struct db *tally_db(struct tally *t)
{
	return t->db;
}

void tally_accept_unknown(struct tally *t, bool on)
{
	t->accept_unknown = on;
}

void tally_close(struct tally *t)
{
	if (!t)
		return;
	db_close(t->db);
	free(t);
}

bool tally_keyword_counts(struct tally *t, bool include_abandoned,
			  void (*fn)(void *ctx, const struct tally_row *row), void *ctx,
			  struct diag *err)
{
	const char *what = "read the tally";
	/* One pass: every keyword, left-joined to its cards in the selected
	 * sessions; a keyword nobody was shown gets zeros. */
	sqlite3_stmt *st = db_prepare(
		t->db,
		"SELECT k.keyword_id, coalesce(k.label_sv, k.keyword_id), "
		"count(x.keyword_id), "
		"coalesce(sum(x.pile = 'yes'), 0), "
		"coalesce(sum(x.pile = 'no'), 0), "
		"coalesce(sum(x.pile = 'neutral'), 0), "
		"coalesce(sum(CASE WHEN x.pile = 'yes' THEN x.rank END), 0), "
		"count(CASE WHEN x.pile = 'yes' THEN x.rank END) "
		"FROM keywords k LEFT JOIN ("
		"  SELECT c.keyword_id, c.pile, c.rank FROM cards c "
		"  JOIN sessions s ON s.id = c.session_id "
		"  WHERE s.outcome IN ('completed', ?1)"
		") x ON x.keyword_id = k.keyword_id "
		"GROUP BY k.keyword_id ORDER BY k.keyword_id",
		what, err);
	if (!st)
		return false;
	bool ok = db_bind(t->db, st, what, err, "s",
			  include_abandoned ? "abandoned" : "completed");
	bool row = ok;
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct tally_row r = {
			.keyword_id = (const char *)sqlite3_column_text(st, 0),
			.label_sv = (const char *)sqlite3_column_text(st, 1),
			.counts =
				{
					.shown = (uint64_t)sqlite3_column_int64(st, 2),
					.yes = (uint64_t)sqlite3_column_int64(st, 3),
					.no = (uint64_t)sqlite3_column_int64(st, 4),
					.neutral = (uint64_t)sqlite3_column_int64(st, 5),
					.rank_sum = (uint64_t)sqlite3_column_int64(st, 6),
					.rank_n = (uint64_t)sqlite3_column_int64(st, 7),
				},
		};
		fn(ctx, &r);
	}
	sqlite3_finalize(st);
	return ok;
}
