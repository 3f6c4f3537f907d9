/* Shared by the HTML report's files: report_html.c (the document),
 * report_html_format.c (how a value is written), report_html_chart.c and
 * report_html_tables.c (the figures) and report_html_notes.c (what they
 * are of, what is left out, and how to read them); never included from
 * elsewhere. */
#ifndef VS_REPORT_HTML_INTERNAL_H
#define VS_REPORT_HTML_INTERNAL_H

#include "report/report_html.h"

/* <TAG>sv <span lang="en">/ en</span></TAG> */
void report_html_heading(struct strbuf *out, const char *tag, const char *sv, const char *en);
/* v in [0, 1] as a whole percentage, "62&#160;%". */
void report_html_pct(struct strbuf *out, double v);
/* A keyword's place with its 95% rank interval: "3", "2–5", "–". */
void report_html_rank(struct strbuf *out, const struct tally_stats_row *r);
/* v with the given decimals and a decimal comma; sign: a + before a
 * positive difference. */
void report_html_dec(struct strbuf *out, double v, int decimals, bool sign);
/* "2035-05-01T09:30:00.000Z" as "2035-05-01 09:30"; "–" for none. */
void report_html_time(struct strbuf *out, const char *iso);

/* The ranking as a diverging bar chart: no to the left of the middle, yes
 * to the right with its 95% interval as a whisker, neutral in its own
 * column so that it neither hides nor shifts either side. */
void report_html_chart(struct strbuf *out, const struct tally_stats *s);
/* Every keyword's counts and measures, in the ranking's order. */
void report_html_keywords(struct strbuf *out, const struct tally_stats *s);
/* A segment's groups: sessions, abandoned, kiosks, first and last (UTC). */
void report_html_groups(struct strbuf *out, enum tally_segment by,
			const struct tally_stats_groups *g, const char *what);
/* Approval per keyword (rows, in the overall order) and segment (columns). */
void report_html_matrix(struct strbuf *out, enum tally_segment by, const struct tally_stats *total,
			const struct tally_stats *parts, const struct tally_stats_groups *g);

/* Under the key figures: the keyword set and version shown, the others in
 * the tally, and the flagged sessions left out. */
void report_html_about(struct strbuf *out, const struct report_html_input *in);
/* Under a segment's table: how many groups were hidden and why. */
void report_html_hidden(struct strbuf *out, const struct stats_suppressed *h);
/* How to read each measure, Swedish and English. */
void report_html_explain(struct strbuf *out);
/* What the figures can and cannot claim, and the rules applied. */
void report_html_method(struct strbuf *out, const struct report_html_input *in);

#endif
