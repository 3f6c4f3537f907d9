/* The HTML report's tables (report_html_internal.h): every keyword's
 * figures, and per segment its sessions and a keyword by segment matrix.
 * Segment values are named as a Swedish reader knows them, with the code
 * beside, so that a table can be read against the CSV. */
#include "report/report_html_internal.h"

#include <string.h>

#define REPORT_FEW 20 /* fewer showings than this: a cell is marked uncertain */
#define REPORT_FEW_TEXT "20"

void report_html_keywords(struct strbuf *out, const struct tally_stats *s)
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

void report_html_groups(struct strbuf *out, enum tally_segment by,
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

void report_html_matrix(struct strbuf *out, enum tally_segment by, const struct tally_stats *total,
			const struct tally_stats *parts, const struct tally_stats_groups *g)
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
