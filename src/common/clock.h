/* Time, behind one seam so tests and the idle timeout can be exact. */
#ifndef VS_CLOCK_H
#define VS_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds on a monotonic clock (for durations and the trace's "t"). */
int64_t clock_mono_ms(void);
/* Milliseconds since the Unix epoch, UTC (for what is stored). */
int64_t clock_wall_ms(void);
/* Formats epoch milliseconds as ISO 8601 UTC, "2035-01-31T12:00:00.000Z"
 * (24 characters and the NUL). */
void clock_iso8601(int64_t wall_ms, char out[25]);
/* The epoch ms of the local midnight that began the day wall_ms is in (the kiosk's "today",
 * in its time zone), right on the days daylight saving time begins or ends. */
int64_t clock_local_day_start_ms(int64_t wall_ms);
/* A compact form for file names, "20350131T120000Z". */
void clock_stamp(int64_t wall_ms, char out[17]);

#endif
