/* Internal to the tally's kept statistics: what tally_aggregate.c (the
 * import's sums) shares with tally_aggregate_intern.c (the keys they are
 * indexed by) and tally_aggregate_rebuild.c (the sums of the raw rows).
 * The upserts are here so that an import and a rebuild add in the same
 * way, which the rebuild test relies on. */
#ifndef VS_STORE_TALLY_AGGREGATE_INTERNAL_H
#define VS_STORE_TALLY_AGGREGATE_INTERNAL_H

#include "common/strbuf.h"

#include <stddef.h>

/* ---- strings numbered as they come, to index the sums ---- */

#define AGG_PARTS 7

struct agg_key {
	char *part[AGG_PARTS];
	char *joined; /* the parts, length-prefixed: "3:abc2:de" */
};

struct agg_intern {
	struct agg_key *keys;
	size_t n, cap;
	size_t *slots; /* index + 1; 0 is empty */
	size_t nslots;
};

/* The number of the key made of parts[0..nparts); made if new. scratch is
 * the caller's, so that a card costs no allocation. */
size_t agg_intern_get(struct agg_intern *in, struct strbuf *scratch, const char *const *parts,
		      int nparts);
void agg_intern_finish(struct agg_intern *in);

/* ---- the upserts ---- */

/* Upserts that add: an INSERT half, then VALUES (the import's sums) or a
 * SELECT (the raw rows'), then the half that adds. A group's bounds only
 * ever widen here. */
#define AGG_INTO_KEYWORDS                                                                        \
	"INSERT INTO agg_keywords(dim, set_id, set_version, seg, keyword_id, outcome, flagged, " \
	"shown, yes, no, neutral, rank_sum, rank_n) "
#define AGG_ADD                                                                                 \
	" ON CONFLICT(dim, set_id, set_version, seg, keyword_id, outcome, flagged) DO UPDATE "  \
	"SET shown = shown + excluded.shown, yes = yes + excluded.yes, no = no + excluded.no, " \
	"neutral = neutral + excluded.neutral, rank_sum = rank_sum + excluded.rank_sum, "       \
	"rank_n = rank_n + excluded.rank_n"
#define AGG_INTO_SESSIONS                                                                    \
	"INSERT INTO agg_sessions(dim, set_id, set_version, seg, kiosk_id, outcome, flags, " \
	"sessions, first_started, last_ended) "
#define AGG_WIDEN                                                                              \
	" ON CONFLICT(dim, set_id, set_version, seg, kiosk_id, outcome, flags) DO UPDATE SET " \
	"sessions = sessions + excluded.sessions, "                                            \
	"first_started = CASE WHEN excluded.first_started = '' THEN first_started "            \
	"WHEN first_started = '' THEN excluded.first_started "                                 \
	"ELSE min(first_started, excluded.first_started) END, "                                \
	"last_ended = CASE WHEN excluded.last_ended = '' THEN last_ended "                     \
	"WHEN last_ended = '' THEN excluded.last_ended "                                       \
	"ELSE max(last_ended, excluded.last_ended) END"

#endif
