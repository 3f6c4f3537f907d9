/* visionsort report: the tally as files to take to a meeting — an HTML
 * report, the ranking chart as a PNG and the CSV, optionally for Swedish
 * Excel. The report room (src/report/report.c) writes them; this file reads
 * the command line and says what was written. */
#include "cli/cli.h"

#include "cli/paths.h"
#include "common/strbuf.h"
#include "report/report.h"
#include "store/tally_stats.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Says what was written, also before a failure: those files are whole. */
static void cmd_report_said(const struct report_request *rq, const struct report_written *w)
{
	if (w->csv)
		printf("%s: CSV, %zu rows%s\n", rq->csv, w->csv_rows,
		       rq->excel ? " (for Excel)" : "");
	if (w->html)
		printf("%s: HTML report, %zu keywords\n", rq->html, w->html_keywords);
	if (w->png)
		printf("%s: chart, %dx%d pixels\n", rq->png, w->png_width, w->png_height);
}

static int cmd_report_run(struct report_request *rq)
{
	char *datadir = rq->png ? paths_data_dir() : NULL;
	struct strbuf fonts;
	sb_init(&fonts);
	if (datadir)
		sb_appendf(&fonts, "%s/fonts", datadir);
	rq->font_dir = sb_str(&fonts);
	struct diag err;
	diag_init(&err);
	struct report_written w;
	bool ok = report_write(rq, &w, &err);
	cmd_report_said(rq, &w);
	if (!ok)
		cli_report(&err);
	diag_finish(&err);
	sb_finish(&fonts);
	free(datadir);
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
	struct report_request a = {0};
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		switch (c) {
		case 't':
			a.tally_path = optarg;
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
			a.include_abandoned = true;
			break;
		}
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!a.tally_path)
		return cli_usage_error(cmd, "--tally is needed");
	if (!a.html && !a.png && !a.csv)
		return cli_usage_error(cmd, "say what to write: --html, --png and/or --csv");
	if (a.excel && !a.csv)
		return cli_usage_error(cmd, "--excel goes with --csv OUT");
	if (a.by != TALLY_BY_NONE && !a.csv)
		return cli_usage_error(cmd,
				       "--by goes with --csv OUT (the HTML has every segment)");
	struct stat st;
	if (stat(a.tally_path, &st) != 0) {
		fprintf(stderr,
			"visionsort: %s: no tally here — import export files with "
			"'visionsort import --tally %s FILE...' first\n",
			a.tally_path, a.tally_path);
		return EXIT_FAIL;
	}
	return cmd_report_run(&a);
}
