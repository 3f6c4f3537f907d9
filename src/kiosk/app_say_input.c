/* The keys and presses that belong to speech, seen before the scene sees them: the keypad's
 * digits as arrows and Enter (outside the PIN pad), repeat, volume, back, Enter where it does
 * nothing, a tap on a speaker button, and the attract screen held for two seconds, which
 * switches reading aloud on for a visitor who cannot see where to touch. */
#include "kiosk/app_say_internal.h"
#include "kiosk/app_speech.h"

#include "common/clock.h"
#include "common/xalloc.h"
#include "ui/speaker.h"

#include <stdlib.h>
#include <string.h>

#define HOLD_MS 2000	/* the attract screen held this long switches reading aloud on */
#define HOLD_SLOP_MM 10 /* a hold that wanders further is a swipe */

void say_hold_update(struct app *a)
{
	if (a->said.hold && clock_mono_ms() - a->said.hold_since >= HOLD_MS) {
		a->said.hold = false;
		a->env.read_aloud = true;
		a->said.announce_on = true;
		app_act(a, (struct scene_result){SCENE_ACTION_START, 0, 0});
	}
}

int64_t app_say_deadline(const struct app *a)
{
	return a->said.hold ? a->said.hold_since + HOLD_MS : INT64_MAX;
}

/* Back: put a picked-up card down, else the scene's own back button, else say there is none. */
static void go_back(struct app *a, const struct input_event *ev)
{
	const struct layout_item *it = a->current == SC_SORT ? say_selected_card(a) : NULL;
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
		else if (a->env.read_aloud && it->role == ROLE_ZONE && !say_selected_card(a))
			say_text(a, "error", "speech.no_card");
		return false;
	}
	default:
		return false;
	}
}
