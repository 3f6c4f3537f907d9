/* visionsort tally: the central tally as CSV or JSON (interfaces other
 * tools read), as a table for a terminal (written by report/report_text.c),
 * or live: a watched folder imported as files arrive (report/tally_view.c). */
#include "cli/cli.h"

#include "cli/cmd_tally_admin.h"
#include "cli/paths.h"
#include "common/strbuf.h"
#include "report/report_text.h"
#include "report/tally_view.h"
#include "store/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cmd_tally_args {
	const char *path;
	bool csv, json, abandoned;
	enum tally_segment by;
	struct tally_view_options view;
};

static int cmd_tally_print(const struct cmd_tally_args *a)
{
	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(a->path, &err);
	struct tally_stats s;
	tally_stats_init(&s);
	int code = EXIT_OK;
	if (!t || !tally_stats_keywords(t, a->by, a->abandoned, &s, &err)) {
		cli_report(&err);
		code = EXIT_FAIL;
	} else {
		struct strbuf sb;
		sb_init(&sb);
		if (a->csv)
			report_csv(&sb, &s, a->by != TALLY_BY_NONE, false);
		else if (a->json)
			report_json(&sb, &s, a->by != TALLY_BY_NONE);
		else
			report_table(&sb, &s);
		fwrite(sb_str(&sb), 1, sb.len, stdout);
		sb_finish(&sb);
	}
	tally_stats_finish(&s);
	tally_close(t);
	diag_finish(&err);
	return code;
}

static int cmd_tally_watch(struct cmd_tally_args *a)
{
	char *fonts = paths_in_data_dir("fonts");
	a->view.tally_path = a->path;
	a->view.include_abandoned = a->abandoned;
	a->view.font_dir = fonts;
	struct diag err;
	diag_init(&err);
	bool ok = tally_view_run(&a->view, &err);
	/* also when it ran: a failed wait ends the watch without failing it */
	cli_report(&err);
	diag_finish(&err);
	free(fonts);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_tally(const struct command *cmd, int argc, char **argv)
{
	/* the trust store and the import log are a mode of their own */
	if (cmd_tally_admin_wanted(argc, argv))
		return cmd_tally_admin(cmd, argc, argv);
	struct cmd_tally_args a = {0};
	struct cli_size window = {1920, 1080};
	int windowed = 0;
	const struct cli_opt opts[] = {
		{"tally", CLI_TEXT, .to = &a.path, .needed = true},
		{"csv", CLI_FLAG, .to = &a.csv},
		{"json", CLI_FLAG, .to = &a.json},
		{"by", CLI_SEGMENT, .to = &a.by, .bad = CLI_BY_BAD},
		{"include-abandoned", CLI_FLAG, .to = &a.abandoned},
		{"watch", CLI_TEXT, .to = &a.view.watch_dir},
		{"show", CLI_FLAG, .to = &a.view.show},
		{"fullscreen", CLI_FLAG, .to = &a.view.fullscreen},
		{"windowed", CLI_SIZE, .to = &window, .bad = CLI_SIZE_BAD, .count = &windowed},
		{"accept-unknown", CLI_FLAG, .to = &a.view.accept_unknown},
		{0},
	};
	int code = cli_options(cmd, argc, argv, opts, NULL);
	if (code != CLI_PARSED)
		return code;
	if (a.csv && a.json)
		return cli_usage_error(cmd, "--csv and --json cannot be combined");
	if ((a.view.fullscreen || windowed) && !a.view.show)
		return cli_usage_error(cmd, "--fullscreen and --windowed go with --show");
	if (a.view.fullscreen && windowed)
		return cli_usage_error(cmd, "--fullscreen and --windowed cannot be combined");
	if ((a.view.show || a.view.accept_unknown) && !a.view.watch_dir)
		return cli_usage_error(cmd, "--show and --accept-unknown go with --watch DIR");
	if (a.view.watch_dir) {
		if (a.csv || a.json || a.by != TALLY_BY_NONE)
			return cli_usage_error(cmd, "--watch cannot be combined with --csv, "
						    "--json or --by");
		a.view.width = window.w;
		a.view.height = window.h;
		/* the live view creates the tally: it is where imports start */
		return cmd_tally_watch(&a);
	}
	if (!cli_tally_exists(a.path))
		return EXIT_FAIL;
	return cmd_tally_print(&a);
}
