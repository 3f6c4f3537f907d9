/* Keyboard focus over any scene's layout: Tab and Shift+Tab walk the items
 * (cards, then piles, then buttons), arrows jump to the nearest item in
 * that direction, and the app turns Enter into a tap on the focused item.
 * So every scene that works by touch also works by keyboard alone. */
#ifndef VS_FOCUS_H
#define VS_FOCUS_H

#include "ui/draw.h"
#include "ui/input.h"
#include "ui/layout.h"

#include <stdbool.h>

struct focus {
	char *id; /* the focused item's id; NULL when nothing is focused */
};

void focus_init(struct focus *f);
void focus_finish(struct focus *f);
void focus_clear(struct focus *f);
/* Moves focus for Tab or an arrow key; true when it moved. */
bool focus_key(struct focus *f, const struct layout *l, const struct input_event *ev);
/* The focused item if it is still on screen. */
const struct layout_item *focus_item(const struct focus *f, const struct layout *l);
/* Marks the focused item for the trace and draws the focus ring over it. */
void focus_show(const struct focus *f, struct layout *l, struct draw_list *dl, struct color c,
		int thickness);

#endif
