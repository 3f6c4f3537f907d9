/* The idle scene: "are you still there?" with a countdown. A touch anywhere
 * returns to what the visitor was doing; when the count reaches zero the
 * app stores the session as abandoned and goes back to attract. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/xalloc.h"

#include <stdlib.h>

struct idle {
	int64_t deadline_ms;
};

static void idle_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	struct idle *st = bs->state;
	int64_t left_ms = st->deadline_ms - bs->env->now_ms;
	long secs = left_ms > 0 ? (long)((left_ms + 999) / 1000) : 0;
	int m = frame_px(f, 80);
	draw_fill(f->dl, (struct rect){0, 0, f->w, f->h}, t->header_bg, 0);
	ui_label(f, (struct rect){m, f->h / 4, f->w - 2 * m, frame_px(f, 140)},
		 ui_text(bs->env, "idle.title"), FONT_BOLD, 80, 1, ALIGN_CENTER, t->header_text);
	ui_label(f, (struct rect){m, f->h / 4 + frame_px(f, 160), f->w - 2 * m, frame_px(f, 120)},
		 ui_text(bs->env, "idle.body"), FONT_REGULAR, 44, 2, ALIGN_CENTER, t->header_text);
	char *n = catalog_number(bs->env->cat, bs->env->lang, secs);
	char *count = catalog_format(bs->env->cat, bs->env->lang, "idle.countdown", "seconds", n,
				     (const char *)NULL);
	ui_label(f, (struct rect){m, f->h / 4 + frame_px(f, 300), f->w - 2 * m, frame_px(f, 100)},
		 count, FONT_BOLD, 48, 1, ALIGN_CENTER, t->header_text);
	free(count);
	free(n);
	struct layout_item *go_on = layout_add(f->l, "button:continue", ROLE_BUTTON,
					       (struct rect){0, 0, f->w, f->h});
	go_on->enabled = 1;
	layout_say(go_on, ui_text(bs->env, "idle.body"));
}

static void idle_tapped(struct button_scene *bs, const char *id)
{
	(void)id;
	bs->result.action = SCENE_ACTION_CONTINUE;
}

static void idle_finish(struct button_scene *bs)
{
	free(bs->state);
}

static const struct button_scene_def idle_def = {
	.name = "idle",
	.animated = true, /* the countdown ticks */
	.draw = idle_draw,
	.tapped = idle_tapped,
	.finish = idle_finish,
};

struct scene *scene_idle_create(const struct ui_env *env)
{
	return button_scene_create(&idle_def, env, xcalloc(1, sizeof(struct idle)));
}

void scene_idle_set_deadline(struct scene *sc, int64_t deadline_ms)
{
	((struct idle *)((struct button_scene *)sc)->state)->deadline_ms = deadline_ms;
}
