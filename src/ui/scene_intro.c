/* The intro scene: the question in plain words and a card that shows the
 * gesture by doing it, over and over, so nobody needs to read how; back
 * returns to the languages. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include <math.h>
#include <string.h>

#define HINT_PERIOD_MS 3200

static void draw_hint(struct frame *f, struct rect area)
{
	const struct theme *t = theme_default();
	/* Wide and tall enough for the pile's name and the card's words at
	 * the sort scene's sizes, in two lines, so no text here is smaller. */
	int pw = area.w * 45 / 100, ph = area.h - frame_px(f, 20);
	struct rect pile = {area.x + area.w - pw, area.y, pw, ph};
	draw_fill(f->dl, pile, t->zone_bg[1], frame_px(f, 12));
	draw_outline(f->dl, pile, t->zone_border[1], frame_px(f, 3), frame_px(f, 12));
	int name_h = frame_px(f, 100);
	ui_label(f,
		 (struct rect){pile.x + frame_px(f, 10), pile.y + frame_px(f, 6),
			       pile.w - frame_px(f, 20), name_h},
		 ui_text(f->env, "sort.pile.yes"), FONT_BOLD, 28, 2, ALIGN_CENTER,
		 t->zone_title[1]);
	/* The card eases from the left into the pile, rests, and starts over. */
	double phase = (double)(f->env->now_ms % HINT_PERIOD_MS) / HINT_PERIOD_MS;
	double k = phase < 0.15 ? 0 : phase > 0.75 ? 1 : (phase - 0.15) / 0.6;
	k = k * k * (3 - 2 * k);
	int cw = pw - frame_px(f, 40), ch = frame_px(f, 110);
	int x0 = area.x, x1 = pile.x + frame_px(f, 20);
	int y0 = area.y + frame_px(f, 40), y1 = pile.y + name_h + frame_px(f, 12);
	struct rect card = {x0 + (int)((x1 - x0) * k), y0 + (int)((y1 - y0) * k), cw, ch};
	draw_fill(f->dl, card, t->card_bg, frame_px(f, 10));
	draw_outline(f->dl, card, t->focus, frame_px(f, 4), frame_px(f, 10));
	ui_label(f, rect_inset(card, frame_px(f, 8)), ui_text(f->env, "intro.hint"), FONT_BOLD, 28,
		 2, ALIGN_CENTER, t->card_text);
}

static void intro_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	int m = frame_px(f, 60);
	int title_h = frame_px(f, 140);
	ui_label(f, (struct rect){m, m, f->w - 2 * m, title_h}, ui_text(bs->env, "intro.title"),
		 FONT_BOLD, 64, 2, ALIGN_CENTER, t->text);
	int body_h = frame_px(f, f->portrait ? 360 : 200);
	struct rect body = {m, m + title_h, f->w - 2 * m, body_h};
	ui_label(f, body, ui_text(bs->env, "intro.body"), FONT_REGULAR, 40, 5, ALIGN_CENTER,
		 t->text);
	int bh = frame_px(f, 110), bw = frame_px(f, 420);
	/* Above the row of back and larger text, so three buttons never crowd. */
	struct rect start = {(f->w - bw) / 2, f->h - bs_bottom_row_h(f) - m / 2 - bh, bw, bh};
	int hint_w = f->portrait ? f->w - 2 * m : f->w * 6 / 10;
	struct rect hint = {(f->w - hint_w) / 2, body.y + body.h + frame_px(f, 20), hint_w,
			    start.y - frame_px(f, 30) - (body.y + body.h + frame_px(f, 20))};
	/* In portrait the free band is tall: keep the hint a card's journey,
	 * not a column. */
	if (hint.h > frame_px(f, 360)) {
		hint.y += (hint.h - frame_px(f, 360)) / 2;
		hint.h = frame_px(f, 360);
	}
	if (hint.h > frame_px(f, 80))
		draw_hint(f, hint);
	ui_button(f, "button:start", start, ui_text(bs->env, "intro.start"), true);
	bs_back_button(f);
}

static void intro_tapped(struct button_scene *bs, const char *id)
{
	bs->result.action = strcmp(id, "button:back") == 0 ? SCENE_ACTION_BACK
							   : SCENE_ACTION_INTRO_DONE;
}

static const struct button_scene_def intro_def = {
	.name = "intro",
	.animated = true,
	.draw = intro_draw,
	.tapped = intro_tapped,
};

struct scene *scene_intro_create(const struct ui_env *env)
{
	return button_scene_create(&intro_def, env, NULL);
}
