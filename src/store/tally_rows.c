/* The rows of a verified export into the tally (see tally_rows.h).
 *
 * Sessions and cards are read as two streams and matched like a merge. An
 * export written by visionsort keeps each session's cards together, in the
 * order of its sessions; a quick scan of the UUIDs checks that, and then
 * both tables are read front to back with no index. A file laid out
 * otherwise (VACUUMed or written by another tool) is read by its indexes
 * instead, sessions by UUID and cards by (session UUID, keyword id), which
 * cannot mismatch but jumps about the file. Per session, in this order: its
 * fields and cards are checked against what a kiosk can produce
 * (model/plausible.h), its content digest (cards by keyword id, as
 * docs/export-format.md says) decides between new, duplicate and conflict,
 * it is judged for misuse (model/misuse.h), stored (cards in batches, one
 * statement for many), and summed in memory (tally_aggregate.h). At the
 * end: repeats among the file's sessions and the kiosk's neighbours
 * (tally_flags.c), keywords no file named, and the sums written. */
#include "store/tally_rows.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/canon.h"
#include "store/tally_internal.h"
#include "store/tally_rows_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const rows_names[] = {"id",		"kiosk_id", "site",	  "set_id",
					 "set_version", "language", "started_at", "ended_at",
					 "outcome",	"age_band", "residence"};
/* columns of the sessions stream (CANON_SESSION_COLUMNS) that may be NULL */
static const bool rows_nullable[] = {false, false, true,  false, false, true,
				     false, false, false, true,	 true};

/* "FILE: rejected: session UUID: WHY — ..." for content no kiosk makes. */
static enum rows_pass rows_refuse(struct rows_job *job, const char *uuid)
{
	diag_add(job->err,
		 "%s: rejected: %s%s%s%s — no visionsort kiosk writes that; nothing from this "
		 "file was imported (ask whoever made it)",
		 job->in->file, uuid ? "session " : "", uuid ? uuid : "", uuid ? ": " : "",
		 sb_str(&job->why));
	return ROWS_FAILED;
}

static sqlite3_stmt *rows_prepare(struct db *db, const char *sql, const char *what, bool *ok,
				  struct diag *err)
{
	if (!*ok)
		return NULL;
	sqlite3_stmt *st = db_prepare(db, sql, what, err);
	*ok = st != NULL;
	return st;
}

static bool rows_statements(struct rows_job *job)
{
	const char *rd = "read the export", *wr = job->in->what;
	struct db *src = job->in->src;
	bool ok = true;
	job->src_keywords = rows_prepare(src,
					 "SELECT set_id, set_version, keyword_id, label "
					 "FROM keywords WHERE lang = 'sv'",
					 rd, &ok, job->err);
	/* a label a file gives for its own set and version replaces one a
	 * migration inherited; between two files' labels the smaller wins,
	 * so the order of imports never matters */
	job->put_label = rows_prepare(
		job->db,
		"INSERT INTO keywords(set_id, set_version, keyword_id, label_sv, label_own) "
		"VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT(set_id, set_version, keyword_id) DO UPDATE "
		"SET label_sv = CASE WHEN label_own = 0 OR label_sv IS NULL THEN excluded.label_sv "
		"ELSE min(label_sv, excluded.label_sv) END, label_own = 1",
		wr, &ok, job->err);
	job->put_session = rows_prepare(
		job->db,
		"INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, language, "
		"started_at, ended_at, outcome, age_band, residence, content_sha256, import_id, "
		"channel, flags, answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, 'kiosk', ?14, ?15) ON CONFLICT(kiosk_id, uuid) DO NOTHING",
		wr, &ok, job->err);
	job->find_session = rows_prepare(job->db,
					 "SELECT content_sha256 FROM sessions "
					 "WHERE kiosk_id = ?1 AND uuid = ?2",
					 wr, &ok, job->err);
	return ok;
}

/* The two streams of one pass. */
static bool rows_streams(struct rows_job *job)
{
	const char *rd = "read the export";
	struct db *src = job->in->src;
	sqlite3_finalize(job->src_sessions);
	sqlite3_finalize(job->src_cards);
	bool ok = true;
	job->src_sessions = rows_prepare(src,
					 job->ordered
						 ? "SELECT " CANON_SESSION_COLUMNS
						   " FROM sessions ORDER BY uuid COLLATE BINARY"
						 : "SELECT " CANON_SESSION_COLUMNS " FROM sessions",
					 rd, &ok, job->err);
	job->src_cards =
		rows_prepare(src,
			     job->ordered ? "SELECT " CANON_CARD_COLUMNS " FROM cards ORDER BY "
					    "session_uuid COLLATE BINARY, keyword_id COLLATE BINARY"
					  : "SELECT " CANON_CARD_COLUMNS " FROM cards",
			     rd, &ok, job->err);
	return ok && db_step(src, job->src_cards, &job->card_row, rd, job->err);
}

static void rows_finalize(struct rows_job *job)
{
	sqlite3_finalize(job->src_keywords);
	sqlite3_finalize(job->src_sessions);
	sqlite3_finalize(job->src_cards);
	sqlite3_finalize(job->put_label);
	sqlite3_finalize(job->put_session);
	sqlite3_finalize(job->find_session);
	for (size_t i = 0; i < ROWS_BATCH; i++)
		sqlite3_finalize(job->put_cards[i]);
}

static enum rows_pass rows_keywords(struct rows_job *job)
{
	sqlite3_stmt *st = job->src_keywords;
	for (;;) {
		bool row = false;
		if (!db_step(job->in->src, st, &row, "read the export", job->err))
			return ROWS_FAILED;
		if (!row)
			return ROWS_DONE;
		for (int j = 0; j < 4; j++)
			if (sqlite3_column_type(st, j) != SQLITE_TEXT) {
				sb_append(&job->why, "a keyword set's id, version or label is not "
						     "text");
				return rows_refuse(job, NULL);
			}
		if (!plausible_label(rows_col(st, 2), rows_col(st, 3), &job->why))
			return rows_refuse(job, NULL);
		if (!db_bind(job->db, job->put_label, job->in->what, job->err, "ssss",
			     rows_col(st, 0), rows_col(st, 1), rows_col(st, 2), rows_col(st, 3)) ||
		    !db_run(job->db, job->put_label, job->in->what, job->err))
			return ROWS_FAILED;
	}
}

static bool rows_pile(sqlite3_stmt *st, int col, enum pile *out)
{
	int type = sqlite3_column_type(st, col);
	if (type == SQLITE_NULL) {
		*out = PILE_DECK;
		return true;
	}
	return type == SQLITE_TEXT && pile_from_name(rows_col(st, col), out) && *out != PILE_DECK;
}

/* The current card row, kept as plain values. */
static enum rows_pass rows_take_card(struct rows_job *job, const char *uuid)
{
	sqlite3_stmt *st = job->src_cards;
	if (job->ncards >= PLAUSIBLE_CARDS_PER_SESSION) {
		(void)plausible_card(NULL, 0, -1, job->ncards + 1, &job->why);
		return rows_refuse(job, uuid);
	}
	struct rows_card *card = &job->cards[job->ncards];
	int rank_type = sqlite3_column_type(st, 4);
	bool typed = sqlite3_column_type(st, 1) == SQLITE_TEXT &&
		     sqlite3_column_type(st, 2) == SQLITE_INTEGER &&
		     (rank_type == SQLITE_NULL || rank_type == SQLITE_INTEGER) &&
		     rows_pile(st, 3, &card->pile);
	const char *kw = typed ? rows_col(st, 1) : NULL;
	/* a NUL inside the id: no keyword set can hold one */
	if (!kw || strlen(kw) != (size_t)sqlite3_column_bytes(st, 1)) {
		sb_append(&job->why, "a card's keyword, position, pile or rank is not one a kiosk "
				     "writes");
		return rows_refuse(job, uuid);
	}
	card->deal_pos = sqlite3_column_int64(st, 2);
	card->rank = rank_type == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 4);
	if (!plausible_card(kw, card->deal_pos, card->rank, 0, &job->why))
		return rows_refuse(job, uuid);
	if (rank_type != SQLITE_NULL && card->rank < 1) {
		sb_appendf(&job->why, "a card has rank %lld", (long long)card->rank);
		return rows_refuse(job, uuid);
	}
	card->len = strlen(kw);
	memcpy(card->keyword_id, kw, card->len + 1);
	job->ncards++;
	return ROWS_DONE;
}

static int rows_by_keyword(const void *a, const void *b)
{
	const struct rows_card *x = a, *y = b;
	return strcmp(x->keyword_id, y->keyword_id);
}

/* Takes the cards of session uuid off the cards stream, in keyword order. */
static enum rows_pass rows_read_cards(struct rows_job *job, const char *uuid)
{
	job->ncards = 0;
	while (job->card_row) {
		const char *of = rows_col(job->src_cards, 0);
		int cmp = of ? strcmp(of, uuid) : -1;
		if (cmp != 0 && !job->ordered)
			break; /* the next session's (rows_grouped made sure) */
		if (cmp > 0)
			break;
		if (cmp < 0) { /* verify.c saw every card's session: not ours */
			diag_add(job->err, "%s: the file is corrupt (a card out of order)",
				 job->in->file);
			return ROWS_FAILED;
		}
		enum rows_pass p = rows_take_card(job, uuid);
		if (p != ROWS_DONE)
			return p;
		if (!db_step(job->in->src, job->src_cards, &job->card_row, "read the export",
			     job->err))
			return ROWS_FAILED;
	}
	qsort(job->cards, job->ncards, sizeof(job->cards[0]), rows_by_keyword);
	for (size_t i = 0; i < job->ncards; i++)
		if (job->cards[i].rank > (int64_t)job->ncards) {
			(void)plausible_card(job->cards[i].keyword_id, 0, job->cards[i].rank,
					     job->ncards, &job->why);
			return rows_refuse(job, uuid);
		}
	return ROWS_DONE;
}

/* A session's fields: text where the format has text (NULL where it may),
 * within what a kiosk writes. */
static enum rows_pass rows_check_session(struct rows_job *job, int64_t *started, int64_t *ended)
{
	sqlite3_stmt *s = job->src_sessions;
	const char *uuid = sqlite3_column_type(s, 0) == SQLITE_TEXT ? rows_col(s, 0) : NULL;
	for (int j = 0; j < 11; j++) {
		int type = sqlite3_column_type(s, j);
		if (type == SQLITE_TEXT || (type == SQLITE_NULL && rows_nullable[j]))
			continue;
		sb_appendf(&job->why, "its %s is not text", rows_names[j]);
		return rows_refuse(job, uuid);
	}
	struct plausible_session p = {
		.uuid = uuid,
		.site = rows_col(s, 2),
		.set_id = rows_col(s, 3),
		.set_version = rows_col(s, 4),
		.language = rows_col(s, 5),
		.started_at = rows_col(s, 6),
		.ended_at = rows_col(s, 7),
	};
	if (!plausible_session(&p, started, ended, &job->why))
		return rows_refuse(job, uuid);
	return ROWS_DONE;
}

static enum rows_pass rows_session(struct rows_job *job)
{
	int64_t started = 0, ended = 0;
	enum rows_pass p = rows_check_session(job, &started, &ended);
	sqlite3_stmt *s = job->src_sessions;
	if (p == ROWS_DONE)
		p = rows_read_cards(job, rows_col(s, 0));
	if (p != ROWS_DONE)
		return p;
	return rows_store(job, started, ended);
}

/* Every session of the file, in one order. */
static enum rows_pass rows_pass(struct rows_job *job)
{
	if (!rows_streams(job))
		return ROWS_FAILED;
	enum rows_pass p = ROWS_DONE;
	while (p == ROWS_DONE) {
		bool row = false;
		if (!db_step(job->in->src, job->src_sessions, &row, "read the export", job->err))
			return ROWS_FAILED;
		if (!row)
			break;
		p = rows_session(job);
	}
	if (p == ROWS_DONE && job->card_row) {
		diag_add(job->err, "%s: the file is corrupt (a card of no session)", job->in->file);
		return ROWS_FAILED;
	}
	return p == ROWS_DONE && rows_flush_cards(job) ? ROWS_DONE : ROWS_FAILED;
}

/* Whether the file keeps each session's cards together and in the order
 * of its sessions, as visionsort writes it: then both tables can be read
 * front to back. Reads only the UUIDs, in stored order (NOT INDEXED: the
 * covering indexes are in UUID order). */
static bool rows_grouped(struct rows_job *job, bool *grouped)
{
	const char *rd = "read the export";
	struct db *src = job->in->src;
	bool ok = true, srow = true, crow = false;
	sqlite3_stmt *s = rows_prepare(src, "SELECT uuid FROM sessions NOT INDEXED", rd, &ok,
				       job->err);
	sqlite3_stmt *c = rows_prepare(src, "SELECT session_uuid FROM cards NOT INDEXED", rd, &ok,
				       job->err);
	ok = ok && db_step(src, c, &crow, rd, job->err);
	while (ok) {
		ok = db_step(src, s, &srow, rd, job->err);
		if (!ok || !srow)
			break;
		const unsigned char *uuid = sqlite3_column_text(s, 0);
		while (ok && crow && uuid) {
			const unsigned char *of = sqlite3_column_text(c, 0);
			if (!of || strcmp((const char *)of, (const char *)uuid) != 0)
				break;
			ok = db_step(src, c, &crow, rd, job->err);
		}
	}
	*grouped = ok && !crow; /* every card taken by its session */
	sqlite3_finalize(s);
	sqlite3_finalize(c);
	return ok;
}

bool tally_rows_import(const struct tally_rows_in *in, struct import_result *res, char **conflict,
		       struct diag *err)
{
	struct rows_job job = {.in = in,
			       .db = in->t->db,
			       .res = res,
			       .conflict = conflict,
			       .err = err};
	sb_init(&job.why);
	if (in->file_sessions > PLAUSIBLE_SESSIONS_PER_FILE) {
		sb_appendf(&job.why, "it holds %lld sessions, and one file holds at most %d",
			   (long long)in->file_sessions, PLAUSIBLE_SESSIONS_PER_FILE);
		rows_refuse(&job, NULL);
		sb_finish(&job.why);
		return false;
	}
	job.agg = agg_create();
	/* A big file's pages and the tally's indexes read and written once
	 * rather than spilled and fetched again (memory is taken only as
	 * pages are used, and given back when the file is closed). */
	bool grouped = false;
	bool ok = db_exec(in->src, "PRAGMA cache_size = -65536", "read the export", err) &&
		  db_exec(job.db, "PRAGMA cache_size = -65536", in->what, err) &&
		  rows_statements(&job) && rows_keywords(&job) == ROWS_DONE &&
		  rows_grouped(&job, &grouped);
	job.ordered = !grouped;
	enum rows_pass p = ok ? rows_pass(&job) : ROWS_FAILED;
	for (size_t i = 0; i < job.nadded; i++) /* the array has stopped moving */
		job.added[i].uuid = job.added_uuid[i];
	uint64_t repeats = 0;
	ok = p == ROWS_DONE &&
	     tally_rows_repeats(in->t, job.agg, job.kiosk_id ? job.kiosk_id : "", in->import_id,
				job.added, job.nadded, &repeats, in->what, err) &&
	     rows_unknown_keywords(&job) && agg_flush(job.agg, job.db, in->what, err) &&
	     agg_mark_current(job.db, in->what, err);
	res->flagged += repeats;
	rows_finalize(&job);
	agg_destroy(job.agg);
	free(job.added);
	free(job.added_uuid);
	free(job.kiosk_id);
	sb_finish(&job.why);
	return ok;
}
