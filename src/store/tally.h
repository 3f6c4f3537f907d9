/* The central tally: a SQLite file into which organizers merge export files
 * from every kiosk, deduplicated by (kiosk id, session UUID), accepting only
 * files signed by kiosk keys they trust. */
#ifndef VS_TALLY_H
#define VS_TALLY_H

#include "common/diag.h"
#include "model/misuse.h"
#include "model/stats.h"

#include <stdbool.h>
#include <stdint.h>

struct tally;

/* Opens or creates the tally database at path. */
struct tally *tally_open(const char *path, struct diag *err);
void tally_close(struct tally *t); /* NULL-safe */

/* What became of one file, and on failure whose fault it was: callers
 * decide on this (move the file aside, try again later), never on the text
 * of the message. */
enum import_status {
	IMPORT_OK, /* merged: its sessions added, or skipped as duplicates */
	/* signed by a key nobody trusted yet, and tally_accept_unknown was on:
	 * kept in the import log and the quarantine, counted nowhere */
	IMPORT_QUARANTINED,
	/* the file's fault: unreadable, not an export, damaged, changed after
	 * export, a value the tally refuses, or a session that came back with
	 * other content */
	IMPORT_FILE_BAD,
	/* signed by a key the tally does not trust, or trusts only for another
	 * kiosk: trusting the key (again) lets it in */
	IMPORT_FILE_UNTRUSTED,
	/* the tally's fault (its disk, a lock another program holds): the
	 * file may be fine, and the same import may work later */
	IMPORT_TALLY_FAILED,
};

struct import_result {
	uint64_t added;
	uint64_t duplicates; /* same kiosk, UUID and content: skipped */
	/* keyword ids on cards the file gave no Swedish label for (they count
	 * under their ids until a file names them) */
	uint64_t unknown_keywords;
	/* of the added, flagged as misuse or noise (model/misuse.h): kept,
	 * left out of the headline figures */
	uint64_t flagged;
};

/* Merges one export file: verifies all of it first (docs/export-format.md,
 * "Checks on import"), then imports it in a single transaction. *out holds
 * the counts (all zero but for IMPORT_OK). A failed import changes nothing
 * (but a UUID already imported with other content is recorded in the
 * import log) and gives one diag line: for IMPORT_FILE_* "FILE: why — what
 * to do", for IMPORT_TALLY_FAILED one naming the tally. */
enum import_status tally_import(struct tally *t, const char *file, struct import_result *out,
				struct diag *err);

/* With on, a valid file signed by an unknown key is quarantined (see
 * import_result) instead of rejected. Off when the tally is opened. */
void tally_accept_unknown(struct tally *t, bool on);

/* What trusting a key may also say (docs/export-format.md, "The kiosk's
 * key"). */
struct tally_trust_options {
	/* the kiosk's site, for sessions that carry none; NULL keeps the one
	 * it had (or, for a successor, takes its predecessor's) */
	const char *site;
	/* the kiosk's log was replaced but its key kept: the key may sign for
	 * the next kiosk id it names; without it, trusting again keeps the
	 * key bound to its kiosk */
	bool log_replaced;
	/* the public key this kiosk signed with before (a re-install, or a
	 * key lost and made anew): that key must be trusted; the new one
	 * continues its kiosk, may sign for the same kiosk id, and is shown
	 * as its successor, not as a stranger */
	const char *successor_of;
};

/* Trusts a kiosk's Ed25519 public key (64 lower-case hex digits), with o.
 * *known: the key was trusted before. Recorded in the audit log. */
bool tally_trust_key(struct tally *t, const char *public_key, const struct tally_trust_options *o,
		     bool *known, struct diag *err);
/* tally_trust_key with only a site. */
bool tally_trust(struct tally *t, const char *public_key, const char *site, bool *known,
		 struct diag *err);

struct tally_kiosk {
	const char *public_key;
	const char *kiosk_id; /* NULL until a file signed by it was imported */
	const char *site;     /* NULL when none was given */
	const char *trusted_at;
	const char *predecessor; /* the key it took over from, or NULL */
};
/* Calls fn once per trusted key, oldest first. */
bool tally_kiosks(struct tally *t, void (*fn)(void *ctx, const struct tally_kiosk *k), void *ctx,
		  struct diag *err);

struct tally_import_entry {
	const char *imported_at;
	const char *status; /* "imported", "quarantined", "rejected" */
	const char *file_name;
	const char *file_sha256; /* NULL for imports older than format 2 */
	const char *kiosk_id;
	const char *site;
	const char *reason; /* NULL for "imported" */
	uint64_t added, duplicates;
};
/* Calls fn once per entry of the import log, oldest first. */
bool tally_imports(struct tally *t, void (*fn)(void *ctx, const struct tally_import_entry *e),
		   void *ctx, struct diag *err);

/* The rules sessions are flagged by at import (model/misuse.h), as the
 * tally records them (the defaults until rules are given). */
void tally_misuse_rules(const struct tally *t, struct misuse_rules *out);
/* Makes r the tally's rules. When they differ from the recorded ones,
 * every session in the tally is judged again by them and the statistics
 * rebuilt, in one transaction (*rejudged true), so that all sessions are
 * always judged alike. */
bool tally_set_misuse_rules(struct tally *t, const struct misuse_rules *r, bool *rejudged,
			    struct diag *err);

/* Rebuilds the statistics kept at import from the raw session and card
 * rows, in one transaction; the same figures come out (a test holds it),
 * so this is for a tally repaired by hand or in doubt. */
bool tally_rebuild_aggregates(struct tally *t, struct diag *err);

/* The statistics over a tally are in store/tally_stats.h. */

#endif
