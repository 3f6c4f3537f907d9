/* The HTML report's ranking chart (report_html_internal.h): inline SVG
 * rather than an image, so that the report stays one file, prints sharp,
 * and each bar carries its figures as a tooltip. */
#include "report/report_html_internal.h"

#include "common/utf8.h"

/* A label cut to at most max characters (not bytes) for the chart. */
static void report_html_short(struct strbuf *out, const char *s, size_t max)
{
	size_t n = utf8_prefix_bytes(s, max);
	struct strbuf t;
	sb_init(&t);
	sb_appendn(&t, s, n);
	if (s[n])
		sb_append(&t, "…");
	report_html_escape(out, sb_str(&t));
	sb_finish(&t);
}

static void report_html_row_title(struct strbuf *out, const struct tally_stats_row *r)
{
	const struct keyword_stats *k = &r->stats;
	double n = (double)r->counts.shown;
	report_html_escape(out, r->label);
	sb_append(out, ": ");
	report_html_pct(out, k->approval);
	sb_append(out, " ja (95 %: ");
	report_html_pct(out, k->approval_low);
	sb_append(out, "–");
	report_html_pct(out, k->approval_high);
	sb_append(out, "), ");
	report_html_pct(out, (double)r->counts.no / n);
	sb_append(out, " nej, ");
	report_html_pct(out, (double)r->counts.neutral / n);
	sb_appendf(out, " vet inte, n = %llu", (unsigned long long)r->counts.shown);
}

void report_html_chart(struct strbuf *out, const struct tally_stats *s)
{
	const double W = 960, rank_w = 52, label_w = 300, pct_w = 56, neutral_w = 100, gap = 14,
		     rh = 28;
	const double top = 44, bars_x = label_w + gap;
	(void)rank_w; /* the rank sits left of the labels, inside label_w */
	const double bars_w = W - bars_x - gap - neutral_w - gap - pct_w;
	const double half = bars_w / 2, cx = bars_x + half, neutral_x = W - pct_w - gap - neutral_w;
	double H = top + (double)s->count * rh + 10;
	sb_appendf(out,
		   "<svg viewBox=\"0 0 %.0f %.0f\" "
		   "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"Rangordning\">\n",
		   W + 10, H, W + 10, H);
	for (int q = -2; q <= 2; q++) {
		double x = cx + q * half / 2;
		sb_appendf(out,
			   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			   "stroke-width=\"%d\"/>",
			   x, top - 6, x, H - 6, q ? "#c9c3b6" : "#1b1b1b", q ? 1 : 2);
		sb_appendf(out, "<text x=\"%.1f\" y=\"14\" text-anchor=\"middle\">", x);
		if (q)
			sb_appendf(out, "%d&#160;%%", 50 * (q < 0 ? -q : q));
		else
			sb_append(out, "0");
		sb_append(out, "</text>\n");
	}
	sb_appendf(out,
		   "<text x=\"%.1f\" y=\"32\" text-anchor=\"end\" font-weight=\"bold\" "
		   "style=\"fill:#8a1f16\">← Nej: ska inte prägla</text>"
		   "<text x=\"%.1f\" y=\"32\" font-weight=\"bold\" style=\"fill:#155029\">"
		   "Ja: ska prägla →</text>"
		   "<text x=\"%.1f\" y=\"32\">Vet inte</text>"
		   "<text x=\"%.1f\" y=\"32\" text-anchor=\"end\">Ja</text>\n",
		   cx - 8, cx + 8, neutral_x, W);
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		const struct keyword_stats *k = &r->stats;
		double y = top + (double)i * rh, mid = y + rh / 2;
		sb_append(out, "<g><title>");
		if (k->defined)
			report_html_row_title(out, r);
		else
			report_html_escape(out, r->label);
		sb_append(out, "</title>");
		/* a band per tier: within one, the order is not a finding */
		if (r->rank.tier % 2 == 0 && r->rank.tier)
			sb_appendf(out,
				   "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" "
				   "fill=\"#ece8df\"/>",
				   y, W + 10, rh);
		if (i && r->rank.tier != s->rows[i - 1].rank.tier)
			sb_appendf(out,
				   "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
				   "stroke=\"#6a6a6a\" stroke-width=\"1.5\"/>",
				   y, W + 10, y);
		sb_appendf(out, "<text x=\"4\" y=\"%.1f\" style=\"fill:#4a4a4a\">", mid + 5);
		report_html_rank(out, r);
		sb_append(out, "</text>");
		sb_appendf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", label_w,
			   mid + 5);
		report_html_short(out, r->label, 30);
		sb_append(out, "</text>");
		if (!k->defined) {
			sb_appendf(out,
				   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">–</text></g>\n",
				   W, mid + 5);
			continue;
		}
		double n = (double)r->counts.shown;
		double no = (double)r->counts.no / n * half, yes = k->approval * half;
		sb_appendf(out,
			   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
			   "fill=\"#d0584b\"/>"
			   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
			   "fill=\"#3f9b5c\"/>",
			   cx - no, mid - 8, no, cx, mid - 8, yes);
		double x1 = cx + k->approval_low * half, x2 = cx + k->approval_high * half;
		sb_appendf(out,
			   "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fV%.1f\" "
			   "stroke=\"#1b1b1b\" stroke-width=\"2\" fill=\"none\"/>",
			   x1, mid - 7, mid + 7, x1, mid, x2, x2, mid - 7, mid + 7);
		sb_appendf(out,
			   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
			   "fill=\"#dad4c7\"/>"
			   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
			   "fill=\"#9aa0aa\"/>",
			   neutral_x, mid - 8, neutral_w, neutral_x, mid - 8,
			   (double)r->counts.neutral / n * neutral_w);
		/* the don't-know share in figures too: it is an answer, not a gap */
		sb_appendf(out,
			   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
			   "style=\"font-size:13px\">",
			   neutral_x + neutral_w - 4, mid + 5);
		report_html_pct(out, (double)r->counts.neutral / n);
		sb_append(out, "</text>");
		sb_appendf(out,
			   "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-weight=\"bold\">",
			   W, mid + 5);
		report_html_pct(out, k->approval);
		sb_append(out, "</text></g>\n");
	}
	sb_append(out, "</svg>\n");
}
