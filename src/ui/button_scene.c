/* The scene table entries every button scene shares. */
#include "ui/button_scene.h"

#include "common/xalloc.h"
#include "ui/theme.h"

#include <stdlib.h>

static struct button_scene *from(const struct scene *sc)
{
	return (struct button_scene *)sc;
}

static void bs_build(struct scene *sc, int w, int h, struct draw_list *dl, struct layout *l)
{
	struct button_scene *bs = from(sc);
	struct frame f;
	frame_init(&f, bs->env, w, h, dl, l);
	draw_fill(dl, (struct rect){0, 0, w, h}, theme_default()->background, 0);
	bs->def->draw(bs, &f);
	ui_text_toggle(&f, NULL);
	tap_remember(&bs->tap, l);
}

static bool bs_input(struct scene *sc, const struct input_event *ev)
{
	struct button_scene *bs = from(sc);
	if (ev->kind == INPUT_KEY)
		return bs->def->key && bs->def->key(bs, ev);
	const char *id = tap_input(&bs->tap, ev);
	if (!id)
		return ev->kind == INPUT_RESIZE || ev->kind == INPUT_EXPOSE;
	if (!tap_is_text_toggle(id, &bs->result))
		bs->def->tapped(bs, id);
	return true;
}

static bool bs_busy(const struct scene *sc)
{
	(void)sc;
	return false;
}

static bool bs_animating(const struct scene *sc)
{
	return from(sc)->def->animated;
}

static struct scene_result bs_take(struct scene *sc)
{
	struct button_scene *bs = from(sc);
	struct scene_result r = bs->result;
	bs->result = (struct scene_result){0};
	return r;
}

static void bs_destroy(struct scene *sc)
{
	if (!sc)
		return;
	struct button_scene *bs = from(sc);
	if (bs->def->finish)
		bs->def->finish(bs);
	tap_finish(&bs->tap);
	free(bs);
}

int bs_bottom_row_h(const struct frame *f)
{
	return frame_px(f, 84) + 2 * frame_px(f, 12);
}

struct layout_item *bs_back_button(struct frame *f)
{
	int h = frame_px(f, 84), m = frame_px(f, 12);
	struct rect r = {m, f->h - h - m, frame_px(f, 300), h};
	struct layout_item *it = ui_choice(f, "button:back", r, ui_text(f->env, "common.back"),
					   false);
	it->selected = -1;
	return it;
}

struct scene *button_scene_create(const struct button_scene_def *def, const struct ui_env *env,
				  void *state)
{
	struct button_scene *bs = xcalloc(1, sizeof(*bs));
	bs->ops = (struct scene_ops){
		.name = def->name,
		.destroy = bs_destroy,
		.input = bs_input,
		.build = bs_build,
		.busy = bs_busy,
		.take_action = bs_take,
		.animating = bs_animating,
	};
	bs->base.ops = &bs->ops;
	bs->def = def;
	bs->env = env;
	bs->state = state;
	tap_init(&bs->tap);
	return &bs->base;
}
