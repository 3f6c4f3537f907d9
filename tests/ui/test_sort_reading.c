/* The sort scene for visitors who read poorly, without a window: every card shows its
 * picture large enough to recognise, and in lättläst its simpler description under the
 * label where the card has room (above the cards once it is picked up). Real fonts, the
 * sample keywords and their pictures, at the screens a kiosk has. */
#include "sort_fixture.h"

/* A kiosk's screens, landscape and portrait. */
static const int screens[][2] = {{1920, 1080}, {1080, 1920}};

/* As the kiosk with espeak-ng's voices: every language speaks but Somali. */
static bool speak_all_but_so(const struct ui_env *env, size_t lang, const char *id)
{
	(void)id;
	return strcmp(catalog_code(env->cat, lang), "so") != 0;
}

static void use_language(struct fixture *f, const char *code)
{
	int lang = catalog_find(f->cat, code);
	assert_true(lang >= 0);
	int col = keyset_language_index(f->ks, code);
	f->env.lang = (size_t)lang;
	f->env.ks_lang = col >= 0 ? (size_t)col : 0;
}

/* The words drawn in face inside r, joined by spaces, and the lowest bottom and highest top of
 * their lines. */
static void words_in(struct fixture *f, struct rect r, enum font_face face, char *out, size_t cap,
		     int *top, int *bottom, int *least_px)
{
	const struct text_metrics *tm = f->env.tm;
	out[0] = '\0';
	*top = INT32_MAX;
	*bottom = 0;
	*least_px = INT32_MAX;
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_TEXT || c->face != face || !rect_contains(r, c->r.x, c->r.y))
			continue;
		const char *t = draw_cmd_text(&f->dl, c);
		int h = tm->text_height(tm->ctx, c->face, c->size, t, c->text_len);
		assert_true(inside(r, (struct rect){c->r.x, c->r.y, 1, h}));
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s%.*s", len ? " " : "", (int)c->text_len, t);
		*top = c->r.y < *top ? c->r.y : *top;
		*bottom = c->r.y + h > *bottom ? c->r.y + h : *bottom;
		*least_px = c->size < *least_px ? c->size : *least_px;
	}
}

/* The description of keyword kw shows under its label, on its card, at 24 px (at 1080p) or
 * more. */
static void assert_described(struct fixture *f, int w, int h, size_t kw)
{
	char id[96], label[512], said[512];
	snprintf(id, sizeof(id), "card:%s", keyset_keyword_id(f->ks, kw));
	struct rect card = item(f, id)->r;
	int ltop, lbottom, lpx, dtop, dbottom, dpx;
	words_in(f, card, FONT_BOLD, label, sizeof(label), &ltop, &lbottom, &lpx);
	words_in(f, card, FONT_REGULAR, said, sizeof(said), &dtop, &dbottom, &dpx);
	const char *want = keyset_description(f->ks, kw, "sv-lattlast");
	assert_non_null(want);
	if (strcmp(said, want) != 0)
		fail_msg("%dx%d: %s shows \"%s\" under its label, not \"%s\"", w, h, id, said,
			 want);
	assert_string_equal(label, keyset_label(f->ks, kw, 0));
	if (dtop < lbottom)
		fail_msg("%dx%d: %s's description starts above its label's end", w, h, id);
	if (dpx < 24 * theme_unit(w, h))
		fail_msg("%dx%d: %s's description is %d px", w, h, id, dpx);
}

/* Lättläst: every description of the sample set shows under its card's label, in landscape
 * and in portrait, at the scene's smallest good size (24 px at 1080p): the layout keeps the
 * room they need where the labels lose nothing below that, and the sample's descriptions are
 * written short enough for it (docs/keyword-format.md). Dealt twelve at a time, as visitors
 * get them. */
static void test_descriptions_under_labels(void **state)
{
	struct fixture *f = *state;
	f->env.speakable = speak_all_but_so;
	size_t n = keyset_count(f->ks), dealt[12];
	for (size_t first = 0; first < n; first += 12) {
		size_t count = n - first < 12 ? n - first : 12;
		for (size_t i = 0; i < count; i++)
			dealt[i] = first + i;
		deal(f, dealt, count);
		use_language(f, "sv-lattlast");
		for (size_t s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
			int w = screens[s][0], h = screens[s][1];
			build_for_screen(f, w, h);
			for (size_t i = 0; i < count; i++)
				assert_described(f, w, h, dealt[i]);
		}
	}
	/* ordinary Swedish has no descriptions: none is shown */
	use_language(f, "sv");
	build_for_screen(f, 1920, 1080);
	for (size_t i = 0; i < f->layout.count; i++) {
		const struct layout_item *card = &f->layout.items[i];
		char said[512];
		int top, bottom, px;
		if (card->role != ROLE_CARD)
			continue;
		words_in(f, card->r, FONT_REGULAR, said, sizeof(said), &top, &bottom, &px);
		if (said[0])
			fail_msg("in sv, %s shows \"%s\" under its label", card->id, said);
	}
}

static void tap_at(struct fixture *f, struct rect r, int w, int h)
{
	struct input_event e = {.kind = INPUT_POINTER_DOWN,
				.pointer = 3,
				.x = r.x + r.w / 2,
				.y = r.y + r.h / 2};
	f->scene->ops->input(f->scene, &e);
	e.kind = INPUT_POINTER_UP;
	f->scene->ops->input(f->scene, &e);
	build_for_screen(f, w, h);
}

/* The header line under the question, joined, and whether any of it is drawn at 24 px (at
 * 1080p) or more. */
static void header_line(struct fixture *f, char *out, size_t cap)
{
	/* the header: above the deck, before the question's speaker button */
	struct rect header = {0, 0, item(f, "speak:question")->r.x, item(f, "zone:deck")->r.y};
	int top, bottom, px;
	words_in(f, header, FONT_REGULAR, out, cap, &top, &bottom, &px);
	assert_true(px >= 24);
}

/* Lättläst: a card picked up says what it means once. Where its description fits under its
 * label it stays there, and the line under the question says what to do next; where it does
 * not (a set whose description is long), that line shows it instead. In ordinary Swedish the
 * line says what to do. */
static void test_picked_up_card_describes_itself_once(void **state)
{
	struct fixture *f = *state;
	struct diag d;
	diag_init(&d);
	static const char set[] =
		"# set-id: t\n"
		"id\tsv\tdescription:sv-lattlast\n"
		"trygghet\tTrygghet\tAtt känna sig säker.\n"
		"segregation\tSegregation\tNär människor med olika bakgrund, inkomst och språk bor "
		"i olika delar av staden och sällan möts i skolan, på jobbet eller på fritiden.\n";
	struct keyset *ks = keyset_parse(set, strlen(set), "t.tsv", &d);
	assert_non_null(ks);
	diag_finish(&d);
	f->env.ks = ks;
	size_t both[2] = {0, 1};
	deal(f, both, 2);
	f->env.speakable = speak_all_but_so;
	const char *selected = catalog_text(f->cat, (size_t)catalog_find(f->cat, "sv-lattlast"),
					    "sort.selected");
	char line[512], said[512];
	int top, bottom, px;
	for (size_t k = 0; k < 2; k++) {
		use_language(f, "sv-lattlast");
		build_for_screen(f, 1920, 1080);
		const char *id = k == 0 ? "card:trygghet" : "card:segregation";
		tap_at(f, item(f, id)->r, 1920, 1080);
		assert_int_equal(item(f, id)->selected, 1);
		header_line(f, line, sizeof(line));
		words_in(f, item(f, id)->r, FONT_REGULAR, said, sizeof(said), &top, &bottom, &px);
		const char *want = keyset_description(ks, k, "sv-lattlast");
		if (k == 0) {
			assert_string_equal(said, want);
			assert_string_equal(line, selected);
		} else {
			assert_string_equal(said, "");
			assert_string_equal(line, want);
		}
		/* in ordinary Swedish, what to do */
		use_language(f, "sv");
		build_for_screen(f, 1920, 1080);
		header_line(f, line, sizeof(line));
		assert_string_equal(line, catalog_text(f->cat, (size_t)catalog_find(f->cat, "sv"),
						       "sort.selected"));
		tap_at(f, item(f, id)->r, 1920, 1080); /* put it down again */
	}
	deal(f, both, 1); /* before the set goes */
	f->env.ks = f->ks;
	keyset_destroy(ks);
}

/* Every card's picture is large enough to recognise without reading: at least 64 px at 1080p
 * in the deck, where a visitor chooses, and 40 px in the piles, in landscape and portrait,
 * with the speaker buttons of a spoken language on them. */
static void test_pictures_recognisable(void **state)
{
	struct fixture *f = *state;
	f->env.speakable = speak_all_but_so;
	use_language(f, "sv");
	for (size_t s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
		int w = screens[s][0], h = screens[s][1];
		double u = theme_unit(w, h);
		for (int placed = 0; placed <= 12; placed += 6) {
			for (size_t c = 0; c < (size_t)placed; c++)
				session_move(f->session, c, c % 2 ? PILE_NO : PILE_YES, 0);
			build_for_screen(f, w, h);
			size_t pictures = 0;
			for (size_t i = 0; i < f->layout.count; i++) {
				const struct layout_item *card = &f->layout.items[i];
				if (card->role != ROLE_CARD)
					continue;
				bool deck = strcmp(card->zone, "deck") == 0;
				for (size_t k = 0; k < f->dl.count; k++) {
					const struct draw_cmd *c = &f->dl.cmds[k];
					/* the speaker drawn on a picture is no picture */
					if (c->kind != DRAW_IMAGE || !inside(card->r, c->r) ||
					    strstr(draw_cmd_text(&f->dl, c), "/ui-"))
						continue;
					pictures++;
					int least = (int)((deck ? 64 : 40) * u);
					if (c->r.w < least || c->r.h < least)
						fail_msg("%dx%d: %s's picture is %dx%d px in the %s, "
							 "under %d px",
							 w, h, card->id, c->r.w, c->r.h, card->zone,
							 least);
				}
			}
			assert_int_equal(pictures, 12);
		}
		for (size_t c = 0; c < 12; c++)
			session_move(f->session, c, PILE_DECK, c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_descriptions_under_labels, setup_first,
						teardown),
		cmocka_unit_test_setup_teardown(test_pictures_recognisable, setup_first, teardown),
		cmocka_unit_test_setup_teardown(test_picked_up_card_describes_itself_once,
						setup_first, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
