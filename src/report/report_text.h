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
/* A JSON array of objects with the CSV's fields; numbers as JSON numbers at
 * full precision, null where the CSV has an empty field. */
void report_json(struct strbuf *sb, const struct tally_stats *s, bool segmented);
/* A table for people: rank, label, counts, approval and its 95% interval,
 * a heading above each segment's rows. */
void report_table(struct strbuf *sb, const struct tally_stats *s);

#endif
