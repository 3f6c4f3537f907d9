/* What the kiosk says, and when (docs/speech.md):
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
 * whether it came from a key, a tap or a drag. The keypad's digits become arrows and Enter
 * here, outside the PIN pad; the attract screen held for two seconds switches reading aloud
 * on. Saying it is app_speech.c's part. */
#include "kiosk/app_internal.h"
#include "kiosk/app_speech.h"
#include "kiosk/recorded.h"

#include "common/clock.h"
#include "common/xalloc.h"
#include "ui/scenes.h"
#include "ui/speaker.h"
#include "ui/theme.h"

#include <stdlib.h>
#include <string.h>

#define HOLD_MS 2000	/* the attract screen held this long switches reading aloud on */
#define HOLD_SLOP_MM 10 /* a hold that wanders further is a swipe */
#define VOLUME_STEP_DB 3

static size_t lang_of(const struct app *a)
{
	return a->env.lang;
}

static const char *text(const struct app *a, const char *id)
{
	return catalog_text(a->cat, lang_of(a), id);
}

/* A catalog text as a part of the utterance, its recording found by its id. */
static void part_text(struct app *a, const char *id)
{
	app_speech_part(a->speech, lang_of(a), id, text(a, id));
}

/* A text made from a template: said by the voice (a recording cannot hold the numbers). */
static void part_format(struct app *a, const char *id, const char *k1, const char *v1,
			const char *k2, const char *v2, const char *k3, const char *v3)
{
	char *s = catalog_format(a->cat, lang_of(a), id, k1, v1, k2, v2, k3, v3,
				 (const char *)NULL);
	app_speech_part(a->speech, lang_of(a), NULL, s);
	free(s);
}

static void part_number(struct app *a, const char *id, const char *key, long n)
{
	char *num = catalog_number(a->cat, lang_of(a), n);
	part_format(a, id, key, num, NULL, NULL, NULL, NULL);
	free(num);
}

static void begin(struct app *a, const char *why, const char *id)
{
	app_speech_begin(a->speech, why, lang_of(a), id, clock_mono_ms());
}

/* ---- what a thing is called ---- */

static long keyword_of(const struct app *a, const char *card_id)
{
	const char *kw = strncmp(card_id, "card:", 5) == 0 ? card_id + 5 : card_id;
	return keyset_find(a->visit.ks, kw);
}

/* A keyword's label, and with described its description after it: "keyword.<id>" and
 * "keyword.<id>.description", as their recordings are named. The description answers "what is
 * this card?" (the focus on it, its speaker); where the label starts a sentence that goes on
 * ("Kunskapsstad är valt", "Kunskapsstad: Passar, plats 2 av 5") it would break that. */
static void part_keyword(struct app *a, size_t kw, const char *after, bool described)
{
	const struct keyset *ks = a->visit.ks;
	struct strbuf id, said;
	sb_init(&id);
	sb_init(&said);
	sb_appendf(&id, "keyword.%s", keyset_keyword_id(ks, kw));
	sb_appendf(&said, "%s%s", keyset_label(ks, kw, a->env.ks_lang), after);
	app_speech_part(a->speech, lang_of(a), id.data, said.data);
	const char *description = described ? keyset_description(ks, kw,
								 catalog_code(a->cat, lang_of(a)))
					    : NULL;
	if (description) {
		sb_append(&id, ".description");
		app_speech_part(a->speech, lang_of(a), id.data, description);
	}
	sb_finish(&id);
	sb_finish(&said);
}

static const char *pile_title_id(enum pile p)
{
	static const char *const ids[PILE_COUNT] = {"sort.pile.deck", "sort.pile.yes",
						    "sort.pile.no", "sort.pile.neutral"};
	return ids[p];
}

/* "Ska prägla Norrköping 2035, plats 2 av 5" for card. */
static void part_place(struct app *a, size_t card)
{
	const struct session *s = a->visit.session;
	enum pile p = session_card_pile(s, card);
	char *n = catalog_number(a->cat, lang_of(a), (long)session_card_position(s, card) + 1);
	char *count = catalog_number(a->cat, lang_of(a), (long)session_pile_size(s, p));
	char *place = catalog_format(a->cat, lang_of(a), "speech.position", "pile",
				     text(a, pile_title_id(p)), "n", n, "count", count,
				     (const char *)NULL);
	struct strbuf said;
	sb_init(&said);
	sb_appendf(&said, "%s.", place); /* a full stop: whatever follows is a new sentence */
	app_speech_part(a->speech, lang_of(a), NULL, said.data);
	sb_finish(&said);
	free(place);
	free(n);
	free(count);
}

/* The session's card showing keyword kw, or SIZE_MAX. */
static size_t card_of(const struct app *a, long kw)
{
	const struct session *s = a->visit.session;
	for (size_t c = 0; s && kw >= 0 && c < session_card_count(s); c++)
		if (session_card_keyword(s, c) == (size_t)kw)
			return c;
	return SIZE_MAX;
}

/* Says item (a layout item of the scene on screen): why is "focus" or "tap". */
static void say_item(struct app *a, const struct layout_item *it, const char *why)
{
	const char *id = it->id;
	if (strncmp(id, "card:", 5) == 0) {
		long kw = keyword_of(a, id);
		size_t card = card_of(a, kw);
		if (card == SIZE_MAX)
			return;
		struct strbuf main_id;
		sb_init(&main_id);
		sb_appendf(&main_id, "keyword.%s", id + strlen("card:"));
		begin(a, why, main_id.data);
		sb_finish(&main_id);
		part_keyword(a, (size_t)kw, strcmp(why, "tap") == 0 ? "" : ".", true);
		if (strcmp(why, "tap") != 0) {
			part_place(a, card);
			if (it->selected == 1)
				part_text(a, "speech.selected");
		}
	} else if (strncmp(id, "zone:", 5) == 0) {
		enum pile p;
		if (!pile_from_name(id + 5, &p) || !a->visit.session)
			return;
		begin(a, why, pile_title_id(p));
		char *count = catalog_number(a->cat, lang_of(a),
					     (long)session_pile_size(a->visit.session, p));
		part_format(a, "speech.pile", "pile", text(a, pile_title_id(p)), "count", count,
			    NULL, NULL);
		free(count);
	} else if (strcmp(id, "question") == 0) {
		begin(a, why, "sort.title");
		part_text(a, "sort.title");
	} else if (strncmp(id, "lang:", 5) == 0) {
		/* each language's name in its own voice, or the visitor's where it has none */
		int lang = catalog_find(a->cat, id + 5);
		if (lang < 0)
			return;
		size_t in = app_speech_offers(a->speech, (size_t)lang) ? (size_t)lang : lang_of(a);
		app_speech_begin(a->speech, why, in, "language.name", clock_mono_ms());
		app_speech_part(a->speech, in, NULL, catalog_name(a->cat, (size_t)lang));
	} else if (it->say) {
		begin(a, why, id);
		app_speech_part(a->speech, lang_of(a), NULL, it->say);
		if (it->selected == 1)
			part_text(a, "speech.selected");
	} else {
		return;
	}
	app_speech_end(a->speech);
}

/* ---- scenes ---- */

/* The thanks scene's top choices as it shows them (its layout): each label, and how many
 * earlier visitors chose it too where it says so. */
static void say_thanks(struct app *a)
{
	bool any = false;
	for (size_t i = 0; i < a->layout.count; i++) {
		const struct layout_item *it = &a->layout.items[i];
		long kw = -1;
		if (it->role == ROLE_CARD && (kw = keyword_of(a, it->id)) >= 0) {
			if (!any)
				part_text(a, "thanks.your_top");
			any = true;
			part_keyword(a, (size_t)kw, ".", false);
		} else if (strncmp(it->id, "others:", 7) == 0 && it->total > 0) {
			char *count = catalog_number(a->cat, lang_of(a), it->count);
			char *total = catalog_number(a->cat, lang_of(a), it->total);
			part_format(a, "thanks.others", "count", count, "total", total, NULL, NULL);
			free(count);
			free(total);
		}
	}
	if (!any)
		part_text(a, "thanks.no_top");
}

static void say_scene(struct app *a)
{
	switch (a->current) {
	case SC_LANGUAGE:
		begin(a, "scene", "language.prompt");
		if (a->said.announce_on)
			part_text(a, "speech.on");
		/* the prompt in every language offered, each in its own voice, each wording once */
		for (size_t i = 0; i < a->env.offered_count; i++)
			if (!scene_language_prompt_repeats(&a->env, i))
				app_speech_part(a->speech, a->env.offered[i], "language.prompt",
						catalog_text(a->cat, a->env.offered[i],
							     "language.prompt"));
		break;
	case SC_INTRO:
		begin(a, "scene", "intro.title");
		if (a->said.announce_on)
			part_text(a, "speech.on");
		part_text(a, "intro.title");
		part_text(a, "intro.body");
		break;
	case SC_SORT:
		begin(a, "scene", "sort.title");
		part_text(a, "sort.title");
		part_number(a, "speech.sort_start", "count",
			    (long)session_card_count(a->visit.session));
		break;
	case SC_PROFILE:
		begin(a, "scene", "profile.title");
		part_text(a, "profile.title");
		part_text(a, "profile.optional");
		break;
	case SC_THANKS:
		begin(a, "scene", "thanks.title");
		part_text(a, "thanks.title");
		say_thanks(a);
		part_text(a, "thanks.restart");
		break;
	case SC_CONFIRM:
		if (a->confirming != CONFIRM_START_OVER)
			return; /* ending the kiosk is staff's question */
		begin(a, "scene", "sort.start_over_title");
		part_text(a, "sort.start_over_title");
		part_text(a, "sort.start_over_body");
		break;
	case SC_IDLE: {
		begin(a, "scene", "idle.title");
		part_text(a, "idle.title");
		part_text(a, "idle.body");
		int64_t left = a->idle_deadline - clock_mono_ms();
		part_number(a, "idle.countdown", "seconds", (long)((left + 999) / 1000));
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

/* ---- looking at what changed ---- */

static const struct layout_item *selected_card(const struct app *a)
{
	for (size_t i = 0; i < a->layout.count; i++)
		if (a->layout.items[i].role == ROLE_CARD && a->layout.items[i].selected == 1)
			return &a->layout.items[i];
	return NULL;
}

static void set_selected(struct app *a, const struct layout_item *it)
{
	free(a->said.selected);
	a->said.selected = it ? xstrdup(it->id) : NULL;
}

/* The sort scene: a drop, a card picked up or put down, every card placed. */
static void look_at_sort(struct app *a)
{
	const struct session *s = a->visit.session;
	const struct layout_item *sel = selected_card(a);
	if (s != a->said.session) { /* a new deal: nothing of the last one counts */
		a->said.session = s;
		a->said.moves = s ? session_move_count(s) : 0;
		a->said.all_placed = false;
		set_selected(a, sel);
		return;
	}
	if (!s)
		return;
	bool reading = a->env.read_aloud;
	if (session_move_count(s) != a->said.moves) {
		a->said.moves = session_move_count(s);
		set_selected(a, sel);
		size_t card = session_last_moved(s);
		if (!reading || card == SIZE_MAX)
			return;
		size_t kw = session_card_keyword(s, card);
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "keyword.%s", keyset_keyword_id(a->visit.ks, kw));
		begin(a, "drop", id.data);
		sb_finish(&id);
		part_keyword(a, kw, ":", false);
		part_place(a, card);
		if (session_can_complete(s) && !a->said.all_placed)
			part_text(a, "speech.all_placed");
		a->said.all_placed = session_can_complete(s);
		app_speech_end(a->speech);
		return;
	}
	const char *was = a->said.selected;
	if ((sel == NULL) == (was == NULL) && (!sel || strcmp(sel->id, was) == 0))
		return;
	long kw = keyword_of(a, sel ? sel->id : was);
	set_selected(a, sel);
	if (!reading || kw < 0)
		return;
	struct strbuf id;
	sb_init(&id);
	sb_appendf(&id, "keyword.%s", keyset_keyword_id(a->visit.ks, (size_t)kw));
	begin(a, sel ? "pick" : "put-down", id.data);
	sb_finish(&id);
	part_keyword(a, (size_t)kw, "", false);
	part_text(a, sel ? "speech.picked" : "speech.put_down");
	app_speech_end(a->speech);
}

/* Done pressed before every card is placed answers with the cards left (message:cards-left):
 * said when it appears. ("All sorted" needs no saying: the last drop said it.) */
static void look_at_messages(struct app *a)
{
	const struct layout_item *msg = layout_find(&a->layout, "message:cards-left");
	if (msg && !a->said.cards_left && a->env.read_aloud && msg->say) {
		begin(a, "error", "sort.left");
		app_speech_part(a->speech, lang_of(a), NULL, msg->say);
		app_speech_end(a->speech);
	}
	a->said.cards_left = msg != NULL;
}

/* An answer chosen or taken back by Enter on it (the profile): said as it now is. */
static void look_at_focus(struct app *a)
{
	const struct layout_item *it = focus_item(&a->focus, &a->layout);
	int sel = it && it->role != ROLE_CARD ? it->selected : -1;
	bool same = it && a->said.focused && strcmp(it->id, a->said.focused) == 0;
	/* the read-aloud toggle says "on" or "off" itself (app_say_read_aloud) */
	if (same && sel >= 0 && sel != a->said.focused_selected && a->env.read_aloud &&
	    strcmp(it->id, "button:read-aloud") != 0)
		say_item(a, it, "choose");
	free(a->said.focused);
	a->said.focused = it ? xstrdup(it->id) : NULL;
	a->said.focused_selected = sel;
}

/* The volume line of the staff menu, as it is now. */
static void show_volume(struct app *a)
{
	char *line = NULL;
	if (!app_speech_can_speak(a->speech)) {
		line = xstrdup(text(a, a->opt->config->speech == CONFIG_SPEECH_OFF
					       ? "staff.speech_off"
					       : "staff.no_sound"));
	} else {
		char *db = catalog_number(a->cat, lang_of(a), app_speech_default_volume(a->speech));
		line = catalog_format(a->cat, lang_of(a), "staff.volume", "db", db,
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
			app_speech_prefetch(a->speech, lang_of(a), NULL, a->layout.items[i].say);
	const struct session *s = a->visit.session;
	if (a->current != SC_SORT || !s)
		return;
	struct strbuf id;
	sb_init(&id);
	for (size_t c = 0; c < session_card_count(s); c++) {
		size_t kw = session_card_keyword(s, c);
		sb_clear(&id);
		sb_appendf(&id, "keyword.%s", keyset_keyword_id(a->visit.ks, kw));
		app_speech_prefetch(a->speech, lang_of(a), id.data,
				    keyset_label(a->visit.ks, kw, a->env.ks_lang));
	}
	sb_finish(&id);
	for (int p = 0; p < PILE_COUNT; p++)
		app_speech_prefetch(a->speech, lang_of(a), pile_title_id((enum pile)p),
				    text(a, pile_title_id((enum pile)p)));
	app_speech_prefetch(a->speech, lang_of(a), "sort.title", text(a, "sort.title"));
}

void app_say_update(struct app *a)
{
	app_speech_poll(a->speech);
	if (a->said.hold && clock_mono_ms() - a->said.hold_since >= HOLD_MS) {
		a->said.hold = false;
		a->env.read_aloud = true;
		a->said.announce_on = true;
		app_act(a, (struct scene_result){SCENE_ACTION_START, 0, 0});
	}
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
	if (a->current == SC_SORT) {
		look_at_sort(a);
		look_at_messages(a);
	}
	look_at_focus(a);
}

int64_t app_say_deadline(const struct app *a)
{
	return a->said.hold ? a->said.hold_since + HOLD_MS : INT64_MAX;
}

/* ---- input ---- */

static void say_text(struct app *a, const char *why, const char *id)
{
	begin(a, why, id);
	part_text(a, id);
	app_speech_end(a->speech);
}

/* Back: put a picked-up card down, else the scene's own back button, else say there is none. */
static void go_back(struct app *a, const struct input_event *ev)
{
	const struct layout_item *it = a->current == SC_SORT ? selected_card(a) : NULL;
	if (!it)
		it = layout_find(&a->layout, "button:back");
	if (it) {
		app_press(a, it, ev->time_ms);
		return;
	}
	if (a->env.read_aloud)
		say_text(a, "error", "speech.cannot_back");
}

/* The scene's button that covers the whole screen (attract, idle), or NULL. */
static const struct layout_item *whole_screen_button(const struct app *a)
{
	int w, h;
	platform_size(a->platform, &w, &h);
	for (size_t i = 0; i < a->layout.count; i++) {
		const struct layout_item *it = &a->layout.items[i];
		if (it->role == ROLE_BUTTON && it->enabled == 1 && it->r.x <= 0 && it->r.y <= 0 &&
		    it->r.x + it->r.w >= w && it->r.y + it->r.h >= h)
			return it;
	}
	return NULL;
}

/* The keypad's digits, outside the PIN pad: 8 2 4 6 arrows, 5 Enter, 0 repeat, 1 and 3 the
 * previous and next item in order (for a switch with two buttons). */
static void keypad_keys(const struct app *a, struct input_event *ev)
{
	if (ev->kind != INPUT_KEY || a->current == SC_PIN)
		return;
	if (ev->key == KEY_BACKSPACE) {
		ev->key = KEY_BACK;
		return;
	}
	if (ev->key != KEY_DIGIT || !ev->keypad)
		return;
	static const enum input_key map[10] = {KEY_REPEAT, KEY_TAB,   KEY_DOWN, KEY_TAB, KEY_LEFT,
					       KEY_ENTER,  KEY_RIGHT, KEY_NONE, KEY_UP,	 KEY_NONE};
	ev->shift = ev->digit == 1;
	ev->key = map[ev->digit];
}

/* A speaker button reads aloud on a tap: down and up on it, without moving away. A press
 * that moves on is a drag of what is under it (a card, whose picture the button is): the
 * press goes to the scene as it was, and the drag with it. */
static bool speaker_input(struct app *a, const struct input_event *ev)
{
	if (ev->kind == INPUT_POINTER_DOWN && !a->said.speaker) {
		const struct layout_item *it = layout_hit(&a->layout, ROLE_SPEAKER, ev->x, ev->y);
		if (!it)
			return false;
		a->said.speaker = xstrdup(it->id);
		a->said.speaker_pointer = ev->pointer;
		a->said.speaker_down = *ev;
		return true;
	}
	if (!a->said.speaker || ev->pointer != a->said.speaker_pointer)
		return false;
	int slop = a->env.min_target_px / 3 > 4 ? a->env.min_target_px / 3 : 4;
	if (ev->kind == INPUT_POINTER_MOVE &&
	    abs(ev->x - a->said.speaker_down.x) + abs(ev->y - a->said.speaker_down.y) > slop) {
		free(a->said.speaker);
		a->said.speaker = NULL;
		app_to_scene(a, &a->said.speaker_down);
		return false; /* this move goes on to the scene: the drag has begun */
	}
	if (ev->kind == INPUT_POINTER_UP) {
		const struct layout_item *it = layout_hit(&a->layout, ROLE_SPEAKER, ev->x, ev->y);
		if (it && strcmp(it->id, a->said.speaker) == 0) {
			const char *target = it->id + strlen(UI_SPEAKER_PREFIX);
			const struct layout_item *of = layout_find(&a->layout, target);
			struct layout_item question = {.id = (char *)"question", .selected = -1};
			say_item(a,
				 of				   ? of
				 : strcmp(target, "question") == 0 ? &question
								   : it,
				 "tap");
		}
	}
	if (ev->kind == INPUT_POINTER_UP || ev->kind == INPUT_POINTER_CANCEL) {
		free(a->said.speaker);
		a->said.speaker = NULL;
	}
	return ev->kind != INPUT_POINTER_CANCEL;
}

/* A press held still on the attract screen (not on the staff corner) for HOLD_MS. */
static void watch_hold(struct app *a, const struct input_event *ev)
{
	int slop = a->env.min_target_px * HOLD_SLOP_MM / 9;
	if (ev->kind == INPUT_POINTER_DOWN && a->current == SC_ATTRACT && !a->corner_down &&
	    a->env.read_aloud_offered) {
		a->said.hold = true;
		a->said.hold_pointer = ev->pointer;
		a->said.hold_since = clock_mono_ms();
		a->said.hold_x = ev->x;
		a->said.hold_y = ev->y;
	} else if (a->said.hold && ev->pointer == a->said.hold_pointer &&
		   (ev->kind == INPUT_POINTER_UP || ev->kind == INPUT_POINTER_CANCEL ||
		    (ev->kind == INPUT_POINTER_MOVE &&
		     abs(ev->x - a->said.hold_x) + abs(ev->y - a->said.hold_y) > slop))) {
		a->said.hold = false;
	}
}

bool app_say_input(struct app *a, struct input_event *ev)
{
	keypad_keys(a, ev);
	watch_hold(a, ev);
	if (a->said.hold && ev->kind != INPUT_KEY)
		return false; /* the attract scene still sees the press, as a tap if let go */
	if (speaker_input(a, ev))
		return true;
	if (ev->kind != INPUT_KEY)
		return false;
	switch (ev->key) {
	case KEY_REPEAT:
		if (a->current == SC_ATTRACT && a->env.read_aloud_offered) {
			/* the keypad's way to what holding the screen does */
			a->env.read_aloud = true;
			a->said.announce_on = true;
			app_act(a, (struct scene_result){SCENE_ACTION_START, 0, 0});
		} else if (!app_speech_repeat(a->speech, clock_mono_ms()) && a->env.read_aloud) {
			say_scene(a);
		}
		return true;
	case KEY_LOUDER:
	case KEY_QUIETER: {
		int step = ev->key == KEY_LOUDER ? VOLUME_STEP_DB : -VOLUME_STEP_DB;
		app_speech_set_volume(a->speech, app_speech_volume(a->speech) + step);
		app_speech_repeat(a->speech, clock_mono_ms()); /* heard at the new volume */
		return true;
	}
	case KEY_BACK:
		go_back(a, ev);
		return true;
	case KEY_ENTER: {
		const struct layout_item *it = focus_item(&a->focus, &a->layout);
		const struct layout_item *whole = it ? NULL : whole_screen_button(a);
		if (whole) { /* "touch anywhere" (the idle prompt) by a key, without looking */
			app_press(a, whole, ev->time_ms);
			return true;
		}
		if (a->env.read_aloud && !it)
			say_text(a, "error", "speech.keys");
		else if (a->env.read_aloud && it->role == ROLE_ZONE && !selected_card(a))
			say_text(a, "error", "speech.no_card");
		return false;
	}
	default:
		return false;
	}
}

void app_say_focus(struct app *a)
{
	const struct layout_item *it = focus_item(&a->focus, &a->layout);
	if (a->env.read_aloud && it)
		say_item(a, it, "focus");
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
	if (!a->env.read_aloud || app_speech_offers(a->speech, lang_of(a)))
		return;
	/* said in the language just left, which the visitor heard so far */
	app_speech_begin(a->speech, "error", before, "speech.not_available", clock_mono_ms());
	char *s = catalog_format(a->cat, before, "speech.not_available", "language",
				 catalog_name(a->cat, lang_of(a)), (const char *)NULL);
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
