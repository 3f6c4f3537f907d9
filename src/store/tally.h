/* The central tally: a SQLite file into which organizers merge export files
 * from every kiosk, deduplicated by (kiosk id, session UUID). */
#ifndef VS_TALLY_H
#define VS_TALLY_H

#include "common/diag.h"
#include "model/stats.h"

#include <stdbool.h>
#include <stdint.h>

struct tally;

/* Opens or creates the tally database at path. */
struct tally *tally_open(const char *path, struct diag *err);
void tally_close(struct tally *t); /* NULL-safe */

struct import_result {
	uint64_t added;
	uint64_t duplicates;
};

/* Merges one export file in a single transaction; a file that cannot be
 * read as an export changes nothing and gives one diag line naming it. */
bool tally_import(struct tally *t, const char *file, struct import_result *out,
		  struct diag *err);

struct tally_row {
	const char *keyword_id;
	const char *label_sv;
	struct keyword_counts counts;
};

/* Calls fn once per keyword the tally knows (from imported keyword sets),
 * in keyword id order, with counts over completed sessions (and abandoned
 * ones too when include_abandoned). Strings live until fn returns. */
bool tally_keyword_counts(struct tally *t, bool include_abandoned,
			  void (*fn)(void *ctx, const struct tally_row *row), void *ctx,
			  struct diag *err);

#endif
