/* What an import writes for each session (see tally_rows.c for the
 * reading): the content digest that tells new from duplicate from
 * conflict, the session row with its misuse flags, its cards in batches of
 * many rows to a statement, and its sums in memory. */
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/canon.h"
#include "store/tally_internal.h"
#include "store/tally_rows_internal.h"

#include <stdlib.h>
#include <string.h>

/* The session's content digest: its row, then its cards by keyword id. */
static void rows_digest(struct rows_job *job, char hex[65])
{
	static const char *const pile_text[PILE_COUNT] = {NULL, "yes", "no", "neutral"};
	struct canon c;
	canon_init(&c);
	(void)canon_row(&c, job->src_sessions); /* every column is text or NULL */
	const char *uuid = rows_col(job->src_sessions, 0);
	for (size_t i = 0; i < job->ncards; i++) {
		const struct rows_card *k = &job->cards[i];
		const char *pile = pile_text[k->pile];
		struct canon_value v[5] = {
			{.type = CANON_TEXT, .text = uuid, .len = strlen(uuid)},
			{.type = CANON_TEXT, .text = k->keyword_id, .len = k->len},
			{.type = CANON_INTEGER, .integer = k->deal_pos},
			pile ? (struct canon_value){.type = CANON_TEXT,
						    .text = pile,
						    .len = strlen(pile)}
			     : (struct canon_value){.type = CANON_NULL},
			k->rank ? (struct canon_value){.type = CANON_INTEGER, .integer = k->rank}
				: (struct canon_value){.type = CANON_NULL},
		};
		canon_values(&c, v, 5);
	}
	unsigned char sum[KEYS_HASH_BYTES];
	canon_final(&c, sum);
	keys_hex(sum, sizeof(sum), hex);
}

/* Binds the session's columns, the file's site replaced by the one given
 * with --trust when it has none. */
static bool rows_bind_session(struct rows_job *job, const char *digest, unsigned flags,
			      uint64_t answers)
{
	sqlite3_stmt *s = job->src_sessions, *put = job->put_session;
	bool ok = true;
	for (int j = 0; ok && j < 11; j++) {
		const char *v = rows_col(s, j);
		if (j == 2 && (!v || !*v))
			v = job->in->trusted_site;
		ok = (v ? sqlite3_bind_text(put, j + 1, v, -1, SQLITE_TRANSIENT)
			: sqlite3_bind_null(put, j + 1)) == SQLITE_OK;
	}
	ok = ok && sqlite3_bind_text(put, 12, digest, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
	     sqlite3_bind_int64(put, 13, job->in->import_id) == SQLITE_OK &&
	     sqlite3_bind_int(put, 14, (int)flags) == SQLITE_OK &&
	     sqlite3_bind_int64(put, 15, (int64_t)answers) == SQLITE_OK;
	if (!ok)
		db_fail(job->db, job->in->what, job->err);
	return ok;
}

/* Inserts the batched cards with one statement. */
bool rows_flush_cards(struct rows_job *job)
{
	static const char *const pile_text[PILE_COUNT] = {NULL, "yes", "no", "neutral"};
	size_t n = job->nbatch;
	if (!n)
		return true;
	sqlite3_stmt **put = &job->put_cards[n - 1];
	if (!*put) {
		struct strbuf sql;
		sb_init(&sql);
		sb_append(&sql, "INSERT INTO cards(session_id, keyword_id, deal_pos, pile, rank) "
				"VALUES (?, ?, ?, ?, ?)");
		for (size_t i = 1; i < n; i++)
			sb_append(&sql, ", (?, ?, ?, ?, ?)");
		*put = db_prepare(job->db, sb_str(&sql), job->in->what, job->err);
		sb_finish(&sql);
		if (!*put)
			return false;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		const struct rows_card *c = &job->batch[i];
		int at = (int)i * 5;
		ok = sqlite3_bind_int64(*put, at + 1, job->batch_session[i]) == SQLITE_OK &&
		     sqlite3_bind_text(*put, at + 2, c->keyword_id, (int)c->len, SQLITE_STATIC) ==
			     SQLITE_OK &&
		     sqlite3_bind_int64(*put, at + 3, c->deal_pos) == SQLITE_OK &&
		     (c->pile == PILE_DECK ? sqlite3_bind_null(*put, at + 4)
					   : sqlite3_bind_text(*put, at + 4, pile_text[c->pile], -1,
							       SQLITE_STATIC)) == SQLITE_OK &&
		     (c->rank ? sqlite3_bind_int64(*put, at + 5, c->rank)
			      : sqlite3_bind_null(*put, at + 5)) == SQLITE_OK;
	}
	if (!ok)
		db_fail(job->db, job->in->what, job->err);
	job->nbatch = 0;
	return ok && db_run(job->db, *put, job->in->what, job->err);
}

static bool rows_add_cards(struct rows_job *job, int64_t id)
{
	for (size_t i = 0; i < job->ncards; i++) {
		if (job->nbatch == ROWS_BATCH && !rows_flush_cards(job))
			return false;
		job->batch[job->nbatch] = job->cards[i];
		job->batch_session[job->nbatch++] = id;
	}
	return true;
}

/* An existing row with this UUID: a duplicate when its content is the same
 * (or it came before format 2 and has no digest), else a conflict. */
static enum rows_pass rows_existing(struct rows_job *job, const char *digest)
{
	sqlite3_stmt *s = job->src_sessions, *find = job->find_session;
	bool row = false;
	if (!db_bind(job->db, find, job->in->what, job->err, "ss", rows_col(s, 1),
		     rows_col(s, 0)) ||
	    !db_step(job->db, find, &row, job->in->what, job->err))
		return ROWS_FAILED;
	const unsigned char *had = row ? sqlite3_column_text(find, 0) : NULL;
	bool same = !had || strcmp((const char *)had, digest) == 0;
	db_reset(find);
	if (same) {
		job->res->duplicates++;
		return ROWS_DONE;
	}
	*job->conflict = xstrdup(rows_col(s, 0));
	return ROWS_FAILED;
}

/* The session as the sums see it. */
static void rows_agg_add(struct rows_job *job, unsigned flags)
{
	sqlite3_stmt *s = job->src_sessions;
	const char *site = rows_col(s, 2);
	if (!site || !*site)
		site = job->in->trusted_site;
	char day[11];
	memcpy(day, rows_col(s, 6), 10);
	day[10] = '\0';
	const char *lang = rows_col(s, 5), *age = rows_col(s, 9), *home = rows_col(s, 10);
	struct agg_session a = {
		.set_id = rows_col(s, 3),
		.set_version = rows_col(s, 4),
		.kiosk_id = rows_col(s, 1),
		.abandoned = strcmp(rows_col(s, 8), "abandoned") == 0,
		.flags = flags,
		.started_at = rows_col(s, 6),
		.ended_at = rows_col(s, 7),
	};
	a.seg[TALLY_BY_NONE] = "";
	a.seg[TALLY_BY_SITE] = site ? site : "";
	a.seg[TALLY_BY_LANGUAGE] = lang ? lang : "";
	a.seg[TALLY_BY_AGE] = age ? age : "";
	a.seg[TALLY_BY_RESIDENCE] = home ? home : "";
	a.seg[TALLY_BY_DAY] = day;
	a.seg[TALLY_BY_CHANNEL] = "kiosk";
	struct agg_card cards[PLAUSIBLE_CARDS_PER_SESSION];
	for (size_t i = 0; i < job->ncards; i++)
		cards[i] = (struct agg_card){job->cards[i].keyword_id, job->cards[i].pile,
					     job->cards[i].rank};
	agg_add(job->agg, &a, cards, job->ncards, +1);
}

static void rows_remember(struct rows_job *job, int64_t id, int64_t started, unsigned flags,
			  uint64_t answers)
{
	size_t n = job->nadded;
	xgrow((void **)&job->added, &job->added_cap, n + 1, sizeof(*job->added));
	xgrow((void **)&job->added_uuid, &job->uuid_cap, n + 1, sizeof(*job->added_uuid));
	memcpy(job->added_uuid[n], rows_col(job->src_sessions, 0), 37);
	job->added[n] = (struct misuse_item){.answers = answers,
					     .started_ms = started,
					     .flags = flags,
					     .id = id,
					     .before = flags};
	job->nadded++;
	if (!job->kiosk_id)
		job->kiosk_id = xstrdup(rows_col(job->src_sessions, 1));
}

/* The session read and checked: digested, judged, stored, summed. */
enum rows_pass rows_store(struct rows_job *job, int64_t started, int64_t ended)
{
	sqlite3_stmt *s = job->src_sessions;
	char digest[65];
	rows_digest(job, digest);
	enum pile piles[PLAUSIBLE_CARDS_PER_SESSION];
	struct misuse_digest answers;
	misuse_digest_init(&answers, rows_col(s, 3), rows_col(s, 4));
	for (size_t i = 0; i < job->ncards; i++) {
		piles[i] = job->cards[i].pile;
		misuse_digest_card(&answers, job->cards[i].keyword_id, job->cards[i].pile,
				   job->cards[i].rank);
	}
	bool completed = strcmp(rows_col(s, 8), "completed") == 0;
	unsigned flags = misuse_check(&job->in->t->rules, completed, started, ended, piles,
				      job->ncards);
	uint64_t hash = misuse_digest_final(&answers);
	if (!rows_bind_session(job, digest, flags, hash) ||
	    !db_run(job->db, job->put_session, job->in->what, job->err))
		return ROWS_FAILED;
	if (sqlite3_changes(job->db->h) == 0)
		return rows_existing(job, digest);
	int64_t id = sqlite3_last_insert_rowid(job->db->h);
	if (!rows_add_cards(job, id))
		return ROWS_FAILED;
	job->res->added++;
	job->res->flagged += flags != 0;
	rows_agg_add(job, flags);
	rows_remember(job, id, started, flags, hash);
	return ROWS_DONE;
}

/* Keywords on this file's cards that no file named: known by their id
 * until one does. */
bool rows_unknown_keywords(struct rows_job *job)
{
	struct db *db = job->db;
	const char *what = job->in->what;
	sqlite3_stmt *st = db_prepare(db,
				      "INSERT OR IGNORE INTO keywords(set_id, set_version, "
				      "keyword_id) VALUES (?1, ?2, ?3)",
				      what, job->err);
	sqlite3_stmt *q = st ? db_prepare(db,
					  "SELECT label_sv IS NULL FROM keywords WHERE set_id = ?1 "
					  "AND set_version = ?2 AND keyword_id = ?3",
					  what, job->err)
			     : NULL;
	bool ok = q != NULL;
	for (size_t i = 0; ok && i < agg_keyword_count(job->agg); i++) {
		const char *set, *version, *kw;
		agg_keyword(job->agg, i, &set, &version, &kw);
		bool row = false;
		ok = db_bind(db, st, what, job->err, "sss", set, version, kw) &&
		     db_run(db, st, what, job->err) &&
		     db_bind(db, q, what, job->err, "sss", set, version, kw) &&
		     db_step(db, q, &row, what, job->err);
		if (ok && row && sqlite3_column_int(q, 0))
			job->res->unknown_keywords++;
		db_reset(q);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	return ok;
}
