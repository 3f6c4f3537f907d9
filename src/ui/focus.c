/* Keyboard focus: which item Tab and the arrows land on. */
#include "ui/focus.h"

#include "common/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void focus_init(struct focus *f)
{
	f->id = NULL;
}

void focus_clear(struct focus *f)
{
	free(f->id);
	f->id = NULL;
}

void focus_finish(struct focus *f)
{
	focus_clear(f);
}

static void focus_set(struct focus *f, const struct layout_item *it)
{
	focus_clear(f);
	f->id = xstrdup(it->id);
}

const struct layout_item *focus_item(const struct focus *f, const struct layout *l)
{
	return f->id ? layout_find(l, f->id) : NULL;
}

/* Tab order: cards (the things to sort), piles, then buttons. */
static size_t tab_order(const struct layout *l, size_t *order)
{
	static const enum item_role roles[] = {ROLE_CARD, ROLE_ZONE, ROLE_BUTTON};
	size_t n = 0;
	for (size_t r = 0; r < 3; r++)
		for (size_t i = 0; i < l->count; i++)
			if (l->items[i].role == roles[r] && l->items[i].enabled != 0)
				order[n++] = i;
	return n;
}

static bool tab(struct focus *f, const struct layout *l, bool back)
{
	size_t *order = xcalloc(l->count, sizeof(*order));
	size_t n = tab_order(l, order);
	bool moved = false;
	if (n) {
		size_t at = n; /* nothing focused: Tab goes to the first */
		for (size_t k = 0; f->id && k < n; k++)
			if (strcmp(l->items[order[k]].id, f->id) == 0)
				at = k;
		size_t next = at == n ? (back ? n - 1 : 0)
				      : (back ? (at + n - 1) % n : (at + 1) % n);
		focus_set(f, &l->items[order[next]]);
		moved = true;
	}
	free(order);
	return moved;
}

/* The nearest enabled item whose centre lies in the arrow's direction,
 * weighting sideways distance so a straight line wins over a diagonal. */
static bool arrow(struct focus *f, const struct layout *l, enum input_key key)
{
	const struct layout_item *cur = focus_item(f, l);
	if (!cur)
		return tab(f, l, false);
	int cx = cur->r.x + cur->r.w / 2, cy = cur->r.y + cur->r.h / 2;
	const struct layout_item *best = NULL;
	long best_score = LONG_MAX;
	for (size_t i = 0; i < l->count; i++) {
		const struct layout_item *it = &l->items[i];
		if (it == cur || it->enabled == 0 || it->role == ROLE_TEXT ||
		    it->role == ROLE_SPEAKER)
			continue;
		long dx = it->r.x + it->r.w / 2 - cx, dy = it->r.y + it->r.h / 2 - cy;
		long along = key == KEY_LEFT	? -dx
			     : key == KEY_RIGHT ? dx
			     : key == KEY_UP	? -dy
						: dy;
		long side = key == KEY_LEFT || key == KEY_RIGHT ? labs(dy) : labs(dx);
		if (along <= 0)
			continue;
		long score = along + 3 * side;
		if (score < best_score) {
			best_score = score;
			best = it;
		}
	}
	if (!best)
		return false;
	focus_set(f, best);
	return true;
}

bool focus_key(struct focus *f, const struct layout *l, const struct input_event *ev)
{
	if (ev->kind != INPUT_KEY)
		return false;
	if (ev->key == KEY_TAB)
		return tab(f, l, ev->shift);
	if (ev->key == KEY_LEFT || ev->key == KEY_RIGHT || ev->key == KEY_UP || ev->key == KEY_DOWN)
		return arrow(f, l, ev->key);
	return false;
}

void focus_show(const struct focus *f, struct layout *l, struct draw_list *dl, struct color c,
		int thickness)
{
	if (!f->id)
		return;
	for (size_t i = 0; i < l->count; i++) {
		struct layout_item *it = &l->items[i];
		if (strcmp(it->id, f->id) != 0)
			continue;
		it->focused = true;
		struct rect ring = {it->r.x - thickness, it->r.y - thickness,
				    it->r.w + 2 * thickness, it->r.h + 2 * thickness};
		draw_outline(dl, ring, c, thickness, thickness * 3);
		return;
	}
}
