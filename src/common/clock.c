/* Monotonic and wall clocks, and the two timestamp formats we write. */
#include "common/clock.h"

#include <stdio.h>
#include <time.h>

static int64_t ms_of(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_mono_ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}

int64_t clock_wall_ms(void)
{
	return ms_of(CLOCK_REALTIME);
}

int64_t clock_local_day_start_ms(int64_t wall_ms)
{
	time_t secs = (time_t)(wall_ms / 1000);
	struct tm local;
	if (!localtime_r(&secs, &local))
		return wall_ms;
	local.tm_hour = local.tm_min = local.tm_sec = 0;
	/* midnight may be on the other side of a DST change than now is:
	 * let mktime find out, rather than keep now's tm_isdst */
	local.tm_isdst = -1;
	time_t midnight = mktime(&local);
	return midnight == (time_t)-1 ? wall_ms : (int64_t)midnight * 1000;
}

/* Clamped to years 0..9999 so the fixed-width formats below always fit. */
static struct tm utc_of(int64_t wall_ms)
{
	const int64_t max_ms = 253402300799999LL; /* 9999-12-31T23:59:59.999Z */
	if (wall_ms < 0)
		wall_ms = 0;
	if (wall_ms > max_ms)
		wall_ms = max_ms;
	time_t secs = (time_t)(wall_ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	return tm;
}

static unsigned field(int v, unsigned max)
{
	return v < 0 ? 0u : (unsigned)v > max ? max : (unsigned)v;
}

void clock_iso8601(int64_t wall_ms, char out[25])
{
	struct tm tm = utc_of(wall_ms);
	snprintf(out, 25, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", field(tm.tm_year + 1900, 9999),
		 field(tm.tm_mon + 1, 12), field(tm.tm_mday, 31), field(tm.tm_hour, 23),
		 field(tm.tm_min, 59), field(tm.tm_sec, 60), field((int)(wall_ms % 1000), 999));
}

void clock_stamp(int64_t wall_ms, char out[17])
{
	struct tm tm = utc_of(wall_ms);
	snprintf(out, 17, "%04u%02u%02uT%02u%02u%02uZ", field(tm.tm_year + 1900, 9999),
		 field(tm.tm_mon + 1, 12), field(tm.tm_mday, 31), field(tm.tm_hour, 23),
		 field(tm.tm_min, 59), field(tm.tm_sec, 60));
}
