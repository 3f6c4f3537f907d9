/* What the kiosk says as each scene appears, and the voice's life with the visit (docs/speech.md):
 *
 *   a speaker button        the text beside it, whatever the mode
 *   reading aloud on:
 *     a scene appears       its title and what to do there
 *     the focus moves       the item: a card's label, description and place, a pile and its
 *                           count, a button's label
 *     a card is picked up   its label and what to do next
 *     a card is dropped     "Kunskapsstad: Ska prägla, plats 2 av 5"
 *     a mistake             what to do instead (no card chosen, nowhere to go back to)
 *   the repeat key          the last utterance again
 *
 * What changed is found by looking, once per loop, at what the visitor now sees (the scene,
 * the session's moves, the card marked selected in the layout), so that a drop is confirmed
 * whether it came from a key, a tap or a drag: the scenes here, the rest in app_say_look.c.
 * The keys and presses that belong to speech (the keypad, repeat, back, speaker buttons, the
 * hold that switches reading aloud on) are app_say_input.c's; the words app_say_parts.c's;
 * saying it app_speech.c's. */
#include "kiosk/app_say_internal.h"
#include "kiosk/app_speech.h"
#include "kiosk/recorded.h"

#include "common/clock.h"
#include "common/xalloc.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include <stdlib.h>
#include <string.h>

/* The thanks scene's top choices as it shows them (its layout): each label, and how many
 * earlier visitors chose it too where it says so. */
static void say_thanks(struct app *a)
{
	bool any = false;
	for (size_t i = 0; i < a->layout.count; i++) {
		const struct layout_item *it = &a->layout.items[i];
		long kw = -1;
		if (it->role == ROLE_CARD && (kw = say_keyword_of(a, it->id)) >= 0) {
			if (!any)
				say_part_text(a, "thanks.your_top");
			any = true;
			say_part_keyword(a, (size_t)kw, ".", false);
		} else if (strncmp(it->id, "others:", 7) == 0 && it->total > 0) {
			char *count = catalog_number(a->cat, say_lang(a), it->count);
			char *total = catalog_number(a->cat, say_lang(a), it->total);
			say_part_format(a, "thanks.others", "count", count, "total", total, NULL,
					NULL);
			free(count);
			free(total);
		}
	}
	if (!any)
		say_part_text(a, "thanks.no_top");
}

void say_scene(struct app *a)
{
	switch (a->current) {
	case SC_LANGUAGE:
		say_begin(a, "scene", "language.prompt");
		if (a->said.announce_on)
			say_part_text(a, "speech.on");
		/* the prompt in every language offered, each in its own voice, each wording once */
		for (size_t i = 0; i < a->env.offered_count; i++)
			if (!scene_language_prompt_repeats(&a->env, i))
				app_speech_part(a->speech, a->env.offered[i], "language.prompt",
						catalog_text(a->cat, a->env.offered[i],
							     "language.prompt"));
		break;
	case SC_INTRO:
		say_begin(a, "scene", "intro.title");
		if (a->said.announce_on)
			say_part_text(a, "speech.on");
		say_part_text(a, "intro.title");
		say_part_text(a, "intro.body");
		break;
	case SC_SORT:
		say_begin(a, "scene", "sort.title");
		say_part_text(a, "sort.title");
		say_part_number(a, "speech.sort_start", "count",
				(long)session_card_count(a->visit.session));
		break;
	case SC_PROFILE:
		say_begin(a, "scene", "profile.title");
		say_part_text(a, "profile.title");
		say_part_text(a, "profile.optional");
		break;
	case SC_THANKS:
		say_begin(a, "scene", "thanks.title");
		say_part_text(a, "thanks.title");
		say_thanks(a);
		say_part_text(a, "thanks.restart");
		break;
	case SC_CONFIRM:
		if (a->confirming != CONFIRM_START_OVER)
			return; /* ending the kiosk is staff's question */
		say_begin(a, "scene", "sort.start_over_title");
		say_part_text(a, "sort.start_over_title");
		say_part_text(a, "sort.start_over_body");
		break;
	case SC_IDLE: {
		say_begin(a, "scene", "idle.title");
		say_part_text(a, "idle.title");
		say_part_text(a, "idle.body");
		int64_t left = a->idle_deadline - clock_mono_ms();
		say_part_number(a, "idle.countdown", "seconds", (long)((left + 999) / 1000));
		break;
	}
	case SC_ATTRACT: /* nobody is there yet */
	case SC_PIN:	 /* staff read their screens */
	case SC_STAFF:
	case SC_COUNT:
		return;
	}
	a->said.announce_on = false;
	app_speech_end(a->speech);
}

/* The volume line of the staff menu, as it is now. */
static void show_volume(struct app *a)
{
	char *line = NULL;
	if (!app_speech_can_speak(a->speech)) {
		line = xstrdup(say_string(a, a->opt->config->speech == CONFIG_SPEECH_OFF
						     ? "staff.speech_off"
						     : "staff.no_sound"));
	} else {
		char *db = catalog_number(a->cat, say_lang(a),
					  app_speech_default_volume(a->speech));
		line = catalog_format(a->cat, say_lang(a), "staff.volume", "db", db,
				      (const char *)NULL);
		free(db);
	}
	scene_staff_set_volume(a->scenes[SC_STAFF], line, app_speech_can_speak(a->speech));
	free(line);
	a->dirty = true;
}

/* Prefetches what this scene's visitor may ask for: a new deal's labels, the buttons' texts. */
static void prefetch_scene(struct app *a)
{
	if (!a->env.speakable)
		return;
	for (size_t i = 0; i < a->layout.count; i++)
		if (a->layout.items[i].say)
			app_speech_prefetch(a->speech, say_lang(a), NULL, a->layout.items[i].say);
	const struct session *s = a->visit.session;
	if (a->current != SC_SORT || !s)
		return;
	struct strbuf id;
	sb_init(&id);
	for (size_t c = 0; c < session_card_count(s); c++) {
		size_t kw = session_card_keyword(s, c);
		sb_clear(&id);
		sb_appendf(&id, "keyword.%s", keyset_keyword_id(a->visit.ks, kw));
		app_speech_prefetch(a->speech, say_lang(a), id.data,
				    keyset_label(a->visit.ks, kw, a->env.ks_lang));
	}
	sb_finish(&id);
	for (int p = 0; p < PILE_COUNT; p++)
		app_speech_prefetch(a->speech, say_lang(a), say_pile_title_id((enum pile)p),
				    say_string(a, say_pile_title_id((enum pile)p)));
	app_speech_prefetch(a->speech, say_lang(a), "sort.title", say_string(a, "sort.title"));
}

void app_say_update(struct app *a)
{
	app_speech_poll(a->speech);
	say_hold_update(a);
	if (a->dirty)
		return; /* look once the visitor can see it */
	if (a->current != a->said.scene) {
		a->said.scene = a->current;
		if (a->current == SC_PIN)
			app_speech_stop(a->speech);
		else if (a->env.read_aloud)
			say_scene(a);
		prefetch_scene(a);
	}
	say_look(a);
}

/* ---- the visit ---- */

void app_say_visit_start(struct app *a)
{
	if (!a->speech)
		return; /* the first visit's reset, made before the voice is opened (app_run) */
	app_speech_stop(a->speech);
	app_speech_set_volume(a->speech, app_speech_default_volume(a->speech));
	a->env.read_aloud = a->env.read_aloud_offered && a->opt->config->speech == CONFIG_SPEECH_ON;
	a->said.announce_on = false;
	a->said.hold = false;
}

void app_say_read_aloud(struct app *a)
{
	a->env.read_aloud = !a->env.read_aloud;
	a->dirty = true;
	say_text(a, "mode", a->env.read_aloud ? "speech.on" : "speech.off");
	if (!a->env.read_aloud)
		app_speech_stop(a->speech);
}

void app_say_language(struct app *a, size_t before)
{
	if (!a->env.read_aloud || app_speech_offers(a->speech, say_lang(a)))
		return;
	/* said in the language just left, which the visitor heard so far */
	app_speech_begin(a->speech, "error", before, "speech.not_available", clock_mono_ms());
	char *s = catalog_format(a->cat, before, "speech.not_available", "language",
				 catalog_name(a->cat, say_lang(a)), (const char *)NULL);
	app_speech_part(a->speech, before, NULL, s);
	free(s);
	app_speech_end(a->speech);
	a->said.scene = a->current; /* the next scene is not said over it */
}

void app_say_staff_volume(struct app *a, int step)
{
	app_speech_set_default_volume(a->speech,
				      app_speech_default_volume(a->speech) + step * VOLUME_STEP_DB);
	show_volume(a);
	a->dirty = true;
	say_text(a, "volume", "staff.volume_test");
}

static void wake(void *ctx)
{
	platform_wake(ctx);
}

static void trace(void *ctx, const struct strbuf *line)
{
	(void)ctx;
	app_trace_print(line);
}

static bool speakable(const struct ui_env *env, size_t lang, const char *id)
{
	const struct app *a = env->speech;
	return id ? app_speech_speakable(a->speech, lang, id) : app_speech_offers(a->speech, lang);
}

void app_say_init(struct app *a, struct diag *err)
{
	a->said.scene = SC_COUNT;
	struct strbuf dir;
	sb_init(&dir);
	if (a->opt->assets_dir)
		sb_appendf(&dir, "%s/speech", a->opt->assets_dir);
	const struct kiosk_config *cfg = a->opt->config;
	struct recorded named = {0};
	if (a->opt->assets_dir)
		recorded_collect(&named, a->cat, a->visit.ks, "", a->opt->assets_dir);
	struct app_speech_options o = {.cat = a->cat,
				       .recordings_dir = a->opt->assets_dir ? dir.data : NULL,
				       .named = named.recs,
				       .nnamed = named.count,
				       .mode = cfg->speech,
				       .volume_db = cfg->volume_db,
				       .wake = wake,
				       .wake_ctx = a->platform,
				       .trace = a->opt->trace ? trace : NULL,
				       .t0 = a->t0};
	a->speech = app_speech_create(&o, err);
	recorded_finish(&named);
	sb_finish(&dir);
	show_volume(a); /* before staff first see the menu, so that nothing moves in it */
	if (!app_speech_can_speak(a->speech))
		return;
	a->env.speakable = speakable;
	a->env.speech = a;
	for (size_t i = 0; i < a->env.offered_count; i++)
		a->env.read_aloud_offered |= app_speech_offers(a->speech, a->env.offered[i]);
}

void app_say_finish(struct app *a)
{
	app_speech_destroy(a->speech);
	a->speech = NULL;
	free(a->said.selected);
	free(a->said.focused);
	free(a->said.speaker);
}
