/* The way between the kiosk's scenes, and what is stored on the way:
 *
 *   ATTRACT -tap-> LANGUAGE -choose-> INTRO -start-> SORT -Done-> PROFILE -> THANKS
 *      ^                                                                 |
 *      +------------------ restart, or a few seconds ---------------------+
 *
 * From LANGUAGE, INTRO, SORT and PROFILE, no input for --idle-seconds shows
 * IDLE ("are you still there?"); its countdown running out stores a started
 * session as abandoned and returns to ATTRACT, a touch returns to where the
 * visitor was.
 *
 * Staff reach STAFF-PIN from any scene with Ctrl+Alt+S or by holding the
 * top-left corner for three seconds; a visit in progress is stored as
 * abandoned first. The right PIN opens STAFF (export, exit).
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

/* A visit in progress (sorting, or the idle prompt over it) is stored as
 * abandoned: staff or the countdown took the screen, or the kiosk ends. */
void app_abandon_visit(struct app *a)
{
	if (a->current == SC_SORT || (a->current == SC_IDLE && a->before_idle == SC_SORT))
		visit_abandon(&a->visit, catalog_code(a->cat, a->env.lang));
}

void app_enter_staff(struct app *a)
{
	if (a->current == SC_PIN || a->current == SC_STAFF)
		return;
	app_abandon_visit(a);
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
		/* session-saved comes once the writer has it on disk */
		visit_complete(&a->visit, catalog_code(a->cat, a->env.lang));
		go(a, SC_PROFILE);
		return;
	case SCENE_ACTION_PROFILE_DONE: {
		/* The figures first: they wait for the save (long done by now),
		 * and the profile's write need not be waited for. */
		char *lines[3];
		size_t n = visit_thanks_lines(&a->visit, a->cat, a->env.lang, lines, 3);
		visit_set_profile(&a->visit, r.value, r.value2);
		scene_thanks_set_lines(a->scenes[SC_THANKS], (const char *const *)lines, n);
		for (size_t i = 0; i < n; i++)
			free(lines[i]);
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
		app_reset_for_next(a);
		return;
	case SCENE_ACTION_EXPORT:
		export_to(a, r.value);
		return;
	case SCENE_ACTION_EXIT:
		a->quit = true;
		return;
	}
}

bool app_idle_watched(enum scene_id s)
{
	return s == SC_LANGUAGE || s == SC_INTRO || s == SC_SORT || s == SC_PROFILE;
}

/* Timers: idle prompt, its countdown, the thanks scene's return. */
void app_tick(struct app *a)
{
	int64_t now = clock_mono_ms();
	int64_t idle_ms = (int64_t)a->opt->idle_seconds * 1000;
	if (a->corner_down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_down = false;
		app_enter_staff(a);
	} else if ((a->current == SC_PIN || a->current == SC_STAFF) &&
		   now - a->last_input_ms >= idle_ms) {
		app_reset_for_next(a); /* staff who walk away leave no menu open */
	} else if (app_idle_watched(a->current) && now - a->last_input_ms >= idle_ms) {
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
		staff_refresh(&a->staff, a->visit.log, a->cat, a->env.lang, a->scenes[SC_STAFF]);
		a->dirty = true;
	}
}
