/* The tally's keyword rows as text, for `tally` (stdout) and `report`
 * (files): the CSV contract, its Swedish-Excel variant, JSON, and a table
 * for a terminal. */
#ifndef VS_REPORT_TEXT_H
#define VS_REPORT_TEXT_H

#include "common/strbuf.h"
#include "store/tally_stats.h"

#include <stdbool.h>

#define REPORT_CSV_HEADER \
	"keyword_id,label,shown,yes,no,neutral,approval,approval_low,approval_high,net,mean_rank"

/* The CSV: header and one row per keyword as the tally ranks them, with a
 * leading segment column when segmented. excel: ';' between fields, a
 * decimal comma and text that Excel would take for a formula defused (the
 * caller writes the UTF-8 BOM, which belongs to a file, not to stdout). */
void report_csv(struct strbuf *sb, const struct tally_stats *s, bool segmented, bool excel);
/* A JSON array of objects with the CSV's fields (numbers as JSON numbers at
 * full precision, null where the CSV has an empty field), then rank_low,
 * rank_high and tier (null unless asked for) and set_id, set_version. */
void report_json(struct strbuf *sb, const struct tally_stats *s, bool segmented);
/* A table for people: the place in the ranking with its 95% interval
 * ("2-5"), a rule between tiers, label, counts, approval and its interval,
 * the don't-know share, a heading above each segment's rows. */
void report_table(struct strbuf *sb, const struct tally_stats *s);
/* What the figures are of and what is left out, one line each, for a
 * terminal: the keyword set and version shown and the others in the tally,
 * flagged sessions, hidden small groups. whole and sets may be NULL. */
void report_notes(struct strbuf *sb, const struct tally_stats *s,
		  const struct tally_stats_group *whole, const struct tally_sets *sets,
		  bool include_flagged);

#endif
