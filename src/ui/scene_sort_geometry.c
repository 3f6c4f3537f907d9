/* The sort scene's geometry: where the header, the deck, the three piles
 * and every card go in a window of a given size. Cards keep their size per
 * area (deck, pile) whatever the number placed, so nothing jumps under a
 * visitor's finger except the gap a card leaves; every size is given at
 * 1080p and scaled. */
#include "scene_sort_internal.h"

#include "ui/theme.h"

#include <math.h>
#include <string.h>

const enum pile sort_zone_order[3] = {PILE_YES, PILE_NEUTRAL, PILE_NO};

int sort_px(const struct geometry *g, double v)
{
	int r = (int)lround(v * g->u);
	return r > 1 ? r : 1;
}

static struct rect grid_slot(const struct grid *g, size_t i)
{
	int col, row;
	if (g->column_major) {
		col = (int)(i / (size_t)g->rows);
		row = (int)(i % (size_t)g->rows);
	} else {
		row = (int)(i / (size_t)g->cols);
		col = (int)(i % (size_t)g->cols);
	}
	return (struct rect){g->area.x + col * (g->cw + g->gap), g->area.y + row * (g->ch + g->gap),
			     g->cw, g->ch};
}

size_t sort_grid_insert_index(const struct grid *g, int x, int y)
{
	int step_x = g->cw + g->gap, step_y = g->ch + g->gap;
	int col = (x - g->area.x) / step_x;
	col = col < 0 ? 0 : col >= g->cols ? g->cols - 1 : col;
	int row = (int)floor((y - g->area.y + step_y / 2.0) / step_y);
	row = row < 0 ? 0 : row > g->rows ? g->rows : row;
	return (size_t)col * (size_t)g->rows + (size_t)row;
}

/* The grid for n slots in area with the biggest cells of at least the given
 * aspect (w/h); cells are then capped at max_h so few cards don't balloon. */
static struct grid grid_fit(struct rect area, size_t n, int gap, double aspect, int min_h,
			    int max_h, int min_w, int max_cols, bool column_major)
{
	struct grid best = {.area = area,
			    .cols = 1,
			    .rows = (int)(n ? n : 1),
			    .gap = gap,
			    .column_major = column_major};
	double best_score = -1;
	bool best_tall = false;
	for (int cols = 1; cols <= max_cols && cols <= (int)(n ? n : 1); cols++) {
		int rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
		if (rows < 1)
			rows = 1;
		int cw = (area.w - (cols - 1) * gap) / cols;
		int ch = (area.h - (rows - 1) * gap) / rows;
		/* A card narrower than min_w would break long words; one column
		 * is always allowed, however narrow. */
		if (cw <= 0 || ch <= 0 || (cols > 1 && cw < min_w))
			continue;
		/* The usable card is the largest rect of the wanted aspect in the cell;
		 * but first of all a card must be tall enough to touch (min_h). */
		double h_eff = fmin((double)ch, cw / aspect);
		double score = h_eff * h_eff * aspect;
		bool tall = ch >= min_h;
		if ((tall && !best_tall) || (tall == best_tall && score > best_score + 1e-9)) {
			best_tall = tall;
			best_score = score;
			best.cols = cols;
			best.rows = rows;
			best.cw = cw;
			best.ch = ch;
		}
	}
	if (best.ch > max_h && max_h >= min_h)
		best.ch = max_h;
	return best;
}

void sort_compute_geometry(struct sort_scene *s, int w, int h)
{
	struct geometry *g = &s->geo;
	if (g->w == w && g->h == h)
		return;
	memset(g, 0, sizeof(*g));
	g->w = w;
	g->h = h;
	g->u = theme_unit(w, h);
	bool portrait = h > w;
	g->margin = sort_px(g, 20);
	g->gap = sort_px(g, 12);
	g->radius = sort_px(g, 10);
	g->border = sort_px(g, 2);
	size_t n = session_card_count(s->session);

	int header_h = sort_px(g, portrait ? 200 : 130);
	g->header = (struct rect){0, 0, w, header_h};
	int bw = sort_px(g, 240), bh = sort_px(g, 80);
	g->done = (struct rect){w - g->margin - bw, (header_h - bh) / 2, bw, bh};
	g->toggle = (struct rect){g->done.x - g->gap - bh, g->done.y, bh, bh};
	int pw = sort_px(g, 170);
	g->progress = (struct rect){g->toggle.x - g->gap - pw, g->done.y, pw, bh};
	int tw = g->progress.x - g->gap - g->margin;
	g->title = (struct rect){g->margin, sort_px(g, 10), tw,
				 (header_h - sort_px(g, 20)) * 6 / 10};
	g->instruction = (struct rect){g->margin, g->title.y + g->title.h, tw,
				       header_h - sort_px(g, 10) - (g->title.y + g->title.h)};

	int top = header_h + g->gap;
	int deck_h = (int)((h - top) * (portrait ? 0.30 : 0.34));
	g->deck = (struct rect){g->margin, top, w - 2 * g->margin, deck_h};
	g->zone[PILE_DECK] = g->deck;
	/* Touch targets of at least 9 mm on the configured screen. */
	int min_target = s->env->min_target_px;
	g->grid[PILE_DECK] = grid_fit(rect_inset(g->deck, g->gap), n, g->gap, 2.2, min_target,
				      sort_px(g, 150), sort_px(g, 200), (int)n, false);

	int zy = g->deck.y + g->deck.h + g->gap;
	int zh = h - g->margin - zy;
	int title_h = sort_px(g, 84);
	for (int i = 0; i < 3; i++) {
		enum pile p = sort_zone_order[i];
		/* Landscape: piles side by side; portrait: stacked, each the full
		 * width, so no pile becomes a column too thin for its labels. */
		if (portrait) {
			int ph = (zh - 2 * g->gap) / 3;
			g->zone[p] = (struct rect){g->margin, zy + i * (ph + g->gap),
						   w - 2 * g->margin, ph};
		} else {
			int zw = (w - 2 * g->margin - 2 * g->gap) / 3;
			g->zone[p] = (struct rect){g->margin + i * (zw + g->gap), zy, zw, zh};
		}
		struct rect z = g->zone[p];
		g->ztitle[p] = (struct rect){z.x + g->gap, z.y + sort_px(g, 6), z.w - 2 * g->gap,
					     title_h - sort_px(g, 12)};
		struct rect list = {z.x + g->gap, z.y + title_h, z.w - 2 * g->gap,
				    z.h - title_h - g->gap};
		/* Sized for the whole deal, so a pile never re-flows as it fills. */
		g->grid[p] = grid_fit(list, n, sort_px(g, 8), 3.0, min_target, sort_px(g, 76),
				      sort_px(g, 290), portrait ? 4 : 3, true);
	}
}

struct rect sort_card_rect(const struct sort_scene *s, size_t card)
{
	enum pile p = session_card_pile(s->session, card);
	return grid_slot(&s->geo.grid[p], session_card_position(s->session, card));
}

enum pile sort_pile_at(const struct sort_scene *s, int x, int y)
{
	for (int i = 0; i < 3; i++)
		if (rect_contains(s->geo.zone[sort_zone_order[i]], x, y))
			return sort_zone_order[i];
	return rect_contains(s->geo.deck, x, y) ? PILE_DECK : PILE_COUNT;
}
