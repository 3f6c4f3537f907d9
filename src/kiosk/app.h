/* The kiosk at run time: one struct app owns the window, the log, the
 * keyword set, the session on screen and the scene, and runs the loop.
 * What goes wrong is handed to the caller's report function, so that the
 * command line alone decides how a message reads. */
#ifndef VS_APP_H
#define VS_APP_H

#include "common/diag.h"
#include "model/config.h"

#include <stdbool.h>
#include <stdint.h>

struct app_options {
	const char *db_path;
	const char *keywords_path;
	const char *font_dir;
	const char *compose_file; /* the compose table, empty (data/compose) */
	const char *lang_dir;	  /* data/lang: one catalog file per language */
	const char *assets_dir;	  /* card pictures named by keyword sets */
	const char *site;	  /* stored with every session; may be NULL */
	bool touch_from_stdin;	  /* the touch test hook (platform.h) */
	bool fullscreen;
	int width, height;
	bool seeded;
	uint64_t seed;
	int idle_seconds;
	int idle_countdown_seconds;
	const struct kiosk_config *config; /* languages, texts, PIN; never NULL */
	int cards;
	bool trace;	       /* the --trace-layout lines on stdout */
	const char *renderer;  /* platform_options.renderer */
	const char *frame_log; /* a benchmark's per-frame timings (app_frames.h); NULL: none */
	/* Shows problems to whoever runs the kiosk: those that do not stop it
	 * (a journal write that failed) as they happen, the one that ends it
	 * last. Never NULL. */
	void (*report)(const struct diag *d);
};

/* How the kiosk ended: the CLI turns it into the process's exit status
 * (staff's end is distinct, so a service manager does not restart it). */
enum app_end {
	APP_END_FAILED,	   /* could not start or had to stop (said through o->report) */
	APP_END_STOPPED,   /* SIGTERM/SIGINT */
	APP_END_STAFF_QUIT /* staff ended it from their menu */
};

/* Runs until SIGTERM/SIGINT or staff end it. */
enum app_end app_run(const struct app_options *o);

#endif
