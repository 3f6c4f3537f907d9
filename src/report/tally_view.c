/* The live tally (see tally_view.h): started with its folders checked and
 * the stop signals blocked, then one of two loops until SIGTERM or SIGINT
 * (headless, or a window drawn again whenever the tally changed), with the
 * signals read between two files and asked for during an import, which a
 * stop ends as if it had not begun (store/tally.h, tally_set_stop). */
#include "report/tally_view_internal.h"

#include "common/clock.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "model/tally_config.h"
#include "platform/platform.h"
#include "store/tally.h"
#include "ui/scene_tally.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

bool tally_view_stopping(struct tally_view *v, int wait_ms)
{
	if (v->stop)
		return true;
	struct pollfd pfd = {.fd = v->sfd, .events = POLLIN};
	int n = poll(&pfd, 1, wait_ms);
	if (n > 0) {
		/* taken, so it is not delivered as a kill once unblocked */
		struct signalfd_siginfo si;
		if (read(v->sfd, &si, sizeof(si)) < 0)
			si.ssi_signo = 0;
		v->stop = true;
	} else if (n < 0 && errno != EINTR) {
		v->stop = true;
	}
	return v->stop;
}

static bool tally_view_stop_asked(void *arg)
{
	return tally_view_stopping(arg, 0);
}

/* With VISIONSORT_TRACE_TEXT set, every frame's texts in drawing order on
 * one stdout line, "frame:" and a tab before each: tests read what the wall
 * screen says, which no screenshot tells them. */
static void tally_view_trace(const struct draw_list *dl)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, "frame:");
	for (size_t i = 0; i < dl->count; i++)
		if (dl->cmds[i].kind == DRAW_TEXT)
			sb_appendf(&sb, "\t%s", draw_cmd_text(dl, &dl->cmds[i]));
	printf("%s\n", sb_str(&sb));
	fflush(stdout);
	sb_finish(&sb);
}

static void tally_view_render(struct tally_view *v)
{
	int w, h;
	platform_size(v->p, &w, &h);
	draw_list_clear(&v->dl);
	layout_clear(&v->layout);
	v->scene->ops->build(v->scene, w, h, &v->dl, &v->layout);
	platform_present(v->p, &v->dl);
	if (getenv("VISIONSORT_TRACE_TEXT"))
		tally_view_trace(&v->dl);
}

static bool tally_view_show(struct tally_view *v, struct diag *err)
{
	struct platform_options po = {.title = "visionsort tally",
				      .fullscreen = v->o->fullscreen,
				      .width = v->o->width,
				      .height = v->o->height,
				      .font_dir = v->o->font_dir};
	v->p = platform_create(&po, err);
	if (!v->p)
		return false;
	v->scene = scene_tally_create(platform_text_metrics(v->p), false);
	printf("watching %s\n", v->o->watch_dir);
	fflush(stdout);
	bool ok = true;
	bool draw = true;
	int64_t next_scan = clock_mono_ms();
	while (!tally_view_stopping(v, 0)) {
		int64_t now = clock_mono_ms();
		if (now >= next_scan) {
			tally_view_scan(v);
			next_scan = now + TALLY_VIEW_SCAN_MS;
			if (tally_view_changed(v) || draw) {
				if (!tally_view_refresh(v, err)) {
					ok = false;
					break;
				}
				draw = true;
			}
		}
		if (draw)
			tally_view_render(v);
		draw = false;
		int64_t left = next_scan - clock_mono_ms();
		struct input_event ev;
		if (!platform_next_event(v->p, left > 0 ? (int)left : 0, &ev))
			continue;
		if (ev.kind == INPUT_TERMINATE)
			break;
		draw = v->scene->ops->input(v->scene, &ev);
	}
	return ok;
}

/* Headless: a scan, then a wait for the next one that a signal ends at
 * once (tally_view_stopping). */
static bool tally_view_headless(struct tally_view *v)
{
	printf("watching %s (Ctrl+C to stop)\n", v->o->watch_dir);
	fflush(stdout);
	while (!tally_view_stopping(v, 0)) {
		tally_view_scan(v);
		if (tally_view_stopping(v, TALLY_VIEW_SCAN_MS))
			break;
	}
	return true;
}

/* The folders the watcher files into must be its own: a symlink planted
 * in their place would take exports (and .reason files) elsewhere. */
static bool tally_view_own_folder(const char *path, struct diag *err)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	diag_add(err, "%s: not a folder of its own (a link or a file is in its place) — remove it",
		 path);
	return false;
}

/* SIGTERM and SIGINT are blocked before any thread starts (SDL's inherit
 * the mask) and read from a signalfd, in both modes: no handler runs
 * asynchronously; the loop asks between two files, and an import asks
 * while it runs (tally_view_stop_asked). */
static bool tally_view_signals(struct tally_view *v, sigset_t *set, struct diag *err)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	if (sigprocmask(SIG_BLOCK, set, NULL) != 0 ||
	    (v->sfd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		diag_add(err, "cannot watch for signals: %s", strerror(errno));
		return false;
	}
	return true;
}

bool tally_view_run(const struct tally_view_options *o, struct diag *err)
{
	struct tally_view v = {.o = o, .data_version = -1, .sfd = -1};
	sigset_t signals;
	sigemptyset(&signals);
	draw_list_init(&v.dl);
	layout_init(&v.layout);
	bool ok = false;
	char *imported = tally_view_join(o->watch_dir, "imported", NULL);
	char *rejected = tally_view_join(o->watch_dir, "rejected", NULL);
	char *quarantined = tally_view_join(o->watch_dir, "quarantined", NULL);
	struct stat st;
	if (stat(o->watch_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(err, "%s: no such folder to watch", o->watch_dir);
	} else if (fs_mkdirs(imported, err) && fs_mkdirs(rejected, err) &&
		   (!o->accept_unknown || fs_mkdirs(quarantined, err)) &&
		   tally_view_own_folder(imported, err) && tally_view_own_folder(rejected, err) &&
		   (!o->accept_unknown || tally_view_own_folder(quarantined, err)) &&
		   fs_mkdirs_for(o->tally_path, err) && tally_view_signals(&v, &signals, err)) {
		/* a signal ends the wait for a tally another program holds, a long
		 * import, or judging every session again, too */
		v.t = tally_open_until(o->tally_path, tally_view_stop_asked, &v, err);
		ok = !v.t && v.stop; /* told to stop is no failure */
		bool rejudged = false;
		/* rules from a settings file are the tally's from now on */
		if (v.t && o->config && o->config->path &&
		    !tally_set_misuse_rules(v.t, &o->config->rules, &rejudged, err)) {
			tally_close(v.t);
			v.t = NULL;
			ok = v.stop; /* told to stop is no failure */
		}
		if (rejudged)
			tally_view_log("rejudged", o->config->path,
				       "every session judged again by these rules");
		if (v.t) {
			tally_accept_unknown(v.t, o->accept_unknown);
			ok = o->show ? tally_view_show(&v, err) : tally_view_headless(&v);
		}
	}
	if (v.scene)
		v.scene->ops->destroy(v.scene);
	platform_destroy(v.p);
	if (v.sfd >= 0) {
		close(v.sfd);
		sigprocmask(SIG_UNBLOCK, &signals, NULL);
	}
	tally_close(v.t);
	for (size_t i = 0; i < v.file_count; i++)
		free(v.files[i].name);
	free(v.files);
	draw_list_finish(&v.dl);
	layout_finish(&v.layout);
	free(imported);
	free(rejected);
	free(quarantined);
	return ok;
}
