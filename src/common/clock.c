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

static struct tm utc_of(int64_t wall_ms)
{
	time_t secs = (time_t)(wall_ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	return tm;
}

void clock_iso8601(int64_t wall_ms, char out[25])
{
	struct tm tm = utc_of(wall_ms);
	snprintf(out, 25, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(wall_ms % 1000));
}

void clock_stamp(int64_t wall_ms, char out[17])
{
	struct tm tm = utc_of(wall_ms);
	snprintf(out, 17, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
