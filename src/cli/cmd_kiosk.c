/* visionsort kiosk: parses the kiosk's options and hands over to the
 * kiosk room (src/kiosk/app.c). */
#include "cli/cli.h"

#include "cli/paths.h"
#include "kiosk/app.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kiosk's public key, for the organizers' --trust; made now if this is
 * the kiosk's first start, exactly as the kiosk would make it. */
static int print_public_key(const char *db)
{
	struct diag err;
	diag_init(&err);
	char hex[65];
	struct log *log = fs_mkdirs_for(db, &err) ? log_open(db, &err) : NULL;
	bool ok = log && export_public_key(log, hex, &err);
	if (ok)
		printf("%s\n", hex);
	else
		cli_report(&err);
	log_close(log);
	diag_finish(&err);
	return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_kiosk(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keywords", required_argument, NULL, 'k'},
		{"windowed", required_argument, NULL, 'w'},
		{"seed", required_argument, NULL, 's'},
		{"idle-seconds", required_argument, NULL, 'i'},
		{"cards", required_argument, NULL, 'c'},
		{"trace-layout", no_argument, NULL, 't'},
		{"touch-from-stdin", no_argument, NULL, 'T'},
		{"config", required_argument, NULL, 'C'},
		{"print-public-key", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct app_options o = {.fullscreen = true,
				.width = 1920,
				.height = 1080,
				.report = cli_report};
	const char *config_path = NULL;
	bool print_key = false;
	unsigned long long v;
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'k':
			o.keywords_path = optarg;
			break;
		case 'w':
			if (!cli_parse_size(optarg, &o.width, &o.height))
				return cli_usage_error(cmd, "--windowed wants WxH, e.g. 1280x720");
			o.fullscreen = false;
			break;
		case 's':
			if (!cli_parse_u64(optarg, &v))
				return cli_usage_error(cmd, "--seed wants a whole number");
			o.seeded = true;
			o.seed = v;
			break;
		case 'i':
			if (!cli_parse_u64(optarg, &v) || v < 1 || v > 86400)
				return cli_usage_error(cmd, "--idle-seconds wants 1 to 86400");
			o.idle_seconds = (int)v;
			break;
		case 'c':
			if (!cli_parse_u64(optarg, &v) || v < 1 || v > 100)
				return cli_usage_error(cmd, "--cards wants 1 to 100");
			o.cards = (int)v;
			break;
		case 't':
			o.trace = true;
			break;
		case 'T':
			o.touch_from_stdin = true;
			break;
		case 'C':
			config_path = optarg;
			break;
		case 'P':
			print_key = true;
			break;
		}
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	/* The config file sets the site's choices; options given here win, so
	 * staff and tests can try a value without editing the file. */
	struct kiosk_config cfg;
	struct diag err;
	diag_init(&err);
	if (!config_path)
		config_defaults(&cfg);
	else if (!config_load(config_path, &cfg, &err)) {
		cli_report(&err);
		diag_finish(&err);
		config_finish(&cfg);
		return EXIT_FAIL;
	}
	diag_finish(&err);
	if (!o.cards)
		o.cards = cfg.cards;
	if (!o.idle_seconds)
		o.idle_seconds = cfg.idle_seconds;
	o.idle_countdown_seconds = cfg.idle_countdown_seconds;
	if (!o.keywords_path)
		o.keywords_path = cfg.keywords;
	o.site = cfg.site && *cfg.site ? cfg.site : NULL;
	o.config = &cfg;

	char *db = o.db_path ? NULL : paths_default_db();
	if (print_key) {
		int code = print_public_key(o.db_path ? o.db_path : db);
		free(db);
		config_finish(&cfg);
		return code;
	}
	char *kw = o.keywords_path ? NULL : paths_sample_keywords();
	char *datadir = paths_data_dir();
	struct strbuf fonts, langs, assets;
	sb_init(&fonts);
	sb_init(&langs);
	sb_init(&assets);
	sb_appendf(&assets, "%s/assets", datadir);
	o.assets_dir = assets.data;
	sb_appendf(&fonts, "%s/fonts", datadir);
	sb_appendf(&langs, "%s/data/lang", datadir);
	o.lang_dir = langs.data;
	if (db)
		o.db_path = db;
	if (kw)
		o.keywords_path = kw;
	o.font_dir = fonts.data;
	int code = app_run(&o) ? EXIT_OK : EXIT_FAIL;
	sb_finish(&fonts);
	sb_finish(&langs);
	sb_finish(&assets);
	free(datadir);
	free(kw);
	free(db);
	config_finish(&cfg);
	return code;
}
