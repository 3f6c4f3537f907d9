/* The kiosk's loop and the way between its scenes:
 *
 *   ATTRACT -tap-> LANGUAGE -choose-> INTRO -start-> SORT -Done-> PROFILE -> THANKS
 *      ^                                                                 |
 *      +------------------ restart, or a few seconds ---------------------+
 *
 * From LANGUAGE, INTRO, SORT and PROFILE, no input for --idle-seconds shows
 * IDLE ("are you still there?"); its countdown running out stores a started
 * session as abandoned and returns to ATTRACT, a touch returns to where the
 * visitor was. The loop waits for input and redraws only when something
 * changed, or ~30 times a second while a scene animates. The layout trace
 * is printed after the frame that shows it. Keyboard focus and right-to-left
 * mirroring are done here, for every scene alike.
 *
 * Staff reach STAFF-PIN from any scene with Ctrl+Alt+S or by holding the
 * top-left corner for three seconds; a visit in progress is stored as
 * abandoned first. The right PIN opens STAFF (export, exit). */
#include "cli/app.h"

#include "cli/app_session.h"
#include "cli/app_staff.h"
#include "cli/cli.h"
#include "common/clock.h"
#include "common/fsutil.h"
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

#define FRAME_MS 33	/* ~30 frames a second while animating */
#define THANKS_MS 12000 /* the thanks scene returns to attract by itself */
#define MAX_OFFERED 16
#define STAFF_HOLD_MS 3000 /* the hidden corner press */

enum scene_id {
	SC_ATTRACT,
	SC_LANGUAGE,
	SC_INTRO,
	SC_SORT,
	SC_PROFILE,
	SC_THANKS,
	SC_IDLE,
	SC_PIN,
	SC_STAFF,
	SC_COUNT
};

struct app {
	const struct app_options *opt;
	struct catalog *cat;
	struct platform *platform;
	struct ui_env env;
	size_t offered[MAX_OFFERED];
	struct visit visit; /* the keyword set, the log and the session on screen */
	struct staff_access staff;
	bool corner_down; /* a press is held on the staff corner */
	int64_t corner_pointer;
	int64_t corner_since;
	bool quit; /* staff chose to end the kiosk */

	struct scene *scenes[SC_COUNT];
	enum scene_id current;
	enum scene_id before_idle;
	int64_t idle_deadline;	 /* IDLE: when the countdown ends */
	int64_t thanks_deadline; /* THANKS: when it returns to attract */
	int64_t last_input_ms;
	int64_t last_frame_ms;

	struct focus focus;
	struct draw_list dl;
	struct layout layout;
	struct strbuf key, last_key, line;
	int64_t t0;
	bool dirty;
};

static void trace_print(const struct strbuf *sb)
{
	fputs(sb_str(sb), stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

static void trace_visit_event(struct app *a, const char *event)
{
	if (!a->opt->trace)
		return;
	sb_clear(&a->line);
	visit_trace_line(&a->visit, &a->line, clock_mono_ms() - a->t0, event);
	trace_print(&a->line);
}

static void go(struct app *a, enum scene_id next)
{
	a->current = next;
	focus_clear(&a->focus);
	a->last_input_ms = clock_mono_ms();
	a->dirty = true;
	if (next == SC_THANKS)
		a->thanks_deadline = clock_mono_ms() + THANKS_MS;
}

/* Back to the start for the next visitor: Swedish, normal text size. */
static void reset_for_next(struct app *a)
{
	a->env.lang = a->offered[0];
	a->env.ks_lang = 0;
	a->env.large_text = false;
	go(a, SC_ATTRACT);
}

static void choose_language(struct app *a, size_t lang)
{
	a->env.lang = lang;
	int col = keyset_language_index(a->visit.ks, catalog_code(a->cat, lang));
	a->env.ks_lang = col >= 0 ? (size_t)col : 0;
}

static int countdown_ms(const struct app *a)
{
	int64_t idle_ms = (int64_t)a->opt->idle_seconds * 1000;
	int64_t c = (int64_t)a->opt->idle_countdown_seconds * 1000;
	return (int)(c < idle_ms ? c : idle_ms);
}

static void enter_staff(struct app *a)
{
	if (a->current == SC_PIN || a->current == SC_STAFF)
		return;
	if (a->current == SC_SORT || (a->current == SC_IDLE && a->before_idle == SC_SORT))
		if (visit_abandon(&a->visit, catalog_code(a->cat, a->env.lang)))
			trace_visit_event(a, "session-abandoned");
	/* Staff read their own screens in the kiosk's first language. */
	a->env.lang = a->offered[0];
	a->env.ks_lang = 0;
	scene_pin_set_message(a->scenes[SC_PIN],
			      a->staff.pin_hash
				      ? NULL
				      : catalog_text(a->cat, a->env.lang, "staff.no_pin"));
	go(a, SC_PIN);
}

static void check_pin(struct app *a)
{
	char pin[16];
	scene_pin_take(a->scenes[SC_PIN], pin, sizeof(pin));
	char *message = NULL;
	bool ok = staff_check(&a->staff, a->cat, a->env.lang, pin, clock_mono_ms(), &message);
	memset(pin, 0, sizeof(pin));
	scene_pin_set_message(a->scenes[SC_PIN], message);
	free(message);
	if (!ok)
		return;
	staff_refresh(&a->staff, a->visit.log, a->cat, a->env.lang, a->scenes[SC_STAFF]);
	go(a, SC_STAFF);
}

static void render(struct app *a);

static void export_to(struct app *a, int drive)
{
	/* Staff see that something happens before the (seconds-long, for a
	 * big log) export starts: the menu is drawn once with "Exporting …". */
	staff_set_message(&a->staff, catalog_text(a->cat, a->env.lang, "staff.exporting"));
	staff_refresh(&a->staff, a->visit.log, a->cat, a->env.lang, a->scenes[SC_STAFF]);
	render(a);
	char *path = NULL;
	uint64_t n = staff_export(&a->staff, a->visit.log, a->cat, a->env.lang, (size_t)drive,
				  &path);
	if (path && a->opt->trace) {
		sb_clear(&a->line);
		sb_appendf(&a->line, "{\"t\":%lld,\"event\":\"exported\",\"file\":",
			   (long long)(clock_mono_ms() - a->t0));
		sb_append_json(&a->line, path);
		sb_appendf(&a->line, ",\"sessions\":%llu}", (unsigned long long)n);
		trace_print(&a->line);
	}
	free(path);
	staff_refresh(&a->staff, a->visit.log, a->cat, a->env.lang, a->scenes[SC_STAFF]);
}

static void act(struct app *a, struct scene_result r)
{
	switch (r.action) {
	case SCENE_ACTION_NONE:
		return;
	case SCENE_ACTION_TEXT_SIZE:
		a->env.large_text = !a->env.large_text;
		a->dirty = true;
		return;
	case SCENE_ACTION_START:
		if (a->env.offered_count > 1) {
			go(a, SC_LANGUAGE);
			return;
		}
		go(a, SC_INTRO);
		return;
	case SCENE_ACTION_LANGUAGE:
		choose_language(a, (size_t)r.value);
		go(a, SC_INTRO);
		return;
	case SCENE_ACTION_INTRO_DONE:
		visit_deal(&a->visit);
		scene_sort_set_session(a->scenes[SC_SORT], a->visit.session);
		go(a, SC_SORT);
		return;
	case SCENE_ACTION_SESSION_DONE:
		if (visit_complete(&a->visit, catalog_code(a->cat, a->env.lang)))
			trace_visit_event(a, "session-saved");
		go(a, SC_PROFILE);
		return;
	case SCENE_ACTION_PROFILE_DONE: {
		visit_set_profile(&a->visit, r.value, r.value2);
		char *lines[3];
		size_t n = visit_thanks_lines(&a->visit, a->cat, a->env.lang, lines, 3);
		scene_thanks_set_lines(a->scenes[SC_THANKS], (const char *const *)lines, n);
		for (size_t i = 0; i < n; i++)
			free(lines[i]);
		go(a, SC_THANKS);
		return;
	}
	case SCENE_ACTION_RESTART:
		reset_for_next(a);
		return;
	case SCENE_ACTION_CONTINUE:
		go(a, a->before_idle);
		return;
	case SCENE_ACTION_STAFF:
		enter_staff(a);
		return;
	case SCENE_ACTION_PIN:
		check_pin(a);
		return;
	case SCENE_ACTION_CLOSE:
		reset_for_next(a);
		return;
	case SCENE_ACTION_EXPORT:
		export_to(a, r.value);
		return;
	case SCENE_ACTION_EXIT:
		a->quit = true;
		return;
	}
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

static void render(struct app *a)
{
	int w, h;
	platform_size(a->platform, &w, &h);
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
	platform_present(a->platform, &a->dl);
	a->dirty = false;
	a->last_frame_ms = a->env.now_ms;
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
	trace_print(&a->line);
}

static void to_scene(struct app *a, const struct input_event *ev)
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
		act(a, r);
		a->dirty = true;
	}
	/* Every drop is journaled, so a crash loses at most the last move. */
	if (a->current == SC_SORT && visit_changed(&a->visit))
		visit_journal(&a->visit, catalog_code(a->cat, a->env.lang));
}

/* Enter on the focused item is a tap at its centre, so keyboard users
 * reach exactly what touch users reach. */
static void press_focused(struct app *a, const struct input_event *ev)
{
	const struct layout_item *it = focus_item(&a->focus, &a->layout);
	if (!it)
		return;
	struct input_event tap = {.kind = INPUT_POINTER_DOWN,
				  .pointer = -1,
				  .x = it->r.x + it->r.w / 2,
				  .y = it->r.y + it->r.h / 2,
				  .time_ms = ev->time_ms};
	to_scene(a, &tap);
	tap.kind = INPUT_POINTER_UP;
	to_scene(a, &tap);
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
	if (ev->kind == INPUT_KEY && ev->key == KEY_STAFF) {
		enter_staff(a);
		return true;
	}
	if (ev->kind == INPUT_KEY && (ev->key == KEY_DIGIT || ev->key == KEY_BACKSPACE)) {
		to_scene(a, ev);
		return true;
	}
	if (ev->kind == INPUT_KEY) {
		if (focus_key(&a->focus, &a->layout, ev))
			a->dirty = true;
		else if (ev->key == KEY_ENTER)
			press_focused(a, ev);
		return !a->quit;
	}
	to_scene(a, ev);
	return !a->quit;
}

static bool idle_watched(enum scene_id s)
{
	return s == SC_LANGUAGE || s == SC_INTRO || s == SC_SORT || s == SC_PROFILE;
}

/* Timers: idle prompt, its countdown, the thanks scene's return. */
static void tick(struct app *a)
{
	int64_t now = clock_mono_ms();
	int64_t idle_ms = (int64_t)a->opt->idle_seconds * 1000;
	if (a->corner_down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_down = false;
		enter_staff(a);
	} else if ((a->current == SC_PIN || a->current == SC_STAFF) &&
		   now - a->last_input_ms >= idle_ms) {
		reset_for_next(a); /* staff who walk away leave no menu open */
	} else if (idle_watched(a->current) && now - a->last_input_ms >= idle_ms) {
		a->before_idle = a->current;
		a->idle_deadline = now + countdown_ms(a);
		scene_idle_set_deadline(a->scenes[SC_IDLE], a->idle_deadline);
		go(a, SC_IDLE);
	} else if (a->current == SC_IDLE && now >= a->idle_deadline) {
		if (a->before_idle == SC_SORT &&
		    visit_abandon(&a->visit, catalog_code(a->cat, a->env.lang)))
			trace_visit_event(a, "session-abandoned");
		reset_for_next(a);
	} else if (a->current == SC_THANKS && now >= a->thanks_deadline) {
		reset_for_next(a);
	}
	if (a->current == SC_STAFF && staff_drives_changed(&a->staff, now)) {
		staff_refresh(&a->staff, a->visit.log, a->cat, a->env.lang, a->scenes[SC_STAFF]);
		a->dirty = true;
	}
}

/* How long the loop may sleep before a timer or the next animation frame. */
static int timeout_ms(struct app *a)
{
	int64_t now = clock_mono_ms();
	int64_t until = INT32_MAX;
	if (idle_watched(a->current) || a->current == SC_PIN || a->current == SC_STAFF)
		until = a->last_input_ms + (int64_t)a->opt->idle_seconds * 1000;
	if (a->corner_down && a->corner_since + STAFF_HOLD_MS < until)
		until = a->corner_since + STAFF_HOLD_MS;
	else if (a->current == SC_IDLE)
		until = a->idle_deadline;
	else if (a->current == SC_THANKS)
		until = a->thanks_deadline;
	if (a->current == SC_STAFF && now + STAFF_DRIVES_POLL_MS < until)
		until = now + STAFF_DRIVES_POLL_MS;
	const struct scene *sc = a->scenes[a->current];
	if (sc->ops->animating && sc->ops->animating(sc) && a->last_frame_ms + FRAME_MS < until)
		until = a->last_frame_ms + FRAME_MS;
	if (until == INT32_MAX)
		return -1;
	return until > now ? (int)(until - now) : 0;
}

static void loop(struct app *a)
{
	for (;;) {
		tick(a);
		const struct scene *sc = a->scenes[a->current];
		if (sc->ops->animating && sc->ops->animating(sc) &&
		    clock_mono_ms() - a->last_frame_ms >= FRAME_MS)
			a->dirty = true;
		if (a->dirty)
			render(a);
		struct input_event ev;
		if (!platform_next_event(a->platform, timeout_ms(a), &ev))
			continue;
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
	for (int i = 0; i < SC_COUNT; i++)
		if (a->scenes[i])
			a->scenes[i]->ops->destroy(a->scenes[i]);
	visit_finish(&a->visit);
	staff_finish(&a->staff);
	platform_destroy(a->platform);
	catalog_destroy(a->cat);
	fit_memo_destroy(a->env.memo);
	focus_finish(&a->focus);
	draw_list_finish(&a->dl);
	layout_finish(&a->layout);
	sb_finish(&a->key);
	sb_finish(&a->last_key);
	sb_finish(&a->line);
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
}

int app_run(const struct app_options *o)
{
	struct app a = {.opt = o, .t0 = clock_mono_ms()};
	focus_init(&a.focus);
	draw_list_init(&a.dl);
	layout_init(&a.layout);
	sb_init(&a.key);
	sb_init(&a.last_key);
	sb_init(&a.line);
	a.env.memo = fit_memo_create();
	staff_init(&a.staff, o->config->pin_hash, o->config->label);

	struct diag err;
	diag_init(&err);
	int code = EXIT_OK;
	a.cat = catalog_load_dir(o->lang_dir, &err);
	if (!a.cat || !offer_languages(&a, &err) || !visit_init(&a.visit, o, &err)) {
		code = EXIT_FAIL;
		goto out;
	}
	struct platform_options po = {.title = "visionsort",
				      .fullscreen = o->fullscreen,
				      .width = o->width,
				      .height = o->height,
				      .font_dir = o->font_dir,
				      .touch_from_stdin = o->touch_from_stdin};
	a.platform = platform_create(&po, &err);
	if (!a.platform) {
		code = EXIT_FAIL;
		goto out;
	}
	a.env.tm = platform_text_metrics(a.platform);
	a.env.ks = a.visit.ks;
	a.env.cat = a.cat;
	a.env.assets_dir = o->assets_dir;
	create_scenes(&a);
	reset_for_next(&a);
	loop(&a);
	if (a.quit)
		code = EXIT_STAFF_QUIT;
	/* Ending mid-session (SIGTERM): what the visitor did is kept. */
	if (a.current == SC_SORT || (a.current == SC_IDLE && a.before_idle == SC_SORT))
		if (visit_abandon(&a.visit, catalog_code(a.cat, a.env.lang)))
			trace_visit_event(&a, "session-abandoned");
out:
	cli_report(&err);
	diag_finish(&err);
	app_finish(&a);
	return code;
}
