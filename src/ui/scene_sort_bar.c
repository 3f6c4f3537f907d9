/* The sort scene's bar at the bottom (where it goes, what it draws) and
 * what the scene shows for a moment. The bar holds what a visitor needs at the end and on the way
 * (start over, language, progress, Done, larger text) within reach from a
 * wheelchair (docs/reach.md). Done is the strongest thing on screen once
 * every card is placed; a tap on it before says how many cards are left
 * and makes them pulse. A card that lands is marked for a moment, and a
 * dragged card shows the gap it would land in. */
#include "scene_sort_internal.h"

#include "common/strbuf.h"
#include "ui/theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A button's height in the bar: enough for a finger (9 mm) and for the
 * button text, a step more with larger text. Not from the fonts' line
 * heights, which Arabic's tall ones would make a strip the piles miss. */
static int bar_button_h(const struct sort_scene *s)
{
	const struct geometry *g = &s->geo;
	int bh = sort_px(g, g->large_text ? 70 : 64);
	return s->env->min_target_px > bh ? s->env->min_target_px : bh;
}

/* The bar's height: one row of buttons, or two (under a deck at the side). */
int sort_bar_h(const struct sort_scene *s, int rows)
{
	return rows * bar_button_h(s) + (rows + 1) * sort_px(&s->geo, 4);
}

/* The least width the bar takes in one row, and in two. */
int sort_bar_row_min_w(const struct sort_scene *s)
{
	const struct geometry *g = &s->geo;
	return 2 * g->margin + sort_px(g, 2 * 220 + 140 + 260) + bar_button_h(s) + 5 * g->gap;
}

int sort_bar_two_rows_min_w(const struct sort_scene *s)
{
	const struct geometry *g = &s->geo;
	return sort_px(g, 440);
}

/* Where the labels go inside the start-over and language buttons, and the
 * globe; a little room above and below, as Arabic lines are tall. */
static void place_labels(struct geometry *g)
{
	struct rect so = g->start_over, la = g->language;
	int in = sort_px(g, 10), icon = la.h * 6 / 10;
	g->start_over_label = (struct rect){so.x + in, so.y + sort_px(g, 2), so.w - 2 * in,
					    so.h - sort_px(g, 4)};
	g->language_icon = (struct rect){la.x + in, la.y + (la.h - icon) / 2, icon, icon};
	int lx = g->language_icon.x + icon + in / 2;
	g->language_label = (struct rect){lx, la.y + sort_px(g, 2), la.x + la.w - in / 2 - lx,
					  la.h - sort_px(g, 4)};
}

/* The bar at the bottom, within reach from a wheelchair (docs/reach.md):
 * start over and language on the start side; progress, Done and the
 * larger-text toggle on the end side, Done the largest; in one row across
 * area. Done keeps a wider gap from the toggle than the rest, so the
 * larger of them is not hit for the other. */
void sort_place_bar_row(struct sort_scene *s, struct rect area)
{
	struct geometry *g = &s->geo;
	bool portrait = g->h > g->w;
	int bh = bar_button_h(s), y = area.y + (area.h - bh) / 2;
	int side_w = sort_px(g, portrait ? 220 : 260);
	int done_w = sort_px(g, portrait ? 260 : 320),
	    progress_w = sort_px(g, portrait ? 140 : 170);
	g->bar = area;
	g->start_over = (struct rect){area.x + g->margin, y, side_w, bh};
	g->language = (struct rect){g->start_over.x + side_w + g->gap, y, side_w, bh};
	g->toggle = (struct rect){area.x + area.w - g->margin - bh, y, bh, bh};
	g->done = (struct rect){g->toggle.x - 2 * g->gap - done_w, y, done_w, bh};
	g->progress = (struct rect){g->done.x - g->gap - progress_w, y, progress_w, bh};
	place_labels(g);
}

/* The same in two rows under a deck that stands at the side, where the
 * deck has height to spare (its labels are as wide as it is): start over
 * and language, then progress, Done and the toggle. Done then stands
 * right under the deck that says "press Done" once it is empty. */
void sort_place_bar_two_rows(struct sort_scene *s, struct rect area)
{
	struct geometry *g = &s->geo;
	int bh = bar_button_h(s), pad = sort_px(g, 4);
	g->bar = area;
	int half = (area.w - g->gap) / 2;
	g->start_over = (struct rect){area.x, area.y + pad, half, bh};
	g->language = (struct rect){area.x + half + g->gap, area.y + pad, area.w - half - g->gap,
				    bh};
	int y = area.y + 2 * pad + bh;
	g->toggle = (struct rect){area.x + area.w - bh, y, bh, bh};
	int rest = g->toggle.x - 2 * g->gap - area.x;
	int progress_w = rest * 4 / 10;
	g->progress = (struct rect){area.x, y, progress_w, bh};
	g->done = (struct rect){area.x + progress_w + g->gap, y, rest - progress_w - g->gap, bh};
	place_labels(g);
}

void sort_start_frame(struct sort_scene *s)
{
	int64_t now = s->env->now_ms;
	if (s->landed_ms == SORT_NEXT_FRAME)
		s->landed_ms = now;
	else if (s->landed_ms && now - s->landed_ms >= SORT_LANDED_MS)
		s->landed_ms = 0;
	if (s->left_ms == SORT_NEXT_FRAME)
		s->left_ms = now;
	else if (s->left_ms && now - s->left_ms >= SORT_LEFT_MS)
		s->left_ms = 0;
	if (s->session && session_can_complete(s->session))
		s->left_ms = 0;
}

bool sort_marking(const struct sort_scene *s)
{
	return s->landed_ms != 0 || s->left_ms != 0;
}

bool sort_is_target(const struct sort_scene *s, enum pile p)
{
	size_t card;
	if (s->dragging)
		card = s->drag_card;
	else if (s->has_selection)
		card = s->selected;
	else
		return false;
	/* Any pile, its own too (to reorder); the deck only to put one back. */
	return p != PILE_DECK || session_card_pile(s->session, card) != PILE_DECK;
}

/* 1 when the mark was just made, down to 0 when it ends. */
static double fade(const struct sort_scene *s, int64_t since, int64_t length)
{
	double k = 1.0 - (double)(s->env->now_ms - since) / (double)length;
	return k < 0 ? 0 : k > 1 ? 1 : k;
}

void sort_draw_mark(const struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	enum pile p = session_card_pile(s->session, card);
	if (s->landed_ms > 0 && card == s->landed && p != PILE_DECK && !s->dragging) {
		/* A ring in the pile's colour around the card that just landed. */
		struct color c = t->zone_border[p];
		c.a = (uint8_t)lround(255 * fade(s, s->landed_ms, SORT_LANDED_MS));
		int d = sort_px(g, 5);
		draw_outline(dl, (struct rect){r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d}, c,
			     sort_px(g, 6), g->radius + d);
	}
	if (s->left_ms > 0 && p == PILE_DECK && !(s->dragging && card == s->drag_card)) {
		/* The cards still to place pulse, about once a second. */
		double phase = (double)(s->env->now_ms - s->left_ms) / 1000.0;
		struct color c = t->focus;
		c.a = (uint8_t)lround(255 * (0.55 + 0.45 * cos(phase * 2 * M_PI)));
		draw_outline(dl, r, c, sort_px(g, 6), g->radius);
	}
}

void sort_draw_gap(const struct sort_scene *s, struct draw_list *dl)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	struct rect r;
	if (!sort_gap_rect(s, &r))
		return;
	struct color tint = t->focus;
	tint.a = 60;
	draw_fill(dl, r, tint, g->radius);
	draw_outline(dl, r, t->focus, sort_px(g, 5), g->radius);
}

/* Text at the bar's role size (scene_sort_type.c), centred in box: every
 * button of the scene, and its messages, read at one size. */
static const struct text_block *bar_text(const struct sort_scene *s, struct draw_list *dl,
					 const char *text, struct rect box, struct color c)
{
	int size = s->geo.role_px[SORT_BUTTON];
	const struct text_block *b = ui_fit(s->env, text, FONT_BOLD, size, size,
					    s->geo.role_lines[SORT_BUTTON], box.w, box.h);
	text_draw_centered(dl, s->env->tm, FONT_BOLD, b, text, box, c);
	return b;
}

static void has_text(struct layout_item *it, const struct text_block *b)
{
	it->text_px = b->size;
	it->lines = (int)b->count;
}

/* A globe: the sign for "language" that needs no words, for a visitor who
 * chose one they cannot read. A circle, a meridian and the equator. */
static void draw_globe(struct frame *f, struct rect r, struct color c)
{
	int line = frame_px(f, 3);
	draw_outline(f->dl, r, c, line, r.w / 2);
	struct rect meridian = {r.x + r.w * 3 / 10, r.y, r.w * 4 / 10, r.h};
	draw_outline(f->dl, meridian, c, line, meridian.w / 2);
	draw_fill(f->dl, (struct rect){r.x, r.y + (r.h - line) / 2, r.w, line}, c, 0);
}

/* An outlined button of the bar, light on the bar's ground. */
static void outlined(struct frame *f, struct rect r)
{
	const struct theme *t = theme_default();
	int radius = frame_px(f, 12);
	draw_fill(f->dl, r, t->card_bg, radius);
	draw_outline(f->dl, r, t->card_border, frame_px(f, 3), radius);
}

static void build_side_buttons(struct sort_scene *s, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	outlined(f, g->start_over);
	const struct text_block *b = bar_text(s, f->dl, ui_text(s->env, "sort.start_over"),
					      g->start_over_label, t->card_text);
	struct layout_item *it = layout_add(f->l, sort_button_ids[SORT_BUTTON_START_OVER],
					    ROLE_BUTTON, g->start_over);
	it->enabled = 1;
	has_text(it, b);
	layout_say(it, ui_text(s->env, "sort.start_over"));

	outlined(f, g->language);
	draw_globe(f, g->language_icon, t->button_bg);
	b = bar_text(s, f->dl, ui_text(s->env, "sort.language"), g->language_label, t->card_text);
	it = layout_add(f->l, sort_button_ids[SORT_BUTTON_LANGUAGE], ROLE_BUTTON, g->language);
	it->enabled = 1;
	has_text(it, b);
	layout_say(it, ui_text(s->env, "sort.language"));
}

/* Done: filled and shadowed once every card is placed, the strongest thing
 * on screen; before that a quiet outline (it still answers a tap). */
static void build_done(struct sort_scene *s, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	bool enabled = session_can_complete(s->session);
	int radius = frame_px(f, 12);
	if (enabled) {
		int d = sort_px(g, 6);
		draw_fill(f->dl, (struct rect){g->done.x + d, g->done.y + d, g->done.w, g->done.h},
			  t->card_shadow, radius);
		draw_fill(f->dl, g->done, t->button_bg, radius);
	} else {
		draw_fill(f->dl, g->done, t->card_bg, radius);
		draw_outline(f->dl, g->done, t->card_border, g->border, radius);
	}
	const struct text_block *b = bar_text(s, f->dl, ui_text(s->env, "sort.done"),
					      (struct rect){g->done.x + sort_px(g, 10),
							    g->done.y + sort_px(g, 2),
							    g->done.w - sort_px(g, 20),
							    g->done.h - sort_px(g, 4)},
					      enabled ? t->button_text : t->button_off_text);
	struct layout_item *it = layout_add(f->l, sort_button_ids[SORT_BUTTON_DONE], ROLE_BUTTON,
					    g->done);
	it->enabled = enabled;
	has_text(it, b);
	layout_say(it, ui_text(s->env, "sort.done"));
}

/* What the deck says once it is empty, and what a tap on Done says while
 * it is not: both name Done's own text, so the words match the button. */
static void build_messages(struct sort_scene *s, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	size_t left = session_pile_size(s->session, PILE_DECK);
	if (left == 0) {
		char *text = catalog_format(env->cat, env->lang, "sort.all_sorted", "done",
					    ui_text(env, "sort.done"), (const char *)NULL);
		struct rect box = rect_inset(g->deck, sort_px(g, 24));
		const struct text_block *b = bar_text(s, f->dl, text, box, t->text);
		struct layout_item *it = layout_add(f->l, "message:all-sorted", ROLE_TEXT, box);
		has_text(it, b);
		layout_say(it, text);
		free(text);
		return;
	}
	if (s->left_ms == 0)
		return;
	char *n = catalog_number(env->cat, env->lang, (long)left);
	char *text = catalog_format(env->cat, env->lang, "sort.left", "n", n, (const char *)NULL);
	int h = sort_px(g, 110);
	struct rect box = {g->margin, g->bar.y - h - g->gap, g->w - 2 * g->margin, h};
	draw_fill(f->dl, box, t->header_bg, g->radius);
	draw_outline(f->dl, box, t->focus, sort_px(g, 4), g->radius);
	const struct text_block *b = bar_text(s, f->dl, text, rect_inset(box, sort_px(g, 14)),
					      t->header_text);
	struct layout_item *it = layout_add(f->l, "message:cards-left", ROLE_TEXT, box);
	has_text(it, b);
	layout_say(it, text);
	free(text);
	free(n);
	it->count = (int)left;
	it->total = (int)session_card_count(s->session);
}

void sort_build_bar(struct sort_scene *s, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	draw_fill(f->dl, g->bar, t->deck_bg, 0);
	/* the rule spans the bar only: under a deck at the side it would cross the piles */
	draw_fill(f->dl, (struct rect){g->bar.x, g->bar.y, g->bar.w, g->border}, t->card_border, 0);
	build_side_buttons(s, f);

	free(s->progress_text);
	char *placed = catalog_number(env->cat, env->lang, (long)session_placed_count(s->session));
	char *total = catalog_number(env->cat, env->lang, (long)session_card_count(s->session));
	s->progress_text = catalog_format(env->cat, env->lang, "sort.progress", "placed", placed,
					  "total", total, (const char *)NULL);
	free(placed);
	free(total);
	bar_text(s, f->dl, s->progress_text, g->progress, t->text);
	build_done(s, f);
	ui_text_toggle_sized(f, g->toggle, g->role_px[SORT_BUTTON]);
	build_messages(s, f);
}
