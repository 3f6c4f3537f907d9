/* The sort scene as a visitor meets it, without a window: real fonts
 * measure the real sample labels at every supported screen size, and
 * pointer events go through the same input path the platform feeds. */
#include "model/keyset.h"
#include "model/session.h"
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

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {720, 1280}, {1080, 1920}};

/* The twelve longest Swedish labels: the hardest deal to fit. */
static void deal_longest(const struct keyset *ks, size_t *out, size_t n)
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
	snprintf(path, sizeof(path), "%s/data/lang", root);
	f->cat = catalog_load_dir(path, &err);
	if (err.count)
		fprintf(stderr, "%s\n", err.lines[0]);
	assert_non_null(f->fonts);
	assert_non_null(f->ks);
	assert_non_null(f->cat);
	diag_finish(&err);
	size_t dealt[12];
	deal_longest(f->ks, dealt, 12);
	f->session = session_create(dealt, 12);
	f->env = (struct ui_env){.tm = platform_fonts_metrics(f->fonts),
				 .ks = f->ks,
				 .cat = f->cat,
				 .memo = fit_memo_create(),
				 .assets_dir = "assets"};
	f->scene = scene_sort_create(&f->env);
	scene_sort_set_session(f->scene, f->session);
	f->diagonal = 24;
	draw_list_init(&f->dl);
	layout_init(&f->layout);
	*state = f;
	return 0;
}

static int teardown(void **state)
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

static void build(struct fixture *f, int w, int h)
{
	draw_list_clear(&f->dl);
	layout_clear(&f->layout);
	f->scene->ops->build(f->scene, w, h, &f->dl, &f->layout);
	if (catalog_rtl(f->cat, f->env.lang))
		ui_mirror(&f->dl, &f->layout, w, f->env.tm);
}

static bool inside(struct rect outer, struct rect in)
{
	return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
	       in.y + in.h <= outer.y + outer.h;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every text line starting on a card lies wholly inside that card, and all
 * text lies inside the window: no clipped or overflowing label. */
static void assert_text_contained(struct fixture *f, int w, int h)
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

/* Only digits, Latin or Arabic-Indic (the rank badge's number). */
static bool is_number(const char *t)
{
	if (!*t)
		return false;
	for (const unsigned char *p = (const unsigned char *)t; *p;) {
		if (*p >= '0' && *p <= '9')
			p++;
		else if (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9)
			p += 2;
		else
			return false;
	}
	return true;
}

/* A card's label reads whole: its lines, joined again, give the label, so
 * no word was broken where it has no space or hyphen. */
/* The lines of one face drawn on a card, joined again ("" when none). */
static void card_text(struct fixture *f, const struct layout_item *it, enum font_face face,
		      char *joined, size_t size)
{
	size_t n = 0;
	joined[0] = '\0';
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		const char *t = draw_cmd_text(&f->dl, c);
		if (c->kind != DRAW_TEXT || c->face != face ||
		    !rect_contains(it->r, c->r.x, c->r.y) || is_number(t))
			continue; /* the rank badge's number */
		if (n && joined[n - 1] != '-' && n + 1 < size)
			joined[n++] = ' ';
		n += (size_t)snprintf(joined + n, size - n, "%s", t);
	}
}

/* A card's label reads whole: its lines (bold), joined again, give the label, so no word was
 * broken where it has no space or hyphen. So does a lättläst description under it (regular),
 * where there is room for one. */
static void assert_words_whole(struct fixture *f, int w, int h)
{
	const char *code = catalog_code(f->cat, f->env.lang);
	for (size_t j = 0; j < f->layout.count; j++) {
		const struct layout_item *it = &f->layout.items[j];
		if (it->role != ROLE_CARD)
			continue;
		const char *id = strchr(it->id, ':') + 1;
		long kw = keyset_find(f->ks, id);
		const char *label = keyset_label(f->ks, (size_t)kw, f->env.ks_lang);
		char joined[512];
		card_text(f, it, FONT_BOLD, joined, sizeof(joined));
		if (*joined && strcmp(joined, label) != 0)
			fail_msg("%s reads \"%s\" at %dx%d: a word of \"%s\" is broken", it->id,
				 joined, w, h, label);
		const char *description = keyset_description(f->ks, (size_t)kw, code);
		card_text(f, it, FONT_REGULAR, joined, sizeof(joined));
		if (*joined && (!description || strcmp(joined, description) != 0))
			fail_msg("%s's description reads \"%s\" at %dx%d, not \"%s\"", it->id,
				 joined, w, h, description ? description : "(none)");
	}
}

/* No text lies under a speaker button: it would be half hidden, and a tap meant for the
 * words would read them aloud instead. Each button is at least 9 mm across. */
static void assert_clear_of_speakers(struct fixture *f, int w, int h)
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

/* Nothing the scene draws after a pile crosses it: a line through a pile reads as a border
 * the pile does not have (the bar's rule once ran across the whole window). Fills and
 * outlines drawn after a pile's own fill either lie inside it or keep clear of it. */
static void assert_piles_uncrossed(struct fixture *f, int w, int h)
{
	static const char *const zones[] = {"zone:yes", "zone:no", "zone:neutral"};
	for (size_t z = 0; z < 3; z++) {
		struct rect zr = layout_find(&f->layout, zones[z])->r;
		bool after = false;
		for (size_t i = 0; i < f->dl.count; i++) {
			const struct draw_cmd *c = &f->dl.cmds[i];
			if (c->kind == DRAW_FILL && c->r.x == zr.x && c->r.y == zr.y &&
			    c->r.w == zr.w && c->r.h == zr.h) {
				after = true;
				continue;
			}
			if (!after || (c->kind != DRAW_FILL && c->kind != DRAW_OUTLINE))
				continue;
			if (overlap(c->r, zr) && !inside(zr, c->r))
				fail_msg("a %s %d,%d %dx%d drawn after %s crosses it at %dx%d",
					 c->kind == DRAW_FILL ? "fill" : "outline", c->r.x, c->r.y,
					 c->r.w, c->r.h, zones[z], w, h);
		}
	}
}

static void shoot(struct fixture *f, int w, int h, const char *state);

static void assert_geometry(struct fixture *f, int w, int h, const char *state)
{
	/* A 24" screen whatever the resolution, as the default config says;
	 * and the 9 mm rule is never looser than 35 px at 1080p's scale. */
	f->env.min_target_px = ui_min_target_px(w, h, f->diagonal);
	build(f, w, h);
	shoot(f, w, h, state);
	struct rect screen = {0, 0, w, h};
	size_t cards = 0;
	for (size_t i = 0; i < f->layout.count; i++) {
		const struct layout_item *a = &f->layout.items[i];
		assert_true(inside(screen, a->r));
		/* Touch targets: at least 9 mm on the configured screen. */
		if (a->role != ROLE_ZONE && a->r.h < f->env.min_target_px)
			fail_msg("%s is %d px high at %dx%d: below a 9 mm touch target (%d px)",
				 a->id, a->r.h, w, h, f->env.min_target_px);
		if (a->role == ROLE_CARD) {
			cards++;
			if (strcmp(a->zone, "deck") != 0) {
				char zone[32];
				snprintf(zone, sizeof(zone), "zone:%s", a->zone);
				assert_true(inside(layout_find(&f->layout, zone)->r, a->r));
			}
		}
		for (size_t j = i + 1; j < f->layout.count; j++) {
			const struct layout_item *b = &f->layout.items[j];
			if (a->role == b->role && overlap(a->r, b->r))
				fail_msg("%s overlaps %s at %dx%d", a->id, b->id, w, h);
		}
	}
	assert_int_equal(cards, 12);
	assert_text_contained(f, w, h);
	assert_words_whole(f, w, h);
	assert_clear_of_speakers(f, w, h);
	assert_piles_uncrossed(f, w, h);
}

struct scale;
static void check_all_sizes(struct fixture *f, struct scale *sc);

/* With VS_UI_SHOTS=<folder>, the states the tests check are also drawn to
 * <folder>/<lang>-<w>x<h>[-large]-<state>.png, to be looked at. */
static void shoot(struct fixture *f, int w, int h, const char *state)
{
	const char *dir = getenv("VS_UI_SHOTS");
	if (!dir)
		return;
	char path[4096];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct platform_canvas *c = platform_canvas_create(path, &err);
	assert_non_null(c);
	snprintf(path, sizeof(path), "%s/%s-%dx%d%s-%s.png", dir, catalog_code(f->cat, f->env.lang),
		 w, h, f->env.large_text ? "-large" : "", state);
	assert_true(platform_canvas_save_png(c, &f->dl, w, h, path, &err));
	platform_canvas_destroy(c);
	diag_finish(&err);
}

/* A small 15.6" full-HD screen needs larger targets in pixels (9 mm is
 * about 50 px there): the piles take more columns rather than shrink. */
static void test_small_screen_targets(void **state)
{
	struct fixture *f = *state;
	f->diagonal = 15.6;
	assert_true(ui_min_target_px(1920, 1080, 15.6) >= 49);
	check_all_sizes(f, NULL);
}

/* The sizes of the text roles seen at one window size, 0 while unseen. */
enum seen_role {
	SEEN_TITLE,
	SEEN_INSTRUCTION,
	SEEN_DECK,
	SEEN_PILE,
	SEEN_HEADER,
	SEEN_BUTTON,
	SEEN_COUNT
};
static const char *const seen_names[] = {"title",      "instruction", "deck label",
					 "pile label", "pile header", "button"};
#define SIZE_COUNT (sizeof(sizes) / sizeof(sizes[0]))

struct scale {
	int px[SIZE_COUNT][SEEN_COUNT];
};

/* One role, one size: the first size seen is the role's; any other fails. */
static void seen(struct fixture *f, struct scale *sc, size_t s, enum seen_role r, int px,
		 const char *what)
{
	if (!sc->px[s][r])
		sc->px[s][r] = px;
	else if (sc->px[s][r] != px)
		fail_msg("%s at %dx%d (%s%s): %s is %d px, another %s %d px",
			 catalog_code(f->cat, f->env.lang), sizes[s][0], sizes[s][1],
			 f->env.large_text ? "larger text" : "normal text", "", what, px,
			 seen_names[r], sc->px[s][r]);
}

static bool within(const char *line, const char *text)
{
	return strstr(text, line) != NULL;
}

/* Sorts every text of the frame into its role and checks that each role
 * has one size, whatever the cards' piles. */
static void collect_roles(struct fixture *f, struct scale *sc, size_t s)
{
	int header_bottom = sizes[s][1];
	for (size_t i = 0; i < f->layout.count; i++) {
		const struct layout_item *it = &f->layout.items[i];
		if (it->role == ROLE_CARD || it->role == ROLE_ZONE)
			header_bottom = it->r.y < header_bottom ? it->r.y : header_bottom;
		/* The deck has no name of its own to show (its cards say it all); a speaker
		 * button shows a picture */
		if (it->role != ROLE_BUTTON && it->role != ROLE_SPEAKER && it->text_px <= 0 &&
		    strcmp(it->id, "zone:deck") != 0)
			fail_msg("%s has no text_px", it->id);
		if (it->text_px > 0 && (it->lines < 1 || it->lines > 3))
			fail_msg("%s takes %d lines", it->id, it->lines);
		if (it->role == ROLE_CARD)
			seen(f, sc, s, strcmp(it->zone, "deck") == 0 ? SEEN_DECK : SEEN_PILE,
			     it->text_px, it->id);
		else if (it->role == ROLE_ZONE && it->text_px > 0)
			seen(f, sc, s, SEEN_HEADER, it->text_px, it->id);
		else if (it->text_px > 0)
			seen(f, sc, s, SEEN_BUTTON, it->text_px, it->id);
	}
	const char *title = catalog_text(f->cat, f->env.lang, "sort.title");
	const char *hint = catalog_text(f->cat, f->env.lang, "sort.rank_hint");
	const struct layout_item *yes = layout_find(&f->layout, "zone:yes");
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		const char *t = draw_cmd_text(&f->dl, c);
		if (c->r.y < header_bottom) {
			if (c->face == FONT_REGULAR)
				seen(f, sc, s, SEEN_INSTRUCTION, c->size, t);
			else if (within(t, title))
				seen(f, sc, s, SEEN_TITLE, c->size, t);
			else
				seen(f, sc, s, SEEN_BUTTON, c->size, t); /* progress, Done, A+ */
		} else if (c->face == FONT_REGULAR && within(t, hint) &&
			   rect_contains(yes->r, c->r.x, c->r.y)) {
			seen(f, sc, s, SEEN_HEADER, c->size, t); /* the rank hint */
		}
	}
}

static void check_all_sizes(struct fixture *f, struct scale *sc)
{
	const enum pile piles[] = {PILE_DECK, PILE_YES, PILE_NO, PILE_NEUTRAL};
	for (size_t s = 0; s < SIZE_COUNT; s++) {
		for (size_t p = 0; p < 4; p++) {
			/* All twelve in one pile is the fullest a pile can be. */
			for (size_t c = 0; c < 12; c++)
				session_move(f->session, c, piles[p], c);
			assert_geometry(f, sizes[s][0], sizes[s][1], pile_name(piles[p]));
			if (sc)
				collect_roles(f, sc, s);
		}
		/* And a mixed state, spread over every pile. */
		for (size_t c = 0; c < 12; c++)
			session_move(f->session, c, piles[c % 4], 0);
		assert_geometry(f, sizes[s][0], sizes[s][1], "mixed");
		if (sc)
			collect_roles(f, sc, s);
	}
}

/* Every language, with and without larger text, at every size: in Arabic
 * the labels come from the set's Arabic column and the frame is mirrored,
 * as the app does it. The type scale holds: each role one size (checked
 * as the frames are read), nothing at 1080p under 24 px, card labels in
 * the piles included, and larger text makes every role larger. */
/* Every language speaks but Somali, as with espeak-ng's voices and no recordings. */
static bool speak_all(const struct ui_env *env, size_t lang, const char *id)
{
	(void)id;
	return strcmp(catalog_code(env->cat, lang), "so") != 0;
}

static void test_every_size_and_pile_fits(void **state)
{
	struct fixture *f = *state;
	/* VS_UI_SPEAKERS=0 leaves the speaker buttons out, to compare the scales */
	const char *speakers = getenv("VS_UI_SPEAKERS");
	if (!speakers || strcmp(speakers, "0") != 0)
		f->env.speakable = speak_all;
	for (size_t lang = 0; lang < catalog_count(f->cat); lang++) {
		int col = keyset_language_index(f->ks, catalog_code(f->cat, lang));
		f->env.lang = lang;
		f->env.ks_lang = col >= 0 ? (size_t)col : 0;
		struct scale sc[2];
		memset(sc, 0, sizeof(sc));
		for (int large = 0; large < 2; large++) {
			f->env.large_text = large;
			check_all_sizes(f, &sc[large]);
		}
		for (size_t s = 0; s < SIZE_COUNT; s++) {
			double u = theme_unit(sizes[s][0], sizes[s][1]);
			/* VS_UI_SCALE=1 prints the scale, for people to read. */
			if (getenv("VS_UI_SCALE"))
				for (int r = 0; r < SEEN_COUNT; r++)
					fprintf(stderr, "%s %dx%d %-12s %3d %3d\n",
						catalog_code(f->cat, lang), sizes[s][0],
						sizes[s][1], seen_names[r], sc[0].px[s][r],
						sc[1].px[s][r]);
			for (int r = 0; r < SEEN_COUNT; r++) {
				if (sc[1].px[s][r] <= sc[0].px[s][r])
					fail_msg("%s at %dx%d: larger text leaves the %s at %d px "
						 "(normal %d px)",
						 catalog_code(f->cat, lang), sizes[s][0],
						 sizes[s][1], seen_names[r], sc[1].px[s][r],
						 sc[0].px[s][r]);
				if (u == 1.0 && sc[0].px[s][r] < 24)
					fail_msg("%s at %dx%d: the %s is %d px, under 24 px",
						 catalog_code(f->cat, lang), sizes[s][0],
						 sizes[s][1], seen_names[r], sc[0].px[s][r]);
			}
		}
	}
}

/* The piles, the deck's cards and the buttons stand in the same places in
 * every language (reflected in Arabic), with and without larger text, so
 * that nothing moves when the language does. */
static void test_same_places_in_every_language(void **state)
{
	struct fixture *f = *state;
	for (size_t c = 0; c < 12; c++)
		session_move(f->session, c, c % 3 == 0 ? PILE_YES : PILE_DECK, 0);
	for (size_t sz = 0; sz < SIZE_COUNT; sz++) {
		int w = sizes[sz][0], h = sizes[sz][1];
		f->env.min_target_px = ui_min_target_px(w, h, f->diagonal);
		for (int large = 0; large < 2; large++) {
			f->env.large_text = large;
			struct layout first;
			layout_init(&first);
			for (size_t lang = 0; lang < catalog_count(f->cat); lang++) {
				int col = keyset_language_index(f->ks, catalog_code(f->cat, lang));
				f->env.lang = lang;
				f->env.ks_lang = col >= 0 ? (size_t)col : 0;
				build(f, w, h);
				bool rtl = catalog_rtl(f->cat, lang);
				for (size_t i = 0; i < f->layout.count; i++) {
					struct layout_item it = f->layout.items[i];
					if (rtl)
						it.r.x = w - it.r.x - it.r.w;
					if (lang == 0) {
						layout_add(&first, it.id, it.role, it.r);
						continue;
					}
					const struct layout_item *was = layout_find(&first, it.id);
					assert_non_null(was);
					if (memcmp(&was->r, &it.r, sizeof(it.r)) != 0)
						fail_msg("%s at %dx%d%s: %s at %d,%d %dx%d, in %s at "
							 "%d,%d %dx%d",
							 catalog_code(f->cat, lang), w, h,
							 large ? " (larger text)" : "", it.id,
							 it.r.x, it.r.y, it.r.w, it.r.h,
							 catalog_code(f->cat, 0), was->r.x,
							 was->r.y, was->r.w, was->r.h);
				}
			}
			layout_finish(&first);
		}
	}
}

static struct input_event ev(enum input_kind kind, int64_t pointer, int x, int y)
{
	return (struct input_event){.kind = kind, .pointer = pointer, .x = x, .y = y};
}

static void drag(struct fixture *f, int64_t pointer, struct rect from, struct rect to)
{
	struct input_event e = ev(INPUT_POINTER_DOWN, pointer, from.x + from.w / 2,
				  from.y + from.h / 2);
	f->scene->ops->input(f->scene, &e);
	for (int i = 1; i <= 5; i++) {
		e = ev(INPUT_POINTER_MOVE, pointer, from.x + (to.x - from.x) * i / 5 + to.w / 2,
		       from.y + (to.y - from.y) * i / 5 + to.h / 2);
		f->scene->ops->input(f->scene, &e);
	}
	e.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e);
}

static const struct layout_item *item(struct fixture *f, const char *id)
{
	const struct layout_item *it = layout_find(&f->layout, id);
	assert_non_null(it);
	return it;
}

static void test_drag_into_piles_and_done(void **state)
{
	struct fixture *f = *state;
	build(f, 1920, 1080);
	const char *zones[] = {"zone:yes", "zone:no", "zone:neutral"};
	for (size_t c = 0; c < 12; c++) {
		assert_false(item(f, "button:done")->enabled);
		char id[96];
		snprintf(id, sizeof(id), "card:%s",
			 keyset_keyword_id(f->ks, session_card_keyword(f->session, c)));
		assert_false(f->scene->ops->busy(f->scene));
		drag(f, 0, item(f, id)->r, item(f, zones[c % 3])->r);
		build(f, 1920, 1080);
		const char *want = zones[c % 3] + 5;
		assert_string_equal(item(f, id)->zone, want);
	}
	assert_true(item(f, "button:done")->enabled);
	struct rect done = item(f, "button:done")->r;
	struct input_event e = ev(INPUT_POINTER_DOWN, 0, done.x + 5, done.y + 5);
	f->scene->ops->input(f->scene, &e);
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_NONE);
	e.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e);
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_SESSION_DONE);
}

static void test_drop_order_is_priority(void **state)
{
	struct fixture *f = *state;
	build(f, 1920, 1080);
	char a[96], b[96];
	snprintf(a, sizeof(a), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 0)));
	snprintf(b, sizeof(b), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 1)));
	drag(f, 0, item(f, a)->r, item(f, "zone:yes")->r);
	build(f, 1920, 1080);
	assert_int_equal(item(f, a)->rank, 1);
	/* Dropped on the top half of the first card: b goes above a. */
	struct rect top = item(f, a)->r;
	top.h /= 4;
	drag(f, 0, item(f, b)->r, (struct rect){top.x, top.y - top.h / 2, top.w, top.h});
	build(f, 1920, 1080);
	assert_int_equal(item(f, b)->rank, 1);
	assert_int_equal(item(f, a)->rank, 2);
	/* Dropped on the lower half of b: c goes after b, before a, whatever
	 * the pile's columns (the trace's contract). */
	char c[96];
	snprintf(c, sizeof(c), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 2)));
	struct rect low = item(f, b)->r;
	low.y += low.h * 3 / 4;
	low.h /= 4;
	drag(f, 0, item(f, c)->r, (struct rect){low.x, low.y - low.h / 2, low.w, low.h});
	build(f, 1920, 1080);
	assert_int_equal(item(f, b)->rank, 1);
	assert_int_equal(item(f, c)->rank, 2);
	assert_int_equal(item(f, a)->rank, 3);
	/* Dragging a placed card back onto the deck puts it back. */
	drag(f, 0, item(f, b)->r, (struct rect){100, 300, 10, 10});
	build(f, 1920, 1080);
	assert_string_equal(item(f, b)->zone, "deck");
	assert_int_equal(item(f, c)->rank, 1);
	assert_int_equal(item(f, a)->rank, 2);
}

static void tap_at(struct fixture *f, struct rect r)
{
	struct input_event e = ev(INPUT_POINTER_DOWN, 3, r.x + r.w / 2, r.y + r.h / 2);
	f->scene->ops->input(f->scene, &e);
	e.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e);
	build(f, 1920, 1080);
}

/* For people who cannot drag: tap a card, then a pile; tap another card,
 * then a card in a pile to go before it. */
static void test_tap_card_then_pile(void **state)
{
	struct fixture *f = *state;
	build(f, 1920, 1080);
	char a[96], b[96];
	snprintf(a, sizeof(a), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 0)));
	snprintf(b, sizeof(b), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 1)));
	tap_at(f, item(f, a)->r);
	assert_int_equal(item(f, a)->selected, 1);
	assert_string_equal(item(f, a)->zone, "deck");
	tap_at(f, item(f, "zone:no")->r);
	assert_string_equal(item(f, a)->zone, "no");
	assert_int_equal(item(f, a)->selected, -1);
	tap_at(f, item(f, b)->r);
	tap_at(f, item(f, a)->r);
	assert_string_equal(item(f, b)->zone, "no");
	assert_int_equal(item(f, b)->rank, 1);
	assert_int_equal(item(f, a)->rank, 2);
	/* A second tap on the selected card lets it go again. */
	tap_at(f, item(f, a)->r);
	tap_at(f, item(f, a)->r);
	assert_int_equal(item(f, a)->selected, -1);
}

/* A keyword that names a picture shows it inside its card, beside a label
 * that still fits; the sample set's pictures all exist. */
static void test_card_pictures(void **state)
{
	struct fixture *f = *state;
	size_t with_image = keyset_find(f->ks, "motala-strom");
	session_destroy(f->session);
	f->session = session_create(&with_image, 1);
	scene_sort_set_session(f->scene, f->session);
	build(f, 1920, 1080);
	const struct layout_item *card = item(f, "card:motala-strom");
	size_t images = 0;
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		images++;
		assert_string_equal(draw_cmd_text(&f->dl, c), "assets/motala-strom.png");
		assert_true(c->r.x >= card->r.x && c->r.y >= card->r.y &&
			    c->r.x + c->r.w <= card->r.x + card->r.w &&
			    c->r.y + c->r.h <= card->r.y + card->r.h);
	}
	assert_int_equal(images, 1);
	assert_text_contained(f, 1920, 1080);
	/* in a pile too, after the rank badge, so a card stays recognisable once placed */
	session_move(f->session, 0, PILE_YES, 0);
	build(f, 1920, 1080);
	card = item(f, "card:motala-strom");
	images = 0;
	int badge_end = 0; /* the rank's number, drawn inside its badge */
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind == DRAW_TEXT && strcmp(draw_cmd_text(&f->dl, c), "1") == 0 &&
		    rect_contains(card->r, c->r.x, c->r.y))
			badge_end = c->r.x +
				    f->env.tm->width(f->env.tm->ctx, c->face, c->size, "1", 1);
	}
	assert_true(badge_end > 0);
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		images++;
		/* after the badge */
		assert_true(c->r.x > badge_end && c->r.y >= card->r.y &&
			    c->r.x + c->r.w <= card->r.x + card->r.w &&
			    c->r.y + c->r.h <= card->r.y + card->r.h);
	}
	assert_int_equal(images, 1);
	assert_text_contained(f, 1920, 1080);
	char path[4096];
	for (size_t i = 0; i < keyset_count(f->ks); i++) {
		const char *image = keyset_image(f->ks, i);
		if (!image)
			continue;
		snprintf(path, sizeof(path), "%s/assets/%s", getenv("VS_SOURCE_ROOT"), image);
		FILE *in = fopen(path, "rb");
		if (!in)
			fail_msg("%s names %s, which is not in assets/",
				 keyset_keyword_id(f->ks, i), image);
		fclose(in);
	}
}

/* Speaker buttons where the app says a text can be spoken: on each card (but the one with no
 * speech), the question and each pile; each a finger's size, inside what it reads, and no
 * text under it. None when the kiosk does not speak. */
static bool speak_all_but_trygghet(const struct ui_env *env, size_t lang, const char *id)
{
	(void)env;
	(void)lang;
	return !id || strcmp(id, "keyword.trygghet") != 0;
}

static void test_speaker_buttons(void **state)
{
	struct fixture *f = *state;
	size_t dealt[2] = {(size_t)keyset_find(f->ks, "trygghet"),
			   (size_t)keyset_find(f->ks, "kunskapsstad")};
	session_destroy(f->session);
	f->session = session_create(dealt, 2);
	scene_sort_set_session(f->scene, f->session);
	session_move(f->session, 1, PILE_YES, 0);
	f->env.min_target_px = ui_min_target_px(1920, 1080, 24);
	for (int speaks = 0; speaks < 2; speaks++) {
		f->env.speakable = speaks ? speak_all_but_trygghet : NULL;
		build(f, 1920, 1080);
		size_t speakers = 0;
		for (size_t i = 0; i < f->layout.count; i++) {
			const struct layout_item *sp = &f->layout.items[i];
			if (sp->role != ROLE_SPEAKER)
				continue;
			speakers++;
			assert_true(sp->r.w >= f->env.min_target_px && sp->r.h == sp->r.w);
			const char *target = sp->id + strlen("speak:");
			if (strcmp(target, "question") != 0)
				assert_true(inside(item(f, target)->r, sp->r));
		}
		assert_clear_of_speakers(f, 1920, 1080);
		assert_int_equal(speakers, speaks ? 1 + 3 + 1 : 0);
		if (speaks) {
			assert_non_null(layout_find(&f->layout, "speak:card:kunskapsstad"));
			assert_null(layout_find(&f->layout, "speak:card:trygghet"));
			assert_non_null(layout_find(&f->layout, "speak:question"));
			assert_non_null(layout_find(&f->layout, "speak:zone:no"));
		}
	}
}

static void test_second_finger_is_ignored(void **state)
{
	struct fixture *f = *state;
	build(f, 1920, 1080);
	char a[96], b[96];
	snprintf(a, sizeof(a), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 0)));
	snprintf(b, sizeof(b), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, 1)));
	struct rect ra = item(f, a)->r, rb = item(f, b)->r, yes = item(f, "zone:yes")->r,
		    no = item(f, "zone:no")->r;
	struct input_event e1 = ev(INPUT_POINTER_DOWN, 1, ra.x + 5, ra.y + 5);
	struct input_event e2 = ev(INPUT_POINTER_DOWN, 2, rb.x + 5, rb.y + 5);
	f->scene->ops->input(f->scene, &e1);
	f->scene->ops->input(f->scene, &e2);
	e2 = ev(INPUT_POINTER_MOVE, 2, no.x + 20, no.y + 100);
	f->scene->ops->input(f->scene, &e2);
	e2.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e2);
	e1 = ev(INPUT_POINTER_MOVE, 1, yes.x + 20, yes.y + 100);
	f->scene->ops->input(f->scene, &e1);
	e1.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e1);
	build(f, 1920, 1080);
	assert_string_equal(item(f, a)->zone, "yes");
	assert_string_equal(item(f, b)->zone, "deck");
	assert_int_equal(session_placed_count(f->session), 1);
}

static void test_trace_line_shape(void **state)
{
	struct fixture *f = *state;
	build(f, 1280, 720);
	struct strbuf sb;
	sb_init(&sb);
	trace_layout_line(&sb, 42, "sort", 1280, 720, &f->layout);
	const char *s = sb_str(&sb);
	const char *prefix = "{\"t\":42,\"scene\":\"sort\",\"w\":1280,\"h\":720,\"items\":[";
	assert_true(strncmp(s, prefix, strlen(prefix)) == 0);
	assert_non_null(strstr(s, "\"id\":\"zone:yes\",\"role\":\"zone\""));
	assert_non_null(strstr(s, "\"id\":\"button:done\",\"role\":\"button\""));
	assert_non_null(strstr(s, "\"enabled\":false"));
	assert_non_null(strstr(s, "\"role\":\"card\""));
	assert_non_null(strstr(s, "\"zone\":\"deck\""));
	/* Every item with text says how big it is drawn; new keys come last. */
	const struct layout_item *card = NULL;
	for (size_t i = 0; i < f->layout.count && !card; i++)
		if (f->layout.items[i].role == ROLE_CARD)
			card = &f->layout.items[i];
	char want[64];
	snprintf(want, sizeof(want), "\"zone\":\"deck\",\"text_px\":%d,\"lines\":%d}",
		 card->text_px, card->lines);
	assert_non_null(strstr(s, want));
	assert_true(card->text_px >= 16); /* 24 px at 1080p, at 1280x720 */
	assert_non_null(strstr(s, "\"enabled\":false,\"text_px\":"));
	sb_clear(&sb);
	trace_session_saved(&sb, 7, "0b0e4c1e-2f5c-4a7e-9a59-0d8c9f1e2a3b", 12);
	assert_string_equal(sb_str(&sb), "{\"t\":7,\"event\":\"session-saved\",\"session\":"
					 "\"0b0e4c1e-2f5c-4a7e-9a59-0d8c9f1e2a3b\",\"placed\":12}");
	sb_finish(&sb);
}

static void test_text_contrast(void **state)
{
	(void)state;
	struct theme_pair pairs[32];
	size_t n = theme_contrast_pairs(theme_default(), pairs, 32);
	assert_true(n > 5);
	for (size_t i = 0; i < n; i++)
		if (theme_contrast(pairs[i].fg, pairs[i].bg) < 4.5)
			fail_msg("%s: contrast %.2f < 4.5", pairs[i].what,
				 theme_contrast(pairs[i].fg, pairs[i].bg));
	/* The formula itself: black on white is the maximum, 21:1. */
	assert_true(theme_contrast((struct color){0, 0, 0, 255},
				   (struct color){255, 255, 255, 255}) > 20.99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_size_and_pile_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_places_in_every_language, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_drag_into_piles_and_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_order_is_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_finger_is_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tap_card_then_pile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_card_pictures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speaker_buttons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_screen_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_line_shape, setup, teardown),
		cmocka_unit_test(test_text_contrast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
