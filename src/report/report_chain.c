/* The export chain in words (report_chain.h), Swedish and English. Dates
 * are the UTC dates of the exports' times, as `tally --by day` counts. */
#include "report/report_chain.h"

#include <stdio.h>
#include <string.h>

static const char *const report_months[2][12] = {
	{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
	 "oktober", "november", "december"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	 "October", "November", "December"},
};

struct report_date {
	int year, month, day; /* month 1-12; 0 when unreadable */
};

static struct report_date report_date(const char *iso)
{
	struct report_date d = {0};
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3 || d.month < 1 ||
	    d.month > 12)
		d = (struct report_date){0};
	return d;
}

static void report_date_text(struct strbuf *sb, struct report_date d, bool month, bool year,
			     enum report_lang lang)
{
	sb_appendf(sb, "%d", d.day);
	if (month)
		sb_appendf(sb, " %s", report_months[lang][d.month - 1]);
	if (year)
		sb_appendf(sb, " %d", d.year);
}

/* "from 12 to 19 March", "from 28 February to 3 March", "until 19 March",
 * "on 12 March": the days the missing sessions ended on. */
static void report_span(struct strbuf *sb, const char *from, const char *to, enum report_lang lang)
{
	struct report_date a = report_date(from), b = report_date(to);
	bool sv = lang == REPORT_SV;
	if (!b.month) {
		sb_append(sb, sv ? "sessioner" : "sessions");
		return;
	}
	if (!a.month) {
		sb_append(sb, sv ? "sessioner fram till " : "sessions until ");
		report_date_text(sb, b, true, false, lang);
		return;
	}
	if (a.year == b.year && a.month == b.month && a.day == b.day) {
		sb_append(sb, sv ? "sessioner den " : "sessions on ");
		report_date_text(sb, b, true, false, lang);
		return;
	}
	bool same_year = a.year == b.year, same_month = same_year && a.month == b.month;
	sb_append(sb, sv ? "sessioner från " : "sessions from ");
	report_date_text(sb, a, !same_month, !same_year, lang);
	sb_append(sb, sv ? " till " : " to ");
	report_date_text(sb, b, true, !same_year, lang);
}

static void report_name(struct strbuf *sb, const struct tally_chain *c, enum report_lang lang)
{
	if (c->site && *c->site)
		sb_append(sb, c->site);
	else
		sb_appendf(sb, "kiosk %.8s", c->kiosk_id);
	if (c->predecessor_kiosk_id) {
		const char *before = c->predecessor_site && *c->predecessor_site &&
						     (!c->site ||
						      strcmp(c->site, c->predecessor_site) != 0)
					     ? c->predecessor_site
					     : NULL;
		sb_appendf(sb,
			   lang == REPORT_SV ? " (tog över efter kiosk %.8s%s%s)"
					     : " (took over from kiosk %.8s%s%s)",
			   c->predecessor_kiosk_id, before ? ", " : "", before ? before : "");
	}
	sb_append(sb, ": ");
}

/* "export 4", "exports 2 and 3", "exports 2 to 5" (Swedish: "exporterna"). */
static void report_numbers(struct strbuf *sb, int64_t first, int64_t last, enum report_lang lang)
{
	bool sv = lang == REPORT_SV;
	if (first == last)
		sb_appendf(sb, "export %lld", (long long)first);
	else
		sb_appendf(sb, "%s %lld %s %lld", sv ? "exporterna" : "exports", (long long)first,
			   last == first + 1 ? (sv ? "och" : "and") : (sv ? "till" : "to"),
			   (long long)last);
}

bool report_chain_trouble(const struct tally_chain *c)
{
	return c->ngaps || c->ndoubled || c->nunlinked;
}

void report_chain_text(struct strbuf *sb, const struct tally_chain *c, enum report_lang lang)
{
	bool sv = lang == REPORT_SV;
	if (!report_chain_trouble(c)) {
		report_name(sb, c, lang);
		if (c->highest == 1)
			sb_append(sb, sv ? "export 1 räknad, ingen saknas\n"
					 : "export 1 counted, none missing\n");
		else
			sb_appendf(sb,
				   sv ? "alla %lld exporter räknade, ingen saknas\n"
				      : "all %lld exports counted, none missing\n",
				   (long long)c->highest);
	}
	for (size_t i = 0; i < c->ngaps; i++) {
		const struct tally_chain_gap *g = &c->gaps[i];
		report_name(sb, c, lang);
		report_numbers(sb, g->first, g->last, lang);
		sb_appendf(sb, sv ? " av %lld saknas — " : " of %lld missing — ",
			   (long long)c->highest);
		report_span(sb, g->from, g->to, lang);
		sb_append(sb, sv ? " är inte räknade\n" : " not counted\n");
	}
	for (size_t i = 0; i < c->ndoubled; i++) {
		report_name(sb, c, lang);
		sb_appendf(
			sb,
			sv ? "export %lld kom som två olika filer — kontrollera kioskens exporter "
			     "(återställdes loggen från en säkerhetskopia?)\n"
			   : "export %lld came as two different files — check the kiosk's exports "
			     "(was its log restored from a backup?)\n",
			(long long)c->doubled[i]);
	}
	for (size_t i = 0; i < c->nunlinked; i++) {
		report_name(sb, c, lang);
		sb_appendf(sb,
			   sv ? "export %lld följer inte på den export %lld som räknats — en av "
				"dem hör inte till kioskens egen följd; kontrollera båda filerna\n"
			      : "export %lld does not follow the export %lld counted — one of them "
				"is not from the kiosk's own sequence; check both files\n",
			   (long long)c->unlinked[i], (long long)c->unlinked[i] - 1);
	}
}

struct report_chain_ctx {
	struct strbuf *sb;
	enum report_lang lang;
	bool trouble_only;
	size_t kiosks;
};

static void report_chain_one(void *ctx, const struct tally_chain *c)
{
	struct report_chain_ctx *x = ctx;
	x->kiosks++;
	if (!x->trouble_only || report_chain_trouble(c))
		report_chain_text(x->sb, c, x->lang);
}

bool report_chain_all(struct tally *t, enum report_lang lang, bool trouble_only, struct strbuf *sb,
		      size_t *lines, size_t *kiosks, struct diag *err)
{
	struct report_chain_ctx x = {sb, lang, trouble_only, 0};
	size_t start = sb->len;
	bool ok = tally_chains(t, report_chain_one, &x, err);
	if (kiosks)
		*kiosks = x.kiosks;
	if (lines) {
		*lines = 0;
		for (size_t i = start; i < sb->len; i++)
			*lines += sb->data[i] == '\n';
	}
	return ok;
}
