/* The tally's keyword rows as text (report_text.h): the CSV and JSON that
 * other tools read, so their header and number formats are fixed, and the
 * table a person reads on a terminal. */
#include "report/report_text.h"

#include "common/numfmt.h"

#include <stdio.h>
#include <string.h>

/* A text field. Excel runs a cell that starts with = + - @ as a formula
 * (CSV injection), so there such a field gets a leading apostrophe. */
static void report_csv_text(struct strbuf *sb, const char *s, bool excel)
{
	if (excel && s[0] && strchr("=+-@\t\r", s[0])) {
		struct strbuf safe;
		sb_init(&safe);
		sb_append(&safe, "'");
		sb_append(&safe, s);
		sb_append_csv(sb, sb_str(&safe), ';');
		sb_finish(&safe);
		return;
	}
	sb_append_csv(sb, s, excel ? ';' : ',');
}

/* A proportion with 4 decimals, empty when undefined; Swedish Excel reads
 * only a decimal comma as a number. */
static void report_csv_prop(struct strbuf *sb, bool defined, double v, bool excel)
{
	sb_append(sb, excel ? ";" : ",");
	char num[NUMFMT_SIZE];
	if (defined)
		sb_append(sb, numfmt_fixed(num, sizeof(num), v, 4, excel ? NUMFMT_COMMA : 0));
}

void report_csv(struct strbuf *sb, const struct tally_stats *s, bool segmented, bool excel)
{
	const char *sep = excel ? ";" : ",";
	if (segmented) {
		sb_append(sb, "segment");
		sb_append(sb, sep);
	}
	if (excel) {
		/* the same header with the other separator */
		for (const char *p = REPORT_CSV_HEADER; *p; p++)
			sb_appendn(sb, *p == ',' ? ";" : p, 1);
	} else {
		sb_append(sb, REPORT_CSV_HEADER);
	}
	sb_append(sb, "\n");
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		const struct keyword_stats *k = &r->stats;
		if (segmented) {
			report_csv_text(sb, r->segment ? r->segment : "", excel);
			sb_append(sb, sep);
		}
		report_csv_text(sb, r->keyword_id, excel);
		sb_append(sb, sep);
		report_csv_text(sb, r->label, excel);
		sb_appendf(sb, "%s%llu%s%llu%s%llu%s%llu", sep, (unsigned long long)r->counts.shown,
			   sep, (unsigned long long)r->counts.yes, sep,
			   (unsigned long long)r->counts.no, sep,
			   (unsigned long long)r->counts.neutral);
		report_csv_prop(sb, k->defined, k->approval, excel);
		report_csv_prop(sb, k->defined, k->approval_low, excel);
		report_csv_prop(sb, k->defined, k->approval_high, excel);
		report_csv_prop(sb, k->defined, k->net, excel);
		report_csv_prop(sb, k->has_rank, k->mean_rank, excel);
		sb_append(sb, "\n");
	}
}

/* At full precision, so that nothing is lost on the way to another tool. */
static void report_json_number(struct strbuf *sb, bool defined, double v)
{
	char num[NUMFMT_SIZE];
	sb_append(sb, defined ? numfmt_exact(num, sizeof(num), v) : "null");
}

void report_json(struct strbuf *sb, const struct tally_stats *s, bool segmented)
{
	sb_append(sb, "[");
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		const struct keyword_stats *k = &r->stats;
		sb_append(sb, i ? ",\n{" : "\n{");
		if (segmented) {
			sb_append(sb, "\"segment\":");
			sb_append_json(sb, r->segment ? r->segment : "");
			sb_append(sb, ",");
		}
		sb_append(sb, "\"keyword_id\":");
		sb_append_json(sb, r->keyword_id);
		sb_append(sb, ",\"label\":");
		sb_append_json(sb, r->label);
		sb_appendf(sb, ",\"shown\":%llu,\"yes\":%llu,\"no\":%llu,\"neutral\":%llu",
			   (unsigned long long)r->counts.shown, (unsigned long long)r->counts.yes,
			   (unsigned long long)r->counts.no, (unsigned long long)r->counts.neutral);
		sb_append(sb, ",\"approval\":");
		report_json_number(sb, k->defined, k->approval);
		sb_append(sb, ",\"approval_low\":");
		report_json_number(sb, k->defined, k->approval_low);
		sb_append(sb, ",\"approval_high\":");
		report_json_number(sb, k->defined, k->approval_high);
		sb_append(sb, ",\"net\":");
		report_json_number(sb, k->defined, k->net);
		sb_append(sb, ",\"mean_rank\":");
		report_json_number(sb, k->has_rank, k->mean_rank);
		/* added after the CSV's fields: how sure the place in the ranking
		 * is, and which keyword set the row is of */
		if (r->rank.tier)
			sb_appendf(sb, ",\"rank_low\":%u,\"rank_high\":%u,\"tier\":%u", r->rank.low,
				   r->rank.high, r->rank.tier);
		else
			sb_append(sb, ",\"rank_low\":null,\"rank_high\":null,\"tier\":null");
		sb_append(sb, ",\"set_id\":");
		sb_append_json(sb, s->set_id ? s->set_id : "");
		sb_append(sb, ",\"set_version\":");
		sb_append_json(sb, s->set_version ? s->set_version : "");
		sb_append(sb, "}");
	}
	sb_append(sb, s->count ? "\n]\n" : "]\n");
}

/* "3" or "2–5": the place in the ranking and how sure it is. */
static const char *report_table_rank(char *buf, size_t size, const struct tally_stats_row *r,
				     size_t n)
{
	if (!r->rank.tier)
		snprintf(buf, size, "%zu", n);
	else if (r->rank.low == r->rank.high)
		snprintf(buf, size, "%u", r->rank.low);
	else
		snprintf(buf, size, "%u-%u", r->rank.low, r->rank.high);
	return buf;
}

void report_table(struct strbuf *sb, const struct tally_stats *s)
{
	const char *segment = NULL;
	size_t n = 0;
	uint32_t tier = 0;
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		if (i == 0 || (r->segment && (!segment || strcmp(r->segment, segment) != 0))) {
			if (r->segment)
				sb_appendf(sb, "%s%s\n", i ? "\n" : "", r->segment);
			sb_appendf(sb, "%-6s %-28s %6s %6s %6s %6s %9s %15s %7s\n", "rank",
				   "keyword", "shown", "yes", "no", "n/a", "approval",
				   "95% interval", "n/a %");
			segment = r->segment;
			n = 0;
			tier = r->rank.tier;
		}
		n++;
		/* a rule where the data can tell the keywords above from those below */
		if (r->rank.tier && r->rank.tier != tier)
			sb_append(sb, "------\n");
		tier = r->rank.tier;
		char rank[24];
		report_table_rank(rank, sizeof(rank), r, n);
		if (!r->stats.defined) {
			sb_appendf(sb, "%-6s %-28s %6s\n", "-", r->label, "0");
			continue;
		}
		char approval[NUMFMT_SIZE], low[NUMFMT_SIZE], high[NUMFMT_SIZE], dk[NUMFMT_SIZE];
		double shown = (double)r->counts.shown;
		sb_appendf(sb, "%-6s %-28s %6llu %6llu %6llu %6llu %8s%% %6s%% - %4s%% %6s%%\n",
			   rank, r->label, (unsigned long long)r->counts.shown,
			   (unsigned long long)r->counts.yes, (unsigned long long)r->counts.no,
			   (unsigned long long)r->counts.neutral,
			   numfmt_fixed(approval, sizeof(approval), 100 * r->stats.approval, 1, 0),
			   numfmt_fixed(low, sizeof(low), 100 * r->stats.approval_low, 1, 0),
			   numfmt_fixed(high, sizeof(high), 100 * r->stats.approval_high, 1, 0),
			   numfmt_fixed(dk, sizeof(dk), 100 * (double)r->counts.neutral / shown, 1,
					0));
	}
}

void report_notes(struct strbuf *sb, const struct tally_stats *s,
		  const struct tally_stats_group *whole, const struct tally_sets *sets,
		  bool include_flagged)
{
	if (s->set_id) {
		sb_appendf(sb, "keyword set %s, version %s", s->set_id, s->set_version);
		if (whole)
			sb_appendf(sb, ": %llu sessions", (unsigned long long)whole->sessions);
		sb_append(sb, "\n");
	}
	for (size_t i = 0; sets && s->set_id && i < sets->count; i++) {
		const struct tally_set *o = &sets->items[i];
		if (strcmp(o->set_id, s->set_id) == 0 &&
		    strcmp(o->set_version, s->set_version) == 0)
			continue;
		sb_appendf(sb,
			   "not in these figures: keyword set %s, version %s (%llu sessions) — "
			   "show it with --set %s@%s\n",
			   o->set_id, o->set_version, (unsigned long long)o->sessions, o->set_id,
			   o->set_version);
	}
	if (whole && whole->flagged)
		sb_appendf(sb,
			   "%llu sessions flagged as misuse or noise (%llu too fast, %llu all in "
			   "one pile, %llu repeats) %s\n",
			   (unsigned long long)whole->flagged, (unsigned long long)whole->fast,
			   (unsigned long long)whole->one_pile, (unsigned long long)whole->repeat,
			   include_flagged ? "are counted (--include-flagged)"
					   : "are left out; --include-flagged counts them");
	if (s->hidden.small) {
		sb_appendf(sb, "%zu group%s with fewer than %llu sessions hidden", s->hidden.small,
			   s->hidden.small == 1 ? "" : "s",
			   (unsigned long long)s->hidden.min_group);
		if (s->hidden.secondary)
			sb_append(sb,
				  ", and 1 more so that it cannot be worked out from the total");
		sb_append(sb, ", so that no person can be picked out; the totals still count "
			      "them\n");
	}
}
