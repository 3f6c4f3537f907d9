/* visionsort tally: the central tally as CSV or JSON (interfaces other
 * tools read), as a table for a terminal (written by report/report_text.c),
 * or live: a watched folder imported as files arrive (report/tally_view.c). */
#include "cli/cli.h"

#include "cli/cli_tally.h"
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
	const char *path, *config, *set;
	bool csv, json, abandoned, flagged;
	enum tally_segment by;
	struct tally_view_options view;
};

/* The figures asked for, with the whole's counts and the other keyword
 * sets for the notes. */
static bool cmd_tally_read(struct tally *t, const struct tally_query *q, struct tally_stats *s,
			   struct tally_stats_groups *whole, struct tally_sets *sets,
			   struct diag *err)
{
	struct tally_query all = *q;
	all.by = TALLY_BY_NONE;
	return tally_stats_query(t, q, s, err) && tally_stats_groups(t, &all, whole, err) &&
	       tally_stats_sets(t, sets, err);
}

static int cmd_tally_print(const struct cmd_tally_args *a, const struct tally_config *cfg)
{
	struct diag err;
	diag_init(&err);
	struct tally_query q = {
		.by = a->by,
		.include_abandoned = a->abandoned,
		.include_flagged = a->flagged,
		.min_group = cfg->min_group,
		/* the CSV has no column for them: spare the work */
		.rank_intervals = !a->csv,
	};
	char *set_id = NULL, *set_version = NULL;
	cli_tally_set(a->set, &set_id, &set_version);
	q.set_id = set_id;
	q.set_version = set_version;
	struct tally *t = tally_open(a->path, &err);
	struct tally_stats s;
	struct tally_stats_groups whole;
	struct tally_sets sets;
	tally_stats_init(&s);
	tally_stats_groups_init(&whole);
	tally_sets_init(&sets);
	int code = EXIT_OK;
	if (!t || !cmd_tally_read(t, &q, &s, &whole, &sets, &err)) {
		cli_report(&err);
		code = EXIT_FAIL;
	} else {
		struct strbuf sb, notes;
		sb_init(&sb);
		sb_init(&notes);
		report_notes(&notes, &s, whole.count ? &whole.items[0] : NULL, &sets, a->flagged);
		if (a->csv)
			report_csv(&sb, &s, a->by != TALLY_BY_NONE, false);
		else if (a->json)
			report_json(&sb, &s, a->by != TALLY_BY_NONE);
		else
			report_table(&sb, &s);
		/* CSV and JSON are read by tools: what they are of goes to
		 * stderr, never into them; a person at a terminal reads it first */
		if (a->csv || a->json)
			fputs(sb_str(&notes), stderr);
		else
			fputs(sb_str(&notes), stdout);
		fwrite(sb_str(&sb), 1, sb.len, stdout);
		sb_finish(&sb);
		sb_finish(&notes);
	}
	tally_stats_finish(&s);
	tally_stats_groups_finish(&whole);
	tally_sets_finish(&sets);
	tally_close(t);
	free(set_id);
	free(set_version);
	diag_finish(&err);
	return code;
}

static int cmd_tally_watch(struct cmd_tally_args *a, const struct tally_config *cfg)
{
	char *fonts = paths_in_data_dir("fonts");
	a->view.tally_path = a->path;
	a->view.include_abandoned = a->abandoned;
	a->view.include_flagged = a->flagged;
	a->view.config = cfg;
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
		{"config", CLI_TEXT, .to = &a.config},
		{"set", CLI_TEXT, .to = &a.set},
		{"include-flagged", CLI_FLAG, .to = &a.flagged},
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
		if (a.set)
			return cli_usage_error(cmd,
					       "--watch shows the main keyword set; --set goes "
					       "with --csv, --json or the table");
		a.view.width = window.w;
		a.view.height = window.h;
	} else if (!cli_tally_exists(a.path)) {
		return EXIT_FAIL;
	}
	struct tally_config cfg;
	if (!cli_tally_config(a.config, &cfg))
		return EXIT_FAIL;
	/* the live view creates the tally: it is where imports start */
	code = a.view.watch_dir ? cmd_tally_watch(&a, &cfg) : cmd_tally_print(&a, &cfg);
	tally_config_finish(&cfg);
	return code;
}
