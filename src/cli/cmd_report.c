/* visionsort report: the tally as files to take to a meeting — an HTML
 * report, the ranking chart as a PNG (drawn offscreen by the same scene and
 * renderer as the live view), and the CSV, optionally for Swedish Excel.
 * Each file is written to a temporary name and renamed, so an existing
 * report is never left half-overwritten. */
#include "cli/cli.h"

#include "cli/cmd_tally.h"
#include "cli/paths.h"
#include "cli/report_html.h"
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "platform/platform.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "ui/scene_tally.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPORT_PNG_WIDTH 1600

struct cmd_report_args {
	const char *path, *html, *png, *csv;
	bool excel, abandoned;
	enum tally_segment by;
};

static bool cmd_report_write(const char *path, const char *data, size_t len, struct diag *err)
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

static bool cmd_report_csv(struct tally *t, const struct cmd_report_args *a, struct diag *err)
{
	struct tally_stats s;
	tally_stats_init(&s);
	bool ok = tally_stats_keywords(t, a->by, a->abandoned, &s, err);
	if (ok) {
		struct strbuf sb;
		sb_init(&sb);
		/* the BOM is how Excel knows the file is UTF-8 (å, ä, ö) */
		if (a->excel)
			sb_append(&sb, "\xEF\xBB\xBF");
		cmd_tally_csv(&sb, &s, a->by != TALLY_BY_NONE, a->excel);
		ok = cmd_report_write(a->csv, sb_str(&sb), sb.len, err);
		sb_finish(&sb);
	}
	if (ok)
		printf("%s: CSV, %zu rows%s\n", a->csv, s.count, a->excel ? " (for Excel)" : "");
	tally_stats_finish(&s);
	return ok;
}

/* Everything the HTML shows; segments the tally lacks stay NULL. */
struct cmd_report_data {
	struct tally_stats total, by[TALLY_BY_COUNT];
	struct tally_stats_groups whole, groups[TALLY_BY_COUNT];
	bool have[TALLY_BY_COUNT];
};

static bool cmd_report_gather(struct tally *t, bool abandoned, bool segments,
			      struct cmd_report_data *d, struct diag *err)
{
	if (!tally_stats_keywords(t, TALLY_BY_NONE, abandoned, &d->total, err) ||
	    !tally_stats_sessions(t, TALLY_BY_NONE, abandoned, &d->whole, err))
		return false;
	/* each segment is a pass over every card: only the HTML needs them */
	for (int i = TALLY_BY_NONE + 1; segments && i < TALLY_BY_COUNT; i++) {
		bool has = false;
		if (!tally_stats_has_segment(t, (enum tally_segment)i, &has, err))
			return false;
		if (!has)
			continue;
		if (!tally_stats_keywords(t, (enum tally_segment)i, abandoned, &d->by[i], err) ||
		    !tally_stats_sessions(t, (enum tally_segment)i, abandoned, &d->groups[i], err))
			return false;
		d->have[i] = true;
	}
	return true;
}

static void cmd_report_data_init(struct cmd_report_data *d)
{
	tally_stats_init(&d->total);
	tally_stats_groups_init(&d->whole);
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		tally_stats_init(&d->by[i]);
		tally_stats_groups_init(&d->groups[i]);
		d->have[i] = false;
	}
}

static void cmd_report_data_finish(struct cmd_report_data *d)
{
	tally_stats_finish(&d->total);
	tally_stats_groups_finish(&d->whole);
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		tally_stats_finish(&d->by[i]);
		tally_stats_groups_finish(&d->groups[i]);
	}
}

static bool cmd_report_html(const struct cmd_report_args *a, const struct cmd_report_data *d,
			    struct diag *err)
{
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	const char *slash = strrchr(a->path, '/');
	struct report_html_input in = {
		.source = slash ? slash + 1 : a->path,
		.generated_at = now,
		.include_abandoned = a->abandoned,
		.total = &d->total,
		.whole = &d->whole,
	};
	for (int i = 0; i < TALLY_BY_COUNT; i++) {
		in.by[i] = d->have[i] ? &d->by[i] : NULL;
		in.groups[i] = d->have[i] ? &d->groups[i] : NULL;
	}
	struct strbuf sb;
	sb_init(&sb);
	report_html_write(&sb, &in);
	bool ok = cmd_report_write(a->html, sb_str(&sb), sb.len, err);
	sb_finish(&sb);
	if (ok)
		printf("%s: HTML report, %zu keywords\n", a->html, d->total.count);
	return ok;
}

/* "2035-05-01 – 2035-05-31 (UTC)" for the chart's caption. */
static void cmd_report_period(struct strbuf *sb, const struct tally_stats_groups *whole)
{
	const struct tally_stats_group *g = whole->count ? &whole->items[0] : NULL;
	if (!g || !g->first_started || !g->last_ended)
		return;
	sb_appendn(sb, g->first_started, strnlen(g->first_started, 10));
	sb_append(sb, " – ");
	sb_appendn(sb, g->last_ended, strnlen(g->last_ended, 10));
	sb_append(sb, " (UTC)");
}

static bool cmd_report_png(const struct cmd_report_args *a, const struct cmd_report_data *d,
			   struct diag *err)
{
	char *datadir = paths_data_dir();
	struct strbuf fonts, period;
	sb_init(&fonts);
	sb_init(&period);
	sb_appendf(&fonts, "%s/fonts", datadir);
	free(datadir);
	struct platform_canvas *c = platform_canvas_create(sb_str(&fonts), err);
	sb_finish(&fonts);
	if (!c) {
		sb_finish(&period);
		return false;
	}
	struct scene_tally_row *rows = xcalloc(d->total.count + 1, sizeof(*rows));
	for (size_t i = 0; i < d->total.count; i++)
		rows[i] = (struct scene_tally_row){d->total.rows[i].label, d->total.rows[i].counts,
						   d->total.rows[i].stats};
	cmd_report_period(&period, &d->whole);
	const struct tally_stats_group *w = d->whole.count ? &d->whole.items[0] : NULL;
	struct scene_tally_data sd = {
		.title = "Vad ska prägla Norrköping 2035? Rangordning efter andel ja",
		.rows = rows,
		.row_count = d->total.count,
		.sessions = w ? w->sessions : 0,
		.kiosks = w ? w->kiosks : 0,
		.note = sb_str(&period),
	};
	struct scene *sc = scene_tally_create(platform_canvas_metrics(c), true);
	scene_tally_set_data(sc, &sd);
	int h = scene_tally_chart_height(sc, REPORT_PNG_WIDTH);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	sc->ops->build(sc, REPORT_PNG_WIDTH, h, &dl, &l);
	bool ok = platform_canvas_save_png(c, &dl, REPORT_PNG_WIDTH, h, a->png, err);
	if (ok)
		printf("%s: chart, %dx%d pixels\n", a->png, REPORT_PNG_WIDTH, h);
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
	platform_canvas_destroy(c);
	free(rows);
	sb_finish(&period);
	return ok;
}

static int cmd_report_run(const struct cmd_report_args *a)
{
	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(a->path, &err);
	struct cmd_report_data d;
	cmd_report_data_init(&d);
	bool ok = t != NULL;
	if (ok && a->csv)
		ok = cmd_report_csv(t, a, &err);
	if (ok && (a->html || a->png))
		ok = cmd_report_gather(t, a->abandoned, a->html != NULL, &d, &err);
	if (ok && a->html)
		ok = cmd_report_html(a, &d, &err);
	/* the tally is closed first: the image needs only the numbers */
	tally_close(t);
	if (ok && a->png)
		ok = cmd_report_png(a, &d, &err);
	if (!ok)
		cli_report(&err);
	cmd_report_data_finish(&d);
	diag_finish(&err);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_report(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tally", required_argument, NULL, 't'},
		{"html", required_argument, NULL, 'H'},
		{"png", required_argument, NULL, 'p'},
		{"csv", required_argument, NULL, 'c'},
		{"excel", no_argument, NULL, 'x'},
		{"by", required_argument, NULL, 'b'},
		{"include-abandoned", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct cmd_report_args a = {0};
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		switch (c) {
		case 't':
			a.path = optarg;
			break;
		case 'H':
			a.html = optarg;
			break;
		case 'p':
			a.png = optarg;
			break;
		case 'c':
			a.csv = optarg;
			break;
		case 'x':
			a.excel = true;
			break;
		case 'b':
			if (!tally_stats_segment_parse(optarg, &a.by))
				return cli_usage_error(cmd, "--by wants site, language, age, "
							    "residence or day");
			break;
		case 'a':
			a.abandoned = true;
			break;
		}
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!a.path)
		return cli_usage_error(cmd, "--tally is needed");
	if (!a.html && !a.png && !a.csv)
		return cli_usage_error(cmd, "say what to write: --html, --png and/or --csv");
	if (a.excel && !a.csv)
		return cli_usage_error(cmd, "--excel goes with --csv OUT");
	if (a.by != TALLY_BY_NONE && !a.csv)
		return cli_usage_error(cmd,
				       "--by goes with --csv OUT (the HTML has every segment)");
	struct stat st;
	if (stat(a.path, &st) != 0) {
		fprintf(stderr,
			"visionsort: %s: no tally here — import export files with "
			"'visionsort import --tally %s FILE...' first\n",
			a.path, a.path);
		return EXIT_FAIL;
	}
	return cmd_report_run(&a);
}
