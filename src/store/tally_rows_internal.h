/* Internal to tally_rows.c and tally_rows_store.c: one import's reading
 * and writing state. */
#ifndef VS_STORE_TALLY_ROWS_INTERNAL_H
#define VS_STORE_TALLY_ROWS_INTERNAL_H

#include "model/misuse.h"
#include "model/plausible.h"
#include "store/db.h"
#include "store/tally_aggregate.h"
#include "store/tally_rows.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rows_card {
	char keyword_id[PLAUSIBLE_ID_BYTES + 1];
	size_t len;
	enum pile pile;
	int64_t rank; /* 0: none */
	int64_t deal_pos;
};

/* How a step ended. */
enum rows_pass {
	ROWS_DONE,
	ROWS_FAILED, /* one diag line, or *conflict */
};

/* Cards are inserted this many rows to a statement: one statement's fixed
 * cost (its journal, its transaction check) spread over a batch. */
#define ROWS_BATCH 64

struct rows_job {
	const struct tally_rows_in *in;
	struct db *db;
	struct import_result *res;
	char **conflict;
	struct diag *err;
	bool ordered;	   /* read by the indexes, not front to back */
	struct strbuf why; /* the reason a row is refused */
	sqlite3_stmt *src_keywords, *src_sessions, *src_cards;
	sqlite3_stmt *put_label, *put_session, *find_session;
	sqlite3_stmt *put_cards[ROWS_BATCH]; /* [n - 1] inserts n rows; made when needed */
	struct rows_card batch[ROWS_BATCH];
	int64_t batch_session[ROWS_BATCH];
	size_t nbatch;
	bool card_row; /* src_cards is on a row not taken yet */
	struct rows_card cards[PLAUSIBLE_CARDS_PER_SESSION];
	size_t ncards;
	struct agg *agg;
	struct misuse_item *added; /* this file's new sessions, for repeats */
	char (*added_uuid)[37];
	size_t nadded, added_cap, uuid_cap;
	char *kiosk_id;
};

static inline const char *rows_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* tally_rows_store.c: the current session (src_sessions' row, its cards
 * in job->cards by keyword id) stored; the batched cards inserted; the
 * keywords no file named added. */
enum rows_pass rows_store(struct rows_job *job, int64_t started, int64_t ended);
bool rows_flush_cards(struct rows_job *job);
bool rows_unknown_keywords(struct rows_job *job);

#endif
