/* The thanks scene: a warm close that gives something back. The visitor's
 * own top three are shown to them, in their order, each with how many of
 * the earlier visitors here chose it too. A comparison is only shown once
 * enough visitors have seen that word (the kiosk's compare_min_sessions):
 * "100 % of everyone" after one earlier visit says nothing true. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/strbuf.h"
#include "model/session.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct thanks {
	struct thanks_choice top[THANKS_TOP];
	size_t count;
	int min_sessions;
};

static bool any_compared(const struct thanks *th)
{
	for (size_t i = 0; i < th->count; i++)
		if (th->top[i].total > 0)
			return true;
	return false;
}

/* The rank in a circle, as on the "yes" pile's cards. */
static void draw_rank(struct frame *f, struct rect r, size_t rank)
{
	const struct theme *t = theme_default();
	draw_fill(f->dl, r, t->badge_bg, r.w / 2);
	char *num = catalog_number(f->env->cat, f->env->lang, (long)rank);
	ui_label(f, rect_inset(r, frame_px(f, 6)), num, FONT_BOLD, 40, 1, ALIGN_CENTER,
		 t->badge_text);
	free(num);
}

/* Text fitted to box as ui_label does, drawn from the start side, its
 * size and lines given to it (the trace's text_px and lines). */
static void item_label(struct frame *f, struct layout_item *it, struct rect box, const char *text,
		       enum font_face face, double max_size, int max_lines, struct color c)
{
	int min = frame_px(f, 15) > 12 ? frame_px(f, 15) : 12;
	int max = frame_font(f, max_size);
	const struct text_block *b = ui_fit(f->env, text, face, min < max ? min : max, max,
					    max_lines, box.w, box.h);
	text_draw_at(f->dl, f->env->tm, face, b, text, box.x, box.y + (box.h - b->height) / 2, c);
	it->text_px = b->size;
	it->lines = (int)b->count;
}

/* One of the visitor's choices: rank, label, and what others chose. */
static void draw_choice(struct frame *f, struct rect r, size_t rank, const struct thanks_choice *c)
{
	const struct theme *t = theme_default();
	const struct ui_env *env = f->env;
	draw_fill(f->dl, r, t->card_bg, frame_px(f, 14));
	draw_outline(f->dl, r, t->zone_border[PILE_YES], frame_px(f, 3), frame_px(f, 14));
	int pad = frame_px(f, 20), badge = frame_px(f, 72);
	draw_rank(f, (struct rect){r.x + pad, r.y + (r.h - badge) / 2, badge, badge}, rank);
	int tx = r.x + 2 * pad + badge, tw = r.x + r.w - pad - tx;
	int label_h = c->total > 0 ? (r.h - 2 * pad) * 55 / 100 : r.h - 2 * pad;
	struct rect label = {tx, r.y + pad, tw, label_h};
	struct strbuf id;
	sb_init(&id);
	sb_appendf(&id, "card:%s", keyset_keyword_id(env->ks, c->keyword));
	struct layout_item *it = layout_add(f->l, id.data, ROLE_CARD, r);
	item_label(f, it, label, keyset_label(env->ks, c->keyword, env->ks_lang), FONT_BOLD, 42, 2,
		   t->card_text);
	it->zone = "yes";
	it->rank = (int)rank;
	it->enabled = 0; /* shown back, not to be moved */
	if (c->total > 0) {
		char *count = catalog_number(env->cat, env->lang, (long)c->count);
		char *total = catalog_number(env->cat, env->lang, (long)c->total);
		char *line = catalog_format(env->cat, env->lang, "thanks.others", "count", count,
					    "total", total, (const char *)NULL);
		struct rect others = {tx, label.y + label.h, tw,
				      r.y + r.h - pad - label.y - label.h};
		sb_clear(&id);
		sb_appendf(&id, "others:%s", keyset_keyword_id(env->ks, c->keyword));
		it = layout_add(f->l, id.data, ROLE_TEXT, others);
		item_label(f, it, others, line, FONT_REGULAR, 30, 2, t->card_text);
		free(line);
		free(total);
		free(count);
		it->count = (int)c->count;
		it->total = (int)c->total;
	}
	sb_finish(&id);
}

static void thanks_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct ui_env *env = bs->env;
	struct thanks *th = bs->state;
	int m = frame_px(f, 60);
	int y = frame_px(f, 40);
	ui_label(f, (struct rect){m, y, f->w - 2 * m, frame_px(f, 110)},
		 ui_text(env, "thanks.title"), FONT_BOLD, 72, 1, ALIGN_CENTER, t->text);
	y += frame_px(f, 120);
	int bh = frame_px(f, 110), bw = frame_px(f, 520);
	struct rect restart = {(f->w - bw) / 2, f->h - frame_px(f, 40) - bh, bw, bh};
	int w = f->portrait ? f->w - 2 * m : frame_px(f, 1300);
	int x = (f->w - w) / 2;
	if (th->count == 0) {
		ui_label(f, (struct rect){x, y + frame_px(f, 40), w, frame_px(f, 200)},
			 ui_text(env, "thanks.no_top"), FONT_REGULAR, 44, 3, ALIGN_CENTER, t->text);
	} else {
		ui_label(f, (struct rect){x, y, w, frame_px(f, 60)},
			 ui_text(env, "thanks.your_top"), FONT_BOLD, 40, 1, ALIGN_START, t->text);
		y += frame_px(f, 70);
		bool note = !any_compared(th);
		int note_h = note ? frame_px(f, 100) : 0;
		int gap = frame_px(f, 16);
		int room = restart.y - frame_px(f, 20) - note_h - y;
		int row_h = (room - 2 * gap) / 3;
		if (row_h > frame_px(f, f->portrait ? 260 : 170))
			row_h = frame_px(f, f->portrait ? 260 : 170);
		for (size_t i = 0; i < th->count; i++)
			draw_choice(f, (struct rect){x, y + (int)i * (row_h + gap), w, row_h},
				    i + 1, &th->top[i]);
		y += (int)th->count * (row_h + gap);
		if (note) {
			char *min = catalog_number(env->cat, env->lang, th->min_sessions);
			char *line = catalog_format(env->cat, env->lang, "thanks.none_yet", "min",
						    min, (const char *)NULL);
			ui_label(f, (struct rect){x, y, w, note_h}, line, FONT_REGULAR, 32, 2,
				 ALIGN_START, t->text_muted);
			free(line);
			free(min);
		}
	}
	ui_button(f, "button:restart", restart, ui_text(env, "thanks.restart"), true);
}

static void thanks_tapped(struct button_scene *bs, const char *id)
{
	if (strcmp(id, "button:restart") == 0)
		bs->result.action = SCENE_ACTION_RESTART;
}

static void thanks_finish(struct button_scene *bs)
{
	free(bs->state);
}

static const struct button_scene_def thanks_def = {
	.name = "thanks",
	.draw = thanks_draw,
	.tapped = thanks_tapped,
	.finish = thanks_finish,
};

struct scene *scene_thanks_create(const struct ui_env *env)
{
	return button_scene_create(&thanks_def, env, xcalloc(1, sizeof(struct thanks)));
}

void scene_thanks_set(struct scene *sc, const struct thanks_choice *top, size_t n, int min_sessions)
{
	struct thanks *th = ((struct button_scene *)sc)->state;
	th->count = n < THANKS_TOP ? n : THANKS_TOP;
	memcpy(th->top, top, th->count * sizeof(*top));
	th->min_sessions = min_sessions;
}
