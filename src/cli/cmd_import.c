/* visionsort import: merges kiosks' export files into the central tally. */
#include "cli/cli.h"

#include "cli/cli_tally.h"
#include "store/tally.h"

#include <stdio.h>

static void cmd_import_report(const char *file, enum import_status status,
			      const struct import_result *r)
{
	if (status == IMPORT_QUARANTINED) {
		printf("%s: quarantined: signed by a kiosk key the tally does not trust; kept "
		       "aside, not counted (see 'visionsort tally --imports')\n",
		       file);
		return;
	}
	printf("%s: %llu added, %llu duplicates skipped", file, (unsigned long long)r->added,
	       (unsigned long long)r->duplicates);
	if (r->unknown_keywords)
		printf(" (%llu keyword%s without a label in any imported keyword set)",
		       (unsigned long long)r->unknown_keywords,
		       r->unknown_keywords == 1 ? "" : "s");
	if (r->flagged)
		printf(" (%llu flagged as misuse or noise: kept, left out of the figures; see "
		       "'visionsort tally')",
		       (unsigned long long)r->flagged);
	printf("\n");
}

int cmd_import(const struct command *cmd, int argc, char **argv)
{
	const char *path = NULL, *config = NULL;
	bool accept_unknown = false;
	const struct cli_opt opts[] = {
		{"tally", CLI_TEXT, .to = &path, .needed = true},
		{"accept-unknown", CLI_FLAG, .to = &accept_unknown},
		{"config", CLI_TEXT, .to = &config},
		{0},
	};
	int first;
	int code = cli_options(cmd, argc, argv, opts, &first);
	if (code != CLI_PARSED)
		return code;
	if (first >= argc)
		return cli_usage_error(cmd, "give at least one export file");
	struct tally_config cfg;
	if (!cli_tally_config(config, &cfg))
		return EXIT_FAIL;

	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(path, &err);
	if (!t || !cli_tally_rules(t, &cfg)) {
		cli_report(&err);
		diag_finish(&err);
		tally_close(t);
		tally_config_finish(&cfg);
		return EXIT_FAIL;
	}
	tally_config_finish(&cfg);
	tally_accept_unknown(t, accept_unknown);
	code = EXIT_OK;
	/* Each file stands alone: one rejected file does not stop the others. */
	for (int i = first; i < argc; i++) {
		struct import_result r = {0};
		diag_finish(&err);
		enum import_status status = tally_import(t, argv[i], &r, &err);
		switch (status) {
		case IMPORT_OK:
		case IMPORT_QUARANTINED:
			cmd_import_report(argv[i], status, &r);
			break;
		case IMPORT_FILE_BAD:
		case IMPORT_FILE_UNTRUSTED:
		case IMPORT_TALLY_FAILED:
			/* the line names the file or the tally, and what to do */
			cli_report(&err);
			code = EXIT_FAIL;
			break;
		}
	}
	tally_close(t);
	diag_finish(&err);
	return code;
}
