/* The HTML report (see report_html.h): the document around the figures,
 * the page's style, the key figures and the sections in their order.
 * Swedish first, as the organizers and decision makers are in Norrköping,
 * with English beside the headings and the explanation. */
#include "report/report_html.h"

#include "report/report_html_internal.h"

#include "config.h"

#include <stdio.h>
#include <string.h>

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
