/* The sort scene's layout as a visitor meets it, without a window: real fonts
 * measure the real sample labels at every supported screen size and in every
 * language, and nothing may be clipped, overlap, fall under a finger's size or
 * move when the language does. Input is test_sort_input.c's, what a card
 * shows test_sort_cards.c's. */
#include "sort_fixture.h"

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {720, 1280}, {1080, 1920}};

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
		cmocka_unit_test_setup_teardown(test_small_screen_targets, setup, teardown),
		cmocka_unit_test(test_text_contrast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
