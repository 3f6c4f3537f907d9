/* The floor an import is measured against: the same rows inserted by plain
 * SQLite with nothing else done, into a tally made by visionsort (so the
 * same tables, indexes, journal mode and synchronous setting).
 *
 *   bench_bulk TALLY EXPORT...
 *
 * Every file's sessions and cards are read in table order and inserted with
 * prepared statements in one transaction per file, a hash table mapping each
 * session's UUID to its new row id, as any bulk loader would. No checksum,
 * signature, duplicate check, plausibility check or aggregate. */
#include "common/diag.h"
#include "common/hash.h"
#include "common/xalloc.h"
#include "store/tally.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char uuid[37];
	int64_t id;
};

struct map {
	struct slot *slots;
	size_t cap; /* a power of two */
};

static struct slot *find(struct map *m, const char *uuid)
{
	for (size_t i = hash_mix_str(HASH_START, uuid) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
		if (!m->slots[i].uuid[0] || strcmp(m->slots[i].uuid, uuid) == 0)
			return &m->slots[i];
}

static int die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_bulk: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	return 1;
}

static int load(sqlite3 *db, const char *file, int64_t import_id)
{
	sqlite3 *src = NULL;
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return die(src, file);
	sqlite3_stmt *rs = NULL, *rc = NULL, *ws = NULL, *wc = NULL;
	int64_t n = 0;
	sqlite3_stmt *cnt = NULL;
	if (sqlite3_prepare_v2(src, "SELECT count(*) FROM sessions", -1, &cnt, NULL) == SQLITE_OK &&
	    sqlite3_step(cnt) == SQLITE_ROW)
		n = sqlite3_column_int64(cnt, 0);
	sqlite3_finalize(cnt);
	struct map m = {.cap = 16};
	while (m.cap < (size_t)n * 2)
		m.cap *= 2;
	m.slots = xcalloc(m.cap, sizeof(*m.slots));
	int code = 0;
	if (sqlite3_prepare_v2(src,
			       "SELECT uuid, kiosk_id, site, set_id, set_version, language, "
			       "started_at, ended_at, outcome, age_band, residence FROM sessions",
			       -1, &rs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(src,
			       "SELECT session_uuid, keyword_id, deal_pos, pile, rank FROM cards",
			       -1, &rc, NULL) != SQLITE_OK)
		code = die(src, file);
	if (!code &&
	    (sqlite3_prepare_v2(db,
				"INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, "
				"language, started_at, ended_at, outcome, age_band, residence, "
				"import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
				"?12)",
				-1, &ws, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(db,
				"INSERT INTO cards(session_id, keyword_id, deal_pos, pile, rank) "
				"VALUES (?1, ?2, ?3, ?4, ?5)",
				-1, &wc, NULL) != SQLITE_OK))
		code = die(db, "prepare");
	if (!code && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		code = die(db, "begin");
	while (!code && sqlite3_step(rs) == SQLITE_ROW) {
		for (int j = 0; j < 11; j++)
			sqlite3_bind_value(ws, j + 1, sqlite3_column_value(rs, j));
		sqlite3_bind_int64(ws, 12, import_id);
		if (sqlite3_step(ws) != SQLITE_DONE)
			code = die(db, "insert a session");
		sqlite3_reset(ws);
		struct slot *s = find(&m, (const char *)sqlite3_column_text(rs, 0));
		snprintf(s->uuid, sizeof(s->uuid), "%s", (const char *)sqlite3_column_text(rs, 0));
		s->id = sqlite3_last_insert_rowid(db);
	}
	while (!code && sqlite3_step(rc) == SQLITE_ROW) {
		struct slot *s = find(&m, (const char *)sqlite3_column_text(rc, 0));
		sqlite3_bind_int64(wc, 1, s->id);
		for (int j = 1; j < 5; j++)
			sqlite3_bind_value(wc, j + 1, sqlite3_column_value(rc, j));
		if (sqlite3_step(wc) != SQLITE_DONE)
			code = die(db, "insert a card");
		sqlite3_reset(wc);
	}
	if (!code && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		code = die(db, "commit");
	sqlite3_finalize(rs);
	sqlite3_finalize(rc);
	sqlite3_finalize(ws);
	sqlite3_finalize(wc);
	sqlite3_close(src);
	free(m.slots);
	return code;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_bulk TALLY EXPORT...\n");
		return 2;
	}
	/* the tally's schema, made by visionsort itself */
	struct diag d;
	diag_init(&d);
	struct tally *t = tally_open(argv[1], &d);
	if (!t) {
		fprintf(stderr, "bench_bulk: %s\n", diag_first(&d, "cannot open"));
		return 1;
	}
	tally_close(t);
	diag_finish(&d);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			 "PRAGMA foreign_keys = ON; "
			 "INSERT INTO imports(file_name, imported_at) VALUES ('bulk', 'now')",
			 NULL, NULL, NULL) != SQLITE_OK)
		return die(db, argv[1]);
	int64_t import_id = sqlite3_last_insert_rowid(db);
	int code = 0;
	for (int i = 2; !code && i < argc; i++)
		code = load(db, argv[i], import_id);
	sqlite3_close(db);
	return code;
}
