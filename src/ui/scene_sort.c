/* The sort scene: dealt cards in a deck at the top, three piles below, the
 * question and a Done button in the header. This file draws it and owns its
 * life; where things go is in scene_sort_geometry.c and how a visitor moves
 * cards in scene_sort_gestures.c. */
#include "scene_sort_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "ui/card_picture.h"
#include "ui/speaker.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <stdlib.h>
#include <string.h>

static struct sort_scene *from(struct scene *sc)
{
	return (struct sort_scene *)sc;
}

/* The smallest text the scene draws: 15 px at 1080p, and never below 12 px
 * however small the window (tests/ui holds it to this). */
static int min_font(const struct sort_scene *s)
{
	int v = sort_px(&s->geo, 15);
	return v > 12 ? v : 12;
}

/* A font size: as px, and larger when the visitor asked for larger text. */
static int font_px(const struct sort_scene *s, double v)
{
	return sort_px(&s->geo, s->env->large_text ? v * 1.3 : v);
}

static const char *card_label(const struct sort_scene *s, size_t card)
{
	size_t kw = session_card_keyword(s->session, card);
	return keyset_label(s->env->ks, kw, s->env->ks_lang);
}

/* The card's simpler description in the visitor's language (lättläst), or NULL. */
static const char *card_description(const struct sort_scene *s, size_t card)
{
	return keyset_description(s->env->ks, session_card_keyword(s->session, card),
				  catalog_code(s->env->cat, s->env->lang));
}

/* A speaker button's side for a box of height h: at least a finger's 9 mm, about 40 px at
 * 1080p otherwise, and never taller than the box. */
static int speaker_side(const struct sort_scene *s, int h)
{
	int side = sort_px(&s->geo, 40);
	side = side > s->env->min_target_px ? side : s->env->min_target_px;
	return side < h ? side : h;
}

/* A card's speaker button: in its top end corner, where a centred label rarely reaches. */
static struct rect card_speaker(const struct sort_scene *s, struct rect card)
{
	int pad = sort_px(&s->geo, 6), side = speaker_side(s, card.h - 2 * pad);
	return (struct rect){card.x + card.w - side - pad, card.y + pad, side, side};
}

/* Whether block b, drawn centred in box, would lie under the rectangle r. */
static bool block_meets(const struct text_block *b, struct rect box, struct rect r)
{
	struct rect drawn = {box.x + (box.w - b->width) / 2, box.y + (box.h - b->height) / 2,
			     b->width, b->height};
	return drawn.x < r.x + r.w && r.x < drawn.x + drawn.w && drawn.y < r.y + r.h &&
	       r.y < drawn.y + drawn.h;
}

/* The rank badge: the visitor's priority, visible at a glance; the top
 * three get the gold one, since those are what the planners read first. */
static int draw_badge(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	size_t rank = session_card_position(s->session, card) + 1;
	int bs = r.h - 2 * sort_px(g, 8);
	if (bs > sort_px(g, 56))
		bs = sort_px(g, 56);
	struct rect badge = {r.x + sort_px(g, 8), r.y + (r.h - bs) / 2, bs, bs};
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
	return badge.x + bs + sort_px(g, 8);
}

/* A card's description, picture and label in text_box, drawn into dl, or only laid out when
 * dl is NULL. False when, with a speaker button in the corner (speaker), the label has no room
 * clear of it. */
static bool card_body(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r,
		      struct rect text_box, bool lifted, bool speaker)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	bool in_deck = session_card_pile(s->session, card) == PILE_DECK;
	int max_size = in_deck ? font_px(s, 34) : font_px(s, 28);
	int min_size = min_font(s);
	int lines = 3;
	struct rect sp = speaker ? card_speaker(s, r) : (struct rect){0};
	int clear_x = sp.x - sort_px(g, 4); /* where text beside the speaker ends */
	const char *description = in_deck || lifted ? card_description(s, card) : NULL;
	if (description) {
		/* Lättläst: the description across the bottom, under the picture and the label,
		 * in as little height as it needs; where it cannot fit it is only spoken */
		struct rect below = text_box;
		below.h = text_box.h * 3 / 5;
		const struct text_block *d = ui_fit(s->env, description, FONT_REGULAR, min_size,
						    font_px(s, 22), 3, below.w, below.h);
		below.y = text_box.y + text_box.h - d->height;
		if (speaker && below.y < sp.y + sp.h) {
			below.w = clear_x - below.x;
			d = ui_fit(s->env, description, FONT_REGULAR, min_size, font_px(s, 22), 3,
				   below.w, below.h);
			below.y = text_box.y + text_box.h - d->height;
		}
		if (d->height <= below.h && d->width <= below.w) {
			below.h = d->height;
			if (dl)
				text_draw_centered(dl, s->env->tm, FONT_REGULAR, d, description,
						   below, t->card_text);
			text_box.h -= below.h + sort_px(g, 4);
			lines = 2;
		}
	}
	const char *image = keyset_image(s->env->ks, session_card_keyword(s->session, card));
	int side = image && s->env->assets_dir
			   ? card_picture_side(s->env->tm, card_label(s, card), min_size,
					       text_box.h, text_box.w, sort_px(g, 8))
			   : 0;
	/* The label's box: beside the picture if it fits there, else alone; the whole width
	 * unless the label would then lie under the speaker button. */
	const struct text_block *b = NULL;
	struct rect box = text_box;
	bool found = false;
	for (int attempt = side > 0 ? 0 : 2; attempt < 4 && !found; attempt++) {
		if (attempt % 2 && !speaker)
			continue;
		box = text_box;
		if (attempt < 2) {
			box.x += side + sort_px(g, 8);
			box.w -= side + sort_px(g, 8);
		}
		if (attempt % 2) {
			/* beside the speaker: narrower, but with the card's margins above and
			 * below, where nothing else is drawn */
			box.w = clear_x - box.x;
			box.y -= sort_px(g, 4);
			box.h += 2 * sort_px(g, 4);
		}
		b = ui_fit(s->env, card_label(s, card), FONT_BOLD, min_size, max_size, lines, box.w,
			   box.h);
		found = b->height <= box.h && b->width <= box.w &&
			card_widest_word(s->env->tm, card_label(s, card), b->size) <= box.w &&
			(!speaker || !block_meets(b, box, sp));
	}
	if (!found && speaker)
		return false;
	if (!dl)
		return true;
	if (box.x > text_box.x) {
		/* The picture at the start, after the rank; the label keeps the rest. */
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", s->env->assets_dir, image);
		draw_image(dl,
			   (struct rect){text_box.x, text_box.y + (text_box.h - side) / 2, side,
					 side},
			   path.data);
		sb_finish(&path);
	}
	text_draw_centered(dl, s->env->tm, FONT_BOLD, b, card_label(s, card), box, t->card_text);
	return true;
}

/* Draws card in r. With speaker, its text keeps clear of a speaker button in the corner;
 * returns whether there was room for one (a label that fits only under it goes without). */
static bool draw_card(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r,
		      bool lifted, bool speaker)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	enum pile p = session_card_pile(s->session, card);
	bool selected = s->has_selection && s->selected == card;
	if (lifted) {
		int d = sort_px(g, 8);
		draw_fill(dl, (struct rect){r.x + d, r.y + d, r.w, r.h}, t->card_shadow, g->radius);
	}
	bool top = p == PILE_YES && session_card_position(s->session, card) < 3;
	draw_fill(dl, r, top && !lifted ? t->top_card_bg : t->card_bg, g->radius);
	draw_outline(dl, r,
		     lifted || selected ? t->focus
		     : top		? t->top_bg
					: t->card_border,
		     lifted || selected ? sort_px(g, 6)
		     : top		? sort_px(g, 3)
					: g->border,
		     g->radius);

	struct rect text_box = rect_inset(r, sort_px(g, 10));
	if (p == PILE_YES && !lifted) {
		text_box.x = draw_badge(s, dl, card, r);
		text_box.w = r.x + r.w - sort_px(g, 10) - text_box.x;
	}
	/* a card too small for its label and a speaker button keeps the label */
	if (speaker && !card_body(s, NULL, card, r, text_box, lifted, true))
		speaker = false;
	card_body(s, dl, card, r, text_box, lifted, speaker);
	return speaker;
}

static void build_header(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	const struct text_metrics *tm = env->tm;
	draw_fill(dl, g->header, t->header_bg, 0);

	const char *title = ui_text(env, "sort.title");
	struct rect tr = g->title;
	if (ui_speaker_wanted(env, "sort.title")) {
		int side = speaker_side(s, tr.h);
		tr.w -= side + g->gap;
		ui_speaker(dl, l, env,
			   (struct rect){tr.x + tr.w + g->gap, tr.y + (tr.h - side) / 2, side,
					 side},
			   "question");
	}
	const struct text_block *b = ui_fit(s->env, title, FONT_BOLD, sort_px(g, 20),
					    font_px(s, 46), 2, tr.w, tr.h);
	text_draw_at(dl, tm, FONT_BOLD, b, title, tr.x, tr.y + (tr.h - b->height) / 2,
		     t->header_text);
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
		draw_outline(dl, g->done, t->header_text, sort_px(g, 3), g->radius);
	const char *done = ui_text(env, "sort.done");
	b = ui_fit(s->env, done, FONT_BOLD, min_font(s), font_px(s, 36), 1,
		   g->done.w - sort_px(g, 20), g->done.h - sort_px(g, 10));
	text_draw_centered(dl, tm, FONT_BOLD, b, done, g->done,
			   enabled ? t->button_text : t->button_off_text);
	struct layout_item *it = layout_add(l, "button:done", ROLE_BUTTON, g->done);
	it->enabled = enabled;
	layout_say(it, done);
}

static void build_zones(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct text_metrics *tm = s->env->tm;
	draw_fill(dl, g->deck, t->deck_bg, g->radius);
	for (int i = 0; i < 3; i++) {
		enum pile p = sort_zone_order[i];
		bool hover = s->dragging && rect_contains(g->zone[p], s->px, s->py);
		draw_fill(dl, g->zone[p], t->zone_bg[p], g->radius);
		draw_outline(dl, g->zone[p], t->zone_border[p],
			     hover ? sort_px(g, 7) : sort_px(g, 3), g->radius);
		static const char *const title_ids[] = {"sort.pile.deck", "sort.pile.yes",
							"sort.pile.no", "sort.pile.neutral"};
		const char *title = ui_text(s->env, title_ids[p]);
		struct rect tb = g->ztitle[p];
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "zone:%s", pile_name(p));
		if (ui_speaker_wanted(s->env, title_ids[p])) {
			int side = speaker_side(s, tb.h);
			tb.w -= side + g->gap;
			ui_speaker(dl, l, s->env,
				   (struct rect){tb.x + tb.w + g->gap, tb.y, side, side}, id.data);
		}
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
		layout_add(l, id.data, ROLE_ZONE, g->zone[p])->ref = (size_t)p;
		sb_finish(&id);
	}
}

static void build_cards(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	size_t n = session_card_count(s->session);
	struct strbuf text_id;
	sb_init(&text_id);
	for (size_t c = 0; c < n; c++) {
		struct rect r = sort_card_rect(s, c);
		enum pile p = session_card_pile(s->session, c);
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "card:%s",
			   keyset_keyword_id(s->env->ks, session_card_keyword(s->session, c)));
		struct layout_item *it = layout_add(l, id.data, ROLE_CARD, r);
		it->zone = pile_name(p);
		it->rank = p == PILE_DECK ? 0 : (int)session_card_position(s->session, c) + 1;
		it->ref = c;
		if (s->has_selection && s->selected == c)
			it->selected = 1;
		bool lifted = s->dragging && c == s->drag_card;
		sb_clear(&text_id);
		sb_appendf(&text_id, "keyword.%s", id.data + strlen("card:"));
		bool speaker = !lifted && ui_speaker_wanted(s->env, sb_str(&text_id));
		if (lifted)
			draw_outline(dl, r, t->card_border, s->geo.border, s->geo.radius);
		else
			speaker = draw_card(s, dl, c, r, false, speaker);
		if (speaker)
			ui_speaker(dl, l, s->env, card_speaker(s, r), id.data);
		sb_finish(&id);
	}
	sb_finish(&text_id);
	if (s->dragging) {
		struct rect r = sort_card_rect(s, s->drag_card);
		r.x = s->px - s->grab_dx;
		r.y = s->py - s->grab_dy;
		draw_card(s, dl, s->drag_card, r, true, false);
	}
}

static void sort_build(struct scene *sc, int w, int h, struct draw_list *dl, struct layout *l)
{
	struct sort_scene *s = from(sc);
	const struct theme *t = theme_default();
	sort_compute_geometry(s, w, h);
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
