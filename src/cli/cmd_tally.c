/* visionsort tally: the central tally as CSV (an interface other tools
 * read, so the header and number formats are fixed) or as a table. */
#include "cli/cli.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/stats.h"
#include "store/tally.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CSV_HEADER                                                                         \
	"keyword_id,label,shown,yes,no,neutral,approval,approval_low,approval_high,net,mean_rank"

struct row {
	char *id;
	char *label;
	struct keyword_counts counts;
	struct keyword_stats stats;
};

struct rows {
	struct row *items;
	size_t count, cap;
};

static void collect(void *ctx, const struct tally_row *tr)
{
	struct rows *rs = ctx;
	xgrow((void **)&rs->items, &rs->cap, rs->count + 1, sizeof(*rs->items));
	rs->items[rs->count++] = (struct row){xstrdup(tr->keyword_id), xstrdup(tr->label_sv),
					      tr->counts, stats_compute(&tr->counts)};
}

static int by_approval(const void *a, const void *b)
{
	const struct row *ra = a, *rb = b;
	int c = stats_compare(&ra->stats, &rb->stats);
	return c ? c : strcmp(ra->id, rb->id);
}

static void append_prop(struct strbuf *sb, bool defined, double v)
{
	sb_append(sb, ",");
	if (defined)
		sb_appendf(sb, "%.4f", v);
}

static void print_csv(const struct rows *rs)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, CSV_HEADER "\n");
	for (size_t i = 0; i < rs->count; i++) {
		const struct row *r = &rs->items[i];
		const struct keyword_stats *s = &r->stats;
		sb_append_csv(&sb, r->id, ',');
		sb_append(&sb, ",");
		sb_append_csv(&sb, r->label, ',');
		sb_appendf(&sb, ",%llu,%llu,%llu,%llu", (unsigned long long)r->counts.shown,
			   (unsigned long long)r->counts.yes, (unsigned long long)r->counts.no,
			   (unsigned long long)r->counts.neutral);
		append_prop(&sb, s->defined, s->approval);
		append_prop(&sb, s->defined, s->approval_low);
		append_prop(&sb, s->defined, s->approval_high);
		append_prop(&sb, s->defined, s->net);
		append_prop(&sb, s->has_rank, s->mean_rank);
		sb_append(&sb, "\n");
	}
	fwrite(sb_str(&sb), 1, sb.len, stdout);
	sb_finish(&sb);
}

static void print_table(const struct rows *rs)
{
	printf("%-4s %-28s %6s %6s %6s %6s %9s %15s\n", "#", "keyword", "shown", "yes", "no",
	       "n/a", "approval", "95% interval");
	for (size_t i = 0; i < rs->count; i++) {
		const struct row *r = &rs->items[i];
		if (!r->stats.defined) {
			printf("%-4zu %-28s %6s\n", i + 1, r->label, "0");
			continue;
		}
		printf("%-4zu %-28s %6llu %6llu %6llu %6llu %8.1f%% %6.1f%% - %4.1f%%\n", i + 1,
		       r->label, (unsigned long long)r->counts.shown,
		       (unsigned long long)r->counts.yes, (unsigned long long)r->counts.no,
		       (unsigned long long)r->counts.neutral, 100 * r->stats.approval,
		       100 * r->stats.approval_low, 100 * r->stats.approval_high);
	}
}

int cmd_tally(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tally", required_argument, NULL, 't'},
		{"csv", no_argument, NULL, 'c'},
		{"include-abandoned", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *path = NULL;
	bool csv = false, abandoned = false;
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		if (c == 't')
			path = optarg;
		else if (c == 'c')
			csv = true;
		else if (c == 'a')
			abandoned = true;
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!path)
		return cli_usage_error(cmd, "--tally is needed");
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr,
			"visionsort: %s: no tally here — import export files with "
			"'visionsort import --tally %s FILE...' first\n",
			path, path);
		return EXIT_FAIL;
	}

	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(path, &err);
	struct rows rs = {0};
	int code = EXIT_OK;
	if (!t || !tally_keyword_counts(t, abandoned, collect, &rs, &err)) {
		cli_report(&err);
		code = EXIT_FAIL;
	} else {
		if (rs.count)
			qsort(rs.items, rs.count, sizeof(*rs.items), by_approval);
		if (csv)
			print_csv(&rs);
		else
			print_table(&rs);
	}
	for (size_t i = 0; i < rs.count; i++) {
		free(rs.items[i].id);
		free(rs.items[i].label);
	}
	free(rs.items);
	tally_close(t);
	diag_finish(&err);
	return code;
}
