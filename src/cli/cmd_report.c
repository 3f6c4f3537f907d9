/* visionsort report: the tally as files to take to a meeting — an HTML
 * report, the ranking chart as a PNG and the CSV, optionally for Swedish
 * Excel. The report room (src/report/report.c) writes them; this file reads
 * the command line and says what was written. */
#include "cli/cli.h"

#include "cli/cli_tally.h"
#include "cli/paths.h"
#include "report/report.h"
#include "store/tally_stats.h"

#include <stdio.h>
#include <stdlib.h>

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
	if (w->set_id)
		printf("of keyword set %s, version %s\n", w->set_id, w->set_version);
}

static int cmd_report_run(struct report_request *rq)
{
	char *fonts = rq->png ? paths_in_data_dir("fonts") : NULL;
	rq->font_dir = fonts;
	struct diag err;
	diag_init(&err);
	struct report_written w;
	bool ok = report_write(rq, &w, &err);
	cmd_report_said(rq, &w);
	report_written_finish(&w);
	if (!ok)
		cli_report(&err);
	diag_finish(&err);
	free(fonts);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_report(const struct command *cmd, int argc, char **argv)
{
	struct report_request a = {0};
	const char *config = NULL, *set = NULL;
	const struct cli_opt opts[] = {
		{"tally", CLI_TEXT, .to = &a.tally_path, .needed = true},
		{"html", CLI_TEXT, .to = &a.html},
		{"png", CLI_TEXT, .to = &a.png},
		{"csv", CLI_TEXT, .to = &a.csv},
		{"excel", CLI_FLAG, .to = &a.excel},
		{"by", CLI_SEGMENT, .to = &a.by, .bad = CLI_BY_BAD},
		{"include-abandoned", CLI_FLAG, .to = &a.include_abandoned},
		{"include-flagged", CLI_FLAG, .to = &a.include_flagged},
		{"config", CLI_TEXT, .to = &config},
		{"set", CLI_TEXT, .to = &set},
		{0},
	};
	int code = cli_options(cmd, argc, argv, opts, NULL);
	if (code != CLI_PARSED)
		return code;
	if (!a.html && !a.png && !a.csv)
		return cli_usage_error(cmd, "say what to write: --html, --png and/or --csv");
	if (a.excel && !a.csv)
		return cli_usage_error(cmd, "--excel goes with --csv OUT");
	if (a.by != TALLY_BY_NONE && !a.csv)
		return cli_usage_error(cmd,
				       "--by goes with --csv OUT (the HTML has every segment)");
	if (!cli_tally_exists(a.tally_path))
		return EXIT_FAIL;
	struct tally_config cfg;
	if (!cli_tally_config(config, &cfg))
		return EXIT_FAIL;
	a.min_group = cfg.min_group;
	char *set_id = NULL, *set_version = NULL;
	cli_tally_set(set, &set_id, &set_version);
	a.set_id = set_id;
	a.set_version = set_version;
	code = cmd_report_run(&a);
	free(set_id);
	free(set_version);
	tally_config_finish(&cfg);
	return code;
}
