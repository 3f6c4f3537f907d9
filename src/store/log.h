/* The kiosk's session log: a SQLite file (WAL, synchronous=FULL) that holds
 * every stored session, the keyword sets it was dealt from and the kiosk's
 * own id. The export reads from it; nothing else writes to it. */
#ifndef VS_LOG_H
#define VS_LOG_H

#include "common/diag.h"
#include "model/keyset.h"
#include "model/session.h"

#include <stdbool.h>
#include <stdint.h>

struct log;

/* Opens or creates the log at path (its folder must exist), upgrading an
 * older schema; a newer schema is refused. Generates the kiosk id on first
 * open. NULL with one diag line naming the file on failure. */
struct log *log_open(const char *path, struct diag *err);
void log_close(struct log *log); /* NULL-safe */

const char *log_path(const struct log *log);
const char *log_kiosk_id(const struct log *log); /* a UUID, stable for the file's life */

/* Records the set's id, version and every label, so exports carry what the
 * tally needs to name keywords. Idempotent for the same set and version. */
bool log_register_keyset(struct log *log, const struct keyset *ks, struct diag *err);

/* counts[i] = stored sessions (any outcome) of ks's set in which keyword i
 * was dealt; counts must hold keyset_count(ks) entries. */
bool log_deal_counts(struct log *log, const struct keyset *ks, uint32_t *counts,
		     struct diag *err);

struct session_meta {
	const char *uuid;     /* session UUID */
	const char *site;     /* may be NULL */
	const char *language; /* language code the visitor used */
	int64_t started_ms;   /* wall clock, epoch ms */
	int64_t ended_ms;
};

/* Stores a COMPLETED or ABANDONED session with every card's pile and rank
 * in one transaction; durable on disk when it returns true. */
bool log_save_session(struct log *log, const struct keyset *ks, const struct session *s,
		      const struct session_meta *meta, struct diag *err);

struct log_counts {
	uint64_t total;
	uint64_t completed;
	uint64_t abandoned;
	uint64_t unexported; /* finished sessions not yet in any export */
};
bool log_counts(struct log *log, struct log_counts *out, struct diag *err);

#endif
