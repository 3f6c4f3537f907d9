/* The sort scene: dealt cards in a deck at the top, three piles below, the
 * question and a Done button in the header. A card is dragged by one pointer
 * at a time (mouse or a finger); a second pointer is ignored until the first
 * lets go, so two hands can never tear one session apart. Cards keep their
 * size per area (deck, pile) whatever the number placed, so nothing jumps
 * under a visitor's finger except the gap a card leaves. */
#include "ui/scene_sort.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "ui/theme.h"

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

/* A text block fitted to a box, recomputed only when the box or text changes. */
struct fit {
	const char *text;
	int w, h, min_size, max_size, max_lines;
	enum font_face face;
	struct text_block block;
};

struct geometry {
	int w, h, u_px10; /* u * 10, for sizes that scale */
	double u;
	int margin, gap, radius, border;
	struct rect header, title, instruction, progress, done;
	struct rect deck;
	struct rect zone[PILE_COUNT];  /* the drop area of each pile (deck: the deck) */
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

	bool done_armed;
	int64_t done_pointer;
	enum scene_action action;

	struct fit title, instruction, progress, done_label, rank_hint;
	struct fit ztitle[PILE_COUNT];
	struct fit *card_fit; /* per card: [2 * card] in the deck, [2 * card + 1] in a pile */
	size_t card_fit_count;
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

static const struct text_block *fit_text(const struct text_metrics *tm, struct fit *f,
					 const char *text, enum font_face face, int min_size,
					 int max_size, int max_lines, int w, int h)
{
	if (f->text == text && f->w == w && f->h == h && f->min_size == min_size &&
	    f->max_size == max_size && f->max_lines == max_lines && f->face == face)
		return &f->block;
	f->text = text;
	f->w = w;
	f->h = h;
	f->min_size = min_size;
	f->max_size = max_size;
	f->max_lines = max_lines;
	f->face = face;
	text_fit(tm, face, min_size, max_size, max_lines, text, w, h, &f->block);
	return &f->block;
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
static struct grid grid_fit(struct rect area, size_t n, int gap, double aspect, int max_h,
			    int max_cols, bool column_major)
{
	struct grid best = {.area = area, .cols = 1, .rows = (int)(n ? n : 1), .gap = gap,
			    .column_major = column_major};
	double best_score = -1;
	for (int cols = 1; cols <= max_cols && cols <= (int)(n ? n : 1); cols++) {
		int rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
		if (rows < 1)
			rows = 1;
		int cw = (area.w - (cols - 1) * gap) / cols;
		int ch = (area.h - (rows - 1) * gap) / rows;
		if (cw <= 0 || ch <= 0)
			continue;
		/* The usable card is the largest rect of the wanted aspect in the cell. */
		double h_eff = fmin((double)ch, cw / aspect);
		double score = h_eff * h_eff * aspect;
		if (score > best_score + 1e-9) {
			best_score = score;
			best.cols = cols;
			best.rows = rows;
			best.cw = cw;
			best.ch = ch;
		}
	}
	if (best.ch > max_h)
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
	int pw = px(g, 170);
	g->progress = (struct rect){g->done.x - g->gap - pw, g->done.y, pw, bh};
	int tw = g->progress.x - g->gap - g->margin;
	g->title = (struct rect){g->margin, px(g, 10), tw, (header_h - px(g, 20)) * 6 / 10};
	g->instruction = (struct rect){g->margin, g->title.y + g->title.h, tw,
				       header_h - px(g, 10) - (g->title.y + g->title.h)};

	int top = header_h + g->gap;
	int deck_h = (int)((h - top) * (portrait ? 0.36 : 0.34));
	g->deck = (struct rect){g->margin, top, w - 2 * g->margin, deck_h};
	g->zone[PILE_DECK] = g->deck;
	g->grid[PILE_DECK] = grid_fit(rect_inset(g->deck, g->gap), n, g->gap, 2.2, px(g, 150),
				      (int)n, false);

	int zy = g->deck.y + g->deck.h + g->gap;
	int zh = h - g->margin - zy;
	int zw = (w - 2 * g->margin - 2 * g->gap) / 3;
	int title_h = px(g, 74);
	for (int i = 0; i < 3; i++) {
		enum pile p = zone_order[i];
		g->zone[p] = (struct rect){g->margin + i * (zw + g->gap), zy, zw, zh};
		g->ztitle[p] = (struct rect){g->zone[p].x + g->gap, zy + px(g, 6),
					     zw - 2 * g->gap, title_h - px(g, 12)};
		struct rect list = {g->zone[p].x + g->gap, zy + title_h, zw - 2 * g->gap,
				    zh - title_h - g->gap};
		/* Sized for the whole deal, so a pile never re-flows as it fills. */
		g->grid[p] = grid_fit(list, n, px(g, 8), 3.0, px(g, 76), 3, true);
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
	return keyset_label(s->env->ks, kw, s->env->lang);
}

static void ensure_card_fits(struct sort_scene *s)
{
	size_t n = session_card_count(s->session) * 2;
	if (s->card_fit_count >= n)
		return;
	s->card_fit = xrealloc(s->card_fit, n * sizeof(*s->card_fit));
	for (size_t i = s->card_fit_count; i < n; i++) {
		memset(&s->card_fit[i], 0, sizeof(s->card_fit[i]));
		text_block_init(&s->card_fit[i].block);
	}
	s->card_fit_count = n;
}

static void draw_card(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r,
		      bool lifted)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	enum pile p = session_card_pile(s->session, card);
	if (lifted) {
		int d = px(g, 8);
		draw_fill(dl, (struct rect){r.x + d, r.y + d, r.w, r.h}, t->card_shadow, g->radius);
	}
	draw_fill(dl, r, t->card_bg, g->radius);
	draw_outline(dl, r, lifted ? t->focus : t->card_border, lifted ? px(g, 4) : g->border,
		     g->radius);

	struct rect text_box = rect_inset(r, px(g, 10));
	if (p == PILE_YES && !lifted) {
		/* The rank badge: the visitor's priority, visible at a glance. */
		int bs = r.h - 2 * px(g, 8);
		if (bs > px(g, 56))
			bs = px(g, 56);
		struct rect badge = {r.x + px(g, 8), r.y + (r.h - bs) / 2, bs, bs};
		draw_fill(dl, badge, t->badge_bg, bs / 2);
		struct strbuf num;
		sb_init(&num);
		sb_appendf(&num, "%zu", session_card_position(s->session, card) + 1);
		int size = bs * 6 / 10;
		const struct text_metrics *tm = s->env->tm;
		int nw = tm->width(tm->ctx, FONT_BOLD, size, num.data, num.len);
		int nh = tm->line_height(tm->ctx, FONT_BOLD, size);
		draw_text(dl, badge.x + (bs - nw) / 2, badge.y + (bs - nh) / 2, FONT_BOLD, size,
			  t->badge_text, num.data, num.len);
		sb_finish(&num);
		text_box.x = badge.x + bs + px(g, 8);
		text_box.w = r.x + r.w - px(g, 10) - text_box.x;
	}
	bool in_deck = p == PILE_DECK;
	struct fit *f = &s->card_fit[2 * card + (in_deck ? 0 : 1)];
	int max_size = in_deck ? px(g, 34) : px(g, 28);
	int min_size = px(g, 14) > 11 ? px(g, 14) : 11;
	const struct text_block *b = fit_text(s->env->tm, f, card_label(s, card), FONT_BOLD,
					      min_size, max_size, 3, text_box.w, text_box.h);
	text_draw_centered(dl, s->env->tm, FONT_BOLD, b, card_label(s, card), text_box,
			   t->card_text);
}

static void build_header(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_strings *str = s->env->str;
	const struct text_metrics *tm = s->env->tm;
	draw_fill(dl, g->header, t->header_bg, 0);

	const struct text_block *b = fit_text(tm, &s->title, str->title, FONT_BOLD, px(g, 20),
					      px(g, 46), 2, g->title.w, g->title.h);
	text_draw_at(dl, tm, FONT_BOLD, b, str->title, g->title.x,
		     g->title.y + (g->title.h - b->height) / 2, t->header_text);
	b = fit_text(tm, &s->instruction, str->instruction, FONT_REGULAR, px(g, 16), px(g, 26), 2,
		     g->instruction.w, g->instruction.h);
	text_draw_at(dl, tm, FONT_REGULAR, b, str->instruction, g->instruction.x, g->instruction.y,
		     t->header_text);

	free(s->progress_text);
	s->progress_text = strings_progress(str->progress, session_placed_count(s->session),
					    session_card_count(s->session));
	/* The progress text changes on every drop, so its fit cache keys on a
	 * fresh pointer each time; it is one short line, cheap to fit. */
	s->progress.text = NULL;
	b = fit_text(tm, &s->progress, s->progress_text, FONT_BOLD, px(g, 16), px(g, 34), 1,
		     g->progress.w, g->progress.h);
	text_draw_centered(dl, tm, FONT_BOLD, b, s->progress_text, g->progress, t->header_text);

	bool enabled = session_can_complete(s->session);
	draw_fill(dl, g->done, enabled ? t->button_bg : t->button_off_bg, g->radius);
	if (enabled)
		draw_outline(dl, g->done, t->header_text, px(g, 3), g->radius);
	b = fit_text(tm, &s->done_label, str->done, FONT_BOLD, px(g, 16), px(g, 36), 1,
		     g->done.w - px(g, 20), g->done.h - px(g, 10));
	text_draw_centered(dl, tm, FONT_BOLD, b, str->done, g->done,
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
		bool hover = s->dragging &&
			     rect_contains(g->zone[p], s->px, s->py);
		draw_fill(dl, g->zone[p], t->zone_bg[p], g->radius);
		draw_outline(dl, g->zone[p], t->zone_border[p], hover ? px(g, 7) : px(g, 3),
			     g->radius);
		const char *title = s->env->str->pile[p];
		struct rect tb = g->ztitle[p];
		if (p == PILE_YES) {
			int hint_h = tb.h * 4 / 10;
			const struct text_block *hb =
				fit_text(tm, &s->rank_hint, s->env->str->rank_hint, FONT_REGULAR,
					 px(g, 12), px(g, 20), 1, tb.w, hint_h);
			text_draw_centered(dl, tm, FONT_REGULAR, hb, s->env->str->rank_hint,
					   (struct rect){tb.x, tb.y + tb.h - hint_h, tb.w, hint_h},
					   t->zone_title[p]);
			tb.h -= hint_h;
		}
		const struct text_block *b =
			fit_text(tm, &s->ztitle[p], title, FONT_BOLD, px(g, 14), px(g, 30), 2, tb.w,
				 tb.h);
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
	ensure_card_fits(s);
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

static void drop(struct sort_scene *s, int x, int y)
{
	const struct geometry *g = &s->geo;
	size_t card = s->drag_card;
	enum pile from_pile = session_card_pile(s->session, card);
	for (int i = 0; i < 3; i++) {
		enum pile p = zone_order[i];
		if (!rect_contains(g->zone[p], x, y))
			continue;
		size_t pos = grid_insert_index(&g->grid[p], x, y);
		size_t old = session_card_position(s->session, card);
		/* Within one pile the slots above include the card itself. */
		if (from_pile == p && pos > old)
			pos--;
		session_move(s->session, card, p, pos);
		return;
	}
	if (rect_contains(g->deck, x, y) && from_pile != PILE_DECK)
		session_move(s->session, card, PILE_DECK, session_pile_size(s->session, PILE_DECK));
	/* Anywhere else the card simply goes back where it was. */
}

static bool sort_input(struct scene *sc, const struct input_event *ev)
{
	struct sort_scene *s = from(sc);
	if (!s->session)
		return false;
	switch (ev->kind) {
	case INPUT_POINTER_DOWN: {
		if (s->dragging || s->done_armed)
			return false; /* one gesture at a time */
		const struct layout_item *it = layout_hit(&s->hits, ROLE_BUTTON, ev->x, ev->y);
		if (it && it->enabled == 1) {
			s->done_armed = true;
			s->done_pointer = ev->pointer;
			return false;
		}
		it = layout_hit(&s->hits, ROLE_CARD, ev->x, ev->y);
		if (!it)
			return false;
		s->dragging = true;
		s->drag_pointer = ev->pointer;
		s->drag_card = it->ref;
		s->grab_dx = ev->x - it->r.x;
		s->grab_dy = ev->y - it->r.y;
		s->px = ev->x;
		s->py = ev->y;
		return true;
	}
	case INPUT_POINTER_MOVE:
		if (!s->dragging || ev->pointer != s->drag_pointer)
			return false;
		s->px = ev->x;
		s->py = ev->y;
		return true;
	case INPUT_POINTER_UP:
		if (s->done_armed && ev->pointer == s->done_pointer) {
			s->done_armed = false;
			if (rect_contains(s->geo.done, ev->x, ev->y) &&
			    session_can_complete(s->session))
				s->action = SCENE_ACTION_SESSION_DONE;
			return false;
		}
		if (!s->dragging || ev->pointer != s->drag_pointer)
			return false;
		s->dragging = false;
		drop(s, ev->x, ev->y);
		return true;
	case INPUT_POINTER_CANCEL:
		s->done_armed = false;
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

static enum scene_action sort_take_action(struct scene *sc)
{
	struct sort_scene *s = from(sc);
	enum scene_action a = s->action;
	s->action = SCENE_ACTION_NONE;
	return a;
}

static void fit_finish(struct fit *f)
{
	text_block_finish(&f->block);
}

static void sort_destroy(struct scene *sc)
{
	if (!sc)
		return;
	struct sort_scene *s = from(sc);
	layout_finish(&s->hits);
	fit_finish(&s->title);
	fit_finish(&s->instruction);
	fit_finish(&s->progress);
	fit_finish(&s->done_label);
	fit_finish(&s->rank_hint);
	for (int p = 0; p < PILE_COUNT; p++)
		fit_finish(&s->ztitle[p]);
	for (size_t i = 0; i < s->card_fit_count; i++)
		fit_finish(&s->card_fit[i]);
	free(s->card_fit);
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
	s->done_armed = false;
	s->action = SCENE_ACTION_NONE;
	s->geo.w = s->geo.h = 0; /* the deal size may differ: lay out again */
	/* Card numbers now name other keywords: forget their fitted labels. */
	for (size_t i = 0; i < s->card_fit_count; i++)
		s->card_fit[i].text = NULL;
	layout_clear(&s->hits);
}
