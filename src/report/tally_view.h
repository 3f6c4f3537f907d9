/* The live tally: watches a folder for export files, imports each one,
 * files it under imported/, rejected/ (or quarantined/), and (with a window)
 * shows the ranking as it changes. */
#ifndef VS_TALLY_VIEW_H
#define VS_TALLY_VIEW_H

#include "common/diag.h"

#include <stdbool.h>

struct tally_config;

struct tally_view_options {
	const char *tally_path;
	const char *watch_dir;
	bool include_abandoned;
	bool include_flagged;
	/* the smallest group shown, and (when read from a file) the rules
	 * imports flag sessions by; NULL: the defaults */
	const struct tally_config *config;
	/* files signed by a key not yet trusted go to the tally's quarantine
	 * (and DIR/quarantined/) instead of being rejected */
	bool accept_unknown;
	bool show;	   /* an SDL window; otherwise headless, one log line per file */
	bool fullscreen;   /* with show */
	int width, height; /* the window when not fullscreen */
	const char *font_dir;
};

/* Runs until SIGTERM/SIGINT. False when it could not start or the tally
 * failed; err may hold a line even when it ran (a wait that failed ends the
 * watch). Each file handled is one line on stdout, as it happens. */
bool tally_view_run(const struct tally_view_options *o, struct diag *err);

#endif
