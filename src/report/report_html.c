/* The HTML report (see report_html.h). Swedish first, as the organizers
 * and decision makers are in Norrköping, with English beside the headings
 * and the explanation. Every text that came from a data file goes through
 * report_html_escape(), attributes included. Numbers read the Swedish way:
 * decimal comma, a space before %. */
#include "report/report_html.h"

#include "report/report_html_internal.h"

#include "common/numfmt.h"
#include "common/utf8.h"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REPORT_FEW 20 /* fewer showings than this: a cell is marked uncertain */
#define REPORT_FEW_TEXT "20"

static const char report_html_css[] =
	"body{font-family:'Noto Sans',system-ui,sans-serif;color:#1b1b1b;background:#f3f0e8;"
	"margin:0;padding:0 2rem 2rem;line-height:1.45}"
	"header{background:#0b3a66;color:#fff;margin:0 -2rem 1.5rem;padding:1.2rem 2rem}"
	"h1{margin:0;font-size:2rem}h2{margin:2rem 0 .6rem;font-size:1.4rem}"
	"h2 .en,h3 .en{color:#4a4a4a;font-weight:normal;font-size:.8em}"
	".sub{margin:.2rem 0 0;opacity:.9}"
	".facts{display:flex;flex-wrap:wrap;gap:.8rem}"
	".fact{background:#fff;border:1px solid #c9c3b6;border-radius:8px;padding:.6rem 1rem}"
	".fact b{display:block;font-size:1.5rem}"
	"table{border-collapse:collapse;background:#fff;margin:.4rem 0 1rem}"
	"th,td{border:1px solid #d6d0c4;padding:.25rem .6rem;text-align:right;"
	"vertical-align:top}"
	"th{background:#e6e1d6}td.l,th.l{text-align:left}"
	"td small{color:#4a4a4a;margin-left:.3em}.note{color:#4a4a4a;margin:.2rem 0}"
	"td.few{color:#6a6a6a;font-style:italic}tr.tier td{border-top:3px solid #6a6a6a}"
	".wide{overflow-x:auto}svg{max-width:100%;height:auto;background:#fff;"
	"border:1px solid #c9c3b6;border-radius:8px}"
	"svg text{font-family:inherit;font-size:15px;fill:#1b1b1b}"
	".explain{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));"
	"gap:1.5rem}.explain dt{font-weight:bold;margin-top:.5rem}.explain dd{margin:0}"
	"footer{margin-top:2rem;color:#4a4a4a;font-size:.9rem}"
	".missing{color:#8a1f16;font-weight:bold}ul[lang=en]{color:#4a4a4a}"
	"@media print{body{background:#fff}header{background:#fff;color:#000}}";

void report_html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sb_append(out, "&amp;");
			break;
		case '<':
			sb_append(out, "&lt;");
			break;
		case '>':
			sb_append(out, "&gt;");
			break;
		case '"':
			sb_append(out, "&quot;");
			break;
		case '\'':
			sb_append(out, "&#39;");
			break;
		default:
			sb_appendn(out, s, 1);
		}
	}
}

/* v in [0, 1] as a whole percentage, "62&#160;%". */
void report_html_pct(struct strbuf *out, double v)
{
	sb_appendf(out, "%d&#160;%%", (int)lround(100 * v));
}

/* v with the given decimals and a decimal comma; sign: a + before a
 * positive difference. */
static void report_html_dec(struct strbuf *out, double v, int decimals, bool sign)
{
	char num[NUMFMT_SIZE];
	sb_append(out, numfmt_fixed(num, sizeof(num), v, decimals,
				    NUMFMT_COMMA | (sign ? NUMFMT_SIGN : 0)));
}

/* "2035-05-01T09:30:00.000Z" as "2035-05-01 09:30". */
static void report_html_time(struct strbuf *out, const char *iso)
{
	if (!iso || strlen(iso) < 16) {
		sb_append(out, "–");
		return;
	}
	struct strbuf t;
	sb_init(&t);
	sb_appendn(&t, iso, 10);
	sb_append(&t, " ");
	sb_appendn(&t, iso + 11, 5);
	report_html_escape(out, sb_str(&t));
	sb_finish(&t);
}

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

void report_html_rank(struct strbuf *out, const struct tally_stats_row *r)
{
	if (!r->rank.tier)
		sb_append(out, "–");
	else if (r->rank.low == r->rank.high)
		sb_appendf(out, "%u", r->rank.low);
	else
		sb_appendf(out, "%u–%u", r->rank.low, r->rank.high);
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

/* The ranking as a diverging bar chart: no to the left of the middle, yes
 * to the right with its 95% interval as a whisker, neutral in its own
 * column so that it neither hides nor shifts either side. */
static void report_html_chart(struct strbuf *out, const struct tally_stats *s)
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

void report_html_heading(struct strbuf *out, const char *tag, const char *sv, const char *en)
{
	sb_appendf(out, "<%s>%s <span class=\"en\" lang=\"en\">/ %s</span></%s>\n", tag, sv, en,
		   tag);
}

static void report_html_keywords(struct strbuf *out, const struct tally_stats *s)
{
	sb_append(out, "<div class=\"wide\"><table>\n<tr><th>Plats (95&#160;%)</th>"
		       "<th class=\"l\">Nyckelord</th>"
		       "<th>Visad</th><th>Ja</th><th>Nej</th><th>Vet inte</th>"
		       "<th>Andel vet inte</th>"
		       "<th>Andel ja</th><th>95&#160;% intervall</th><th>Netto</th>"
		       "<th>Medelrang</th></tr>\n");
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		const struct keyword_stats *k = &r->stats;
		bool new_tier = i && r->rank.tier != s->rows[i - 1].rank.tier;
		sb_appendf(out, "<tr%s><td>", new_tier ? " class=\"tier\"" : "");
		report_html_rank(out, r);
		sb_append(out, "</td><td class=\"l\">");
		report_html_escape(out, r->label);
		sb_appendf(out, "</td><td>%llu</td><td>%llu</td><td>%llu</td><td>%llu</td><td>",
			   (unsigned long long)r->counts.shown, (unsigned long long)r->counts.yes,
			   (unsigned long long)r->counts.no, (unsigned long long)r->counts.neutral);
		if (k->defined) {
			report_html_dec(out,
					100 * (double)r->counts.neutral / (double)r->counts.shown,
					1, false);
			sb_append(out, "&#160;%</td><td>");
			report_html_dec(out, 100 * k->approval, 1, false);
			sb_append(out, "&#160;%</td><td>");
			report_html_dec(out, 100 * k->approval_low, 1, false);
			sb_append(out, "–");
			report_html_dec(out, 100 * k->approval_high, 1, false);
			sb_append(out, "&#160;%</td><td>");
			report_html_dec(out, 100 * k->net, 1, true);
		} else {
			sb_append(out, "–</td><td>–</td><td>–</td><td>–");
		}
		sb_append(out, "</td><td>");
		if (k->has_rank)
			report_html_dec(out, k->mean_rank, 2, false);
		else
			sb_append(out, "–");
		sb_append(out, "</td></tr>\n");
	}
	sb_append(out, "</table></div>\n");
}

/* A segment value as a Swedish reader knows it: the kiosk's own wording for
 * the profile answers, language names; the code stays beside it, as the
 * CSV has it. Anything else (sites, days) as it is. */
static void report_html_segment(struct strbuf *out, enum tally_segment by, const char *value)
{
	static const struct {
		enum tally_segment by;
		const char *code, *sv;
	} names[] = {
		{TALLY_BY_RESIDENCE, "city", "I Norrköpings tätort"},
		{TALLY_BY_RESIDENCE, "municipality", "På annan ort i kommunen"},
		{TALLY_BY_RESIDENCE, "visitor", "På besök"},
		{TALLY_BY_LANGUAGE, "sv", "svenska"},
		{TALLY_BY_LANGUAGE, "en", "engelska"},
		{TALLY_BY_LANGUAGE, "ar", "arabiska"},
		{TALLY_BY_AGE, "-15", "upp till 15 år"},
		{TALLY_BY_AGE, "66-", "66 år och äldre"},
	};
	const char *v = value ? value : "";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].by == by && strcmp(names[i].code, v) == 0) {
			sb_appendf(out, "%s <small>(%s)</small>", names[i].sv, names[i].code);
			return;
		}
	}
	report_html_escape(out, strcmp(v, TALLY_NOT_GIVEN) == 0 ? "(inget svar)" : v);
}

static void report_html_groups(struct strbuf *out, enum tally_segment by,
			       const struct tally_stats_groups *g, const char *what)
{
	sb_appendf(out,
		   "<div class=\"wide\"><table>\n<tr><th class=\"l\">%s</th><th>Sessioner</th>"
		   "<th>Avbrutna</th><th>Kiosker</th><th class=\"l\">Första (UTC)</th>"
		   "<th class=\"l\">Sista (UTC)</th></tr>\n",
		   what);
	for (size_t i = 0; i < g->count; i++) {
		const struct tally_stats_group *e = &g->items[i];
		sb_append(out, "<tr><td class=\"l\">");
		report_html_segment(out, by, e->segment);
		sb_appendf(out, "</td><td>%llu</td><td>%llu</td><td>%llu</td><td class=\"l\">",
			   (unsigned long long)e->sessions, (unsigned long long)e->abandoned,
			   (unsigned long long)e->kiosks);
		report_html_time(out, e->first_started);
		sb_append(out, "</td><td class=\"l\">");
		report_html_time(out, e->last_ended);
		sb_append(out, "</td></tr>\n");
	}
	sb_append(out, "</table></div>\n");
}

static const struct tally_stats_row *report_html_find(const struct tally_stats *s,
						      const char *segment, const char *keyword_id)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->rows[i].segment && strcmp(s->rows[i].segment, segment) == 0 &&
		    strcmp(s->rows[i].keyword_id, keyword_id) == 0)
			return &s->rows[i];
	return NULL;
}

/* Approval per keyword (rows, in the overall order) and segment (columns). */
static void report_html_matrix(struct strbuf *out, enum tally_segment by,
			       const struct tally_stats *total, const struct tally_stats *parts,
			       const struct tally_stats_groups *g)
{
	sb_append(out, "<p class=\"note\">Andel ja; inom parentes hur många gånger ordet visades, "
		       "kursivt under " REPORT_FEW_TEXT ". <span lang=\"en\">Approval; in brackets "
		       "how often the keyword was shown, italic below " REPORT_FEW_TEXT
		       ".</span></p>\n");
	sb_append(out, "<div class=\"wide\"><table>\n<tr><th class=\"l\">Nyckelord</th>");
	for (size_t j = 0; j < g->count; j++) {
		sb_append(out, "<th>");
		report_html_segment(out, by, g->items[j].segment);
		sb_append(out, "</th>");
	}
	sb_append(out, "</tr>\n");
	for (size_t i = 0; i < total->count; i++) {
		sb_append(out, "<tr><td class=\"l\">");
		report_html_escape(out, total->rows[i].label);
		sb_append(out, "</td>");
		for (size_t j = 0; j < g->count; j++) {
			const struct tally_stats_row *r =
				report_html_find(parts,
						 g->items[j].segment ? g->items[j].segment : "",
						 total->rows[i].keyword_id);
			if (!r || !r->stats.defined) {
				sb_append(out, "<td>–</td>");
				continue;
			}
			sb_appendf(out, "<td%s>",
				   r->counts.shown < REPORT_FEW ? " class=\"few\"" : "");
			report_html_pct(out, r->stats.approval);
			sb_appendf(out, "<small>(%llu)</small></td>",
				   (unsigned long long)r->counts.shown);
		}
		sb_append(out, "</tr>\n");
	}
	sb_append(out, "</table></div>\n");
}

static void report_html_facts(struct strbuf *out, const struct report_html_input *in)
{
	const struct tally_stats_group *w = in->whole->count ? &in->whole->items[0] : NULL;
	size_t sites = in->groups[TALLY_BY_SITE] ? in->groups[TALLY_BY_SITE]->count : 0;
	sb_append(out, "<div class=\"facts\">\n");
	sb_appendf(out,
		   "<div class=\"fact\"><b>%llu</b>%s</div>"
		   "<div class=\"fact\"><b>%llu</b>avbrutna, %s</div>"
		   "<div class=\"fact\"><b>%llu</b>kiosker</div>"
		   "<div class=\"fact\"><b>%zu</b>platser</div>"
		   "<div class=\"fact\"><b>%zu</b>nyckelord</div>"
		   "<div class=\"fact\"><b>",
		   (unsigned long long)(w ? w->sessions : 0),
		   in->include_abandoned ? "sessioner (avbrutna medräknade)"
					 : "genomförda sessioner",
		   (unsigned long long)(w ? w->abandoned : 0),
		   in->include_abandoned ? "medräknade" : "inte medräknade",
		   (unsigned long long)(w ? w->kiosks : 0), sites, in->total->count);
	report_html_time(out, w ? w->first_started : NULL);
	sb_append(out, " – ");
	report_html_time(out, w ? w->last_ended : NULL);
	sb_append(out, "</b>period (UTC)</div>\n");
	sb_appendf(out, "<div class=\"fact\"><b>%llu</b>flaggade (%s)</div>\n",
		   (unsigned long long)(w ? w->flagged : 0),
		   in->include_flagged ? "medräknade" : "inte medräknade");
	sb_append(out, "</div>\n");
	report_html_about(out, in);
}

/* Each line of text as an item of a list. */
static void report_html_lines(struct strbuf *out, const char *text, const char *lang)
{
	sb_appendf(out, "<ul lang=\"%s\">", lang);
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		struct strbuf line;
		sb_init(&line);
		sb_appendn(&line, text, n);
		sb_append(out, "<li>");
		report_html_escape(out, sb_str(&line));
		sb_append(out, "</li>");
		sb_finish(&line);
		text += n + (nl != NULL);
	}
	sb_append(out, "</ul>\n");
}

/* Whether the kiosks' numbered exports are all in: a missing file is
 * sessions not counted, said before any figure. Only kiosks with something
 * missing are named (a small site is not to be singled out). */
static void report_html_chain(struct strbuf *out, const struct report_html_input *in)
{
	if (!in->chain_kiosks)
		return;
	report_html_heading(out, "h2", "Exportfiler per kiosk", "Export files per kiosk");
	if (!in->chain_sv || !*in->chain_sv) {
		sb_appendf(out,
			   "<p class=\"note\">Alla numrerade exportfiler från %zu %s är med i "
			   "siffrorna. <span lang=\"en\">Every numbered export file from %zu "
			   "%s is in the figures.</span></p>\n",
			   in->chain_kiosks, in->chain_kiosks == 1 ? "kiosk" : "kiosker",
			   in->chain_kiosks, in->chain_kiosks == 1 ? "kiosk" : "kiosks");
		return;
	}
	sb_append(out, "<p class=\"missing\">Exportfiler saknas: deras sessioner är inte "
		       "med i siffrorna nedan. <span lang=\"en\">Export files are "
		       "missing: their sessions are not in the figures below.</span></p>\n");
	report_html_lines(out, in->chain_sv, "sv");
	report_html_lines(out, in->chain_en ? in->chain_en : "", "en");
}

static const struct {
	enum tally_segment by;
	const char *sv, *en, *column;
} report_html_sections[] = {
	{TALLY_BY_SITE, "Per plats", "By site", "Plats"},
	{TALLY_BY_LANGUAGE, "Per språk", "By language", "Språk"},
	{TALLY_BY_AGE, "Per åldersgrupp", "By age band", "Ålder"},
	{TALLY_BY_RESIDENCE, "Per boende", "By residence", "Bor i"},
	{TALLY_BY_DAY, "Per dag", "By day", "Dag (UTC)"},
	{TALLY_BY_CHANNEL, "Per kanal", "By channel", "Kanal"},
};

void report_html_write(struct strbuf *out, const struct report_html_input *in)
{
	sb_append(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>Vad ska prägla Norrköping 2035? – rapport</title>\n<style>");
	sb_append(out, report_html_css);
	sb_append(out, "</style>\n</head>\n<body>\n<header><h1>Vad ska prägla Norrköping 2035?"
		       "</h1><p class=\"sub\">Sammanställning av nyckelordssorteringen "
		       "<span lang=\"en\">· Summary of the keyword sort</span></p></header>\n");
	report_html_facts(out, in);
	report_html_chain(out, in);
	report_html_heading(out, "h2", "Rangordning efter andel ja", "Ranking by approval");
	sb_append(out, "<div class=\"wide\">");
	report_html_chart(out, in->total);
	sb_append(out, "</div>\n");
	report_html_heading(out, "h2", "Alla nyckelord", "All keywords");
	report_html_keywords(out, in->total);
	for (size_t i = 0; i < sizeof(report_html_sections) / sizeof(report_html_sections[0]);
	     i++) {
		enum tally_segment by = report_html_sections[i].by;
		report_html_heading(out, "h2", report_html_sections[i].sv,
				    report_html_sections[i].en);
		if (!in->groups[by] || !in->by[by]) {
			sb_append(out, "<p>Finns inte i denna tally (äldre exportfiler). "
				       "<span lang=\"en\">Not in this tally (older export "
				       "files).</span></p>\n");
			continue;
		}
		report_html_groups(out, by, in->groups[by], report_html_sections[i].column);
		report_html_hidden(out, &in->groups[by]->hidden);
		/* a column per day would run off the page; days get the counts only */
		if (by != TALLY_BY_DAY && in->groups[by]->count)
			report_html_matrix(out, by, in->total, in->by[by], in->groups[by]);
	}
	report_html_heading(out, "h2", "Om måtten", "About the measures");
	report_html_explain(out);
	report_html_heading(out, "h2", "Metod och begränsningar", "Method and limits");
	report_html_method(out, in);
	sb_append(out, "<footer>visionsort " VS_VERSION " · ");
	report_html_escape(out, in->source ? in->source : "");
	sb_append(out, " · ");
	report_html_escape(out, in->generated_at ? in->generated_at : "");
	sb_append(out, "</footer>\n</body>\n</html>\n");
}
