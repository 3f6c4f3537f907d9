/* visionsort tally: the central tally as CSV or JSON (interfaces other
 * tools read, so the header and number formats are fixed), as a table for a
 * terminal, or live: a watched folder imported as files arrive (tally_view.c). */
#include "cli/cmd_tally.h"

#include "cli/cli.h"
#include "cli/cmd_tally_admin.h"
#include "cli/paths.h"
#include "cli/tally_view.h"
#include "common/strbuf.h"
#include "store/tally.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A text field. Excel runs a cell that starts with = + - @ as a formula
 * (CSV injection), so there such a field gets a leading apostrophe. */
static void cmd_tally_text(struct strbuf *sb, const char *s, bool excel)
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
static void cmd_tally_prop(struct strbuf *sb, bool defined, double v, bool excel)
{
	sb_append(sb, excel ? ";" : ",");
	if (!defined)
		return;
	size_t at = sb->len;
	sb_appendf(sb, "%.4f", v);
	if (excel) {
		char *dot = strchr(sb->data + at, '.');
		if (dot)
			*dot = ',';
	}
}

void cmd_tally_csv(struct strbuf *sb, const struct tally_stats *s, bool segmented, bool excel)
{
	const char *sep = excel ? ";" : ",";
	if (segmented) {
		sb_append(sb, "segment");
		sb_append(sb, sep);
	}
	if (excel) {
		/* the same header with the other separator */
		for (const char *p = CMD_TALLY_CSV_HEADER; *p; p++)
			sb_appendn(sb, *p == ',' ? ";" : p, 1);
	} else {
		sb_append(sb, CMD_TALLY_CSV_HEADER);
	}
	sb_append(sb, "\n");
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		const struct keyword_stats *k = &r->stats;
		if (segmented) {
			cmd_tally_text(sb, r->segment ? r->segment : "", excel);
			sb_append(sb, sep);
		}
		cmd_tally_text(sb, r->keyword_id, excel);
		sb_append(sb, sep);
		cmd_tally_text(sb, r->label, excel);
		sb_appendf(sb, "%s%llu%s%llu%s%llu%s%llu", sep, (unsigned long long)r->counts.shown,
			   sep, (unsigned long long)r->counts.yes, sep,
			   (unsigned long long)r->counts.no, sep,
			   (unsigned long long)r->counts.neutral);
		cmd_tally_prop(sb, k->defined, k->approval, excel);
		cmd_tally_prop(sb, k->defined, k->approval_low, excel);
		cmd_tally_prop(sb, k->defined, k->approval_high, excel);
		cmd_tally_prop(sb, k->defined, k->net, excel);
		cmd_tally_prop(sb, k->has_rank, k->mean_rank, excel);
		sb_append(sb, "\n");
	}
}

/* The shortest of %.15g..%.17g that reads back as the same double, so
 * 0.4 prints as 0.4 and nothing is lost. */
static void cmd_tally_json_number(struct strbuf *sb, bool defined, double v)
{
	if (!defined) {
		sb_append(sb, "null");
		return;
	}
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	sb_append(sb, buf);
}

void cmd_tally_json(struct strbuf *sb, const struct tally_stats *s, bool segmented)
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
		cmd_tally_json_number(sb, k->defined, k->approval);
		sb_append(sb, ",\"approval_low\":");
		cmd_tally_json_number(sb, k->defined, k->approval_low);
		sb_append(sb, ",\"approval_high\":");
		cmd_tally_json_number(sb, k->defined, k->approval_high);
		sb_append(sb, ",\"net\":");
		cmd_tally_json_number(sb, k->defined, k->net);
		sb_append(sb, ",\"mean_rank\":");
		cmd_tally_json_number(sb, k->has_rank, k->mean_rank);
		sb_append(sb, "}");
	}
	sb_append(sb, s->count ? "\n]\n" : "]\n");
}

static void cmd_tally_table(const struct tally_stats *s)
{
	const char *segment = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++) {
		const struct tally_stats_row *r = &s->rows[i];
		if (i == 0 || (r->segment && (!segment || strcmp(r->segment, segment) != 0))) {
			if (r->segment)
				printf("%s%s\n", i ? "\n" : "", r->segment);
			printf("%-4s %-28s %6s %6s %6s %6s %9s %15s\n", "#", "keyword", "shown",
			       "yes", "no", "n/a", "approval", "95% interval");
			segment = r->segment;
			n = 0;
		}
		n++;
		if (!r->stats.defined) {
			printf("%-4zu %-28s %6s\n", n, r->label, "0");
			continue;
		}
		printf("%-4zu %-28s %6llu %6llu %6llu %6llu %8.1f%% %6.1f%% - %4.1f%%\n", n,
		       r->label, (unsigned long long)r->counts.shown,
		       (unsigned long long)r->counts.yes, (unsigned long long)r->counts.no,
		       (unsigned long long)r->counts.neutral, 100 * r->stats.approval,
		       100 * r->stats.approval_low, 100 * r->stats.approval_high);
	}
}

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
	} else if (a->csv || a->json) {
		struct strbuf sb;
		sb_init(&sb);
		if (a->csv)
			cmd_tally_csv(&sb, &s, a->by != TALLY_BY_NONE, false);
		else
			cmd_tally_json(&sb, &s, a->by != TALLY_BY_NONE);
		fwrite(sb_str(&sb), 1, sb.len, stdout);
		sb_finish(&sb);
	} else {
		cmd_tally_table(&s);
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
	int code = tally_view_run(&a->view);
	sb_finish(&fonts);
	free(datadir);
	return code;
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
