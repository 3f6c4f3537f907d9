/* Staff access on the kiosk: the PIN check with its lock-out (configured,
 * growing, and kept in the log's audit so a restart does not reset it), the
 * facts the staff menu shows and the export to a mounted drive, which goes
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
	struct log *log;   /* where every try is recorded; NULL until staff_attach_log */
	/* the wall clock the tries are recorded by: clock_wall_ms, but a test
	 * lets hours pass in an instant */
	int64_t (*wall_ms)(void);
	/* wrong PINs (and tries refused while locked) before the right one
	 * that opened the menu: staff see if someone has been guessing */
	uint64_t failed_before;
	char **drives;
	size_t ndrives;
	char *message;		/* the last export's outcome */
	bool problem;		/* the message says something went wrong */
	int64_t drives_seen_ms; /* when the drives were last looked for */
};

/* How often the open staff menu looks for sticks plugged in meanwhile. */
#define STAFF_DRIVES_POLL_MS 1000

/* tries and lock_seconds: the lock-out (model/pin.h), from the configuration. */
void staff_init(struct staff_access *sa, const char *pin_hash, const char *label, unsigned tries,
		unsigned lock_seconds);
/* Records every try in log's audit from now on, and first rebuilds the lock-out from the
 * tries recorded there since the last right PIN (at wall-clock now_wall; the guard runs on
 * the monotonic clock at now_mono). False, with one line, when the log cannot be read (the
 * kiosk does not start: a lock-out it cannot keep is one a restart undoes). */
bool staff_attach_log(struct staff_access *sa, struct log *log, int64_t now_wall, int64_t now_mono,
		      struct diag *err);
void staff_finish(struct staff_access *sa);

/* Checks a PIN at now_ms (monotonic); true when accepted, else *message (malloc'd) says
 * why, in the visitor-independent staff language. The try is recorded in the audit log
 * (never the PIN): accepted, wrong, refused while locked, and a lock-out that began. */
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
