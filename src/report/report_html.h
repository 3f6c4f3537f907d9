/* The HTML report: one self-contained file (inline CSS and SVG, no script,
 * nothing fetched) that organizers can mail, print or put on an intranet. */
#ifndef VS_REPORT_HTML_H
#define VS_REPORT_HTML_H

#include "common/strbuf.h"
#include "store/tally_stats.h"

#include <stdbool.h>

struct report_html_input {
	const char *source;	  /* the tally's file name, for the footer */
	const char *generated_at; /* ISO 8601 UTC */
	bool include_abandoned;
	const struct tally_stats *total;	/* TALLY_BY_NONE */
	const struct tally_stats_groups *whole; /* TALLY_BY_NONE: one group */
	/* per segment (index enum tally_segment); NULL where the tally has no
	 * such column */
	const struct tally_stats *by[TALLY_BY_COUNT];
	const struct tally_stats_groups *groups[TALLY_BY_COUNT];
	/* what the tally holds of each kiosk's numbered exports, one line a
	 * kiosk or a gap (report_chain.h), in Swedish and English; NULL or ""
	 * when no kiosk sent numbered exports */
	const char *chain_sv, *chain_en;
	bool chain_trouble; /* something is missing */
};

void report_html_write(struct strbuf *out, const struct report_html_input *in);
/* Appends s with & < > " ' as character references: safe in text and in
 * quoted attribute values alike. */
void report_html_escape(struct strbuf *out, const char *s);

#endif
