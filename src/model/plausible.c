/* Plausibility limits on what an export holds (see plausible.h). Each
 * check names the field and the limit in words an organizer can pass on to
 * whoever made the file. */
#include "model/plausible.h"

#include "common/utf8.h"
#include "common/uuid.h"
#include "model/catalog.h"

#include <string.h>

static int plausible_digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t plausible_days(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool plausible_time(const char *iso, int64_t *ms)
{
	/* 2035-05-01T09:30:00.000Z */
	if (!iso || strlen(iso) != 24 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
	    iso[13] != ':' || iso[16] != ':' || iso[19] != '.' || iso[23] != 'Z')
		return false;
	int y = plausible_digits(iso, 4), mo = plausible_digits(iso + 5, 2),
	    d = plausible_digits(iso + 8, 2), h = plausible_digits(iso + 11, 2),
	    mi = plausible_digits(iso + 14, 2), s = plausible_digits(iso + 17, 2),
	    f = plausible_digits(iso + 20, 3);
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
	    s > 59 || f < 0)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > month_days[mo - 1] || (mo == 2 && d == 29 && !leap))
		return false;
	*ms = ((plausible_days(y, mo, d) * 24 + h) * 60 + mi) * 60000LL + s * 1000LL + f;
	return true;
}

/* At most max bytes, or (chars) at most max characters. */
static bool plausible_text(const char *name, const char *v, size_t max, bool chars,
			   struct strbuf *why)
{
	if (!v)
		return true;
	size_t n = strlen(v);
	size_t have = chars ? utf8_count(v, n) : n;
	if (have <= max)
		return true;
	sb_appendf(why, "%s is %zu %s long, and a kiosk writes at most %zu", name, have,
		   chars ? "characters" : "bytes", max);
	return false;
}

static bool plausible_stamp(const char *name, const char *v, int64_t *ms, struct strbuf *why)
{
	if (!plausible_time(v, ms)) {
		sb_appendf(why, "%s '%.40s' is not a time as a kiosk writes it", name, v ? v : "");
		return false;
	}
	if (*ms < PLAUSIBLE_FIRST_MS || *ms >= PLAUSIBLE_LAST_MS) {
		sb_appendf(why, "%s %s is before 2020 or after 2099", name, v);
		return false;
	}
	return true;
}

bool plausible_session(const struct plausible_session *s, int64_t *started_ms, int64_t *ended_ms,
		       struct strbuf *why)
{
	if (!s->uuid || !uuid_valid(s->uuid)) {
		sb_appendf(why, "a session id '%.40s' is not a UUID", s->uuid ? s->uuid : "");
		return false;
	}
	if (!plausible_text("site", s->site, PLAUSIBLE_SITE_CHARS, true, why) ||
	    !plausible_text("set_id", s->set_id, PLAUSIBLE_SET_ID_BYTES, false, why) ||
	    !plausible_text("set_version", s->set_version, PLAUSIBLE_VERSION_BYTES, false, why))
		return false;
	if (s->language && *s->language && !catalog_valid_code(s->language)) {
		sb_appendf(why, "language '%.20s' is not a language code", s->language);
		return false;
	}
	if (!plausible_stamp("started_at", s->started_at, started_ms, why) ||
	    !plausible_stamp("ended_at", s->ended_at, ended_ms, why))
		return false;
	if (*ended_ms < *started_ms || *ended_ms - *started_ms > PLAUSIBLE_SESSION_MS) {
		sb_appendf(why, "it runs from %s to %s, and a session lasts at most a day",
			   s->started_at, s->ended_at);
		return false;
	}
	return true;
}

bool plausible_card(const char *keyword_id, int64_t deal_pos, int64_t rank, size_t cards,
		    struct strbuf *why)
{
	if (cards > PLAUSIBLE_CARDS_PER_SESSION) {
		sb_appendf(why, "it has %zu or more cards, and a kiosk deals at most %d", cards,
			   PLAUSIBLE_CARDS_PER_SESSION);
		return false;
	}
	if (!plausible_text("a keyword id", keyword_id, PLAUSIBLE_ID_BYTES, false, why))
		return false;
	if (deal_pos < 0 || deal_pos >= PLAUSIBLE_CARDS_PER_SESSION) {
		sb_appendf(why, "a card was dealt at position %lld, and a kiosk deals at most %d",
			   (long long)deal_pos, PLAUSIBLE_CARDS_PER_SESSION);
		return false;
	}
	if (rank > PLAUSIBLE_CARDS_PER_SESSION || (cards && rank > (int64_t)cards)) {
		sb_appendf(why, "a card has rank %lld in a session of %zu cards", (long long)rank,
			   cards);
		return false;
	}
	return true;
}

bool plausible_label(const char *keyword_id, const char *label, struct strbuf *why)
{
	if (!plausible_text("a keyword id", keyword_id, PLAUSIBLE_ID_BYTES, false, why))
		return false;
	if (!plausible_text("a label", label, PLAUSIBLE_LABEL_CHARS, true, why)) {
		sb_appendf(why, " (keyword %.64s)", keyword_id ? keyword_id : "");
		return false;
	}
	return true;
}
