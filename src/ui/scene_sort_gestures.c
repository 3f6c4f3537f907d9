/* The sort scene's gestures: a card is dragged by one pointer at a time
 * (mouse or a finger); a second pointer is ignored until the first lets
 * go, so two hands can never tear one session apart. While a card is
 * dragged over a pile, the place it would land is kept here and drawn as a
 * gap; letting go puts it exactly there. A press that lets go before
 * moving is a tap: tap a card, then a pile (or a card in a pile, to go
 * before it; or the deck, to put it back), for people who cannot drag. */
#include "scene_sort_internal.h"

#include "ui/widgets.h"

#include <stdint.h>
#include <string.h>

const char *const sort_button_ids[SORT_BUTTON_COUNT] = {"button:done", "button:language",
							"button:start-over"};

/* Moves card to pile p before position pos as seen on screen, where the
 * slots above include the card itself when it is already in p. */
static void place(struct sort_scene *s, size_t card, enum pile p, size_t pos)
{
	if (session_card_pile(s->session, card) == p &&
	    pos > session_card_position(s->session, card))
		pos--;
	session_move(s->session, card, p, pos);
}

/* The card has landed in a pile: marked at the next frame. */
static void landed(struct sort_scene *s, size_t card)
{
	s->landed = card;
	s->landed_ms = session_card_pile(s->session, card) == PILE_DECK ? 0 : SORT_NEXT_FRAME;
	s->left_ms = 0; /* the answer to an early Done has served its purpose */
}

/* Where the dragged card lands if let go at (x, y): the pile there, and
 * the index among its other cards of the slot under the point (before a
 * card whose upper half is under it, after it for the lower half). */
static void update_target(struct sort_scene *s, int x, int y)
{
	enum pile p = sort_pile_at(s, x, y);
	s->target_pile = p;
	s->target_index = 0;
	if (p == PILE_COUNT || p == PILE_DECK)
		return;
	size_t others = session_pile_size(s->session, p);
	if (session_card_pile(s->session, s->drag_card) == p)
		others--;
	size_t i = sort_grid_insert_index(&s->geo.grid[p], x, y);
	s->target_index = i < others ? i : others;
}

static void drop(struct sort_scene *s, size_t card, int x, int y)
{
	update_target(s, x, y);
	enum pile p = s->target_pile;
	s->target_pile = PILE_COUNT;
	if (p == PILE_COUNT)
		return; /* anywhere else the card simply goes back where it was */
	if (p == PILE_DECK) {
		/* The deck keeps every card's place (sort_card_rect), so its
		 * order in the session does not matter. */
		if (session_card_pile(s->session, card) != PILE_DECK)
			session_move(s->session, card, PILE_DECK,
				     session_pile_size(s->session, PILE_DECK));
		return;
	}
	session_move(s->session, card, p, s->target_index);
	landed(s, card);
}

/* A tap on a card: select it, or, with another card selected, put that one
 * before the tapped card in its pile. A tap on a pile puts the selected
 * card at its end; a tap on the deck puts it back in the deck. */
static void tap(struct sort_scene *s, int x, int y)
{
	const struct layout_item *it = layout_hit(&s->hits, ROLE_CARD, x, y);
	if (it) {
		size_t card = it->ref;
		enum pile p = session_card_pile(s->session, card);
		if (s->has_selection && s->selected != card && p != PILE_DECK) {
			place(s, s->selected, p, session_card_position(s->session, card));
			landed(s, s->selected);
			s->has_selection = false;
		} else if (s->has_selection && s->selected == card) {
			s->has_selection = false;
		} else {
			s->has_selection = true;
			s->selected = card;
		}
		return;
	}
	enum pile p = sort_pile_at(s, x, y);
	if (!s->has_selection || p == PILE_COUNT)
		return;
	if (p != PILE_DECK || session_card_pile(s->session, s->selected) != PILE_DECK)
		session_move(s->session, s->selected, p, session_pile_size(s->session, p));
	landed(s, s->selected);
	s->has_selection = false;
}

static enum sort_button button_of(const struct layout_item *it)
{
	for (int b = 0; b < SORT_BUTTON_COUNT; b++)
		if (strcmp(it->id, sort_button_ids[b]) == 0)
			return (enum sort_button)b;
	return SORT_BUTTON_COUNT;
}

static bool pointer_down(struct sort_scene *s, const struct input_event *ev)
{
	if (s->pressed || s->dragging || s->done_armed)
		return false; /* one gesture at a time: a second finger is ignored */
	const struct layout_item *it = layout_hit(&s->hits, ROLE_BUTTON, ev->x, ev->y);
	if (it && strcmp(it->id, UI_TEXT_TOGGLE_ID) == 0) {
		s->result.action = SCENE_ACTION_TEXT_SIZE;
		return true;
	}
	/* Done is pressed even while disabled: a tap then says what is left. */
	if (it && button_of(it) != SORT_BUTTON_COUNT) {
		s->done_armed = true;
		s->done_pointer = ev->pointer;
		s->armed_button = button_of(it);
		return false;
	}
	s->pressed = true;
	s->press_pointer = ev->pointer;
	s->press_x = s->px = ev->x;
	s->press_y = s->py = ev->y;
	it = layout_hit(&s->hits, ROLE_CARD, ev->x, ev->y);
	s->press_card = it ? it->ref : SIZE_MAX;
	if (it) {
		s->grab_dx = ev->x - it->r.x;
		s->grab_dy = ev->y - it->r.y;
	}
	return false;
}

static bool pointer_move(struct sort_scene *s, const struct input_event *ev)
{
	if (!s->pressed || ev->pointer != s->press_pointer)
		return false;
	s->px = ev->x;
	s->py = ev->y;
	if (!s->dragging && s->press_card != SIZE_MAX) {
		int dx = ev->x - s->press_x, dy = ev->y - s->press_y;
		int slop = sort_px(&s->geo, 12);
		if (dx * dx + dy * dy > slop * slop) {
			s->dragging = true;
			s->drag_card = s->press_card;
			s->drag_pointer = ev->pointer;
			s->has_selection = false;
			s->landed_ms = 0;
		}
	}
	if (s->dragging)
		update_target(s, ev->x, ev->y);
	return s->dragging;
}

/* A button let go on: what it does, if the press ended on it. */
static void button_up(struct sort_scene *s, const struct input_event *ev)
{
	s->done_armed = false;
	const struct layout_item *it = layout_hit(&s->hits, ROLE_BUTTON, ev->x, ev->y);
	if (!it || button_of(it) != s->armed_button)
		return;
	switch (s->armed_button) {
	case SORT_BUTTON_DONE:
		if (session_can_complete(s->session))
			s->result.action = SCENE_ACTION_SESSION_DONE;
		else
			s->left_ms = SORT_NEXT_FRAME;
		break;
	case SORT_BUTTON_LANGUAGE:
		s->result.action = SCENE_ACTION_CHOOSE_LANGUAGE;
		break;
	case SORT_BUTTON_START_OVER:
		s->result.action = SCENE_ACTION_START_OVER;
		break;
	case SORT_BUTTON_COUNT:
		break;
	}
}

static bool pointer_up(struct sort_scene *s, const struct input_event *ev)
{
	if (s->done_armed && ev->pointer == s->done_pointer) {
		button_up(s, ev);
		return true;
	}
	if (!s->pressed || ev->pointer != s->press_pointer)
		return false;
	s->pressed = false;
	if (s->dragging) {
		s->dragging = false;
		drop(s, s->drag_card, ev->x, ev->y);
	} else {
		tap(s, ev->x, ev->y);
	}
	return true;
}

bool sort_input(struct scene *sc, const struct input_event *ev)
{
	struct sort_scene *s = (struct sort_scene *)sc;
	if (!s->session)
		return false;
	switch (ev->kind) {
	case INPUT_POINTER_DOWN:
		return pointer_down(s, ev);
	case INPUT_POINTER_MOVE:
		return pointer_move(s, ev);
	case INPUT_POINTER_UP:
		return pointer_up(s, ev);
	case INPUT_POINTER_CANCEL:
		s->done_armed = false;
		s->pressed = false;
		s->target_pile = PILE_COUNT;
		if (!s->dragging)
			return false;
		s->dragging = false;
		return true;
	case INPUT_RESIZE:
	case INPUT_EXPOSE:
		return true;
	case INPUT_TERMINATE:
	case INPUT_KEY:
		return false;
	}
	return false;
}
