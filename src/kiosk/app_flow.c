/* The way between the kiosk's scenes, and what is stored on the way:
 *
 *   ATTRACT -tap-> LANGUAGE -choose-> INTRO -start-> SORT -Done-> PROFILE -> THANKS
 *      ^  <-back--    ^  <----back-----                |  ^                  |
 *      |              +---- language (piles kept) -----+  |                  |
 *      |                                                  |                  |
 *      +<-yes-- CONFIRM <-start over-- SORT    CONFIRM -no+                  |
 *      +------------------ restart, or a few seconds ------------------------+
 *
 * From LANGUAGE, INTRO, SORT, PROFILE and the start-over question, no input
 * for --idle-seconds shows IDLE ("are you still there?"); its countdown
 * running out stores a started session as abandoned and returns to
 * ATTRACT, a touch returns to where the visitor was. Starting over stores
 * it as abandoned too.
 *
 * Staff reach STAFF-PIN from any scene with Ctrl+Alt+S or by holding the
 * top-left corner for three seconds. The right PIN opens STAFF (export,
 * exit, which asks first). A visit in progress waits meanwhile: closing the
 * menu, or staff walking away from it, returns to the visitor's scene as
 * it was, in the visitor's language.
 *
 * A scene only raises an action; app_act() and the timers in app_tick()
 * decide where it leads. The loop that feeds them is in app.c. */
#include "kiosk/app_internal.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "model/catalog.h"
#include "ui/scene_sort.h"
#include "ui/scenes.h"

#include <stdlib.h>
#include <string.h>

#define THANKS_MS 12000 /* the thanks scene returns to attract by itself */

void app_report_stored(struct app *a)
{
	struct store_job *job;
	while ((job = visit_take_stored(&a->visit))) {
		if (a->frames)
			frame_log_store(a->frames, job);
		sb_clear(&a->line);
		if (a->opt->trace && visit_trace_stored(job, &a->line, clock_mono_ms() - a->t0))
			app_trace_print(&a->line);
		store_job_destroy(job);
	}
}

static void go(struct app *a, enum scene_id next)
{
	a->current = next;
	focus_clear(&a->focus);
	a->last_input_ms = clock_mono_ms();
	a->env.scene_ms = a->last_input_ms;
	a->dirty = true;
	if (next == SC_THANKS)
		a->thanks_deadline = clock_mono_ms() + THANKS_MS;
}

/* Back to the start for the next visitor: Swedish, normal text size. */
void app_reset_for_next(struct app *a)
{
	a->env.lang = a->offered[0];
	a->env.ks_lang = 0;
	a->env.large_text = false;
	app_say_visit_start(a);
	a->language_from_sort = false;
	a->confirming = CONFIRM_NONE;
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

bool app_staff_shown(const struct app *a)
{
	return a->current == SC_PIN || a->current == SC_STAFF ||
	       (a->current == SC_CONFIRM && a->confirming == CONFIRM_EXIT);
}

/* A visit in progress (a session with cards moved and not yet done) is
 * stored as abandoned: the countdown ran out, the visitor started over,
 * or the kiosk ends. In the language the visitor had, even when staff's
 * scenes show another. */
void app_abandon_visit(struct app *a)
{
	size_t lang = app_staff_shown(a) ? a->visitor_lang : a->env.lang;
	visit_abandon(&a->visit, catalog_code(a->cat, lang));
}

void app_enter_staff(struct app *a)
{
	if (app_staff_shown(a))
		return;
	/* The scene to return to: the one under the idle prompt, or the piles
	 * under the start-over question (which staff's visit answers "no"). */
	a->before_staff = a->current == SC_IDLE	     ? a->before_idle
			  : a->current == SC_CONFIRM ? SC_SORT
						     : a->current;
	a->visitor_lang = a->env.lang;
	a->visitor_ks_lang = a->env.ks_lang;
	a->confirming = CONFIRM_NONE;
	/* Staff read their own screens in the kiosk's first language. */
	a->env.lang = a->offered[0];
	a->env.ks_lang = 0;
	scene_pin_set_message(a->scenes[SC_PIN],
			      a->staff.pin_hash
				      ? NULL
				      : catalog_text(a->cat, a->env.lang, "staff.no_pin"));
	go(a, SC_PIN);
}

/* Back from staff's scenes to the visitor's, as it was. */
static void leave_staff(struct app *a)
{
	a->confirming = CONFIRM_NONE;
	staff_set_message(&a->staff, NULL);
	if (a->before_staff == SC_ATTRACT) {
		app_reset_for_next(a);
		return;
	}
	a->env.lang = a->visitor_lang;
	a->env.ks_lang = a->visitor_ks_lang;
	go(a, a->before_staff);
}

static void ask(struct app *a, enum confirm_kind what)
{
	a->confirming = what;
	if (what == CONFIRM_EXIT)
		scene_confirm_set(a->scenes[SC_CONFIRM], "staff.exit_title", "staff.exit_body",
				  "staff.exit_yes", "staff.exit_no");
	else
		scene_confirm_set(a->scenes[SC_CONFIRM], "sort.start_over_title",
				  "sort.start_over_body", "sort.start_over_yes",
				  "sort.start_over_no");
	go(a, SC_CONFIRM);
}

static void back(struct app *a)
{
	if (a->current == SC_CONFIRM) {
		enum confirm_kind was = a->confirming;
		a->confirming = CONFIRM_NONE;
		go(a, was == CONFIRM_EXIT ? SC_STAFF : SC_SORT);
	} else if (a->current == SC_LANGUAGE && a->language_from_sort) {
		a->language_from_sort = false;
		go(a, SC_SORT);
	} else if (a->current == SC_INTRO && a->env.offered_count > 1) {
		go(a, SC_LANGUAGE);
	} else {
		app_reset_for_next(a);
	}
}

static void confirmed(struct app *a)
{
	if (a->confirming == CONFIRM_EXIT) {
		a->quit = true;
		return;
	}
	app_abandon_visit(a);
	app_reset_for_next(a);
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
	staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang, a->scenes[SC_STAFF]);
	go(a, SC_STAFF);
}

static void export_to(struct app *a, int drive)
{
	/* Staff see that something happens before the (seconds-long, for a
	 * big log) export starts: the menu is drawn once with "Exporting …". */
	staff_set_message(&a->staff, catalog_text(a->cat, a->env.lang, "staff.exporting"));
	staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang, a->scenes[SC_STAFF]);
	app_render(a);
	char *path = NULL;
	uint64_t n = staff_export(&a->staff, visit_log(&a->visit), a->cat, a->env.lang,
				  (size_t)drive, &path);
	if (path && a->opt->trace) {
		sb_clear(&a->line);
		sb_appendf(&a->line, "{\"t\":%lld,\"event\":\"exported\",\"file\":",
			   (long long)(clock_mono_ms() - a->t0));
		sb_append_json(&a->line, path);
		sb_appendf(&a->line, ",\"sessions\":%llu}", (unsigned long long)n);
		app_trace_print(&a->line);
	}
	free(path);
	staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang, a->scenes[SC_STAFF]);
}

/* Export asked for when no drive was listed: look again, since the stick
 * may have gone in after the menu opened; only now is "none" a problem. */
static void find_drives(struct app *a)
{
	staff_set_message(&a->staff, NULL);
	staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang, a->scenes[SC_STAFF]);
	if (a->staff.ndrives == 0) {
		staff_set_problem(&a->staff, catalog_text(a->cat, a->env.lang, "staff.no_drive"));
		staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang,
			      a->scenes[SC_STAFF]);
	}
}

void app_act(struct app *a, struct scene_result r)
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
	case SCENE_ACTION_LANGUAGE: {
		size_t before = a->env.lang;
		choose_language(a, (size_t)r.value);
		/* Changed while sorting: back to the same piles, in new words. */
		go(a, a->language_from_sort ? SC_SORT : SC_INTRO);
		a->language_from_sort = false;
		app_say_language(a, before);
		return;
	}
	case SCENE_ACTION_CHOOSE_LANGUAGE:
		a->language_from_sort = true;
		go(a, SC_LANGUAGE);
		return;
	case SCENE_ACTION_BACK:
		back(a);
		return;
	case SCENE_ACTION_START_OVER:
		ask(a, CONFIRM_START_OVER);
		return;
	case SCENE_ACTION_CONFIRM:
		confirmed(a);
		return;
	case SCENE_ACTION_READ_ALOUD:
		app_say_read_aloud(a);
		return;
	case SCENE_ACTION_VOLUME:
		app_say_staff_volume(a, r.value);
		return;
	case SCENE_ACTION_INTRO_DONE:
		visit_deal(&a->visit);
		scene_sort_set_session(a->scenes[SC_SORT], a->visit.session);
		go(a, SC_SORT);
		return;
	case SCENE_ACTION_SESSION_DONE:
		/* session-saved comes once the writer has it on disk */
		visit_complete(&a->visit, catalog_code(a->cat, a->env.lang));
		go(a, SC_PROFILE);
		return;
	case SCENE_ACTION_PROFILE_DONE: {
		/* The figures first: they wait for the save (long done by now),
		 * and the profile's write need not be waited for. */
		struct thanks_choice top[THANKS_TOP];
		int min = a->opt->config->compare_min_sessions;
		size_t n = visit_thanks_top(&a->visit, min, top, THANKS_TOP);
		visit_set_profile(&a->visit, r.value, r.value2);
		scene_thanks_set(a->scenes[SC_THANKS], top, n, min);
		go(a, SC_THANKS);
		return;
	}
	case SCENE_ACTION_RESTART:
		app_reset_for_next(a);
		return;
	case SCENE_ACTION_CONTINUE:
		go(a, a->before_idle);
		return;
	case SCENE_ACTION_STAFF:
		app_enter_staff(a);
		return;
	case SCENE_ACTION_PIN:
		check_pin(a);
		return;
	case SCENE_ACTION_CLOSE:
		leave_staff(a);
		return;
	case SCENE_ACTION_EXPORT:
		export_to(a, r.value);
		return;
	case SCENE_ACTION_FIND_DRIVES:
		find_drives(a);
		return;
	case SCENE_ACTION_EXIT:
		ask(a, CONFIRM_EXIT);
		return;
	}
}

bool app_idle_watched(const struct app *a)
{
	enum scene_id s = a->current;
	return s == SC_LANGUAGE || s == SC_INTRO || s == SC_SORT || s == SC_PROFILE ||
	       (s == SC_CONFIRM && a->confirming == CONFIRM_START_OVER);
}

/* Timers: idle prompt, its countdown, the thanks scene's return. */
void app_tick(struct app *a)
{
	int64_t now = clock_mono_ms();
	int64_t idle_ms = (int64_t)a->opt->idle_seconds * 1000;
	if (a->corner_down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_down = false;
		app_enter_staff(a);
	} else if (app_staff_shown(a) && now - a->last_input_ms >= idle_ms) {
		leave_staff(a); /* staff who walk away leave no menu open */
	} else if (app_idle_watched(a) && now - a->last_input_ms >= idle_ms) {
		a->before_idle = a->current;
		a->idle_deadline = now + countdown_ms(a);
		scene_idle_set_deadline(a->scenes[SC_IDLE], a->idle_deadline);
		go(a, SC_IDLE);
	} else if (a->current == SC_IDLE && now >= a->idle_deadline) {
		app_abandon_visit(a);
		app_reset_for_next(a);
	} else if (a->current == SC_THANKS && now >= a->thanks_deadline) {
		app_reset_for_next(a);
	}
	if (a->current == SC_STAFF && staff_drives_changed(&a->staff, now)) {
		staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang,
			      a->scenes[SC_STAFF]);
		/* "No stick found" is past once one is in. */
		const char *none = catalog_text(a->cat, a->env.lang, "staff.no_drive");
		if (a->staff.ndrives > 0 && a->staff.message &&
		    strcmp(a->staff.message, none) == 0) {
			staff_set_message(&a->staff, NULL);
			staff_refresh(&a->staff, visit_log(&a->visit), a->cat, a->env.lang,
				      a->scenes[SC_STAFF]);
		}
		a->dirty = true;
	}
}
