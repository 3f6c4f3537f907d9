/* Internal to the live tally: the view's state, shared by tally_view.c
 * (its start, its loops and its window), tally_view_folder.c (the watched
 * folder) and tally_view_model.c (what the window shows); never included
 * from elsewhere. */
#ifndef VS_REPORT_TALLY_VIEW_INTERNAL_H
#define VS_REPORT_TALLY_VIEW_INTERNAL_H

#include "common/diag.h"
#include "report/tally_view.h"
#include "ui/scene.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define TALLY_VIEW_SCAN_MS 250 /* how often both loops look at the folder */

/* A file seen in the folder, as it was at the last scan. */
struct tally_view_file {
	char *name;
	off_t size;
	struct timespec mtime;
	bool stuck;	  /* could not be moved away: not imported again, not logged again */
	int64_t retry_at; /* monotonic ms; after a failure of the tally's own */
	bool seen;	  /* present in the current scan */
};

struct tally_view {
	const struct tally_view_options *o;
	struct tally *t;
	struct platform *p; /* NULL when headless */
	struct scene *scene;
	struct draw_list dl;
	struct layout layout;
	struct tally_view_file *files;
	size_t file_count, file_cap;
	int64_t data_version;
	bool dirty;
	/* SIGTERM and SIGINT, blocked and read here, in whichever mode */
	int sfd;
	bool stop;
};

/* tally_view.c. Whether SIGTERM or SIGINT came, waiting up to wait_ms for
 * one. Asked between any two files and between scans, so a stop never
 * waits for more than the one import in progress. A wait that fails stops
 * the watch too, rather than spin. */
bool tally_view_stopping(struct tally_view *v, int wait_ms);

/* tally_view_folder.c. One line on stdout as it happens:
 * "TIME VERB NAME: DETAIL". */
void tally_view_log(const char *verb, const char *name, const char *detail);
/* DIR[/SUB][/NAME], as a new string. */
char *tally_view_join(const char *dir, const char *sub, const char *name);
/* One look at the folder: imports what has settled since the last look. */
void tally_view_scan(struct tally_view *v);

/* tally_view_model.c. Reads the tally into the scene: the main keyword
 * set, places with their intervals and tiers, sites too small to show left
 * out (with the rest of the tally's outputs), the flagged sessions named in
 * the note. */
bool tally_view_refresh(struct tally_view *v, struct diag *err);
/* After a scan: true when the tally changed, by us or by another program
 * (an organizer running `visionsort import` by hand). */
bool tally_view_changed(struct tally_view *v);

#endif
