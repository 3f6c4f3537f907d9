/* Where the sort scene's cards are as the visit goes on, within the geometry
 * scene_sort_geometry.c chose: the piles sized for the cards they hold now,
 * each card's slot (with the gap a dragged card would land in), and the pile
 * or slot under a point. Recomputed every time the cards move, unlike the
 * geometry, which changes only with the window, the language or the text size. */
#include "scene_sort_internal.h"

#include "ui/widgets.h"

#include <math.h>

static struct rect grid_slot(const struct grid *g, size_t i)
{
	int row = (int)(i / (size_t)g->cols), col = (int)(i % (size_t)g->cols);
	return (struct rect){g->area.x + col * (g->cw + g->gap), g->area.y + row * (g->ch + g->gap),
			     g->cw, g->ch};
}

size_t sort_grid_insert_index(const struct grid *g, int x, int y)
{
	/* The slot under the pointer, and before the card there for its upper
	 * half, after it for the lower half (the trace's contract), in rows
	 * of any number of columns. */
	int step_x = g->cw + g->gap, step_y = g->ch + g->gap;
	int row = (int)floor((double)(y - g->area.y) / step_y);
	if (row < 0)
		return 0;
	if (row >= g->rows)
		return (size_t)g->rows * (size_t)g->cols;
	int col = (x - g->area.x) / step_x;
	col = col < 0 ? 0 : col >= g->cols ? g->cols - 1 : col;
	bool lower = y - (g->area.y + row * step_y) >= g->ch / 2;
	return (size_t)row * (size_t)g->cols + (size_t)col + (lower ? 1 : 0);
}

void sort_place_piles(struct sort_scene *s)
{
	struct geometry *g = &s->geo;
	int y = g->piles.y;
	for (int i = 0; i < 3; i++) {
		enum pile p = sort_zone_order[i];
		size_t count = s->session ? session_pile_size(s->session, p) : 0;
		int rows = (int)((count + (size_t)g->pile_cols) / (size_t)g->pile_cols);
		int h = g->strip_h + rows * (g->cell_h + g->pile_gap) + g->gap;
		/* The last pile takes what is left, so the space no pile needs
		 * yet is one large drop area at the bottom. */
		if (i == 2)
			h = g->piles.y + g->piles.h - y;
		struct rect z = {g->piles.x, y, g->piles.w, h};
		g->zone[p] = z;
		g->ztitle[p] = (struct rect){z.x + g->gap, z.y + sort_px(g, 6), z.w - 2 * g->gap,
					     g->strip_h - sort_px(g, 12)};
		if (g->speakers) {
			/* the pile's speaker button at the end of its name strip */
			struct rect *t = &g->ztitle[p];
			int side = sort_speaker_side(s, g->strip_h - sort_px(g, 4));
			t->w -= side + g->gap;
			g->zspeaker[p] = (struct rect){t->x + t->w + g->gap,
						       z.y + (g->strip_h - side) / 2, side, side};
		}
		g->grid[p] = (struct grid){{z.x + g->gap, z.y + g->strip_h, z.w - 2 * g->gap,
					    rows * (g->cell_h + g->pile_gap)},
					   g->pile_cols,
					   rows,
					   g->cell_w,
					   g->cell_h,
					   g->pile_gap};
		y += h + g->gap;
	}
	/* The yes pile's name shares its strip with the rank hint: beside it
	 * in a wide pile, under it in a narrow one. */
	struct rect *yes = &g->ztitle[PILE_YES];
	if (g->strip_one_line) {
		int hint_w = yes->w * 2 / 5;
		g->hint = (struct rect){yes->x + yes->w - hint_w, yes->y, hint_w, yes->h};
		yes->w -= hint_w;
	} else {
		int hint_h = yes->h / 2;
		g->hint = (struct rect){yes->x, yes->y + yes->h - hint_h, yes->w, hint_h};
		yes->h -= hint_h;
	}
}

/* A card's slot in its pile as drawn now: one up when the dragged card
 * left a slot above it, one down when the gap opens above it. */
static size_t shown_position(const struct sort_scene *s, size_t card, enum pile p)
{
	size_t pos = session_card_position(s->session, card);
	if (!s->dragging || card == s->drag_card || s->target_pile == PILE_COUNT)
		return pos;
	if (session_card_pile(s->session, s->drag_card) == p &&
	    pos > session_card_position(s->session, s->drag_card))
		pos--;
	if (s->target_pile == p && pos >= s->target_index)
		pos++;
	return pos;
}

struct rect sort_card_rect(const struct sort_scene *s, size_t card)
{
	enum pile p = session_card_pile(s->session, card);
	if (p == PILE_DECK)
		return grid_slot(&s->geo.grid[PILE_DECK], card);
	return grid_slot(&s->geo.grid[p], shown_position(s, card, p));
}

bool sort_gap_rect(const struct sort_scene *s, struct rect *out)
{
	if (!s->dragging || s->target_pile == PILE_COUNT)
		return false;
	if (s->target_pile == PILE_DECK) {
		if (session_card_pile(s->session, s->drag_card) == PILE_DECK)
			return false;
		*out = grid_slot(&s->geo.grid[PILE_DECK], s->drag_card);
		return true;
	}
	*out = grid_slot(&s->geo.grid[s->target_pile], s->target_index);
	return true;
}

enum pile sort_pile_at(const struct sort_scene *s, int x, int y)
{
	for (int i = 0; i < 3; i++)
		if (rect_contains(s->geo.zone[sort_zone_order[i]], x, y))
			return sort_zone_order[i];
	return rect_contains(s->geo.deck, x, y) ? PILE_DECK : PILE_COUNT;
}
