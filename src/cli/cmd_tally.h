/* The tally's output formats, shared by `tally` (stdout) and `report`
 * (files): the CSV contract, its Swedish-Excel variant, and JSON. */
#ifndef VS_CMD_TALLY_H
#define VS_CMD_TALLY_H

#include "common/strbuf.h"
#include "store/tally_stats.h"

#include <stdbool.h>

#define CMD_TALLY_CSV_HEADER \
	"keyword_id,label,shown,yes,no,neutral,approval,approval_low,approval_high,net,mean_rank"

/* The CSV: header and one row per keyword as the tally ranks them, with a
 * leading segment column when segmented. excel: ';' between fields, a
 * decimal comma and text that Excel would take for a formula defused (the
 * caller writes the UTF-8 BOM, which belongs to a file, not to stdout). */
void cmd_tally_csv(struct strbuf *sb, const struct tally_stats *s, bool segmented, bool excel);
/* A JSON array of objects with the CSV's fields; numbers as JSON numbers at
 * full precision, null where the CSV has an empty field. */
void cmd_tally_json(struct strbuf *sb, const struct tally_stats *s, bool segmented);

#endif
