/* The profile scene: two coarse, optional questions (age band, where the
 * visitor lives) that let organizers see whom the kiosk reached. No free
 * text, nothing required: "skip" is as large as "done". */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *const profile_age_codes[] = {"-15", "16-25", "26-45", "46-65", "66-"};
const size_t profile_age_count = sizeof(profile_age_codes) / sizeof(profile_age_codes[0]);
static const char *const age_text_ids[] = {"profile.age.u16", "profile.age.16-25",
					   "profile.age.26-45", "profile.age.46-65",
					   "profile.age.66+"};
const char *const profile_residence_codes[] = {"city", "municipality", "visitor"};
const size_t profile_residence_count = sizeof(profile_residence_codes) /
				       sizeof(profile_residence_codes[0]);
static const char *const residence_text_ids[] = {"profile.residence.city",
						 "profile.residence.municipality",
						 "profile.residence.visitor"};

struct profile {
	int age;       /* index into profile_age_codes, -1 unanswered */
	int residence; /* index into profile_residence_codes, -1 unanswered */
};

/* One row of answer buttons under a heading; returns the row's bottom. */
static int answer_row(struct frame *f, int y, const char *heading, const char *prefix,
		      const char *const *codes, const char *const *text_ids, size_t n, int chosen)
{
	const struct theme *t = theme_default();
	int m = frame_px(f, 40), gap = frame_px(f, 16);
	int head_h = frame_px(f, 60);
	ui_label(f, (struct rect){m, y, f->w - 2 * m, head_h}, heading, FONT_BOLD, 40, 1,
		 ALIGN_START, t->text);
	y += head_h + gap / 2;
	/* Portrait: two columns; landscape: all in one row. */
	size_t cols = f->portrait ? 2 : n;
	size_t rows = (n + cols - 1) / cols;
	int bw = (f->w - 2 * m - (int)(cols - 1) * gap) / (int)cols;
	int bh = frame_px(f, 100);
	for (size_t i = 0; i < n; i++) {
		struct rect r = {m + (int)(i % cols) * (bw + gap), y + (int)(i / cols) * (bh + gap),
				 bw, bh};
		struct strbuf id;
		sb_init(&id);
		sb_appendf(&id, "%s:%s", prefix, codes[i]);
		ui_choice(f, id.data, r, ui_text(f->env, text_ids[i]), (int)i == chosen)->ref = i;
		sb_finish(&id);
	}
	return y + (int)rows * (bh + gap);
}

static void profile_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	struct profile *p = bs->state;
	int m = frame_px(f, 40);
	ui_label(f, (struct rect){m, m, f->w - 2 * m, frame_px(f, 80)},
		 ui_text(bs->env, "profile.title"), FONT_BOLD, 52, 1, ALIGN_CENTER, t->text);
	ui_label(f, (struct rect){m, m + frame_px(f, 80), f->w - 2 * m, frame_px(f, 50)},
		 ui_text(bs->env, "profile.optional"), FONT_REGULAR, 32, 1, ALIGN_CENTER,
		 t->text_muted);
	int y = m + frame_px(f, 150);
	y = answer_row(f, y, ui_text(bs->env, "profile.age"), "age", profile_age_codes,
		       age_text_ids, profile_age_count, p->age);
	y = answer_row(f, y + frame_px(f, 20), ui_text(bs->env, "profile.residence"), "residence",
		       profile_residence_codes, residence_text_ids, profile_residence_count,
		       p->residence);
	int bh = frame_px(f, 110), bw = frame_px(f, 380), gap = frame_px(f, 40);
	int by = f->h - m - bh;
	/* Skip and done side by side, equally large: skipping is no lesser answer. */
	struct rect skip = {f->w / 2 - gap / 2 - bw, by, bw, bh};
	struct rect done = {f->w / 2 + gap / 2, by, bw, bh};
	ui_choice(f, "button:skip", skip, ui_text(bs->env, "profile.skip"), false)->selected = -1;
	ui_button(f, "button:done", done, ui_text(bs->env, "profile.done"), true);
}

static int index_of(const char *code, const char *const *codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(code, codes[i]) == 0)
			return (int)i;
	return -1;
}

static void profile_tapped(struct button_scene *bs, const char *id)
{
	struct profile *p = bs->state;
	int i;
	if (strncmp(id, "age:", 4) == 0 &&
	    (i = index_of(id + 4, profile_age_codes, profile_age_count)) >= 0) {
		p->age = p->age == i ? -1 : i; /* a second tap takes the answer back */
	} else if (strncmp(id, "residence:", 10) == 0 &&
		   (i = index_of(id + 10, profile_residence_codes, profile_residence_count)) >= 0) {
		p->residence = p->residence == i ? -1 : i;
	} else if (strcmp(id, "button:skip") == 0) {
		bs->result = (struct scene_result){SCENE_ACTION_PROFILE_DONE, 0, 0};
		p->age = p->residence = -1;
	} else if (strcmp(id, "button:done") == 0) {
		bs->result = (struct scene_result){SCENE_ACTION_PROFILE_DONE, p->age + 1,
						   p->residence + 1};
		p->age = p->residence = -1;
	}
}

static void profile_finish(struct button_scene *bs)
{
	free(bs->state);
}

static const struct button_scene_def profile_def = {
	.name = "profile",
	.draw = profile_draw,
	.tapped = profile_tapped,
	.finish = profile_finish,
};

struct scene *scene_profile_create(const struct ui_env *env)
{
	struct profile *p = xmalloc(sizeof(*p));
	p->age = p->residence = -1;
	return button_scene_create(&profile_def, env, p);
}
