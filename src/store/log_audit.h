/* The kiosk's audit log, kept in its session log: what happened on this
 * kiosk and when, never who or what anyone answered (docs/PRIVACY.md). One
 * row per session saved, export written or failed, staff access tried
 * (accepted, wrong PIN, refused while locked out), signing key made,
 * sessions purged and sessions closed after a crash. No PIN, no key, no
 * answers or profile, no folder names: events, counts and file names. The
 * staff lock-out is rebuilt from it at start (log_audit_staff_tries), so a
 * restart does not reset it. */
#ifndef VS_LOG_AUDIT_H
#define VS_LOG_AUDIT_H

#include "common/diag.h"
#include "store/log.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum log_event {
	LOG_EVENT_SESSION_SAVED, /* "completed, 9 of 12 cards placed" */
	LOG_EVENT_RECOVERED,	 /* sessions a crash left open, closed at start */
	LOG_EVENT_EXPORT,	 /* "export 4: 37 sessions, FILE NAME" */
	LOG_EVENT_EXPORT_FAILED, /* "the drive failed" or "the log failed" */
	LOG_EVENT_STAFF_OK,	 /* the right PIN */
	LOG_EVENT_STAFF_WRONG,	 /* a wrong PIN */
	LOG_EVENT_STAFF_LOCKED,	 /* a try refused unseen: locked out */
	LOG_EVENT_STAFF_LOCKOUT, /* a lock-out began: "locked for 120 s" */
	LOG_EVENT_KEY_CREATED,	 /* the kiosk's signing key made */
	LOG_EVENT_PURGED,	 /* exported sessions deleted */
	LOG_EVENT_COUNT,
};

/* The event's name as stored and shown: "session-saved", "export", ... */
const char *log_event_name(enum log_event e);

/* Appends one event that happened at at_ms (epoch ms). Inside a
 * transaction the caller holds, it is part of it; otherwise it commits on
 * its own, durably (synchronous=FULL). */
bool log_audit(struct log *log, enum log_event e, int64_t at_ms, const char *detail,
	       struct diag *err);

struct log_audit_entry {
	const char *at; /* ISO 8601 UTC */
	int64_t at_ms;
	const char *event;
	const char *detail;
};
/* Calls fn for every event, oldest first. */
bool log_audit_list(struct log *log, void (*fn)(void *ctx, const struct log_audit_entry *e),
		    void *ctx, struct diag *err);

/* The staff tries since the last accepted one, oldest first: times (epoch
 * ms) of wrong PINs (*wrong, caller frees) and how many were refused as
 * locked; what pin_guard replays at start. */
bool log_audit_staff_tries(struct log *log, int64_t **wrong_ms, size_t *nwrong, uint64_t *nlocked,
			   struct diag *err);

#endif
