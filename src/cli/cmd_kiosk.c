/* visionsort kiosk: parses the kiosk's options and hands over to the
 * kiosk room (src/kiosk/app.c). */
#include "cli/cli.h"

#include "cli/paths.h"
#include "kiosk/app.h"

#include "common/fsutil.h"
#include "store/export.h"
#include "store/log.h"

#include <limits.h>
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
	struct app_options o = {.report = cli_report};
	struct cli_size window = {1920, 1080};
	unsigned long long seed = 0, idle = 0, cards = 0;
	int windowed = 0, seeded = 0;
	const char *config_path = NULL, *renderer = NULL;
	bool print_key = false;
	const struct cli_opt opts[] = {
		{"db", CLI_TEXT, .to = &o.db_path},
		{"keywords", CLI_TEXT, .to = &o.keywords_path},
		{"windowed", CLI_SIZE, .to = &window, .bad = CLI_SIZE_BAD, .count = &windowed},
		{"seed", CLI_NUMBER, .to = &seed, .bad = "--seed wants a whole number",
		 .max = ULLONG_MAX, .count = &seeded},
		{"idle-seconds", CLI_NUMBER, .to = &idle, .bad = "--idle-seconds wants 1 to 86400",
		 .min = 1, .max = 86400},
		{"cards", CLI_NUMBER, .to = &cards, .bad = "--cards wants 1 to 100", .min = 1,
		 .max = 100},
		{"trace-layout", CLI_FLAG, .to = &o.trace},
		{"touch-from-stdin", CLI_FLAG, .to = &o.touch_from_stdin},
		{"frame-log", CLI_TEXT, .to = &o.frame_log},
		{"config", CLI_TEXT, .to = &config_path},
		{"renderer", CLI_TEXT, .to = &renderer},
		{"print-public-key", CLI_FLAG, .to = &print_key},
		{0},
	};
	int code = cli_options(cmd, argc, argv, opts, NULL);
	if (code != CLI_PARSED)
		return code;
	o.fullscreen = windowed == 0;
	o.width = window.w;
	o.height = window.h;
	o.seeded = seeded > 0;
	o.seed = seed;
	o.idle_seconds = (int)idle;
	o.cards = (int)cards;
	if (renderer && !config_renderer_valid(renderer))
		return cli_usage_error(cmd, "--renderer wants auto, software or opengl");

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
	o.renderer = renderer ? renderer : cfg.renderer;

	char *db = o.db_path ? NULL : paths_default_db();
	if (print_key) {
		code = print_public_key(o.db_path ? o.db_path : db);
		free(db);
		config_finish(&cfg);
		return code;
	}
	char *kw = o.keywords_path ? NULL : paths_sample_keywords();
	char *fonts = paths_in_data_dir("fonts");
	char *langs = paths_in_data_dir("data/lang");
	char *assets = paths_in_data_dir("assets");
	char *compose = paths_in_data_dir("data/compose");
	o.assets_dir = assets;
	o.compose_file = compose;
	o.lang_dir = langs;
	o.font_dir = fonts;
	if (db)
		o.db_path = db;
	if (kw)
		o.keywords_path = kw;
	switch (app_run(&o)) {
	case APP_END_STOPPED:
		code = EXIT_OK;
		break;
	case APP_END_STAFF_QUIT:
		code = EXIT_STAFF_QUIT;
		break;
	default:
		code = EXIT_FAIL;
		break;
	}
	free(fonts);
	free(compose);
	free(langs);
	free(assets);
	free(kw);
	free(db);
	config_finish(&cfg);
	return code;
}
