/* How the HTML report writes a value (report_html_internal.h), in one
 * place so that every table and chart reads alike: text from a data file
 * always escaped, attributes included; numbers the Swedish way, with a
 * decimal comma and a space before %. */
#include "report/report_html_internal.h"

#include "common/numfmt.h"

#include <math.h>
#include <string.h>

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

void report_html_pct(struct strbuf *out, double v)
{
	sb_appendf(out, "%d&#160;%%", (int)lround(100 * v));
}

void report_html_dec(struct strbuf *out, double v, int decimals, bool sign)
{
	char num[NUMFMT_SIZE];
	sb_append(out, numfmt_fixed(num, sizeof(num), v, decimals,
				    NUMFMT_COMMA | (sign ? NUMFMT_SIGN : 0)));
}

void report_html_time(struct strbuf *out, const char *iso)
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

void report_html_rank(struct strbuf *out, const struct tally_stats_row *r)
{
	if (!r->rank.tier)
		sb_append(out, "–");
	else if (r->rank.low == r->rank.high)
		sb_appendf(out, "%u", r->rank.low);
	else
		sb_appendf(out, "%u–%u", r->rank.low, r->rank.high);
}

void report_html_heading(struct strbuf *out, const char *tag, const char *sv, const char *en)
{
	sb_appendf(out, "<%s>%s <span class=\"en\" lang=\"en\">/ %s</span></%s>\n", tag, sv, en,
		   tag);
}
