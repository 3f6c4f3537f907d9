/* What the kiosk asks of its log around one visit, beyond storing it: the
 * optional profile given after Done, and how many others on this kiosk
 * agreed, for the thanks screen. */
#ifndef VS_LOG_VISIT_H
#define VS_LOG_VISIT_H

#include "common/diag.h"
#include "store/log.h"

#include <stdbool.h>
#include <stdint.h>

/* Sets the profile answers (NULL = not given) of a saved session, unless
 * it was exported already: an exported session's content never changes, or
 * the tally would see one UUID with two contents. */
bool log_set_profile(struct log *log, const char *uuid, const char *age_band, const char *residence,
		     struct diag *err);

/* Over this kiosk's completed sessions of set_id in which keyword_id was
 * dealt: *shown of them, *yes put it in the yes pile. */
bool log_yes_share(struct log *log, const char *set_id, const char *keyword_id, uint64_t *yes,
		   uint64_t *shown, struct diag *err);

/* Finished sessions that ended at or after since_ms (epoch ms). */
bool log_sessions_since(struct log *log, int64_t since_ms, uint64_t *n, struct diag *err);

#endif
