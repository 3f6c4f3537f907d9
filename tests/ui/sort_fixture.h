/* Shared by the sort scene's tests (test_sort_scene.c, test_sort_input.c, test_sort_cards.c,
 * test_sort_reading.c, test_sort_visit.c): the scene with the real fonts, language files and
 * sample keyword set, dealt the twelve longest labels (setup) or the first twelve keywords
 * (setup_first), and the few ways the tests look at its layout. */
#ifndef VS_TEST_SORT_FIXTURE_H
#define VS_TEST_SORT_FIXTURE_H

#include "model/keyset.h"
#include "model/session.h"
#include "real_assets.h"
#include "platform/platform.h"
#include "ui/layout.h"
#include "ui/scene_sort.h"
#include "ui/widgets.h"
#include "model/catalog.h"
#include "ui/theme.h"
#include "ui/trace.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	double diagonal; /* the configured screen, inches */
	struct platform_fonts *fonts;
	struct catalog *cat;
	struct keyset *ks;
	struct session *session;
	struct ui_env env;
	struct scene *scene;
	struct draw_list dl;
	struct layout layout;
};

/* The twelve longest Swedish labels: the hardest deal to fit. */
static inline void deal_longest(const struct keyset *ks, size_t *out, size_t n)
{
	size_t total = keyset_count(ks);
	bool *taken = calloc(total, sizeof(bool));
	for (size_t k = 0; k < n; k++) {
		size_t best = 0, best_len = 0;
		for (size_t i = 0; i < total; i++) {
			size_t len = strlen(keyset_label(ks, i, 0));
			if (!taken[i] && len >= best_len) {
				best = i;
				best_len = len;
			}
		}
		taken[best] = true;
		out[k] = best;
	}
	free(taken);
}

/* The scene with the real fonts, language files and sample keyword set (and their
 * pictures), nothing dealt yet. */
static inline struct fixture *fixture_create(void)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct real_assets a = real_assets_load();
	f->fonts = a.fonts;
	f->ks = a.ks;
	f->cat = a.cat;
	f->env = (struct ui_env){.tm = platform_fonts_metrics(f->fonts),
				 .ks = f->ks,
				 .cat = f->cat,
				 .memo = fit_memo_create(),
				 .assets_dir = "assets"};
	f->scene = scene_sort_create(&f->env);
	f->diagonal = 24;
	draw_list_init(&f->dl);
	layout_init(&f->layout);
	return f;
}

/* A new session of the given keywords, in the scene. */
static inline void deal(struct fixture *f, const size_t *keywords, size_t n)
{
	session_destroy(f->session);
	f->session = session_create(keywords, n);
	scene_sort_set_session(f->scene, f->session);
}

/* Dealt the twelve longest labels. */
static inline int setup(void **state)
{
	struct fixture *f = fixture_create();
	size_t dealt[12];
	deal_longest(f->ks, dealt, 12);
	deal(f, dealt, 12);
	*state = f;
	return 0;
}

/* Dealt the set's first twelve keywords, as a visitor's first deal. */
static inline int setup_first(void **state)
{
	struct fixture *f = fixture_create();
	size_t first[12];
	for (size_t i = 0; i < 12; i++)
		first[i] = i;
	deal(f, first, 12);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;
	f->scene->ops->destroy(f->scene);
	session_destroy(f->session);
	keyset_destroy(f->ks);
	catalog_destroy(f->cat);
	fit_memo_destroy(f->env.memo);
	platform_fonts_destroy(f->fonts);
	draw_list_finish(&f->dl);
	layout_finish(&f->layout);
	free(f);
	return 0;
}

static inline void build(struct fixture *f, int w, int h)
{
	draw_list_clear(&f->dl);
	layout_clear(&f->layout);
	f->scene->ops->build(f->scene, w, h, &f->dl, &f->layout);
	if (catalog_rtl(f->cat, f->env.lang))
		ui_mirror(&f->dl, &f->layout, w, f->env.tm);
}

/* As the app builds it: touch targets sized for the configured screen first. */
static inline void build_for_screen(struct fixture *f, int w, int h)
{
	f->env.min_target_px = ui_min_target_px(w, h, f->diagonal);
	build(f, w, h);
}

static inline bool inside(struct rect outer, struct rect in)
{
	return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
	       in.y + in.h <= outer.y + outer.h;
}

static inline bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static inline struct input_event ev(enum input_kind kind, int64_t pointer, int x, int y)
{
	return (struct input_event){.kind = kind, .pointer = pointer, .x = x, .y = y};
}

static inline const struct layout_item *item(struct fixture *f, const char *id)
{
	const struct layout_item *it = layout_find(&f->layout, id);
	if (!it)
		fail_msg("no %s in the layout", id);
	return it;
}

/* Every text line starting on a card lies wholly inside that card, and all
 * text lies inside the window: no clipped or overflowing label. */
static inline void assert_text_contained(struct fixture *f, int w, int h)
{
	const struct text_metrics *tm = f->env.tm;
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		const char *text = draw_cmd_text(&f->dl, c);
		/* Legible: never below 12 px, nor below 15 px at 1080p's scale. */
		int floor_px = (int)(15 * theme_unit(w, h) + 0.5);
		if (floor_px < 12)
			floor_px = 12;
		if (c->size < floor_px)
			fail_msg("'%s' is drawn at %d px at %dx%d, below %d px", text, c->size, w,
				 h, floor_px);
		struct rect tr = {c->r.x, c->r.y,
				  tm->width(tm->ctx, c->face, c->size, text, c->text_len),
				  tm->text_height(tm->ctx, c->face, c->size, text, c->text_len)};
		if (!inside((struct rect){0, 0, w, h}, tr))
			fail_msg("'%s' leaves the %dx%d window at %d,%d %dx%d", text, w, h, tr.x,
				 tr.y, tr.w, tr.h);
		for (size_t j = 0; j < f->layout.count; j++) {
			const struct layout_item *it = &f->layout.items[j];
			/* Cards hold their labels, zones their names and cards. */
			if (it->role == ROLE_BUTTON || !rect_contains(it->r, tr.x, tr.y))
				continue;
			if (!inside(it->r, tr))
				fail_msg("'%s' overflows %s at %dx%d: text %d,%d %dx%d card %d,%d %dx%d",
					 text, it->id, w, h, tr.x, tr.y, tr.w, tr.h, it->r.x,
					 it->r.y, it->r.w, it->r.h);
		}
	}
}

/* No text lies under a speaker button: it would be half hidden, and a tap meant for the
 * words would read them aloud instead. Each button is at least 9 mm across. */
static inline void assert_clear_of_speakers(struct fixture *f, int w, int h)
{
	const struct text_metrics *tm = f->env.tm;
	for (size_t i = 0; i < f->layout.count; i++) {
		const struct layout_item *sp = &f->layout.items[i];
		if (sp->role != ROLE_SPEAKER)
			continue;
		if (sp->r.w < f->env.min_target_px && w >= 1920 && h >= 1080)
			fail_msg("%s is %d px wide at %dx%d, under 9 mm", sp->id, sp->r.w, w, h);
		for (size_t c = 0; c < f->dl.count; c++) {
			const struct draw_cmd *t = &f->dl.cmds[c];
			if (t->kind != DRAW_TEXT)
				continue;
			const char *s = draw_cmd_text(&f->dl, t);
			struct rect tr = {t->r.x, t->r.y,
					  tm->width(tm->ctx, t->face, t->size, s, t->text_len),
					  tm->text_height(tm->ctx, t->face, t->size, s,
							  t->text_len)};
			if (overlap(tr, sp->r))
				fail_msg("'%s' lies under %s at %dx%d", s, sp->id, w, h);
		}
	}
	/* nor under the speaker drawn on a picture's corner, which reaches past the picture */
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *icon = &f->dl.cmds[i];
		if (icon->kind != DRAW_IMAGE || !strstr(draw_cmd_text(&f->dl, icon), "ui-speaker"))
			continue;
		int ring = icon->r.w / 6; /* the image sits inset in its circle */
		struct rect circle = {icon->r.x - ring, icon->r.y - ring, icon->r.w + 2 * ring,
				      icon->r.h + 2 * ring};
		for (size_t c = 0; c < f->dl.count; c++) {
			const struct draw_cmd *t = &f->dl.cmds[c];
			if (t->kind != DRAW_TEXT)
				continue;
			const char *s = draw_cmd_text(&f->dl, t);
			struct rect tr = {t->r.x, t->r.y,
					  tm->width(tm->ctx, t->face, t->size, s, t->text_len),
					  tm->text_height(tm->ctx, t->face, t->size, s,
							  t->text_len)};
			if (overlap(tr, circle))
				fail_msg("'%s' lies under a speaker at %d,%d at %dx%d", s, circle.x,
					 circle.y, w, h);
		}
	}
}

#endif
