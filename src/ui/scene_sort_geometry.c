/* The sort scene's geometry: where the header, the deck, the three piles
 * and the bar at the bottom go in a window of a given size. The deck stands on top or
 * on the start side; the piles are stacked lists, each as wide as the space
 * beside the deck, each as tall as its cards need plus one free row to
 * drop onto, so the space no pile needs yet is shared instead of kept three
 * times. The deck's place and share and the piles' columns are the ones
 * whose card labels get the largest type (scene_sort_type.c) in every
 * language a visitor can choose, so that nothing moves when the language
 * does. Cards keep their size whatever the number placed; every size is
 * given at 1080p and scaled. Where each card is as the piles fill is
 * scene_sort_places.c's. */
#include "scene_sort_internal.h"

#include "ui/theme.h"
#include "ui/widgets.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const enum pile sort_zone_order[3] = {PILE_YES, PILE_NEUTRAL, PILE_NO};

int sort_px(const struct geometry *g, double v)
{
	int r = (int)lround(v * g->u);
	return r > 1 ? r : 1;
}

/* The grid of n slots in area with cols columns, cells capped at max_h high
 * and max_w wide so that few cards do not balloon. */
static struct grid grid_make(struct rect area, size_t n, int cols, int gap, int max_w, int max_h)
{
	int rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
	rows = rows < 1 ? 1 : rows;
	struct grid g = {area,
			 cols,
			 rows,
			 (area.w - (cols - 1) * gap) / cols,
			 (area.h - (rows - 1) * gap) / rows,
			 gap};
	g.cw = g.cw > max_w ? max_w : g.cw;
	g.ch = g.ch > max_h ? max_h : g.ch;
	return g;
}

/* The most rows the three piles can need together with cols columns: each
 * holds its cards and one free slot, and the n cards may be spread any way. */
static int worst_rows(size_t n, int cols)
{
	int most = 0;
	for (size_t a = 0; a <= n; a++)
		for (size_t b = 0; a + b <= n; b++) {
			size_t c = n - a - b;
			int rows = (int)((a + (size_t)cols) / (size_t)cols +
					 (b + (size_t)cols) / (size_t)cols +
					 (c + (size_t)cols) / (size_t)cols);
			most = rows > most ? rows : most;
		}
	return most;
}

/* The sizes card labels get in each language (see struct sort_langs). */
struct label_sizes {
	int px[SORT_MAX_LANGS];
	int least; /* the smallest of them */
};

static void fit_all(struct sort_scene *s, const struct sort_langs *langs, enum pile p, int cw,
		    int ch, int stop_below, struct label_sizes *out)
{
	out->least = INT_MAX;
	for (size_t l = 0; l < langs->count; l++) {
		out->px[l] = sort_fit_labels(s, p, cw, ch, langs, l, false);
		out->least = out->px[l] < out->least ? out->px[l] : out->least;
		if (out->least < stop_below)
			return; /* already worse than what there is */
	}
}

/* Whether a grid with labels ls (cells tall enough to touch: tall) beats
 * the best so far: touchable first, then the larger type, then the larger
 * card. Cells lower than 9 mm are taken only when nothing else is possible. */
static bool grid_better(bool tall, const struct label_sizes *ls, const struct grid *g,
			bool best_tall, const struct label_sizes *best, const struct grid *bg)
{
	if (tall != best_tall)
		return tall;
	if (ls->least != best->least)
		return ls->least > best->least;
	return g->cw * g->ch > bg->cw * bg->ch;
}

/* The deck's grid for n cards in area, of at most max_cols columns. */
static struct grid deck_grid(struct sort_scene *s, const struct sort_langs *langs, struct rect area,
			     size_t n, int max_cols, struct label_sizes *out)
{
	struct geometry *g = &s->geo;
	struct grid best = {0};
	bool have = false, best_tall = false;
	for (int cols = 1; cols <= max_cols && cols <= (int)(n ? n : 1); cols++) {
		struct grid d = grid_make(area, n, cols, g->gap, sort_px(g, 480), sort_px(g, 150));
		if (d.cw <= 0 || d.ch <= 0 || (cols > 1 && d.cw < sort_px(g, 200)))
			continue;
		bool tall = d.ch >= s->env->min_target_px;
		if (have && best_tall && !tall)
			continue;
		struct label_sizes ls;
		fit_all(s, langs, PILE_DECK, d.cw, d.ch, have && tall == best_tall ? out->least : 0,
			&ls);
		if (!have || grid_better(tall, &ls, &d, best_tall, out, &best)) {
			best = d;
			*out = ls;
			best_tall = tall;
			have = true;
		}
	}
	return best;
}

/* The height of one line of text id at v px at 1080p (times 1.3 with
 * larger text), the tallest of its languages: Arabic lines are taller. */
static int line_h(const struct sort_scene *s, const struct sort_langs *langs, enum font_face face,
		  double v, const char *id)
{
	const struct text_metrics *tm = s->env->tm;
	int size = sort_px(&s->geo, s->geo.large_text ? v * 1.3 : v), most = 0;
	for (size_t l = 0; l < langs->count; l++) {
		const char *text = catalog_text(s->env->cat, langs->cat[l], id);
		int h = tm->text_height(tm->ctx, face, size, text, strlen(text));
		most = h > most ? h : most;
	}
	return most;
}

/* The header: the question and the line under it, across the whole width
 * (the buttons are in the bar at the bottom); as high as the question and
 * the line need at a good size (two lines each in portrait, where the
 * header is narrow). */
static void place_header(struct sort_scene *s, const struct sort_langs *langs, bool portrait)
{
	struct geometry *g = &s->geo;
	int lines = portrait ? 2 : 1;
	int title_h = lines * line_h(s, langs, FONT_BOLD, 34, "sort.title");
	int text_h = title_h + lines * line_h(s, langs, FONT_REGULAR, 24, "sort.instruction");
	int header_h = sort_px(g, portrait ? 170 : 110);
	if (sort_px(g, 12) + text_h > header_h)
		header_h = sort_px(g, 12) + text_h;
	g->header = (struct rect){0, 0, g->w, header_h};
	int tw = g->w - 2 * g->margin;
	int inner = header_h - sort_px(g, 12);
	g->title = (struct rect){g->margin, sort_px(g, 6), tw, inner * title_h / text_h};
	g->instruction = (struct rect){g->margin, g->title.y + g->title.h, tw,
				       header_h - sort_px(g, 6) - (g->title.y + g->title.h)};
	if (g->speakers) {
		/* the question's speaker button at the header's end; the question and the line
		 * under it keep clear of it */
		int side = sort_speaker_side(s, inner);
		g->title.w -= side + g->gap;
		g->instruction.w -= side + g->gap;
		g->title_speaker = (struct rect){g->title.x + g->title.w + g->gap,
						 (header_h - side) / 2, side, side};
	}
}

/* The deck and the piles when the deck takes share of the body (its height
 * on top, its width at the side), with the label sizes that gives. */
struct body {
	struct rect deck, piles;
	struct rect bar;   /* where the bar goes */
	bool bar_two_rows; /* under the deck, or one row */
	struct grid deck_grid;
	int strip_h, cols, cw, ch;
	bool one_line;
	struct label_sizes deck_px, pile_px;
	size_t described; /* descriptions (lättläst) that fit under their labels in the deck */
};

static struct body place_body(struct sort_scene *s, const struct sort_langs *langs, bool side,
			      double share)
{
	struct geometry *g = &s->geo;
	size_t n = g->cards;
	struct body b;
	memset(&b, 0, sizeof(b));
	int top = g->header.h + g->gap;
	int one_row = sort_bar_h(s, 1);
	struct rect body = {g->margin, top, g->w - 2 * g->margin, g->h - one_row - g->gap - top};
	if (side) {
		/* The deck's labels are as wide as the deck, so it has height to
		 * spare: the bar goes under it in two rows, and the piles, whose
		 * labels need the height, go down to the bottom. Where the deck
		 * is too narrow for that, the bar goes under the piles, or
		 * across. */
		int deck_w = (int)(body.w * share);
		int full_h = g->h - g->margin - top;
		b.piles = (struct rect){body.x + deck_w + g->gap, body.y, body.w - deck_w - g->gap,
					full_h};
		int two = sort_bar_h(s, 2);
		if (deck_w >= sort_bar_two_rows_min_w(s)) {
			b.bar_two_rows = true;
			b.deck = (struct rect){body.x, body.y, deck_w, full_h - two - g->gap};
			b.bar = (struct rect){body.x, g->h - g->margin - two, deck_w, two};
		} else {
			b.piles.h = body.h;
			bool under = g->w - (b.piles.x - g->margin) >= sort_bar_row_min_w(s);
			int x0 = under ? b.piles.x - g->margin : 0;
			b.deck = (struct rect){body.x, body.y, deck_w, under ? full_h : body.h};
			b.bar = (struct rect){x0, g->h - one_row, g->w - x0, one_row};
		}
	} else {
		int deck_h = (int)(body.h * share);
		b.deck = (struct rect){body.x, body.y, body.w, deck_h};
		b.piles = (struct rect){body.x, body.y + deck_h + g->gap, body.w,
					body.h - deck_h - g->gap};
		b.bar = (struct rect){0, g->h - one_row, g->w, one_row};
	}
	b.deck_grid = deck_grid(s, langs, rect_inset(b.deck, g->gap), n, side ? 3 : (int)n,
				&b.deck_px);
	b.described = sort_count_described(s, langs, b.deck_grid.cw, b.deck_grid.ch, b.deck_px.px);

	/* A pile's name strip: the yes pile's name and its rank hint side by
	 * side where the pile is wide, one under the other where it is not. */
	int name = line_h(s, langs, FONT_BOLD, 26, "sort.pile.yes");
	int hint = line_h(s, langs, FONT_REGULAR, 26, "sort.rank_hint");
	b.one_line = b.piles.w >= sort_px(g, 900);
	b.strip_h = sort_px(g, 12) + (b.one_line ? (name > hint ? name : hint) : name + hint);
	/* Rows for every card and a free slot in each pile, however spread. */
	int pg = sort_px(g, 6);
	int rows_h = b.piles.h - 3 * (b.strip_h + g->gap) - 2 * g->gap;
	bool have = false, best_tall = false;
	struct grid best = {0};
	for (int cols = 1; cols <= 4; cols++) {
		int rows = worst_rows(n, cols);
		struct grid p = {{0, 0, b.piles.w - 2 * g->gap, rows_h},
				 cols,
				 rows,
				 (b.piles.w - 2 * g->gap - (cols - 1) * pg) / cols,
				 (rows_h - rows * pg) / rows,
				 pg};
		p.ch = p.ch > sort_px(g, 150) ? sort_px(g, 150) : p.ch;
		if (p.ch <= 0 || (cols > 1 && p.cw < sort_px(g, 240)))
			continue;
		bool tall = p.ch >= s->env->min_target_px;
		if (have && best_tall && !tall)
			continue;
		struct label_sizes ls;
		fit_all(s, langs, PILE_YES, p.cw, p.ch,
			have && tall == best_tall ? b.pile_px.least : 0, &ls);
		if (!have || grid_better(tall, &ls, &p, best_tall, &b.pile_px, &best)) {
			best = p;
			b.pile_px = ls;
			best_tall = tall;
			have = true;
		}
	}
	b.cols = best.cols;
	b.cw = best.cw;
	b.ch = best.ch;
	return b;
}

/* The size card labels should not go below for descriptions' sake: the floor (24 px at
 * 1080p), and with larger text as far above it as normal text is kept below larger text
 * (cap_of), so that normal text still reaches the floor. */
static int label_floor(const struct sort_scene *s)
{
	int floor = sort_role_floor(s);
	return s->geo.large_text ? (int)ceil(floor * 1.15) + 1 : floor;
}

static int smaller(int a, int b)
{
	return a < b ? a : b;
}

/* First the smaller of the deck's and the piles' label sizes (so neither is sacrificed) up to
 * the floor; then room for the descriptions under the labels in the deck (lättläst: they are
 * what a visitor who reads poorly needs, and only those that fit are shown); then the label
 * sizes above the floor: the smaller, the piles' (the visitor's own list), the deck's; each in
 * the language that needs most room; then the larger cards, whose pictures are larger. */
static bool better(const struct sort_scene *s, const struct body *a, const struct body *b)
{
	int a_lo = smaller(a->deck_px.least, a->pile_px.least);
	int b_lo = smaller(b->deck_px.least, b->pile_px.least);
	int floor = label_floor(s);
	if (smaller(a_lo, floor) != smaller(b_lo, floor))
		return a_lo > b_lo;
	if (a->described != b->described)
		return a->described > b->described;
	if (a_lo != b_lo)
		return a_lo > b_lo;
	if (a->pile_px.least != b->pile_px.least)
		return a->pile_px.least > b->pile_px.least;
	if (a->deck_px.least != b->deck_px.least)
		return a->deck_px.least > b->deck_px.least;
	return smaller(a->deck_grid.ch, a->ch) > smaller(b->deck_grid.ch, b->ch);
}

/* Lays everything out for the geometry's text setting, within its caps. */
static void lay_out(struct sort_scene *s)
{
	struct geometry *g = &s->geo;
	struct sort_langs langs;
	sort_languages(s, &langs);
	place_header(s, &langs, g->h > g->w);

	static const double shares[] = {0.14, 0.18, 0.22, 0.26, 0.30, 0.34, 0.38, 0.42};
	struct body best;
	memset(&best, 0, sizeof(best));
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
			struct body b = place_body(s, &langs, side, shares[i]);
			if ((side == 0 && i == 0) || better(s, &b, &best))
				best = b;
		}
	if (best.bar_two_rows)
		sort_place_bar_two_rows(s, best.bar);
	else
		sort_place_bar_row(s, best.bar);
	g->deck = best.deck;
	g->zone[PILE_DECK] = best.deck;
	g->grid[PILE_DECK] = best.deck_grid;
	g->piles = best.piles;
	g->strip_h = best.strip_h;
	g->strip_one_line = best.one_line;
	g->pile_cols = best.cols;
	g->cell_w = best.cw;
	g->cell_h = best.ch;
	g->pile_gap = sort_px(g, 6);
	/* langs.cat[0] is the visitor's language. Where nothing fits (a
	 * window far too small) the labels take the smallest size, and the
	 * tests say which one overflows. */
	int least = sort_role_min(s);
	int deck = sort_fit_labels(s, PILE_DECK, best.deck_grid.cw, best.deck_grid.ch, &langs, 0,
				   true);
	int pile = sort_fit_labels(s, PILE_YES, best.cw, best.ch, &langs, 0, true);
	for (size_t l = 0; l < langs.count; l++) {
		g->label_px[0][l] = best.deck_px.px[l];
		g->label_px[1][l] = best.pile_px.px[l];
	}
	g->role_px[SORT_DECK_LABEL] = deck < least ? least : deck;
	g->role_px[SORT_PILE_LABEL] = pile < least ? least : pile;
	g->role_lines[SORT_DECK_LABEL] = g->role_lines[SORT_PILE_LABEL] = 3;
	sort_place_piles(s);
	sort_fit_header_roles(s);
}

/* The most normal text may take where larger text takes large_px. */
static int cap_of(const struct sort_scene *s, int large_px)
{
	int step = (int)(large_px / 1.15);
	int floor = large_px - 1 < sort_role_floor(s) ? large_px - 1 : sort_role_floor(s);
	return step > floor ? step : floor;
}

void sort_compute_geometry(struct sort_scene *s, int w, int h)
{
	struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	size_t n = session_card_count(s->session);
	bool speakers = env->speakable && env->speakable(env, env->lang, NULL);
	if (g->w == w && g->h == h && g->large_text == env->large_text && g->lang == env->lang &&
	    g->cards == n && g->min_target == env->min_target_px && g->speakers == speakers)
		return;
	*g = (struct geometry){.w = w,
			       .h = h,
			       .large_text = true,
			       .lang = env->lang,
			       .cards = n,
			       .min_target = env->min_target_px,
			       .speakers = speakers,
			       .u = theme_unit(w, h)};
	g->margin = sort_px(g, 20);
	g->gap = sort_px(g, 12);
	g->radius = sort_px(g, 10);
	g->border = sort_px(g, 2);
	/* Larger text first: where the screen is full, normal text is kept a
	 * step below what larger text reaches (1/1.15 where there is room,
	 * one pixel where there is not), so that the toggle makes every role
	 * larger, never only some. */
	lay_out(s);
	if (env->large_text)
		return;
	int cap[SORT_ROLE_COUNT];
	for (int r = 0; r < SORT_ROLE_COUNT; r++)
		cap[r] = cap_of(s, g->role_px[r]);
	cap[SORT_DECK_LABEL] = cap[SORT_PILE_LABEL] = 0; /* label_cap, below */
	/* Card labels decide where things stand, so they are capped in every
	 * language alike: the same caps whichever language is the visitor's. */
	for (int k = 0; k < 2; k++)
		for (int l = 0; l < SORT_MAX_LANGS; l++)
			g->label_cap[k][l] = g->label_px[k][l] > 0 ? cap_of(s, g->label_px[k][l])
								   : 0;
	g->large_text = false;
	memcpy(g->role_cap, cap, sizeof(cap));
	lay_out(s);
}
