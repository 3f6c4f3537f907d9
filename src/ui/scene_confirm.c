/* The confirm scene: one question before something that cannot be undone
 * (a visitor starting over, staff ending the kiosk). Keeping things as
 * they are is the filled, larger-looking button on the end side; the step
 * that cannot be undone is the outlined one, so a stray tap does no harm. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct confirm {
	const char *title_id, *body_id, *yes_id, *no_id;
};

static void confirm_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct confirm *c = bs->state;
	int m = frame_px(f, 60);
	int pw = f->portrait ? f->w - 2 * m : frame_px(f, 1200);
	int ph = frame_px(f, f->portrait ? 640 : 500);
	struct rect panel = {(f->w - pw) / 2, (f->h - ph) / 2, pw, ph};
	draw_fill(f->dl, panel, t->card_bg, frame_px(f, 20));
	draw_outline(f->dl, panel, t->card_border, frame_px(f, 3), frame_px(f, 20));
	int pad = frame_px(f, 40);
	struct rect title = {panel.x + pad, panel.y + pad, panel.w - 2 * pad, frame_px(f, 130)};
	ui_label(f, title, ui_text(bs->env, c->title_id), FONT_BOLD, 56, 2, ALIGN_CENTER,
		 t->card_text);
	int bh = frame_px(f, 110), gap = frame_px(f, 30);
	struct rect body = {title.x, title.y + title.h + frame_px(f, 10), title.w,
			    panel.y + panel.h - pad - bh - gap - (title.y + title.h)};
	ui_label(f, body, ui_text(bs->env, c->body_id), FONT_REGULAR, 38, 4, ALIGN_CENTER,
		 t->card_text);
	/* Side by side; "keep" is on the end side, where a reader (and a
	 * mirrored Arabic one) finishes the line. */
	int by = panel.y + panel.h - pad - bh;
	int bw = (panel.w - 2 * pad - gap) / 2;
	struct rect yes = {panel.x + pad, by, bw, bh};
	struct rect no = {panel.x + pad + bw + gap, by, bw, bh};
	ui_choice(f, "button:confirm", yes, ui_text(bs->env, c->yes_id), false)->selected = -1;
	ui_button(f, "button:cancel", no, ui_text(bs->env, c->no_id), true);
}

static void confirm_tapped(struct button_scene *bs, const char *id)
{
	if (strcmp(id, "button:confirm") == 0)
		bs->result.action = SCENE_ACTION_CONFIRM;
	else if (strcmp(id, "button:cancel") == 0)
		bs->result.action = SCENE_ACTION_BACK;
}

static void confirm_finish(struct button_scene *bs)
{
	free(bs->state);
}

static const struct button_scene_def confirm_def = {
	.name = "confirm",
	.draw = confirm_draw,
	.tapped = confirm_tapped,
	.finish = confirm_finish,
};

struct scene *scene_confirm_create(const struct ui_env *env)
{
	struct confirm *c = xcalloc(1, sizeof(*c));
	c->title_id = c->body_id = c->yes_id = c->no_id = "common.back";
	return button_scene_create(&confirm_def, env, c);
}

void scene_confirm_set(struct scene *sc, const char *title_id, const char *body_id,
		       const char *yes_id, const char *no_id)
{
	struct confirm *c = ((struct button_scene *)sc)->state;
	*c = (struct confirm){title_id, body_id, yes_id, no_id};
}
