/* What the kiosk confirms as the visitor acts, found by looking at what changed since the
 * last loop rather than at the input that changed it: a card picked up, put down or dropped
 * (by key, tap or drag alike), the "cards left" answer to Done, an answer chosen by Enter,
 * and the item the focus moves to. */
#include "kiosk/app_say_internal.h"
#include "kiosk/app_speech.h"

#include "common/xalloc.h"
#include "ui/scenes.h"

#include <stdlib.h>
#include <string.h>

static void set_selected(struct app *a, const struct layout_item *it)
{
	free(a->said.selected);
	a->said.selected = it ? xstrdup(it->id) : NULL;
}

/* The sort scene: a drop, a card picked up or put down, every card placed. */
static void look_at_sort(struct app *a)
{
	const struct session *s = a->visit.session;
	const struct layout_item *sel = say_selected_card(a);
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
		say_begin(a, "drop", id.data);
		sb_finish(&id);
		say_part_keyword(a, kw, ":", false);
		say_part_place(a, card);
		if (session_can_complete(s) && !a->said.all_placed)
			say_part_text(a, "speech.all_placed");
		a->said.all_placed = session_can_complete(s);
		app_speech_end(a->speech);
		return;
	}
	const char *was = a->said.selected;
	if ((sel == NULL) == (was == NULL) && (!sel || strcmp(sel->id, was) == 0))
		return;
	long kw = say_keyword_of(a, sel ? sel->id : was);
	set_selected(a, sel);
	if (!reading || kw < 0)
		return;
	struct strbuf id;
	sb_init(&id);
	sb_appendf(&id, "keyword.%s", keyset_keyword_id(a->visit.ks, (size_t)kw));
	say_begin(a, sel ? "pick" : "put-down", id.data);
	sb_finish(&id);
	say_part_keyword(a, (size_t)kw, "", false);
	say_part_text(a, sel ? "speech.picked" : "speech.put_down");
	app_speech_end(a->speech);
}

/* Done pressed before every card is placed answers with the cards left (message:cards-left):
 * said when it appears. ("All sorted" needs no saying: the last drop said it.) */
static void look_at_messages(struct app *a)
{
	const struct layout_item *msg = layout_find(&a->layout, "message:cards-left");
	if (msg && !a->said.cards_left && a->env.read_aloud && msg->say) {
		say_begin(a, "error", "sort.left");
		app_speech_part(a->speech, say_lang(a), NULL, msg->say);
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

void say_look(struct app *a)
{
	if (a->current == SC_SORT) {
		look_at_sort(a);
		look_at_messages(a);
	}
	look_at_focus(a);
}

void app_say_focus(struct app *a)
{
	const struct layout_item *it = focus_item(&a->focus, &a->layout);
	if (a->env.read_aloud && it)
		say_item(a, it, "focus");
}
