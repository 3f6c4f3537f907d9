/* The kiosk's owner and its loop: struct app is made in app_run() and
 * holds everything the kiosk uses. The loop waits for input and redraws
 * only when something changed, or ~30 times a second while a scene
 * animates; the layout trace is printed after the frame that shows it.
 * Keyboard focus, right-to-left mirroring and the hidden staff corner are
 * done here, for every scene alike. Where an action or a timer leads is
 * app_flow.c's. */
#include "kiosk/app.h"

#include "kiosk/app_internal.h"
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/catalog.h"
#include "model/config.h"
#include "platform/platform.h"
#include "ui/focus.h"
#include "ui/scene_sort.h"
#include "ui/scenes.h"
#include "ui/theme.h"
#include "ui/trace.h"
#include "ui/widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME_MS 33 /* ~30 frames a second while animating */

void app_trace_print(const struct strbuf *sb)
{
	fputs(sb_str(sb), stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

static int width(struct app *a)
{
	int w, h;
	platform_size(a->platform, &w, &h);
	return w;
}

static bool rtl(const struct app *a)
{
	return catalog_rtl(a->cat, a->env.lang);
}

/* While a card is dragged, where it will land, each time that changes:
 * the gap the visitor sees, so a test can hold a card and know where a
 * drop puts it. Mirrored as the screen is. */
static void trace_drop_target(struct app *a, int w)
{
	const char *zone;
	int rank;
	struct rect gap;
	bool shown = scene_sort_drop_target(a->scenes[SC_SORT], &zone, &rank, &gap);
	if (!a->scenes[SC_SORT]->ops->busy(a->scenes[SC_SORT])) {
		sb_clear(&a->last_target);
		return;
	}
	if (shown && rtl(a))
		gap.x = w - gap.x - gap.w;
	sb_clear(&a->key);
	sb_append(&a->key, ",\"event\":\"drop-target\",\"zone\":");
	if (shown) {
		sb_append_json(&a->key, zone);
		if (rank > 0)
			sb_appendf(&a->key, ",\"rank\":%d", rank);
		sb_appendf(&a->key, ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d}", gap.x, gap.y, gap.w,
			   gap.h);
	} else {
		sb_append(&a->key, "null}");
	}
	if (a->last_target.data && strcmp(sb_str(&a->key), sb_str(&a->last_target)) == 0)
		return;
	sb_clear(&a->last_target);
	sb_append(&a->last_target, sb_str(&a->key));
	sb_clear(&a->line);
	sb_appendf(&a->line, "{\"t\":%lld%s", (long long)(a->env.now_ms - a->t0), sb_str(&a->key));
	app_trace_print(&a->line);
}

/* The current scene's draw list and layout for a w x h window. */
static void build(struct app *a, int w, int h)
{
	struct scene *sc = a->scenes[a->current];
	a->env.now_ms = clock_mono_ms();
	a->env.min_target_px = ui_min_target_px(w, h, a->opt->config->screen_diagonal_inches);
	draw_list_clear(&a->dl);
	layout_clear(&a->layout);
	sc->ops->build(sc, w, h, &a->dl, &a->layout);
	if (rtl(a))
		ui_mirror(&a->dl, &a->layout, w, a->env.tm);
	int ring = (int)(6 * theme_unit(w, h)) + 2;
	focus_show(&a->focus, &a->layout, &a->dl, theme_default()->focus, ring);
}

void app_render(struct app *a)
{
	int64_t start = frame_log_begin(a->frames);
	int w, h;
	platform_size(a->platform, &w, &h);
	struct scene *sc = a->scenes[a->current];
	build(a, w, h);
	int64_t built = a->frames ? frame_log_now() : 0;
	platform_present(a->platform, &a->dl);
	if (a->frames)
		frame_log_frame(a->frames, sc->ops->name, a->woke_us ? a->woke_us : start, start,
				built, frame_log_now(), platform_last_frame(a->platform));
	a->woke_us = 0;
	a->dirty = false;
	a->last_frame_ms = a->env.now_ms;
	if (a->opt->trace && a->current == SC_SORT)
		trace_drop_target(a, w);
	if (!a->opt->trace || sc->ops->busy(sc))
		return;
	sb_clear(&a->key);
	trace_layout_key(&a->key, sc->ops->name, w, h, &a->layout);
	if (a->last_key.data && strcmp(sb_str(&a->key), sb_str(&a->last_key)) == 0)
		return;
	sb_clear(&a->last_key);
	sb_append(&a->last_key, sb_str(&a->key));
	sb_clear(&a->line);
	trace_layout_line(&a->line, a->env.now_ms - a->t0, sc->ops->name, w, h, &a->layout);
	app_trace_print(&a->line);
}

void app_to_scene(struct app *a, const struct input_event *ev)
{
	struct scene *sc = a->scenes[a->current];
	struct input_event e = *ev;
	if (rtl(a) && (e.kind == INPUT_POINTER_DOWN || e.kind == INPUT_POINTER_MOVE ||
		       e.kind == INPUT_POINTER_UP))
		e.x = width(a) - 1 - e.x; /* scenes lay out left to right */
	if (sc->ops->input(sc, &e))
		a->dirty = true;
	struct scene_result r = sc->ops->take_action(sc);
	if (r.action != SCENE_ACTION_NONE) {
		app_act(a, r);
		a->dirty = true;
	}
	/* Every drop is journaled, so a crash loses at most the last move. */
	if (a->current == SC_SORT && visit_changed(&a->visit))
		visit_journal(&a->visit, catalog_code(a->cat, a->env.lang));
}

void app_press(struct app *a, const struct layout_item *it, int64_t time_ms)
{
	/* A pile is tapped on its top edge, which no card covers: Enter on a
	 * pile means the pile, not whichever card lies at its centre. */
	int y = it->role == ROLE_ZONE ? it->r.y + (it->r.h > 6 ? 3 : it->r.h / 2)
				      : it->r.y + it->r.h / 2;
	struct input_event tap = {.kind = INPUT_POINTER_DOWN,
				  .pointer = -1,
				  .x = it->r.x + it->r.w / 2,
				  .y = y,
				  .time_ms = time_ms};
	app_to_scene(a, &tap);
	tap.kind = INPUT_POINTER_UP;
	app_to_scene(a, &tap);
}

/* Enter on the focused item is a tap at its centre, so keyboard users
 * reach exactly what touch users reach. */
static void press_focused(struct app *a, const struct input_event *ev)
{
	const struct layout_item *it = focus_item(&a->focus, &a->layout);
	if (it)
		app_press(a, it, ev->time_ms);
}

/* The hidden staff gesture: a press held still on the top-left corner. */
static void watch_corner(struct app *a, const struct input_event *ev)
{
	int w, h;
	platform_size(a->platform, &w, &h);
	int size = (int)(90 * theme_unit(w, h));
	if (ev->kind == INPUT_POINTER_DOWN && !a->corner_down && ev->x < size && ev->y < size) {
		a->corner_down = true;
		a->corner_pointer = ev->pointer;
		a->corner_since = clock_mono_ms();
	} else if (a->corner_down && ev->pointer == a->corner_pointer &&
		   (ev->kind == INPUT_POINTER_UP || ev->kind == INPUT_POINTER_CANCEL ||
		    (ev->kind == INPUT_POINTER_MOVE && (ev->x >= size || ev->y >= size)))) {
		a->corner_down = false;
	} else if (ev->kind == INPUT_POINTER_CANCEL) {
		a->corner_down = false;
	}
}

/* Returns false when the kiosk should end. */
static bool handle(struct app *a, const struct input_event *ev)
{
	if (ev->kind == INPUT_TERMINATE)
		return false;
	if (ev->kind != INPUT_EXPOSE && ev->kind != INPUT_RESIZE)
		a->last_input_ms = clock_mono_ms();
	if (ev->kind == INPUT_POINTER_DOWN && a->current == SC_SORT)
		visit_touched(&a->visit);
	watch_corner(a, ev);
	struct input_event heard = *ev;
	if (app_say_input(a, &heard))
		return !a->quit;
	ev = &heard; /* the keypad's digits as arrows */
	if (ev->kind == INPUT_KEY && ev->key == KEY_STAFF) {
		app_enter_staff(a);
		return true;
	}
	if (ev->kind == INPUT_KEY && (ev->key == KEY_DIGIT || ev->key == KEY_BACKSPACE)) {
		app_to_scene(a, ev);
		return true;
	}
	if (ev->kind == INPUT_KEY) {
		if (focus_key(&a->focus, &a->layout, ev)) {
			a->dirty = true;
			app_say_focus(a);
		} else if (ev->key == KEY_ENTER)
			press_focused(a, ev);
		return !a->quit;
	}
	app_to_scene(a, ev);
	return !a->quit;
}

/* How long the loop may sleep before a timer or the next animation frame. */
static int timeout_ms(struct app *a)
{
	int64_t now = clock_mono_ms();
	int64_t until = INT32_MAX;
	if (app_idle_watched(a) || app_staff_shown(a))
		until = a->last_input_ms + (int64_t)a->opt->idle_seconds * 1000;
	if (a->corner_down && a->corner_since + STAFF_HOLD_MS < until)
		until = a->corner_since + STAFF_HOLD_MS;
	else if (a->current == SC_IDLE)
		until = a->idle_deadline;
	else if (a->current == SC_THANKS)
		until = a->thanks_deadline;
	if (app_say_deadline(a) < until)
		until = app_say_deadline(a);
	if (a->current == SC_STAFF && now + STAFF_DRIVES_POLL_MS < until)
		until = now + STAFF_DRIVES_POLL_MS;
	const struct scene *sc = a->scenes[a->current];
	if (sc->ops->animating && sc->ops->animating(sc) && a->last_frame_ms + FRAME_MS < until)
		until = a->last_frame_ms + FRAME_MS;
	if (until == INT32_MAX)
		return -1;
	return until > now ? (int)(until - now) : 0;
}

/* Opening the sound device costs more than the window (SDL tries PulseAudio, ALSA, ... in
 * turn; ~95 ms on a machine without one) and espeak-ng ~20 ms more, so it waits until the
 * first frame is on screen. The attract scene, always the first, has nothing to say and no
 * speaker buttons, so that frame does not depend on the voice; and no input is handled
 * before the voice is there: a visitor who touches the first frame waits for it, and is
 * heard. */
static void open_voice(struct app *a)
{
	struct diag err;
	diag_init(&err);
	app_say_init(a, &err);
	if (err.count) /* a kiosk without sound still runs: said now, not at the end */
		a->opt->report(&err);
	diag_finish(&err);
	app_say_visit_start(a);
	if (a->frames)
		frame_log_phase(a->frames, "voice", frame_log_now());
}

static void loop(struct app *a)
{
	for (;;) {
		app_tick(a);
		const struct scene *sc = a->scenes[a->current];
		if (sc->ops->animating && sc->ops->animating(sc) &&
		    clock_mono_ms() - a->last_frame_ms >= FRAME_MS)
			a->dirty = true;
		if (a->dirty)
			app_render(a);
		if (!a->speech) {
			open_voice(a);
			platform_preload(a->platform); /* the first pictures' library */
		}
		app_say_update(a);
		a->woke_us = 0; /* what came since needed no frame */
		/* What the input asked to store is written once the frame that
		 * answers it is on screen; what was written is said here. */
		visit_release(&a->visit);
		app_report_stored(a);
		struct input_event ev;
		if (!platform_next_event(a->platform, timeout_ms(a), &ev))
			continue;
		if (a->frames && !a->woke_us)
			a->woke_us = frame_log_now();
		if (!handle(a, &ev))
			return;
		/* Take everything already queued before drawing, so a fast drag
		 * costs one frame per batch of motion, not one per event. */
		while (platform_next_event(a->platform, 0, &ev))
			if (!handle(a, &ev))
				return;
	}
}

static bool offer_languages(struct app *a, struct diag *err)
{
	const struct kiosk_config *cfg = a->opt->config;
	if (catalog_count(a->cat) == 0 || catalog_find(a->cat, "sv") != 0) {
		diag_add(err, "the language files have no Swedish (sv.ini) — reinstall visionsort");
		return false;
	}
	if (!config_apply(cfg, a->cat, err))
		return false;
	/* The config's languages in its order (config_apply checked that each
	 * has a language file). */
	for (size_t i = 0; i < cfg->nlanguages && i < MAX_OFFERED; i++) {
		int lang = catalog_find(a->cat, cfg->languages[i]);
		if (lang >= 0)
			a->offered[a->env.offered_count++] = (size_t)lang;
	}
	a->env.offered = a->offered;
	return a->env.offered_count > 0;
}

static void app_finish(struct app *a)
{
	app_say_finish(a); /* before the platform: its worker wakes the platform's loop */
	for (int i = 0; i < SC_COUNT; i++)
		if (a->scenes[i])
			a->scenes[i]->ops->destroy(a->scenes[i]);
	visit_finish(&a->visit);
	staff_finish(&a->staff);
	platform_destroy(a->platform);
	catalog_destroy(a->cat);
	fit_memo_destroy(a->env.memo);
	focus_finish(&a->focus);
	frame_log_close(a->frames);
	diag_finish(&a->open_err);
	draw_list_finish(&a->dl);
	layout_finish(&a->layout);
	sb_finish(&a->key);
	sb_finish(&a->last_key);
	sb_finish(&a->line);
	sb_finish(&a->last_target);
}

/* The writer's call when it has finished a store: the loop comes to say so. */
static void wake_loop(void *platform)
{
	platform_wake(platform);
}

static void create_scenes(struct app *a)
{
	a->scenes[SC_ATTRACT] = scene_attract_create(&a->env);
	a->scenes[SC_LANGUAGE] = scene_language_create(&a->env);
	a->scenes[SC_INTRO] = scene_intro_create(&a->env);
	a->scenes[SC_SORT] = scene_sort_create(&a->env);
	a->scenes[SC_PROFILE] = scene_profile_create(&a->env);
	a->scenes[SC_THANKS] = scene_thanks_create(&a->env);
	a->scenes[SC_IDLE] = scene_idle_create(&a->env);
	a->scenes[SC_PIN] = scene_pin_create(&a->env);
	a->scenes[SC_STAFF] = scene_staff_create(&a->env);
	a->scenes[SC_CONFIRM] = scene_confirm_create(&a->env);
}

/* Everything but the window, done on the platform's font thread while SDL
 * opens the window (mostly waiting for the display server): the log
 * opened, the scenes made and the first frame laid out, so that its text
 * is rasterised before there is a window to show it in. */
static void prepare(void *ctx, const struct text_metrics *tm, struct platform_prep *prep)
{
	struct app *a = ctx;
	a->prepared = true;
	a->opened = visit_init(&a->visit, a->opt, &a->open_err);
	if (!a->opened)
		return;
	a->env.tm = tm;
	a->env.ks = a->visit.ks;
	a->env.cat = a->cat;
	a->env.assets_dir = a->opt->assets_dir;
	create_scenes(a);
	app_reset_for_next(a);
	int w, h;
	if (!platform_prep_size(prep, &w, &h))
		return;
	build(a, w, h);
	platform_prep_list(prep, &a->dl);
}

enum app_end app_run(const struct app_options *o)
{
	struct app a = {.opt = o, .t0 = clock_mono_ms()};
	int64_t started_us = frame_log_now();
	focus_init(&a.focus);
	draw_list_init(&a.dl);
	layout_init(&a.layout);
	sb_init(&a.key);
	sb_init(&a.last_key);
	sb_init(&a.line);
	sb_init(&a.last_target);
	a.env.memo = fit_memo_create();
	diag_init(&a.open_err);
	staff_init(&a.staff, o->config->pin_hash, o->config->label, (unsigned)o->config->pin_tries,
		   (unsigned)o->config->pin_lock_seconds);

	struct diag err;
	diag_init(&err);
	enum app_end end = APP_END_FAILED;
	a.cat = catalog_load_dir(o->lang_dir, &err);
	if (!a.cat || !offer_languages(&a, &err))
		goto out;
	struct platform_options po = {.title = "visionsort",
				      .fullscreen = o->fullscreen,
				      .width = o->width,
				      .height = o->height,
				      .font_dir = o->font_dir,
				      .compose_file = o->compose_file,
				      .touch_from_stdin = o->touch_from_stdin,
				      .renderer = o->renderer,
				      .prepare = prepare,
				      .prepare_ctx = &a};
	/* A problem with the log is the one to report; the window's only when
	 * the log is fine. */
	struct diag perr;
	diag_init(&perr);
	a.platform = platform_create(&po, &perr);
	/* no display, or no fonts: the log is opened here, as it was first */
	if (!a.prepared)
		a.opened = visit_init(&a.visit, o, &a.open_err);
	const struct diag *first = a.open_err.count ? &a.open_err : &perr;
	for (size_t i = 0; i < first->count; i++)
		diag_add(&err, "%s", first->lines[i]);
	diag_finish(&perr);
	if (!a.platform || !a.opened)
		goto out;
	/* the lock-out a restart must not clear, read back from the log */
	if (!staff_attach_log(&a.staff, a.visit.log, clock_wall_ms(), clock_mono_ms(), &err))
		goto out;
	if (o->frame_log) {
		a.frames = frame_log_open(o->frame_log, &err);
		if (!a.frames)
			goto out;
		frame_log_renderer(a.frames, a.platform);
		frame_log_phase(a.frames, "started", started_us);
		frame_log_phase(a.frames, "window", frame_log_now());
	}
	visit_start_writer(&a.visit, wake_loop, a.platform);
	loop(&a);
	end = a.quit ? APP_END_STAFF_QUIT : APP_END_STOPPED;
	/* Ending mid-session (SIGTERM): what the visitor did is kept, and
	 * said once it is. */
	app_abandon_visit(&a);
	visit_log(&a.visit);
	app_report_stored(&a);
out:
	o->report(&err);
	diag_finish(&err);
	app_finish(&a);
	return end;
}
