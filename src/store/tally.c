/* The organizers' tally: its schema and upgrades, and counting each
 * keyword's piles and ranks. Imports are in tally_import.c, the trusted
 * kiosk keys and the import log in tally_trust.c. */
#include "store/tally.h"

#include "common/xalloc.h"
#include "store/db.h"
#include "store/tally_chain_internal.h"
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
	/* 2 -> 3 */
	tally_chain_step,
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
