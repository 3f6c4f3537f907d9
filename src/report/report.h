/* `visionsort report`'s work: the tally read once and written as the files
 * asked for (HTML, the chart as PNG, CSV), each to a temporary name and
 * renamed, so an existing report is never left half-overwritten. The
 * command line says what was written; nothing here prints. */
#ifndef VS_REPORT_H
#define VS_REPORT_H

#include "common/diag.h"
#include "store/tally_stats.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct report_request {
	const char *tally_path;		  /* an existing tally */
	const char *html, *png, *csv;	  /* where to write each; NULL: not asked for */
	bool excel;			  /* the CSV for Swedish Excel */
	bool include_abandoned;		  /* count unfinished sessions too */
	enum tally_segment by;		  /* the CSV's segments (the HTML has them all) */
	const char *font_dir;		  /* for the PNG */
	bool include_flagged;		  /* count sessions flagged as misuse too */
	const char *set_id, *set_version; /* NULL: the main keyword set */
	uint64_t min_group;		  /* smaller segments are hidden (stats_suppress) */
};

/* What was written; the files are written CSV, HTML, PNG, and the first
 * failure stops the rest. */
struct report_written {
	bool csv, html, png;
	size_t csv_rows;
	char *set_id, *set_version; /* what the figures are of; report_written_finish */
	size_t html_keywords;
	int png_width, png_height;
};

/* Writes the files rq asks for; false on the first failure (said in err),
 * with *out telling which were written before it. */
bool report_write(const struct report_request *rq, struct report_written *out, struct diag *err);
void report_written_finish(struct report_written *w);

#endif
