/* The frame log: a benchmark's view of the kiosk's loop (kiosk
 * --frame-log PATH). One line per frame the loop drew and per store the
 * writer finished, with CLOCK_MONOTONIC times in microseconds, so that a
 * driver that knows when it sent which input can tell what each cost:
 *
 *   renderer NAME W H NOTE...
 *   phase NAME T       (started: app_run entered; window: the window and the
 *                       log are ready; the first frame follows; voice: the
 *                       sound device and the synthesiser opened, after it)
 *   frame WAKE START BUILT END SUBMIT_US PRESENT_US SCENE DAMAGE_PX RECTS FULL SHOWN CPU_US
 *   store KIND BEGUN DONE OK
 *
 * WAKE is when the loop took the first input of the batch the frame
 * answers (START for a frame of an animation), BUILT when the scene's draw
 * list was made, END when the frame was on screen; CPU_US is the CPU time
 * the loop's thread spent from START to END (the app's own work; waiting
 * for the display is not in it). Written through stdio
 * and flushed at the end; a kiosk without --frame-log pays nothing. */
#ifndef VS_APP_FRAMES_H
#define VS_APP_FRAMES_H

#include "common/diag.h"
#include "kiosk/app_writer.h"
#include "platform/platform.h"

#include <stdint.h>

struct frame_log;

/* NULL with a diag line naming the file when it cannot be written. */
struct frame_log *frame_log_open(const char *path, struct diag *err);
void frame_log_close(struct frame_log *fl); /* NULL-safe */

/* CLOCK_MONOTONIC now, in microseconds. */
int64_t frame_log_now(void);
/* A frame starts: its time (0 without a log, fl NULL). */
int64_t frame_log_begin(struct frame_log *fl);

void frame_log_renderer(struct frame_log *fl, struct platform *p);
void frame_log_phase(struct frame_log *fl, const char *name, int64_t t);
void frame_log_frame(struct frame_log *fl, const char *scene, int64_t wake, int64_t start,
		     int64_t built, int64_t end, const struct platform_frame *pf);
void frame_log_store(struct frame_log *fl, const struct store_job *job);

#endif
