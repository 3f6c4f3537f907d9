/* The tally scene with the real fonts and the real sample labels, without a
 * window: at every window size every text is at least 28 px per 1080p unit
 * (readable from three metres) and stays inside the window, with no, few
 * or all keywords and sites; the chart image holds all it draws. */
#include "model/keyset.h"
#include "model/stats.h"
#include "platform/platform.h"
#include "ui/scene_tally.h"
#include "ui/theme.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
	struct platform_fonts *fonts;
	const struct text_metrics *tm;
	struct keyset *ks;
	struct scene_tally_row *rows;
	size_t count;
};

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *root = getenv("VS_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	struct diag err;
	diag_init(&err);
	snprintf(path, sizeof(path), "%s/fonts", root);
	f->fonts = platform_fonts_create(path, &err);
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv", root);
	f->ks = keyset_load(path, &err);
	if (err.count)
		fprintf(stderr, "%s\n", err.lines[0]);
	assert_non_null(f->fonts);
	assert_non_null(f->ks);
	diag_finish(&err);
	f->tm = platform_fonts_metrics(f->fonts);
	/* every sample keyword, with counts from all-no to all-yes */
	f->count = keyset_count(f->ks);
	f->rows = calloc(f->count, sizeof(*f->rows));
	for (size_t i = 0; i < f->count; i++) {
		struct keyword_counts c = {.shown = 40,
					   .yes = 40 * i / f->count,
					   .rank_sum = 3,
					   .rank_n = 1};
		c.no = (c.shown - c.yes) * 2 / 3;
		c.neutral = c.shown - c.yes - c.no;
		f->rows[i] = (struct scene_tally_row){keyset_label(f->ks, i, 0), c,
						      stats_compute(&c)};
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	keyset_destroy(f->ks);
	platform_fonts_destroy(f->fonts);
	free(f->rows);
	free(f);
	return 0;
}

static void set_data(struct fixture *f, struct scene *sc, size_t rows, size_t sites)
{
	static const struct scene_tally_site site[] = {
		{"Stadsbiblioteket", 1234}, {"Mirum", 88},
		{"Hageby centrum", 12345},  {"Ingelsta shopping", 7},
		{"Kvarnholmen", 999},	    {"Norrköpings konstmuseum", 31},
		{"Arbetets museum", 400},   {"Ljura bibliotek", 52},
	};
	struct scene_tally_data d = {
		.title = "Vad ska prägla Norrköping 2035?",
		.rows = f->rows,
		.row_count = rows,
		.sites = site,
		.site_count = sites,
		.sessions = 123456,
		.kiosks = 12,
		.note = "uppdaterad 12:34:56",
	};
	scene_tally_set_data(sc, &d);
}

/* Every text: big enough, inside w x h. */
static void check_texts(const struct fixture *f, const struct draw_list *dl, int w, int h,
			int min_size)
{
	size_t texts = 0;
	for (size_t i = 0; i < dl->count; i++) {
		const struct draw_cmd *c = &dl->cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		texts++;
		const char *s = draw_cmd_text(dl, c);
		int tw = f->tm->width(f->tm->ctx, c->face, c->size, s, strlen(s));
		int th = f->tm->line_height(f->tm->ctx, c->face, c->size);
		if (c->size < min_size || c->r.x < 0 || c->r.y < 0 || c->r.x + tw > w ||
		    c->r.y + th > h)
			fail_msg("%dx%d: text '%s' at %d,%d size %d (%dx%d) breaks the rules "
				 "(min size %d)",
				 w, h, s, c->r.x, c->r.y, c->size, tw, th, min_size);
	}
	assert_true(texts > 0);
}

static void test_live_view_is_readable(void **state)
{
	struct fixture *f = *state;
	struct scene *sc = scene_tally_create(f->tm, false);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	const size_t rows[] = {0, 5, 20, 36};
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		/* 28 px at 1080p, scaled like everything else (rounding may take 1) */
		int min_size = (int)lround(28 * theme_unit(w, h)) - 1;
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			for (size_t sites = 0; sites <= 8; sites += 4) {
				set_data(f, sc, rows[r] < f->count ? rows[r] : f->count, sites);
				draw_list_clear(&dl);
				layout_clear(&l);
				sc->ops->build(sc, w, h, &dl, &l);
				check_texts(f, &dl, w, h, min_size);
			}
		}
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
}

/* A missing export is said on the wall, readable, above the footer and
 * clear of the rows, at every size; none when nothing is missing. */
static void test_missing_export_is_shown(void **state)
{
	struct fixture *f = *state;
	struct scene *sc = scene_tally_create(f->tm, false);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	const char *warning = "Stadsbiblioteket: export 4 av 6 saknas — sessioner från 12 till "
			      "19 mars är inte räknade";
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int w = sizes[s][0], h = sizes[s][1];
		int min_size = (int)lround(28 * theme_unit(w, h)) - 1;
		for (int with = 0; with < 2; with++) {
			set_data(f, sc, f->count, 4);
			struct scene_tally_data d = {.title = "T",
						     .rows = f->rows,
						     .row_count = f->count,
						     .warning = with ? warning : NULL};
			scene_tally_set_data(sc, &d);
			draw_list_clear(&dl);
			layout_clear(&l);
			sc->ops->build(sc, w, h, &dl, &l);
			check_texts(f, &dl, w, h, min_size);
			int found = -1, lowest_row = 0;
			for (size_t i = 0; i < dl.count; i++) {
				const struct draw_cmd *c = &dl.cmds[i];
				if (c->kind != DRAW_TEXT)
					continue;
				const char *t = draw_cmd_text(&dl, c);
				if (strncmp(t, "Stadsbiblioteket: export 4", 26) == 0)
					found = c->r.y;
				for (size_t k = 0; k < f->count; k++)
					if (strcmp(t, f->rows[k].label) == 0 && c->r.y > lowest_row)
						lowest_row = c->r.y;
			}
			if (with) {
				assert_true(found > 0);
				assert_true(found > lowest_row);
				assert_true(found > h / 2);
			} else {
				assert_int_equal(found, -1);
			}
		}
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
}

static void test_chart_fits_its_height(void **state)
{
	struct fixture *f = *state;
	struct scene *sc = scene_tally_create(f->tm, true);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	set_data(f, sc, f->count, 0);
	int h = scene_tally_chart_height(sc, 1600);
	assert_true(h > (int)f->count * 40);
	sc->ops->build(sc, 1600, h, &dl, &l);
	check_texts(f, &dl, 1600, h, 28);
	/* every bar inside the image too */
	for (size_t i = 0; i < dl.count; i++) {
		struct rect r = dl.cmds[i].r;
		if (dl.cmds[i].kind == DRAW_FILL)
			assert_true(r.x >= 0 && r.y >= 0 && r.x + r.w <= 1600 && r.y + r.h <= h);
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_live_view_is_readable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chart_fits_its_height, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_export_is_shown, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
