/* The language scene: one large button per offered language, each named in
 * its own language and script, so a visitor finds theirs without reading
 * Swedish first. Back leads where the visitor came from (the start, or the
 * piles when the language is changed while sorting): the app decides. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/strbuf.h"

#include <string.h>

#define READ_ALOUD_ID "button:read-aloud"

/* "Read everything to me": the speaking head and the words in the kiosk's first language,
 * under the language buttons; chosen, it stays lit like a chosen answer. */
static void draw_read_aloud(struct frame *f, struct rect r)
{
	const struct ui_env *env = f->env;
	struct layout_item *it = ui_choice(f, READ_ALOUD_ID, r, "", env->read_aloud);
	layout_say(it, ui_text(env, "speech.read_all"));
	int side = r.h - frame_px(f, 24);
	struct rect icon = {r.x + frame_px(f, 16), r.y + (r.h - side) / 2, side, side};
	if (env->assets_dir) {
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/ui-read-aloud.png", env->assets_dir);
		draw_fill(f->dl, icon, theme_default()->card_bg, side / 2);
		draw_image(f->dl, icon, path.data);
		sb_finish(&path);
	}
	struct rect text = {icon.x + side + frame_px(f, 12), r.y, 0, r.h};
	text.w = r.x + r.w - frame_px(f, 16) - text.x;
	ui_label(f, text, ui_text(env, "speech.read_all"), FONT_BOLD, 34, 2, ALIGN_CENTER,
		 env->read_aloud ? theme_default()->button_text : theme_default()->card_text);
}

bool scene_language_prompt_repeats(const struct ui_env *env, size_t i)
{
	const char *prompt = catalog_text(env->cat, env->offered[i], "language.prompt");
	for (size_t k = 0; k < i; k++)
		if (strcmp(catalog_text(env->cat, env->offered[k], "language.prompt"), prompt) == 0)
			return true;
	return false;
}

static void language_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct ui_env *env = bs->env;
	size_t n = env->offered_count;
	/* The prompt in every offered language, on one line each. */
	int m = frame_px(f, 40);
	int line_h = frame_px(f, 60);
	int lines = 0;
	for (size_t i = 0; i < n; i++) {
		if (scene_language_prompt_repeats(env, i))
			continue;
		struct rect line = {m, m + lines++ * line_h, f->w - 2 * m, line_h};
		ui_label(f, line, catalog_text(env->cat, env->offered[i], "language.prompt"),
			 i == 0 ? FONT_BOLD : FONT_REGULAR, 44, 1, ALIGN_CENTER, t->text);
	}
	int top = m + lines * line_h + m;
	int bottom = f->h - bs_bottom_row_h(f);
	struct rect read_aloud = {0};
	if (env->read_aloud_offered) {
		int rw = frame_px(f, 640), rh = frame_px(f, 96);
		rw = rw < f->w - 2 * m ? rw : f->w - 2 * m;
		read_aloud = (struct rect){(f->w - rw) / 2, bottom - rh, rw, rh};
		bottom -= rh + frame_px(f, 30);
	}
	int gap = frame_px(f, 30);
	/* Landscape: buttons side by side; portrait: stacked. */
	int bw = f->portrait ? f->w - 4 * m
			     : (f->w - 2 * m - (int)(n - 1) * gap) / (int)(n ? n : 1);
	int bh = f->portrait ? ((bottom - top) - (int)(n - 1) * gap) / (int)(n ? n : 1)
			     : frame_px(f, 220);
	if (bh > frame_px(f, 220))
		bh = frame_px(f, 220);
	if (bw > frame_px(f, 520))
		bw = frame_px(f, 520);
	int total_w = f->portrait ? bw : (int)n * bw + (int)(n - 1) * gap;
	int total_h = f->portrait ? (int)n * bh + (int)(n - 1) * gap : bh;
	int x0 = (f->w - total_w) / 2, y0 = top + (bottom - top - total_h) / 2;
	for (size_t i = 0; i < n; i++) {
		struct rect r = f->portrait ? (struct rect){x0, y0 + (int)i * (bh + gap), bw, bh}
					    : (struct rect){x0 + (int)i * (bw + gap), y0, bw, bh};
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "lang:%s", catalog_code(env->cat, env->offered[i]));
		struct layout_item *it = ui_choice(f, id.data, r,
						   catalog_name(env->cat, env->offered[i]), false);
		it->selected = -1;
		it->ref = env->offered[i];
		sb_finish(&id);
	}
	if (env->read_aloud_offered) /* after the languages: the focus reaches them first */
		draw_read_aloud(f, read_aloud);
	bs_back_button(f);
}

static void language_tapped(struct button_scene *bs, const char *id)
{
	if (strcmp(id, READ_ALOUD_ID) == 0) {
		bs->result.action = SCENE_ACTION_READ_ALOUD;
		return;
	}
	if (strcmp(id, "button:back") == 0) {
		bs->result.action = SCENE_ACTION_BACK;
		return;
	}
	if (strncmp(id, "lang:", 5) != 0)
		return;
	int lang = catalog_find(bs->env->cat, id + 5);
	if (lang < 0)
		return;
	bs->result.action = SCENE_ACTION_LANGUAGE;
	bs->result.value = lang;
}

static const struct button_scene_def language_def = {
	.name = "language",
	.draw = language_draw,
	.tapped = language_tapped,
};

struct scene *scene_language_create(const struct ui_env *env)
{
	return button_scene_create(&language_def, env, NULL);
}
