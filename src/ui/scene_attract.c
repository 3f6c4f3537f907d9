/* The attract scene: what a kiosk shows between visitors. Keyword cards
 * drift across the screen and the invitation floats gently, so no pixel
 * stays the same for long (screens in malls burn in). The whole screen is
 * one start button. */
#include "ui/scenes.h"

#include "ui/theme.h"
#include "ui/button_scene.h"

#include <math.h>
#include <stdlib.h>

#define DRIFT_ROWS 5

/* The cards come in after the invitation, a row at a time, sliding in from
 * the side they drift from and slowing into the drift. The scene's first
 * frame is then the panel alone: at a cold start that frame is on the
 * critical path, and laying out and rasterising two dozen labels was a
 * third of its work (docs/PERFORMANCE.md); a visitor walking up sees the
 * screen fill instead. The first row waits until the first frame and the
 * one after it are on screen, so neither draws a card. */
#define ARRIVE_WAIT_MS 250
#define ARRIVE_STAGGER_MS 90
#define ARRIVE_MS 700

/* How far a row still has to travel, as a share of its way in: 1 before
 * it starts, 0 once it drifts (ease-out, so it meets the drift's speed). */
static double still_to_come(int64_t since_ms, int row)
{
	double p = (double)(since_ms - ARRIVE_WAIT_MS - row * ARRIVE_STAGGER_MS) / ARRIVE_MS;
	if (p <= 0)
		return 1;
	if (p >= 1)
		return 0;
	return (1 - p) * (1 - p) * (1 - p);
}

/* What moves on this scene moves by a pixel of a 1920x1080 screen, two of a
 * 3840x2160 one: the same to the eye there, at half the redraws (every step
 * redraws what moved; docs/PERFORMANCE.md). */
static int drift_step(const struct frame *f)
{
	return frame_px(f, 1);
}

static void draw_drifting_cards(struct frame *f)
{
	const struct theme *t = theme_default();
	const struct keyset *ks = f->env->ks;
	size_t n = keyset_count(ks);
	double secs = (double)f->env->now_ms / 1000.0;
	int cw = frame_px(f, 330), ch = frame_px(f, 120);
	int step = drift_step(f);
	int row_h = f->h / DRIFT_ROWS;
	for (int row = 0; row < DRIFT_ROWS; row++) {
		/* Rows move at different speeds and directions; cards per row
		 * repeat with a spacing that never lines them up in columns.
		 * Slowly, and in pixels a second whatever the screen: every
		 * pixel a card moves is redrawn, and a kiosk waiting for a
		 * visitor may spend 5 % of a core on it (docs/PERFORMANCE.md);
		 * a card still crosses its spacing within a minute. */
		double speed = (6.0 + 2.5 * row) * (row % 2 ? -1 : 1);
		int spacing = cw + frame_px(f, 90 + 37 * row);
		int count = f->w / spacing + 2;
		double offset = fmod(secs * speed, (double)spacing);
		if (offset < 0)
			offset += spacing;
		offset -= fmod(offset, (double)step);
		double away = still_to_come(f->env->now_ms - f->env->scene_ms, row);
		int coming = (int)(away * (f->w + spacing + cw)) * (speed > 0 ? -1 : 1);
		for (int i = 0; i < count; i++) {
			int x = (int)(i * spacing + offset) - spacing + coming;
			if (x + cw <= 0 || x >= f->w)
				continue; /* nothing of it shows: not laid out either */
			int y = row * row_h + (row_h - ch) / 2;
			size_t kw = ((size_t)(row * 7 + i) + (size_t)(secs / 6)) % (n ? n : 1);
			struct rect r = {x, y, cw, ch};
			draw_fill(f->dl, r, t->card_bg, frame_px(f, 12));
			draw_outline(f->dl, r, t->card_border, frame_px(f, 2), frame_px(f, 12));
			if (n)
				ui_label(f, rect_inset(r, frame_px(f, 12)),
					 keyset_label(ks, kw, f->env->ks_lang), FONT_BOLD, 32, 2,
					 ALIGN_CENTER, t->text_muted);
		}
	}
}

static void attract_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	const struct ui_env *env = bs->env;
	draw_drifting_cards(f);

	/* The invitation panel bobs a little, on a slow sine, for the same
	 * reason the cards move (and as slowly: each step redraws its text). */
	double secs = (double)env->now_ms / 1000.0;
	int pw = f->portrait ? f->w - frame_px(f, 80) : f->w * 6 / 10;
	size_t langs = env->offered_count ? env->offered_count : 1;
	int line_h = frame_px(f, 64);
	int ph = frame_px(f, 200) + (int)langs * line_h;
	int step = drift_step(f);
	int dy = (int)(sin(secs / 12.0) * frame_px(f, 24)) / step * step;
	struct rect panel = {(f->w - pw) / 2, (f->h - ph) / 2 + dy, pw, ph};
	draw_fill(f->dl, panel, t->header_bg, frame_px(f, 20));
	struct rect title = {panel.x + frame_px(f, 30), panel.y + frame_px(f, 20),
			     panel.w - frame_px(f, 60), frame_px(f, 130)};
	/* The question turns through the offered languages, six seconds each. */
	size_t turn = (size_t)(env->now_ms / 6000) % langs;
	size_t title_lang = env->offered_count ? env->offered[turn] : env->lang;
	ui_label(f, title, catalog_text(env->cat, title_lang, "attract.title"), FONT_BOLD, 52, 2,
		 ALIGN_CENTER, t->header_text);
	for (size_t i = 0; i < langs; i++) {
		size_t lang = env->offered_count ? env->offered[i] : env->lang;
		struct rect line = {title.x, title.y + title.h + (int)i * line_h, title.w, line_h};
		ui_label(f, line, catalog_text(env->cat, lang, "attract.touch"),
			 i == 0 ? FONT_BOLD : FONT_REGULAR, 38, 1, ALIGN_CENTER, t->header_text);
	}
	struct layout_item *start = layout_add(f->l, "button:start", ROLE_BUTTON,
					       (struct rect){0, 0, f->w, f->h});
	start->enabled = 1;
	layout_say(start, ui_text(env, "attract.touch"));
}

static void attract_tapped(struct button_scene *bs, const char *id)
{
	(void)id; /* the whole screen is the start button */
	bs->result.action = SCENE_ACTION_START;
}

static const struct button_scene_def attract_def = {
	.name = "attract",
	.animated = true,
	.draw = attract_draw,
	.tapped = attract_tapped,
};

struct scene *scene_attract_create(const struct ui_env *env)
{
	return button_scene_create(&attract_def, env, NULL);
}
