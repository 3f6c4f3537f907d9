/* The subcommands' options: one table per command (struct cli_opt) read by
 * one parser, so that every command answers --help, an unknown option, a
 * missing value and a value that does not parse in the same words. */
#include "cli/cli.h"

#include "store/tally_stats.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* getopt_long's value for table entry i: above every character, so none is
 * taken for 'h' or for getopt's '?' and ':'. */
#define CLI_OPT_BASE 256

int cli_next_option(const struct command *cmd, int argc, char **argv, const struct option *opts)
{
	opterr = 0;
	int c = getopt_long(argc, argv, "+:h", opts, NULL);
	if (c == 'h')
		return cli_help(cmd), CLI_OPT_HELP;
	if (c == '?') {
		cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		return CLI_OPT_ERROR;
	}
	if (c == ':') {
		cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		return CLI_OPT_ERROR;
	}
	return c;
}

int cli_option_exit(int c)
{
	return c == CLI_OPT_HELP ? EXIT_OK : EXIT_USAGE;
}

bool cli_parse_u64(const char *s, unsigned long long *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool cli_parse_size(const char *s, int *w, int *h)
{
	/* strtoul alone would take "-1" or " 2": digits must come first */
	if (!(s[0] >= '0' && s[0] <= '9'))
		return false;
	char *end;
	errno = 0;
	unsigned long a = strtoul(s, &end, 10);
	if (errno || *end != 'x' || !(end[1] >= '0' && end[1] <= '9'))
		return false;
	unsigned long b = strtoul(end + 1, &end, 10);
	if (errno || *end || a < 320 || b < 240 || a > 16384 || b > 16384)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* Puts an option's value where its table entry says; false (after the
 * usage error) when it does not parse. */
static bool cli_take(const struct command *cmd, const struct cli_opt *o, const char *value)
{
	bool ok = true;
	unsigned long long n;
	struct cli_size *size = o->to;
	switch (o->kind) {
	case CLI_FLAG:
		if (o->to)
			*(bool *)o->to = true;
		break;
	case CLI_TEXT:
		*(const char **)o->to = value;
		break;
	case CLI_SIZE:
		ok = cli_parse_size(value, &size->w, &size->h);
		break;
	case CLI_NUMBER:
		ok = cli_parse_u64(value, &n) && n >= o->min && n <= o->max;
		if (ok)
			*(unsigned long long *)o->to = n;
		break;
	case CLI_SEGMENT:
		ok = tally_stats_segment_parse(value, (enum tally_segment *)o->to);
		break;
	}
	if (!ok) {
		cli_usage_error(cmd, "%s", o->bad);
		return false;
	}
	if (o->count)
		(*o->count)++;
	return true;
}

int cli_options(const struct command *cmd, int argc, char **argv, const struct cli_opt *opts,
		int *operands)
{
	struct option table[CLI_MAX_OPTS + 2];
	size_t n = 0;
	while (opts[n].name)
		n++;
	if (n > CLI_MAX_OPTS)
		abort(); /* a command with more options: raise CLI_MAX_OPTS */
	for (size_t i = 0; i < n; i++) {
		int has_arg = opts[i].kind == CLI_FLAG ? no_argument : required_argument;
		table[i] = (struct option){opts[i].name, has_arg, NULL, CLI_OPT_BASE + (int)i};
	}
	table[n] = (struct option){"help", no_argument, NULL, 'h'};
	table[n + 1] = (struct option){0};
	bool given[CLI_MAX_OPTS] = {false};
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, table)) >= 0) {
		if (!cli_take(cmd, &opts[c - CLI_OPT_BASE], optarg))
			return EXIT_USAGE;
		given[c - CLI_OPT_BASE] = true;
	}
	if (c != -1)
		return cli_option_exit(c);
	if (operands)
		*operands = optind;
	else if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	for (size_t i = 0; i < n; i++)
		if (opts[i].needed && !given[i])
			return cli_usage_error(cmd, "--%s is needed", opts[i].name);
	return CLI_PARSED;
}
