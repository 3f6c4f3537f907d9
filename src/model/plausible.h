/* What a kiosk can produce, so that the tally can refuse what none could:
 * a signed export proves who made it, not that its content is sane, and one
 * session with a million cards would otherwise stall every report. The
 * limits follow from the kiosk's own (the most cards it deals, the longest
 * keyword id, label and site it accepts) with a margin where a kiosk has
 * none of its own. Pure checks; the tally's import calls them per row. */
#ifndef VS_PLAUSIBLE_H
#define VS_PLAUSIBLE_H

#include "common/strbuf.h"
#include "model/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A kiosk that stores a session every 30 seconds, 16 hours a day, needs
 * about a year and a half to fill one file this big. */
#define PLAUSIBLE_SESSIONS_PER_FILE 1000000
#define PLAUSIBLE_CARDS_PER_SESSION CONFIG_CARDS_MAX
/* keyset.c: keyword ids at most 64 bytes, labels at most 60 characters,
 * versions at most 9 digits; config.c: a site at most 60 characters. A
 * set id has no limit of its own: 128 bytes is far beyond any real one. */
#define PLAUSIBLE_ID_BYTES 64
#define PLAUSIBLE_SET_ID_BYTES 128
#define PLAUSIBLE_VERSION_BYTES 9
#define PLAUSIBLE_LABEL_CHARS 60
#define PLAUSIBLE_SITE_CHARS 60
/* Times a kiosk can have written: after this software existed, before
 * 2100, and a session no longer than a day (the idle timeout ends one
 * after at most an hour without a touch). */
#define PLAUSIBLE_FIRST_MS 1577836800000LL /* 2020-01-01T00:00:00.000Z */
#define PLAUSIBLE_LAST_MS 4102444800000LL  /* 2100-01-01T00:00:00.000Z */
#define PLAUSIBLE_SESSION_MS (24LL * 3600 * 1000)

/* Parses the one time format the kiosk writes, "2035-05-01T09:30:00.000Z",
 * into epoch milliseconds; false for anything else (other lengths, zones,
 * impossible dates). */
bool plausible_time(const char *iso, int64_t *ms);

/* One session's own fields as the export holds them (NULL where NULL). */
struct plausible_session {
	const char *uuid;
	const char *site;
	const char *set_id;
	const char *set_version;
	const char *language;
	const char *started_at;
	const char *ended_at;
};

/* True when a kiosk could have written the session; else false with the
 * reason appended to why ("started_at is '...', not a time a kiosk
 * writes"). *started_ms and *ended_ms get the parsed times. */
bool plausible_session(const struct plausible_session *s, int64_t *started_ms, int64_t *ended_ms,
		       struct strbuf *why);

/* One card of a session holding `cards` cards in all (known only once
 * read; pass 0 to check the card alone). rank < 0: none. */
bool plausible_card(const char *keyword_id, int64_t deal_pos, int64_t rank, size_t cards,
		    struct strbuf *why);

/* A keyword's Swedish label in a keyword set of the file. */
bool plausible_label(const char *keyword_id, const char *label, struct strbuf *why);

#endif
