/* The kiosk at run time: one struct app owns the window, the log, the
 * keyword set, the session on screen and the scene, and runs the loop. */
#ifndef VS_APP_H
#define VS_APP_H

#include <stdbool.h>
#include <stdint.h>

struct app_options {
	const char *db_path;
	const char *keywords_path;
	const char *font_dir;
	bool fullscreen;
	int width, height;
	bool seeded;
	uint64_t seed;
	int idle_seconds;
	int cards;
	bool trace;
};

/* Runs until SIGTERM/SIGINT; returns the process exit code. */
int app_run(const struct app_options *o);

#endif
