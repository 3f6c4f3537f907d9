/* The thanks scene: a warm close, and how the visitor's top choices compare
 * with everyone's on this kiosk, which is the feedback co-creation owes
 * the people who took part. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/xalloc.h"

#include <stdlib.h>

#define MAX_LINES 3

struct thanks {
	char *lines[MAX_LINES];
	size_t count;
};

static void thanks_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	struct thanks *th = bs->state;
	int m = frame_px(f, 60);
	ui_label(f, (struct rect){m, m, f->w - 2 * m, frame_px(f, 140)},
		 ui_text(bs->env, "thanks.title"), FONT_BOLD, 72, 2, ALIGN_CENTER, t->text);
	int y = m + frame_px(f, 180);
	int line_h = frame_px(f, f->portrait ? 200 : 120);
	for (size_t i = 0; i < th->count; i++) {
		struct rect r = {m, y + (int)i * (line_h + frame_px(f, 20)), f->w - 2 * m, line_h};
		draw_fill(f->dl, r, t->zone_bg[1], frame_px(f, 14));
		ui_label(f, rect_inset(r, frame_px(f, 16)), th->lines[i], FONT_BOLD, 40, 3,
			 ALIGN_CENTER, t->zone_title[1]);
	}
	int bh = frame_px(f, 110), bw = frame_px(f, 520);
	ui_button(f, "button:restart", (struct rect){(f->w - bw) / 2, f->h - m - bh, bw, bh},
		  ui_text(bs->env, "thanks.restart"), true);
}

static void thanks_tapped(struct button_scene *bs, const char *id)
{
	(void)id;
	bs->result.action = SCENE_ACTION_RESTART;
}

static void clear_lines(struct thanks *th)
{
	for (size_t i = 0; i < th->count; i++)
		free(th->lines[i]);
	th->count = 0;
}

static void thanks_finish(struct button_scene *bs)
{
	clear_lines(bs->state);
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

void scene_thanks_set_lines(struct scene *sc, const char *const *lines, size_t n)
{
	struct thanks *th = ((struct button_scene *)sc)->state;
	clear_lines(th);
	for (size_t i = 0; i < n && i < MAX_LINES; i++)
		th->lines[th->count++] = xstrdup(lines[i]);
}
