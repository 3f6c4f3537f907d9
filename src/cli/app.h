/* The kiosk at run time: one struct app owns the window, the log, the
 * keyword set, the session on screen and the scene, and runs the loop. */
#ifndef VS_APP_H
#define VS_APP_H

#include "model/config.h"

#include <stdbool.h>
#include <stdint.h>

struct app_options {
	const char *db_path;
	const char *keywords_path;
	const char *font_dir;
	const char *lang_dir;	/* data/lang: one catalog file per language */
	const char *assets_dir; /* card pictures named by keyword sets */
	const char *site;	/* stored with every session; may be NULL */
	bool touch_from_stdin;	/* the touch test hook (platform.h) */
	bool fullscreen;
	int width, height;
	bool seeded;
	uint64_t seed;
	int idle_seconds;
	int idle_countdown_seconds;
	const struct kiosk_config *config; /* languages, texts, PIN; never NULL */
	int cards;
	bool trace;
};

/* Runs until SIGTERM/SIGINT (EXIT_OK) or staff end it from their menu
 * (EXIT_STAFF_QUIT); returns the process exit code. */
int app_run(const struct app_options *o);

#endif
