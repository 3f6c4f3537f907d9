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

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	char *datadir = paths_data_dir();
	struct strbuf fonts;
	sb_init(&fonts);
	sb_appendf(&fonts, "%s/fonts", datadir);
	a->view.tally_path = a->path;
	a->view.include_abandoned = a->abandoned;
	a->view.font_dir = sb_str(&fonts);
	struct diag err;
	diag_init(&err);
	bool ok = tally_view_run(&a->view, &err);
	/* also when it ran: a failed wait ends the watch without failing it */
	cli_report(&err);
	diag_finish(&err);
	sb_finish(&fonts);
	free(datadir);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_tally(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tally", required_argument, NULL, 't'},
		{"csv", no_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'},
		{"by", required_argument, NULL, 'b'},
		{"include-abandoned", no_argument, NULL, 'a'},
		{"watch", required_argument, NULL, 'W'},
		{"show", no_argument, NULL, 's'},
		{"fullscreen", no_argument, NULL, 'f'},
		{"windowed", required_argument, NULL, 'w'},
		{"accept-unknown", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	/* the trust store and the import log are a mode of their own */
	if (cmd_tally_admin_wanted(argc, argv))
		return cmd_tally_admin(cmd, argc, argv);
	struct cmd_tally_args a = {.view = {.width = 1920, .height = 1080}};
	bool windowed = false;
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		switch (c) {
		case 't':
			a.path = optarg;
			break;
		case 'c':
			a.csv = true;
			break;
		case 'j':
			a.json = true;
			break;
		case 'b':
			if (!tally_stats_segment_parse(optarg, &a.by))
				return cli_usage_error(cmd, "--by wants site, language, age, "
							    "residence or day");
			break;
		case 'a':
			a.abandoned = true;
			break;
		case 'W':
			a.view.watch_dir = optarg;
			break;
		case 's':
			a.view.show = true;
			break;
		case 'f':
			a.view.fullscreen = true;
			break;
		case 'w':
			if (!cli_parse_size(optarg, &a.view.width, &a.view.height))
				return cli_usage_error(cmd, "--windowed wants WxH, e.g. 1280x720");
			windowed = true;
			break;
		case 'u':
			a.view.accept_unknown = true;
			break;
		}
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!a.path)
		return cli_usage_error(cmd, "--tally is needed");
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
		/* the live view creates the tally: it is where imports start */
		return cmd_tally_watch(&a);
	}
	struct stat st;
	if (stat(a.path, &st) != 0) {
		fprintf(stderr,
			"visionsort: %s: no tally here — import export files with "
			"'visionsort import --tally %s FILE...' first\n",
			a.path, a.path);
		return EXIT_FAIL;
	}
	return cmd_tally_print(&a);
}
