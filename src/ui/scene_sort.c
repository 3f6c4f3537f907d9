/* The sort scene: dealt cards in a deck, three piles beside or below it,
 * the question in the header and Done in a bar at the bottom. This file
 * draws the cards and piles and owns the scene's life; where things go is
 * in scene_sort_geometry.c (each card's slot in scene_sort_places.c), how
 * big its text is in scene_sort_type.c, the bar and the scene's messages in
 * scene_sort_bar.c, and how a visitor moves cards in scene_sort_gestures.c. */
#include "scene_sort_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "ui/speaker.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <stdlib.h>
#include <string.h>

static struct sort_scene *from(struct scene *sc)
{
	return (struct sort_scene *)sc;
}

/* Text of a role fitted to box at the role's size: wrapped, never shrunk
 * (the role's size was chosen so that every text of it fits). */
/* The card's simpler description in the visitor's language (lättläst), or NULL. */
static const char *card_description(const struct sort_scene *s, size_t card)
{
	return keyset_description(s->env->ks, session_card_keyword(s->session, card),
				  catalog_code(s->env->cat, s->env->lang));
}

static const struct text_block *role_text(const struct sort_scene *s, enum sort_role role,
					  enum font_face face, const char *text, struct rect box)
{
	int size = s->geo.role_px[role];
	return ui_fit(s->env, text, face, size, size, s->geo.role_lines[role], box.w, box.h);
}

/* The rank badge: the visitor's priority, visible at a glance; one colour
 * for every rank, as the pile's hint explains numbers and nothing else. */
static void draw_badge(struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	size_t rank = session_card_position(s->session, card) + 1;
	int bs = sort_badge_side(g, r);
	struct rect badge = {r.x + sort_px(g, 8), r.y + (r.h - bs) / 2, bs, bs};
	draw_fill(dl, badge, t->badge_bg, bs / 2);
	char *num = catalog_number(s->env->cat, s->env->lang, (long)rank);
	int size = bs * 6 / 10 > sort_role_min(s) ? bs * 6 / 10 : sort_role_min(s);
	const struct text_metrics *tm = s->env->tm;
	int nw = tm->width(tm->ctx, FONT_BOLD, size, num, strlen(num));
	int nh = tm->text_height(tm->ctx, FONT_BOLD, size, num, strlen(num));
	draw_text(dl, badge.x + (bs - nw) / 2, badge.y + (bs - nh) / 2, FONT_BOLD, size,
		  t->badge_text, num, strlen(num));
	free(num);
}

/* Draws a card at r; returns its label's lines, for the trace. */
static const struct text_block *draw_card(struct sort_scene *s, struct draw_list *dl, size_t card,
					  struct rect r, bool lifted)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	enum pile p = session_card_pile(s->session, card);
	bool selected = s->has_selection && s->selected == card;
	if (lifted) {
		int d = sort_px(g, 8);
		draw_fill(dl, (struct rect){r.x + d, r.y + d, r.w, r.h}, t->card_shadow, g->radius);
	}
	/* Lifted, the card lets the gap it would land in show through. */
	struct color bg = t->card_bg;
	if (lifted)
		bg.a = 200;
	draw_fill(dl, r, bg, g->radius);
	draw_outline(dl, r, lifted || selected ? t->focus : t->card_border,
		     lifted || selected ? sort_px(g, 6) : g->border, g->radius);

	const char *image = keyset_image(s->env->ks, session_card_keyword(s->session, card));
	bool with_image = image && s->env->assets_dir;
	if (p == PILE_YES)
		draw_badge(s, dl, card, r);
	struct rect box = sort_label_box(s, r, p, with_image, g->speakers);
	if (with_image) {
		/* the picture just before the label, after the rank in the yes pile */
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", s->env->assets_dir, image);
		draw_image(dl, sort_picture_rect(s, r, p), path.data);
		sb_finish(&path);
	}
	const char *label = sort_card_label(s, card);
	const struct text_block *b = role_text(s,
					       p == PILE_DECK ? SORT_DECK_LABEL : SORT_PILE_LABEL,
					       FONT_BOLD, label, box);
	const char *description = p == PILE_DECK || lifted ? card_description(s, card) : NULL;
	if (description) {
		/* Lättläst: the description under the label where the label at its size leaves
		 * room for it at the scene's smallest good size (24 px at 1080p); it is spoken
		 * after the label wherever it is not shown */
		int gap = sort_px(g, 4), size = sort_role_floor(s);
		const struct text_block *d = ui_fit(s->env, description, FONT_REGULAR, size, size,
						    3, box.w, box.h - b->height - gap);
		if (d->height + b->height + gap <= box.h && d->width <= box.w) {
			int y0 = box.y + (box.h - b->height - gap - d->height) / 2;
			text_draw_centered(dl, s->env->tm, FONT_REGULAR, d, description,
					   (struct rect){box.x, y0 + b->height + gap, box.w,
							 d->height},
					   t->card_text);
			box = (struct rect){box.x, y0, box.w, b->height};
			b = role_text(s, p == PILE_DECK ? SORT_DECK_LABEL : SORT_PILE_LABEL,
				      FONT_BOLD, label, box);
			s->selected_described |= selected;
		}
	}
	text_draw_centered(dl, s->env->tm, FONT_BOLD, b, label, box, t->card_text);
	return b;
}

static void build_header(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	const struct text_metrics *tm = env->tm;
	draw_fill(dl, g->header, t->header_bg, 0);

	const char *title = ui_text(env, "sort.title");
	if (g->speakers && ui_speaker_wanted(env, "sort.title"))
		ui_speaker(dl, l, env, g->title_speaker, g->title_speaker, "question");
	const struct text_block *b = role_text(s, SORT_TITLE, FONT_BOLD, title, g->title);
	text_draw_at(dl, tm, FONT_BOLD, b, title, g->title.x,
		     g->title.y + (g->title.h - b->height) / 2, t->header_text);
	/* After a tap on a card the line says what to do next, or, in a language with simpler
	 * descriptions (lättläst), what the card picked up means where the card has no room to
	 * say it under its label. */
	const char *instruction = ui_text(env,
					  s->has_selection ? "sort.selected" : "sort.instruction");
	const char *description = s->has_selection && !s->selected_described
					  ? card_description(s, s->selected)
					  : NULL;
	if (description)
		instruction = description;
	b = role_text(s, SORT_INSTRUCTION, FONT_REGULAR, instruction, g->instruction);
	text_draw_at(dl, tm, FONT_REGULAR, b, instruction, g->instruction.x, g->instruction.y,
		     t->header_text);
}

static void build_zones(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	const struct geometry *g = &s->geo;
	const struct text_metrics *tm = s->env->tm;
	/* The deck is a pile too: a card is put back by a drop or a tap here. */
	bool deck_target = sort_is_target(s, PILE_DECK);
	draw_fill(dl, g->deck, t->deck_bg, g->radius);
	if (deck_target || (s->dragging && s->target_pile == PILE_DECK))
		draw_outline(dl, g->deck, t->zone_border[PILE_DECK],
			     s->dragging && s->target_pile == PILE_DECK ? sort_px(g, 9)
									: sort_px(g, 6),
			     g->radius);
	struct layout_item *deck = layout_add(l, "zone:deck", ROLE_ZONE, g->deck);
	deck->ref = PILE_DECK;
	deck->target = deck_target;
	for (int i = 0; i < 3; i++) {
		enum pile p = sort_zone_order[i];
		bool hover = s->dragging && s->target_pile == p;
		bool target = sort_is_target(s, p);
		draw_fill(dl, g->zone[p], t->zone_bg[p], g->radius);
		draw_outline(dl, g->zone[p], t->zone_border[p],
			     hover    ? sort_px(g, 9)
			     : target ? sort_px(g, 6)
				      : sort_px(g, 3),
			     g->radius);
		static const char *const title_ids[] = {"sort.pile.deck", "sort.pile.yes",
							"sort.pile.no", "sort.pile.neutral"};
		if (p == PILE_YES) {
			const char *hint = ui_text(s->env, "sort.rank_hint");
			const struct text_block *hb = role_text(s, SORT_PILE_HEADER, FONT_REGULAR,
								hint, g->hint);
			text_draw_centered(dl, tm, FONT_REGULAR, hb, hint, g->hint,
					   t->zone_title[p]);
		}
		const char *title = ui_text(s->env, title_ids[p]);
		const struct text_block *b = role_text(s, SORT_PILE_HEADER, FONT_BOLD, title,
						       g->ztitle[p]);
		text_draw_centered(dl, tm, FONT_BOLD, b, title, g->ztitle[p], t->zone_title[p]);
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "zone:%s", pile_name(p));
		if (g->speakers && ui_speaker_wanted(s->env, title_ids[p]))
			ui_speaker(dl, l, s->env, g->zspeaker[p], g->zspeaker[p], id.data);
		struct layout_item *it = layout_add(l, id.data, ROLE_ZONE, g->zone[p]);
		it->ref = (size_t)p;
		it->target = target;
		it->text_px = b->size;
		it->lines = (int)b->count;
		sb_finish(&id);
	}
}

static void build_cards(struct sort_scene *s, struct draw_list *dl, struct layout *l)
{
	const struct theme *t = theme_default();
	size_t n = session_card_count(s->session), dragged = SIZE_MAX;
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
		if (s->dragging && c == s->drag_card) {
			/* The label travels with the pointer; the slot it left is
			 * outlined only when letting go there puts it back. */
			if (s->target_pile == PILE_COUNT)
				draw_outline(dl, r, t->card_border, s->geo.border, s->geo.radius);
			dragged = l->count - 1;
		} else {
			const struct text_block *b = draw_card(s, dl, c, r, false);
			it->text_px = b->size;
			it->lines = (int)b->count;
			/* its speaker button: the picture, with a speaker on its corner (or the
			 * speaker alone in the picture's place) */
			sb_clear(&text_id);
			sb_appendf(&text_id, "keyword.%s", id.data + strlen("card:"));
			if (s->geo.speakers && ui_speaker_wanted(s->env, sb_str(&text_id))) {
				struct rect pic = sort_picture_rect(s, r, p);
				bool image = keyset_image(s->env->ks,
							  session_card_keyword(s->session, c)) &&
					     s->env->assets_dir;
				ui_speaker(dl, l, s->env, pic, sort_speaker_icon(s, pic, image),
					   id.data);
			}
		}
		sort_draw_mark(s, dl, c, r);
		sb_finish(&id);
	}
	sb_finish(&text_id);
	sort_draw_gap(s, dl);
	if (s->dragging) {
		struct rect r = sort_card_rect(s, s->drag_card);
		r.x = s->px - s->grab_dx;
		r.y = s->py - s->grab_dy;
		const struct text_block *b = draw_card(s, dl, s->drag_card, r, true);
		if (dragged < l->count) {
			l->items[dragged].text_px = b->size;
			l->items[dragged].lines = (int)b->count;
		}
	}
}

static void sort_build(struct scene *sc, int w, int h, struct draw_list *dl, struct layout *l)
{
	struct sort_scene *s = from(sc);
	const struct theme *t = theme_default();
	sort_compute_geometry(s, w, h);
	sort_place_piles(s);
	draw_fill(dl, (struct rect){0, 0, w, h}, t->background, 0);
	sort_start_frame(s);
	build_zones(s, dl, l);
	s->selected_described = false;
	build_cards(s, dl, l);
	build_header(s, dl, l);
	struct frame f;
	frame_init(&f, s->env, w, h, dl, l);
	sort_build_bar(s, &f);
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

static bool sort_animating(const struct scene *sc)
{
	return sort_marking((const struct sort_scene *)sc);
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
	.animating = sort_animating,
};

struct scene *scene_sort_create(const struct ui_env *env)
{
	struct sort_scene *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sort_ops;
	s->env = env;
	s->target_pile = PILE_COUNT;
	layout_init(&s->hits);
	return &s->base;
}

bool scene_sort_drop_target(const struct scene *sc, const char **zone, int *rank, struct rect *gap)
{
	const struct sort_scene *s = (const struct sort_scene *)sc;
	*zone = NULL;
	*rank = 0;
	if (!s->dragging || !sort_gap_rect(s, gap))
		return false;
	*zone = pile_name(s->target_pile);
	*rank = s->target_pile == PILE_DECK ? 0 : (int)s->target_index + 1;
	return true;
}

void scene_sort_set_session(struct scene *sc, struct session *session)
{
	struct sort_scene *s = from(sc);
	s->session = session;
	s->dragging = false;
	s->pressed = false;
	s->has_selection = false;
	s->done_armed = false;
	s->target_pile = PILE_COUNT;
	s->landed_ms = s->left_ms = 0;
	s->result = (struct scene_result){0};
	s->geo.w = s->geo.h = 0; /* the deal size may differ: lay out again */
	layout_clear(&s->hits);
}
