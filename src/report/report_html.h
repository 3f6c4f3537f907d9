/* The HTML report: one self-contained file (inline CSS and SVG, no script,
 * nothing fetched) that organizers can mail, print or put on an intranet. */
#ifndef VS_REPORT_HTML_H
#define VS_REPORT_HTML_H

#include "common/strbuf.h"
#include "model/misuse.h"
#include "store/tally_stats.h"

#include <stdbool.h>
#include <stdint.h>

struct report_html_input {
	const char *source;	  /* the tally's file name, for the footer */
	const char *generated_at; /* ISO 8601 UTC */
	bool include_abandoned;
	bool include_flagged;
	const struct tally_sets *sets;		/* every set and version in the tally */
	const struct misuse_rules *rules;	/* the tally's, for the method section */
	uint64_t min_group;			/* the suppression limit asked for */
	const struct tally_stats *total;	/* TALLY_BY_NONE */
	const struct tally_stats_groups *whole; /* TALLY_BY_NONE: one group */
	/* per segment (index enum tally_segment); NULL where the tally has no
	 * such column */
	const struct tally_stats *by[TALLY_BY_COUNT];
	const struct tally_stats_groups *groups[TALLY_BY_COUNT];
	/* what is missing of the kiosks' numbered exports, one line a gap
	 * (report_chain.h), in Swedish and English; NULL or "" when nothing */
	const char *chain_sv, *chain_en;
	size_t chain_kiosks; /* kiosks that sent numbered exports */
};

void report_html_write(struct strbuf *out, const struct report_html_input *in);
/* Appends s with & < > " ' as character references: safe in text and in
 * quoted attribute values alike. */
void report_html_escape(struct strbuf *out, const char *s);

#endif
