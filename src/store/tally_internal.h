/* Internal to store/: the tally's handle, shared by tally.c,
 * tally_import.c, tally_rows.c and tally_trust.c. */
#ifndef VS_STORE_TALLY_INTERNAL_H
#define VS_STORE_TALLY_INTERNAL_H

#include "model/misuse.h"
#include "store/db.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stdint.h>

struct tally {
	struct db *db;
	bool accept_unknown;	   /* quarantine files signed by unknown keys */
	struct misuse_rules rules; /* as the tally's meta records them */
	/* total bytes the quarantine may hold; 0 for TALLY_QUARANTINE_MAX
	 * (tally_quarantine.h), smaller in tests */
	int64_t quarantine_max;
	/* tally_set_stop's question, and its argument */
	bool (*stop)(void *arg);
	void *stop_arg;
};

/* tally_set_stop's question as one long operation (an import, judging
 * every session again) asks it: sticky, so every question after the first
 * yes gets yes too, and a failure can be told from a stop. */
struct tally_stopper {
	struct tally *t;
	bool stopped;
};
/* Installs the question on the tally's connection when there is one: every
 * TALLY_STOP_STEPS SQLite steps (a yes interrupts the statement), and
 * between the naps of the wait for a tally another program holds locked
 * (SQLite's busy timeout would sleep all of it out). */
#define TALLY_STOP_STEPS 20000
void tally_stop_watch(struct tally *t, struct tally_stopper *s);
/* The question itself (a verify_stop's), for s. */
bool tally_stop_asked(void *s);
/* No more questions while statements run; the waits still ask. */
void tally_stop_steps_off(struct tally *t);
/* Neither: SQLite's plain busy timeout again. */
void tally_stop_unwatch(struct tally *t);

/* Brings the kept statistics up to date with the raw rows (tally_open, and
 * each import before it adds): judged and rebuilt when missing, summed past
 * the watermarks when behind, untouched (nothing written) when current.
 * Inside the caller's transaction when in_tx, else in one of its own. */
bool tally_aggregates_ready(struct tally *t, bool in_tx, const char *what, struct diag *err);

/* Whether kiosk_id is bound to another trusted key than public_key, one
 * public_key was not registered as the successor of (tally_trust.c):
 * *other is that key (caller frees) or NULL. */
bool tally_trust_stranger(struct tally *t, const char *public_key, const char *kiosk_id,
			  char **other, const char *what, struct diag *err);

#endif
