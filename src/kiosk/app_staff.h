/* Staff access on the kiosk: the PIN check with its lock-out, the facts
 * the staff menu shows and the export to a mounted drive, which goes
 * through export_write() exactly as `visionsort export` does. */
#ifndef VS_APP_STAFF_H
#define VS_APP_STAFF_H

#include "model/catalog.h"
#include "model/pin.h"
#include "store/log.h"
#include "ui/scene.h"

#include <stdbool.h>
#include <stdint.h>

struct staff_access {
	const char *pin_hash; /* NULL: no PIN configured, nobody gets in */
	struct pin_guard guard;
	const char *label; /* the kiosk's label from the config */
	char **drives;
	size_t ndrives;
	char *message;		/* the last export's outcome */
	bool problem;		/* the message says something went wrong */
	int64_t drives_seen_ms; /* when the drives were last looked for */
};

/* How often the open staff menu looks for sticks plugged in meanwhile. */
#define STAFF_DRIVES_POLL_MS 1000

void staff_init(struct staff_access *sa, const char *pin_hash, const char *label);
void staff_finish(struct staff_access *sa);

/* Checks a PIN at now_ms; true when accepted, else *message (malloc'd)
 * says why, in the visitor-independent staff language. */
bool staff_check(struct staff_access *sa, const struct catalog *cat, size_t lang, const char *pin,
		 int64_t now_ms, char **message);
/* Fills the staff menu from the log and the mounted drives. */
void staff_refresh(struct staff_access *sa, struct log *log, const struct catalog *cat, size_t lang,
		   struct scene *menu);
/* Whether the mounted drives differ from those the menu shows, looked at
 * most once per STAFF_DRIVES_POLL_MS: a stick the automounter mounts while
 * the menu is open then appears without staff doing anything. */
bool staff_drives_changed(struct staff_access *sa, int64_t now_ms);
/* Replaces the message the menu shows under the drives (copied; NULL
 * clears it); as news, or as a problem staff must act on. */
void staff_set_message(struct staff_access *sa, const char *message);
void staff_set_problem(struct staff_access *sa, const char *message);
/* Exports to drive i; the outcome becomes the menu's message. Returns the
 * number of sessions written (0 on nothing new or failure). */
uint64_t staff_export(struct staff_access *sa, struct log *log, const struct catalog *cat,
		      size_t lang, size_t drive, char **path_out);

#endif
