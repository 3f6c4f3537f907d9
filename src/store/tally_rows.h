/* Internal to store/: what an import does with the rows of an export file
 * that verify.c has checked and whose key the tally trusts (tally_import.c
 * decides that): every session checked for plausibility, added or skipped
 * as a duplicate, flagged for misuse, and summed into the kept statistics,
 * streamed through prepared statements in the import's one transaction.
 * And the same judgement passed again on every session in the tally, when
 * the rules change or an older tally is first opened. */
#ifndef VS_STORE_TALLY_ROWS_H
#define VS_STORE_TALLY_ROWS_H

#include "common/diag.h"
#include "model/misuse.h"
#include "store/db.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tally_rows_in {
	struct tally *t;
	struct db *src;		  /* the verified file */
	const char *file;	  /* its path, for messages */
	const char *what;	  /* "import FILE", for the tally's messages */
	int64_t import_id;	  /* the import log's row for this file */
	int64_t file_sessions;	  /* sessions the manifest says the file holds */
	const char *trusted_site; /* for sessions without one; may be NULL */
};

/* Inside the caller's transaction. False on failure: with *conflict set
 * (caller frees) when a UUID came back with other content; else one diag
 * line, the file's fault when the tally's connection recorded no error
 * ("FILE: rejected: ..."), the tally's when it did. */
bool tally_rows_import(const struct tally_rows_in *in, struct import_result *res, char **conflict,
		       struct diag *err);

struct agg;
/* A session in the tally whose flags change from `from` to `to`: stored,
 * and its sums moved in agg (written at agg_flush). */
bool tally_rows_move(struct db *db, struct agg *agg, int64_t id, unsigned from, unsigned to,
		     const char *what, struct diag *err);
/* Repeats among a file's new sessions (added[0..count), all of kiosk_id,
 * stored already) and the kiosk's sessions in the tally from other imports
 * near them in time: whichever gains or loses the flag is moved.
 * *newly_flagged: how many of the new ones had no flag before. */
bool tally_rows_repeats(struct tally *t, struct agg *agg, const char *kiosk_id, int64_t import_id,
			const struct misuse_item *added, size_t count, uint64_t *newly_flagged,
			const char *what, struct diag *err);

/* Judges every session again by the tally's rules (flags and answer
 * digests) and rebuilds the kept statistics from the raw rows, inside the
 * caller's transaction. */
bool tally_rows_reflag(struct tally *t, const char *what, struct diag *err);

#endif
