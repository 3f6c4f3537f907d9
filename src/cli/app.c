/* The kiosk's loop: wait for input, let the scene react, store what the
 * scene asks to store, and redraw only when something changed (a still
 * screen costs no CPU). The layout trace is printed from here, after the
 * frame that shows it, so a test reads exactly what was drawn. */
#include "cli/app.h"

#include "cli/cli.h"
#include "common/clock.h"
#include "common/fsutil.h"
#include "common/rng.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "model/deal.h"
#include "model/keyset.h"
#include "model/session.h"
#include "platform/platform.h"
#include "store/log.h"
#include "ui/scene_sort.h"
#include "ui/strings.h"
#include "ui/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app {
	const struct app_options *opt;
	struct keyset *ks;
	struct log *log;
	struct platform *platform;
	struct ui_env env;
	struct scene *scene;

	struct rng deal_rng; /* dealing only: --seed replays the same deals */
	uint32_t *deal_counts;
	size_t *dealt;
	struct session *session;
	char session_uuid[37];
	int64_t session_started_ms; /* wall clock of the visitor's first touch; 0 before */

	struct draw_list dl;
	struct layout layout;
	struct strbuf key, last_key, line;
	int64_t t0;
	int64_t last_input_ms;
	bool dirty;
};

static void trace_print(struct app *a, const struct strbuf *sb)
{
	fputs(sb_str(sb), stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

static void deal_next(struct app *a)
{
	session_destroy(a->session);
	size_t n = deal_cards(&a->deal_rng, a->deal_counts, keyset_count(a->ks),
			      (size_t)a->opt->cards, a->dealt);
	a->session = session_create(a->dealt, n);
	if (!uuid_v4(a->session_uuid))
		memcpy(a->session_uuid, "00000000-0000-4000-8000-000000000000", 37);
	a->session_started_ms = 0;
	scene_sort_set_session(a->scene, a->session);
	a->dirty = true;
}

/* Stores the session on screen; false (with the reason on stderr) if the
 * log refused it. The visitor never sees an error: the kiosk goes on. */
static bool store_session(struct app *a)
{
	int64_t now = clock_wall_ms();
	struct session_meta meta = {
		.uuid = a->session_uuid,
		.site = NULL,
		.language = keyset_language(a->ks, a->env.lang),
		.started_ms = a->session_started_ms ? a->session_started_ms : now,
		.ended_ms = now,
	};
	struct diag err;
	diag_init(&err);
	bool ok = log_save_session(a->log, a->ks, a->session, &meta, &err);
	if (!ok)
		cli_report(&err);
	diag_finish(&err);
	return ok;
}

static void trace_event(struct app *a, const char *event)
{
	if (!a->opt->trace)
		return;
	sb_clear(&a->line);
	if (strcmp(event, "session-saved") == 0) {
		trace_session_saved(&a->line, clock_mono_ms() - a->t0, a->session_uuid,
				    session_placed_count(a->session));
	} else {
		sb_appendf(&a->line, "{\"t\":%lld,\"event\":", (long long)(clock_mono_ms() - a->t0));
		sb_append_json(&a->line, event);
		sb_append(&a->line, ",\"session\":");
		sb_append_json(&a->line, a->session_uuid);
		sb_appendf(&a->line, ",\"placed\":%zu}", session_placed_count(a->session));
	}
	trace_print(a, &a->line);
}

static void finish_session(struct app *a)
{
	if (session_complete(a->session) && store_session(a))
		trace_event(a, "session-saved");
	deal_next(a);
}

/* A visitor who walked away: keep what they did, start fresh for the next. */
static void abandon_session(struct app *a)
{
	if (session_state(a->session) != SESSION_SORTING)
		return;
	session_abandon(a->session);
	if (store_session(a))
		trace_event(a, "session-abandoned");
}

static void render(struct app *a)
{
	int w, h;
	platform_size(a->platform, &w, &h);
	draw_list_clear(&a->dl);
	layout_clear(&a->layout);
	a->scene->ops->build(a->scene, w, h, &a->dl, &a->layout);
	platform_present(a->platform, &a->dl);
	a->dirty = false;
	if (!a->opt->trace || a->scene->ops->busy(a->scene))
		return;
	sb_clear(&a->key);
	trace_layout_key(&a->key, a->scene->ops->name, w, h, &a->layout);
	if (a->last_key.data && strcmp(sb_str(&a->key), sb_str(&a->last_key)) == 0)
		return;
	sb_clear(&a->last_key);
	sb_append(&a->last_key, sb_str(&a->key));
	sb_clear(&a->line);
	trace_layout_line(&a->line, clock_mono_ms() - a->t0, a->scene->ops->name, w, h,
			  &a->layout);
	trace_print(a, &a->line);
}

/* Returns false when the kiosk should end. */
static bool handle(struct app *a, const struct input_event *ev)
{
	if (ev->kind == INPUT_TERMINATE)
		return false;
	if (ev->kind == INPUT_POINTER_DOWN || ev->kind == INPUT_POINTER_MOVE ||
	    ev->kind == INPUT_POINTER_UP) {
		a->last_input_ms = clock_mono_ms();
		if (!a->session_started_ms && ev->kind == INPUT_POINTER_DOWN)
			a->session_started_ms = clock_wall_ms();
	}
	if (a->scene->ops->input(a->scene, ev))
		a->dirty = true;
	if (a->scene->ops->take_action(a->scene) == SCENE_ACTION_SESSION_DONE)
		finish_session(a);
	return true;
}

static void loop(struct app *a)
{
	const int64_t idle_ms = (int64_t)a->opt->idle_seconds * 1000;
	for (;;) {
		if (a->dirty)
			render(a);
		int timeout = -1;
		if (session_state(a->session) == SESSION_SORTING) {
			int64_t left = a->last_input_ms + idle_ms - clock_mono_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		struct input_event ev;
		if (!platform_next_event(a->platform, timeout, &ev)) {
			if (session_state(a->session) == SESSION_SORTING &&
			    clock_mono_ms() - a->last_input_ms >= idle_ms) {
				abandon_session(a);
				deal_next(a);
			}
			continue;
		}
		if (!handle(a, &ev))
			return;
		/* Take everything already queued before drawing, so a fast drag
		 * costs one frame per batch of motion, not one per event. */
		while (platform_next_event(a->platform, 0, &ev))
			if (!handle(a, &ev))
				return;
	}
}

static bool open_inputs(struct app *a, struct diag *err)
{
	a->ks = keyset_load(a->opt->keywords_path, err);
	if (!a->ks)
		return false;
	if (!fs_mkdirs_for(a->opt->db_path, err))
		return false;
	a->log = log_open(a->opt->db_path, err);
	if (!a->log || !log_register_keyset(a->log, a->ks, err))
		return false;
	a->deal_counts = xcalloc(keyset_count(a->ks), sizeof(*a->deal_counts));
	a->dealt = xcalloc(keyset_count(a->ks), sizeof(*a->dealt));
	return log_deal_counts(a->log, a->ks, a->deal_counts, err);
}

static void app_finish(struct app *a)
{
	if (a->scene)
		a->scene->ops->destroy(a->scene);
	session_destroy(a->session);
	platform_destroy(a->platform);
	log_close(a->log);
	keyset_destroy(a->ks);
	free(a->deal_counts);
	free(a->dealt);
	draw_list_finish(&a->dl);
	layout_finish(&a->layout);
	sb_finish(&a->key);
	sb_finish(&a->last_key);
	sb_finish(&a->line);
}

int app_run(const struct app_options *o)
{
	struct app a = {.opt = o, .t0 = clock_mono_ms()};
	draw_list_init(&a.dl);
	layout_init(&a.layout);
	sb_init(&a.key);
	sb_init(&a.last_key);
	sb_init(&a.line);
	if (o->seeded)
		rng_seed(&a.deal_rng, o->seed);
	else
		rng_seed_random(&a.deal_rng);

	struct diag err;
	diag_init(&err);
	int code = EXIT_OK;
	if (!open_inputs(&a, &err)) {
		code = EXIT_FAIL;
		goto out;
	}
	struct platform_options po = {.title = "visionsort",
				      .fullscreen = o->fullscreen,
				      .width = o->width,
				      .height = o->height,
				      .font_dir = o->font_dir};
	a.platform = platform_create(&po, &err);
	if (!a.platform) {
		code = EXIT_FAIL;
		goto out;
	}
	a.env = (struct ui_env){.tm = platform_text_metrics(a.platform),
				.ks = a.ks,
				.lang = 0,
				.str = strings_builtin_sv()};
	a.scene = scene_sort_create(&a.env);
	deal_next(&a);
	a.last_input_ms = clock_mono_ms();
	loop(&a);
	/* Ending mid-session (SIGTERM): what the visitor did is kept. */
	abandon_session(&a);
out:
	cli_report(&err);
	diag_finish(&err);
	app_finish(&a);
	return code;
}
