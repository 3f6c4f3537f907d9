/* The frame log's lines (app_frames.h). */
#include "kiosk/app_frames.h"

#include "common/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct frame_log {
	FILE *f;
	int64_t cpu; /* the thread's CPU time at frame_log_begin */
};

static int64_t thread_cpu_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct frame_log *frame_log_open(const char *path, struct diag *err)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		diag_add(err, "%s: cannot write the frame log: %s", path, strerror(errno));
		return NULL;
	}
	struct frame_log *fl = xcalloc(1, sizeof(*fl));
	fl->f = f;
	return fl;
}

void frame_log_close(struct frame_log *fl)
{
	if (!fl)
		return;
	fclose(fl->f);
	free(fl);
}

int64_t frame_log_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t frame_log_begin(struct frame_log *fl)
{
	if (!fl)
		return 0;
	fl->cpu = thread_cpu_us();
	return frame_log_now();
}

void frame_log_renderer(struct frame_log *fl, struct platform *p)
{
	int w, h;
	platform_size(p, &w, &h);
	const char *note = platform_renderer_note(p);
	fprintf(fl->f, "renderer %s %d %d %s\n", platform_renderer(p), w, h, *note ? note : "-");
}

void frame_log_phase(struct frame_log *fl, const char *name, int64_t t)
{
	fprintf(fl->f, "phase %s %lld\n", name, (long long)t);
}

void frame_log_frame(struct frame_log *fl, const char *scene, int64_t wake, int64_t start,
		     int64_t built, int64_t end, const struct platform_frame *pf)
{
	fprintf(fl->f, "frame %lld %lld %lld %lld %lld %lld %s %lld %d %d %d %lld\n",
		(long long)wake, (long long)start, (long long)built, (long long)end,
		(long long)pf->submit_us, (long long)pf->present_us, scene,
		(long long)pf->damage_px, pf->rects, pf->full, pf->shown,
		(long long)(thread_cpu_us() - fl->cpu));
}

void frame_log_store(struct frame_log *fl, const struct store_job *job)
{
	static const char *const kinds[] = {"journal", "save", "profile"};
	fprintf(fl->f, "store %s %lld %lld %d\n", kinds[job->kind], (long long)job->begun_us,
		(long long)job->done_us, job->ok);
}
