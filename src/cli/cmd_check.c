/* visionsort check: tells a keyword-set editor whether the file will load. */
#include "cli/cli.h"

#include "common/strbuf.h"
#include "model/keyset.h"

#include <getopt.h>
#include <stdio.h>

int cmd_check(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	optind = 0;
	int c = cli_next_option(cmd, argc, argv, opts);
	if (c != -1)
		return c < 0 ? cli_option_exit(c) : cli_usage_error(cmd, "unexpected option");
	if (argc - optind != 1)
		return cli_usage_error(cmd, "give exactly one keyword file");

	struct diag err;
	diag_init(&err);
	struct keyset *ks = keyset_load(argv[optind], &err);
	if (!ks) {
		/* The problems are the report the editor asked for: stdout. */
		for (size_t i = 0; i < err.count; i++)
			printf("%s\n", err.lines[i]);
		diag_finish(&err);
		return EXIT_FAIL;
	}
	struct strbuf langs;
	sb_init(&langs);
	for (size_t i = 0; i < keyset_language_count(ks); i++)
		sb_appendf(&langs, "%s%s", i ? "," : "", keyset_language(ks, i));
	printf("ok: %zu keywords, languages: %s\n", keyset_count(ks), sb_str(&langs));
	sb_finish(&langs);
	keyset_destroy(ks);
	diag_finish(&err);
	return EXIT_OK;
}
