/* Shared by the HTML report's two files: report_html.c (the figures) and
 * report_html_notes.c (what they are of, what is left out, and how to read
 * them); never included from elsewhere. */
#ifndef VS_REPORT_HTML_INTERNAL_H
#define VS_REPORT_HTML_INTERNAL_H

#include "report/report_html.h"

/* <TAG>sv <span lang="en">/ en</span></TAG> */
void report_html_heading(struct strbuf *out, const char *tag, const char *sv, const char *en);
/* v in [0, 1] as a whole percentage, "62&#160;%". */
void report_html_pct(struct strbuf *out, double v);
/* A keyword's place with its 95% rank interval: "3", "2–5", "–". */
void report_html_rank(struct strbuf *out, const struct tally_stats_row *r);

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
