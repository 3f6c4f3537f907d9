/* The files of `visionsort report` (report.h): the tally is read once per
 * need and closed before the chart is drawn, which needs only the numbers. */
#include "report/report.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/report_chain.h"
#include "report/report_html.h"
#include "report/report_png.h"
#include "report/report_text.h"
#include "store/tally.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool report_file_write(const char *path, const char *data, size_t len, struct diag *err)
{
	struct strbuf tmp;
	sb_init(&tmp);
	sb_appendf(&tmp, "%s.tmp", path);
	FILE *f = fopen(sb_str(&tmp), "wb");
	bool ok = f && fwrite(data, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
	int saved = errno;
	if (f && fclose(f) != 0 && ok) {
		saved = errno;
		ok = false;
	}
	if (ok && rename(sb_str(&tmp), path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		diag_add(err, "%s: cannot write: %s", path, strerror(saved));
		if (f)
			remove(sb_str(&tmp));
	}
	sb_finish(&tmp);
	return ok;
}

/* The query every part of the report shares, for one segment. */
static struct tally_query report_query(const struct report_request *rq, enum tally_segment by)
{
	return (struct tally_query){
		.by = by,
		.include_abandoned = rq->include_abandoned,
		.include_flagged = rq->include_flagged,
		.set_id = rq->set_id,
		.set_version = rq->set_version,
		.min_group = rq->min_group,
	};
}

static bool report_csv_file(struct tally *t, const struct report_request *rq,
			    struct report_written *out, struct diag *err)
{
	struct tally_stats s;
	tally_stats_init(&s);
	struct tally_query q = report_query(rq, rq->by);
	bool ok = tally_stats_query(t, &q, &s, err);
	if (ok) {
		struct strbuf sb;
		sb_init(&sb);
		/* the BOM is how Excel knows the file is UTF-8 (å, ä, ö) */
		if (rq->excel)
			sb_append(&sb, "\xEF\xBB\xBF");
		report_csv(&sb, &s, rq->by != TALLY_BY_NONE, rq->excel);
		ok = report_file_write(rq->csv, sb_str(&sb), sb.len, err);
		sb_finish(&sb);
	}
	out->csv = ok;
	out->csv_rows = s.count;
	if (ok && s.set_id) {
		out->set_id = xstrdup(s.set_id);
		out->set_version = xstrdup(s.set_version);
	}
	tally_stats_finish(&s);
	return ok;
}

/* Everything the HTML and the chart show; segments the tally lacks stay
 * empty. */
struct report_data {
	struct tally_stats total, by[TALLY_BY_COUNT];
	struct tally_stats_groups whole, groups[TALLY_BY_COUNT];
	bool have[TALLY_BY_COUNT];
	struct tally_sets sets;
	struct misuse_rules rules;
	struct strbuf chain_sv, chain_en; /* report_chain.h: what is missing */
	size_t chain_trouble, chain_kiosks;
};

static bool report_gather(struct tally *t, const struct report_request *rq, bool segments,
			  struct report_data *d, struct diag *err)
{
	struct tally_query q = report_query(rq, TALLY_BY_NONE);
	q.rank_intervals = true;
	tally_misuse_rules(t, &d->rules);
	if (!tally_stats_query(t, &q, &d->total, err) ||
	    !tally_stats_groups(t, &q, &d->whole, err) || !tally_stats_sets(t, &d->sets, err))
		return false;
	/* read from the kept sums: every segment costs about the same */
	for (int i = TALLY_BY_NONE + 1; segments && i < TALLY_BY_COUNT; i++) {
		q = report_query(rq, (enum tally_segment)i);
		if (!tally_stats_query(t, &q, &d->by[i], err) ||
		    !tally_stats_groups(t, &q, &d->groups[i], err))
			return false;
		d->have[i] = true;
	}
	if (!segments)
		return true;
	return report_chain_all(t, REPORT_SV, true, &d->chain_sv, &d->chain_trouble,
				&d->chain_kiosks, err) &&
	       report_chain_all(t, REPORT_EN, true, &d->chain_en, NULL, NULL, err);
}

static void report_data_init(struct report_data *d)
{
	tally_sets_init(&d->sets);
	tally_stats_init(&d->total);
	tally_stats_groups_init(&d->whole);
	sb_init(&d->chain_sv);
	sb_init(&d->chain_en);
	d->chain_trouble = 0;
	d->chain_kiosks = 0;
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		tally_stats_init(&d->by[i]);
		tally_stats_groups_init(&d->groups[i]);
		d->have[i] = false;
	}
}

static void report_data_finish(struct report_data *d)
{
	tally_sets_finish(&d->sets);
	tally_stats_finish(&d->total);
	tally_stats_groups_finish(&d->whole);
	sb_finish(&d->chain_sv);
	sb_finish(&d->chain_en);
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		tally_stats_finish(&d->by[i]);
		tally_stats_groups_finish(&d->groups[i]);
	}
}

static bool report_html_file(const struct report_request *rq, const struct report_data *d,
			     struct report_written *out, struct diag *err)
{
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	const char *slash = strrchr(rq->tally_path, '/');
	struct report_html_input in = {
		.source = slash ? slash + 1 : rq->tally_path,
		.generated_at = now,
		.include_abandoned = rq->include_abandoned,
		.include_flagged = rq->include_flagged,
		.total = &d->total,
		.whole = &d->whole,
		.sets = &d->sets,
		.rules = &d->rules,
		.min_group = rq->min_group,
		.chain_sv = sb_str(&d->chain_sv),
		.chain_en = sb_str(&d->chain_en),
		.chain_kiosks = d->chain_kiosks,
	};
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		in.by[i] = d->have[i] ? &d->by[i] : NULL;
		in.groups[i] = d->have[i] ? &d->groups[i] : NULL;
	}
	struct strbuf sb;
	sb_init(&sb);
	report_html_write(&sb, &in);
	out->html = report_file_write(rq->html, sb_str(&sb), sb.len, err);
	out->html_keywords = d->total.count;
	sb_finish(&sb);
	return out->html;
}

bool report_write(const struct report_request *rq, struct report_written *out, struct diag *err)
{
	*out = (struct report_written){0};
	struct tally *t = tally_open(rq->tally_path, err);
	struct report_data d;
	report_data_init(&d);
	bool ok = t != NULL;
	if (ok && rq->csv)
		ok = report_csv_file(t, rq, out, err);
	if (ok && (rq->html || rq->png))
		ok = report_gather(t, rq, rq->html != NULL, &d, err);
	if (ok && (rq->html || rq->png) && d.total.set_id && !out->set_id) {
		out->set_id = xstrdup(d.total.set_id);
		out->set_version = xstrdup(d.total.set_version);
	}
	if (ok && rq->html)
		ok = report_html_file(rq, &d, out, err);
	tally_close(t);
	if (ok && rq->png) {
		ok = report_png_write(rq->png, rq->font_dir, &d.total, &d.whole, &out->png_height,
				      err);
		out->png = ok;
		out->png_width = REPORT_PNG_WIDTH;
	}
	report_data_finish(&d);
	return ok;
}

void report_written_finish(struct report_written *w)
{
	free(w->set_id);
	free(w->set_version);
	w->set_id = w->set_version = NULL;
}
