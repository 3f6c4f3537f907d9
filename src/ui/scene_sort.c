/* The sort scene: dealt cards in a deck at the top, three piles below, the
 * question and a Done button in the header. A card is dragged by one pointer
 * at a time (mouse or a finger); a second pointer is ignored until the first
 * lets go, so two hands can never tear one session apart. Cards keep their
 * size per area (deck, pile) whatever the number placed, so nothing jumps
 * under a visitor's finger except the gap a card leaves. */
#include "ui/scene_sort.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "ui/card_picture.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Slots of equal size in an area, filled row by row (the deck) or column by
 * column (a pile, so that rank 1..n reads down like a list). */
struct grid {
	struct rect area;
	int cols, rows, cw, ch, gap;
	bool column_major;
};

struct geometry {
	int w, h, u_px10; /* u * 10, for sizes that scale */
	double u;
	int margin, gap, radius, border;
	struct rect header, title, instruction, progress, done, toggle;
	struct rect deck;
	struct rect zone[PILE_COUNT];	/* the drop area of each pile (deck: the deck) */
	struct rect ztitle[PILE_COUNT]; /* the title strip inside each zone */
	struct grid grid[PILE_COUNT];
};

struct sort_scene {
	struct scene base;
	const struct ui_env *env;
	struct session *session;

	struct geometry geo;
	struct layout hits; /* what the visitor saw last; hit tests use it */

	bool dragging;
	int64_t drag_pointer;
	size_t drag_card;
	int grab_dx, grab_dy, px, py;

	/* A press on a card becomes a drag only once it moves this far; a
	 * press that lets go before is a tap that selects the card. */
	bool pressed;
	int64_t press_pointer;
	size_t press_card;
	int press_x, press_y;
	bool has_selection;
	size_t selected;

	bool done_armed;
	int64_t done_pointer;
	struct scene_result result;

	char *progress_text;
};

static const enum pile zone_order[] = {PILE_YES, PILE_NEUTRAL, PILE_NO};

static struct sort_scene *from(struct scene *sc)
{
	return (struct sort_scene *)sc;
}

static int px(const struct geometry *g, double v)
{
	int r = (int)lround(v * g->u);
	return r > 1 ? r : 1;
}

/* The smallest text the scene draws: 15 px at 1080p, and never below 12 px
 * however small the window (tests/ui holds it to this). */
static int min_font(const struct sort_scene *s)
{
	int v = px(&s->geo, 15);
	return v > 12 ? v : 12;
}

/* A font size: as px, and larger when the visitor asked for larger text. */
static int font_px(const struct sort_scene *s, double v)
{
	return px(&s->geo, s->env->large_text ? v * 1.3 : v);
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

/* Where a card dropped at (x, y) goes: before the slot whose upper half is
 * under the pointer, after it for the lower half. */
static size_t grid_insert_index(const struct grid *g, int x, int y)
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

static void compute_geometry(struct sort_scene *s, int w, int h)
{
	struct geometry *g = &s->geo;
	if (g->w == w && g->h == h)
		return;
	memset(g, 0, sizeof(*g));
	g->w = w;
	g->h = h;
	g->u = theme_unit(w, h);
	bool portrait = h > w;
	g->margin = px(g, 20);
	g->gap = px(g, 12);
	g->radius = px(g, 10);
	g->border = px(g, 2);
	size_t n = session_card_count(s->session);

	int header_h = px(g, portrait ? 200 : 130);
	g->header = (struct rect){0, 0, w, header_h};
	int bw = px(g, 240), bh = px(g, 80);
	g->done = (struct rect){w - g->margin - bw, (header_h - bh) / 2, bw, bh};
	g->toggle = (struct rect){g->done.x - g->gap - bh, g->done.y, bh, bh};
	int pw = px(g, 170);
	g->progress = (struct rect){g->toggle.x - g->gap - pw, g->done.y, pw, bh};
	int tw = g->progress.x - g->gap - g->margin;
	g->title = (struct rect){g->margin, px(g, 10), tw, (header_h - px(g, 20)) * 6 / 10};
	g->instruction = (struct rect){g->margin, g->title.y + g->title.h, tw,
				       header_h - px(g, 10) - (g->title.y + g->title.h)};

	int top = header_h + g->gap;
	int deck_h = (int)((h - top) * (portrait ? 0.30 : 0.34));
	g->deck = (struct rect){g->margin, top, w - 2 * g->margin, deck_h};
	g->zone[PILE_DECK] = g->deck;
	/* Touch targets of at least 9 mm on the configured screen. */
	int min_target = s->env->min_target_px;
	g->grid[PILE_DECK] = grid_fit(rect_inset(g->deck, g->gap), n, g->gap, 2.2, min_target,
				      px(g, 150), px(g, 200), (int)n, false);

	int zy = g->deck.y + g->deck.h + g->gap;
	int zh = h - g->margin - zy;
	int title_h = px(g, 84);
	for (int i = 0; i < 3; i++) {
		enum pile p = zone_order[i];
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
		g->ztitle[p] = (struct rect){z.x + g->gap, z.y + px(g, 6), z.w - 2 * g->gap,
					     title_h - px(g, 12)};
		struct rect list = {z.x + g->gap, z.y + title_h, z.w - 2 * g->gap,
				    z.h - title_h - g->gap};
		/* Sized for the whole deal, so a pile never re-flows as it fills. */
		g->grid[p] = grid_fit(list, n, px(g, 8), 3.0, min_target, px(g, 76), px(g, 290),
				      portrait ? 4 : 3, true);
	}
}

/* The rectangle a card occupies now, given its pile and position. */
static struct rect card_rect(const struct sort_scene *s, size_t card)
{
	enum pile p = session_card_pile(s->session, card);
	return grid_slot(&s->geo.grid[p], session_card_position(s->session, card));
}

static const char *card_label(const struct sort_scene *s, size_t card)
{
	size_t kw = session_card_keyword(s->session, card);
	return keyset_label(s->env->ks, kw, s->env->ks_lang);
}

/* The rank badge: the visitor's priority, visible at a glance; the top
 * three get the gold one, since those are what the planners read first. */
static int draw_badge(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	size_t rank = session_card_position(s->session, card) + 1;
	int bs = r.h - 2 * px(g, 8);
	if (bs > px(g, 56))
		bs = px(g, 56);
	struct rect badge = {r.x + px(g, 8), r.y + (r.h - bs) / 2, bs, bs};
	bool top = rank <= 3;
	draw_fill(dl, badge, top ? t->top_bg : t->badge_bg, bs / 2);
	char *num = catalog_number(s->env->cat, s->env->lang, (long)rank);
	int size = bs * 6 / 10;
	const struct text_metrics *tm = s->env->tm;
	int nw = tm->width(tm->ctx, FONT_BOLD, size, num, strlen(num));
	int nh = tm->text_height(tm->ctx, FONT_BOLD, size, num, strlen(num));
	draw_text(dl, badge.x + (bs - nw) / 2, badge.y + (bs - nh) / 2, FONT_BOLD, size,
		  top ? t->top_text : t->badge_text, num, strlen(num));
	free(num);
	return badge.x + bs + px(g, 8);
}

static void draw_card(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r,
		      bool lifted)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	enum pile p = session_card_pile(s->session, card);
	bool selected = s->has_selection && s->selected == card;
	if (lifted) {
		int d = px(g, 8);
		draw_fill(dl, (struct rect){r.x + d, r.y + d, r.w, r.h}, t->card_shadow, g->radius);
	}
	bool top = p == PILE_YES && session_card_position(s->session, card) < 3;
	draw_fill(dl, r, top && !lifted ? t->top_card_bg : t->card_bg, g->radius);
	draw_outline(dl, r,
		     lifted || selected ? t->focus
		     : top		? t->top_bg
					: t->card_border,
		     lifted || selected ? px(g, 6)
		     : top		? px(g, 3)
					: g->border,
		     g->radius);

	struct rect text_box = rect_inset(r, px(g, 10));
	const char *image = keyset_image(s->env->ks, session_card_keyword(s->session, card));
	int side = image && s->env->assets_dir && (p == PILE_DECK || lifted)
			   ? card_picture_side(s->env->tm, card_label(s, card), min_font(s),
					       r.h - 2 * px(g, 10), text_box.w, px(g, 8))
			   : 0;
	if (side > 0) {
		/* The picture on the card's start side; the label keeps the rest. */
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", s->env->assets_dir, image);
		draw_image(dl, (struct rect){r.x + px(g, 10), r.y + (r.h - side) / 2, side, side},
			   path.data);
		sb_finish(&path);
		text_box.x += side + px(g, 8);
		text_box.w -= side + px(g, 8);
	}
	if (p == PILE_YES && !lifted) {
		text_box.x = draw_badge(s, dl, card, r);
		text_box.w = r.x + r.w - px(g, 10) - text_box.x;
	}
	bool in_deck = p == PILE_DECK;
	int max_size = in_deck ? font_px(s, 34) : font_px(s, 28);
	int min_size = min_font(s);
	const struct text_block *b = ui_fit(s->env, card_label(s, card), FONT_BOLD, min_size,
					    max_size, 3, text_box.w, text_box.h);
	text_draw_centered(dl, s->env->tm, FONT_BOLD, b, card_label(s, card), text_box,
			   t->card_text);
}

static void build_header(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	const struct text_metrics *tm = env->tm;
	draw_fill(dl, g->header, t->header_bg, 0);

	const char *title = ui_text(env, "sort.title");
	const struct text_block *b = ui_fit(s->env, title, FONT_BOLD, px(g, 20), font_px(s, 46), 2,
					    g->title.w, g->title.h);
	text_draw_at(dl, tm, FONT_BOLD, b, title, g->title.x,
		     g->title.y + (g->title.h - b->height) / 2, t->header_text);
	/* After a tap on a card the line says what to do next. */
	const char *instruction = ui_text(env,
					  s->has_selection ? "sort.selected" : "sort.instruction");
	b = ui_fit(s->env, instruction, FONT_REGULAR, min_font(s), font_px(s, 26), 2,
		   g->instruction.w, g->instruction.h);
	text_draw_at(dl, tm, FONT_REGULAR, b, instruction, g->instruction.x, g->instruction.y,
		     t->header_text);

	free(s->progress_text);
	char *placed = catalog_number(env->cat, env->lang, (long)session_placed_count(s->session));
	char *total = catalog_number(env->cat, env->lang, (long)session_card_count(s->session));
	s->progress_text = catalog_format(env->cat, env->lang, "sort.progress", "placed", placed,
					  "total", total, (const char *)NULL);
	free(placed);
	free(total);
	b = ui_fit(s->env, s->progress_text, FONT_BOLD, min_font(s), font_px(s, 34), 1,
		   g->progress.w, g->progress.h);
	text_draw_centered(dl, tm, FONT_BOLD, b, s->progress_text, g->progress, t->header_text);

	bool enabled = session_can_complete(s->session);
	draw_fill(dl, g->done, enabled ? t->button_bg : t->button_off_bg, g->radius);
	if (enabled)
		draw_outline(dl, g->done, t->header_text, px(g, 3), g->radius);
	const char *done = ui_text(env, "sort.done");
	b = ui_fit(s->env, done, FONT_BOLD, min_font(s), font_px(s, 36), 1, g->done.w - px(g, 20),
		   g->done.h - px(g, 10));
	text_draw_centered(dl, tm, FONT_BOLD, b, done, g->done,
			   enabled ? t->button_text : t->button_off_text);
	struct layout_item *it = layout_add(l, "button:done", ROLE_BUTTON, g->done);
	it->enabled = enabled;
}

static void build_zones(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct text_metrics *tm = s->env->tm;
	draw_fill(dl, g->deck, t->deck_bg, g->radius);
	for (int i = 0; i < 3; i++) {
		enum pile p = zone_order[i];
		bool hover = s->dragging && rect_contains(g->zone[p], s->px, s->py);
		draw_fill(dl, g->zone[p], t->zone_bg[p], g->radius);
		draw_outline(dl, g->zone[p], t->zone_border[p], hover ? px(g, 7) : px(g, 3),
			     g->radius);
		static const char *const title_ids[] = {"sort.pile.deck", "sort.pile.yes",
							"sort.pile.no", "sort.pile.neutral"};
		const char *title = ui_text(s->env, title_ids[p]);
		struct rect tb = g->ztitle[p];
		if (p == PILE_YES) {
			const char *hint = ui_text(s->env, "sort.rank_hint");
			int hint_h = tb.h * 45 / 100;
			const struct text_block *hb = ui_fit(s->env, hint, FONT_REGULAR,
							     min_font(s), font_px(s, 24), 1, tb.w,
							     hint_h);
			text_draw_centered(dl, tm, FONT_REGULAR, hb, hint,
					   (struct rect){tb.x, tb.y + tb.h - hint_h, tb.w, hint_h},
					   t->zone_title[p]);
			tb.h -= hint_h;
		}
		const struct text_block *b = ui_fit(s->env, title, FONT_BOLD, min_font(s),
						    font_px(s, 30), 2, tb.w, tb.h);
		text_draw_centered(dl, tm, FONT_BOLD, b, title, tb, t->zone_title[p]);
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "zone:%s", pile_name(p));
		layout_add(l, id.data, ROLE_ZONE, g->zone[p])->ref = (size_t)p;
		sb_finish(&id);
	}
}

static void build_cards(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	size_t n = session_card_count(s->session);
	for (size_t c = 0; c < n; c++) {
		struct rect r = card_rect(s, c);
		enum pile p = session_card_pile(s->session, c);
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "card:%s",
			   keyset_keyword_id(s->env->ks, session_card_keyword(s->session, c)));
		struct layout_item *it = layout_add(l, id.data, ROLE_CARD, r);
		sb_finish(&id);
		it->zone = pile_name(p);
		it->rank = p == PILE_DECK ? 0 : (int)session_card_position(s->session, c) + 1;
		it->ref = c;
		if (s->has_selection && s->selected == c)
			it->selected = 1;
		if (s->dragging && c == s->drag_card)
			draw_outline(dl, r, t->card_border, s->geo.border, s->geo.radius);
		else
			draw_card(s, dl, c, r, false);
	}
	if (s->dragging) {
		struct rect r = card_rect(s, s->drag_card);
		r.x = s->px - s->grab_dx;
		r.y = s->py - s->grab_dy;
		draw_card(s, dl, s->drag_card, r, true);
	}
}

static void sort_build(struct scene *sc, int w, int h, struct draw_list *dl, struct layout *l)
{
	struct sort_scene *s = from(sc);
	const struct theme *t = theme_default();
	compute_geometry(s, w, h);
	draw_fill(dl, (struct rect){0, 0, w, h}, t->background, 0);
	build_zones(s, dl, l);
	build_cards(s, dl, l);
	build_header(s, dl, l);
	struct frame f;
	frame_init(&f, s->env, w, h, dl, l);
	ui_text_toggle(&f, &s->geo.toggle);
	/* Keep a copy for hit tests: the visitor acts on what was drawn. */
	layout_clear(&s->hits);
	for (size_t i = 0; i < l->count; i++) {
		struct layout_item *it = layout_add(&s->hits, l->items[i].id, l->items[i].role,
						    l->items[i].r);
		it->zone = l->items[i].zone;
		it->rank = l->items[i].rank;
		it->enabled = l->items[i].enabled;
		it->ref = l->items[i].ref;
	}
}

/* The pile whose drop area holds (x, y), or the deck, or PILE_COUNT. */
static enum pile pile_at(const struct sort_scene *s, int x, int y)
{
	for (int i = 0; i < 3; i++)
		if (rect_contains(s->geo.zone[zone_order[i]], x, y))
			return zone_order[i];
	return rect_contains(s->geo.deck, x, y) ? PILE_DECK : PILE_COUNT;
}

/* Moves card to pile p before position pos as seen on screen, where the
 * slots above include the card itself when it is already in p. */
static void place(struct sort_scene *s, size_t card, enum pile p, size_t pos)
{
	if (session_card_pile(s->session, card) == p &&
	    pos > session_card_position(s->session, card))
		pos--;
	session_move(s->session, card, p, pos);
}

static void drop(struct sort_scene *s, size_t card, int x, int y)
{
	enum pile p = pile_at(s, x, y);
	if (p == PILE_COUNT)
		return; /* anywhere else the card simply goes back where it was */
	if (p == PILE_DECK) {
		if (session_card_pile(s->session, card) != PILE_DECK)
			session_move(s->session, card, PILE_DECK,
				     session_pile_size(s->session, PILE_DECK));
		return;
	}
	place(s, card, p, grid_insert_index(&s->geo.grid[p], x, y));
}

/* A tap on a card: select it, or, with another card selected, put that one
 * before the tapped card in its pile. A tap on a pile puts the selected
 * card at its end. */
static void tap(struct sort_scene *s, int x, int y)
{
	const struct layout_item *it = layout_hit(&s->hits, ROLE_CARD, x, y);
	if (it) {
		size_t card = it->ref;
		enum pile p = session_card_pile(s->session, card);
		if (s->has_selection && s->selected != card && p != PILE_DECK) {
			place(s, s->selected, p, session_card_position(s->session, card));
			s->has_selection = false;
		} else if (s->has_selection && s->selected == card) {
			s->has_selection = false;
		} else {
			s->has_selection = true;
			s->selected = card;
		}
		return;
	}
	enum pile p = pile_at(s, x, y);
	if (!s->has_selection || p == PILE_COUNT)
		return;
	session_move(s->session, s->selected, p, session_pile_size(s->session, p));
	s->has_selection = false;
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
	if (it && it->enabled == 1) {
		s->done_armed = true;
		s->done_pointer = ev->pointer;
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
		int slop = px(&s->geo, 12);
		if (dx * dx + dy * dy > slop * slop) {
			s->dragging = true;
			s->drag_card = s->press_card;
			s->drag_pointer = ev->pointer;
			s->has_selection = false;
		}
	}
	return s->dragging;
}

static bool pointer_up(struct sort_scene *s, const struct input_event *ev)
{
	if (s->done_armed && ev->pointer == s->done_pointer) {
		s->done_armed = false;
		if (rect_contains(s->geo.done, ev->x, ev->y) && session_can_complete(s->session))
			s->result.action = SCENE_ACTION_SESSION_DONE;
		return false;
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

static bool sort_input(struct scene *sc, const struct input_event *ev)
{
	struct sort_scene *s = from(sc);
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

static bool sort_busy(const struct scene *sc)
{
	return ((const struct sort_scene *)sc)->dragging;
}

static struct scene_result sort_take_action(struct scene *sc)
{
	struct sort_scene *s = from(sc);
	struct scene_result r = s->result;
	s->result = (struct scene_result){0};
	return r;
}

static void sort_destroy(struct scene *sc)
{
	if (!sc)
		return;
	struct sort_scene *s = from(sc);
	layout_finish(&s->hits);
	free(s->progress_text);
	free(s);
}

static const struct scene_ops sort_ops = {
	.name = "sort",
	.destroy = sort_destroy,
	.input = sort_input,
	.build = sort_build,
	.busy = sort_busy,
	.take_action = sort_take_action,
	.animating = NULL,
};

struct scene *scene_sort_create(const struct ui_env *env)
{
	struct sort_scene *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sort_ops;
	s->env = env;
	layout_init(&s->hits);
	return &s->base;
}

void scene_sort_set_session(struct scene *sc, struct session *session)
{
	struct sort_scene *s = from(sc);
	s->session = session;
	s->dragging = false;
	s->pressed = false;
	s->has_selection = false;
	s->done_armed = false;
	s->result = (struct scene_result){0};
	s->geo.w = s->geo.h = 0; /* the deal size may differ: lay out again */
	layout_clear(&s->hits);
}
