/* The attract scene comes in two steps: its first frames show the invitation
 * alone, then the rows of cards slide in, one after another, and slow into
 * their drift. What a passer-by sees, from the draw list of the real scene
 * with the real fonts and texts: no card on the first frame nor on the one
 * drawn right after it, the screen full of cards a second and a half later,
 * moving as slowly as ever; cards on their way in move fast; and no card is
 * drawn where nothing of it shows. */
#include "real_assets.h"
#include "ui/scenes.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 1920
#define H 1080
#define CARDS_MAX 64

struct world {
	struct real_assets a;
	size_t offered[1];
	struct ui_env env;
	struct scene *attract;
};

struct shown {
	struct rect cards[CARDS_MAX];
	size_t ncards;
	bool title; /* a line of attract.title */
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	w->a = real_assets_load();
	w->offered[0] = (size_t)catalog_find(w->a.cat, "sv");
	w->env = (struct ui_env){.tm = platform_fonts_metrics(w->a.fonts),
				 .ks = w->a.ks,
				 .cat = w->a.cat,
				 .lang = w->offered[0],
				 .offered = w->offered,
				 .offered_count = 1,
				 .memo = fit_memo_create(),
				 .assets_dir = "assets",
				 .min_target_px = 35,
				 .scene_ms = 100000};
	w->attract = scene_attract_create(&w->env);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	w->attract->ops->destroy(w->attract);
	fit_memo_destroy(w->env.memo);
	real_assets_free(&w->a);
	free(w);
	return 0;
}

/* The frame at ms after the scene came on a screen of width x height: its
 * cards (the card-coloured fills of a card's size) and whether the
 * invitation's title is on it. */
static struct shown frame_sized(struct world *w, int64_t ms, int width, int height)
{
	int u = height / H; /* the screens here are 1920x1080 and its multiples */
	const struct theme *t = theme_default();
	const char *title = catalog_text(w->a.cat, w->offered[0], "attract.title");
	w->env.now_ms = w->env.scene_ms + ms;
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	w->attract->ops->build(w->attract, width, height, &dl, &l);
	struct shown s = {0};
	for (size_t i = 0; i < dl.count; i++) {
		const struct draw_cmd *c = &dl.cmds[i];
		if (c->kind == DRAW_FILL && memcmp(&c->color, &t->card_bg, sizeof(c->color)) == 0 &&
		    c->r.w == 330 * u && c->r.h == 120 * u && s.ncards < CARDS_MAX)
			s.cards[s.ncards++] = c->r;
		if (c->kind == DRAW_TEXT && c->text_len > 3) {
			char line[512];
			snprintf(line, sizeof(line), "%.*s", (int)c->text_len,
				 draw_cmd_text(&dl, c));
			s.title |= strstr(title, line) != NULL;
		}
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	return s;
}

static struct shown frame_at(struct world *w, int64_t ms)
{
	return frame_sized(w, ms, W, H);
}

/* How far the cards of b moved since a: the most any card of b lies from
 * the nearest card of a in its row, in px. */
static int moved(const struct shown *a, const struct shown *b)
{
	int most = 0;
	for (size_t i = 0; i < b->ncards; i++) {
		int nearest = W * 4;
		for (size_t j = 0; j < a->ncards; j++)
			if (a->cards[j].y == b->cards[i].y) {
				int d = abs(a->cards[j].x - b->cards[i].x);
				if (d < nearest)
					nearest = d;
			}
		if (nearest > most)
			most = nearest;
	}
	return most;
}

/* How many cards of b lie where no card of a was in their row: the cards
 * that moved, each of them redrawn. */
static int cards_moved(const struct shown *a, const struct shown *b)
{
	int n = 0;
	for (size_t i = 0; i < b->ncards; i++) {
		bool same = false;
		for (size_t j = 0; j < a->ncards && !same; j++)
			same = a->cards[j].y == b->cards[i].y && a->cards[j].x == b->cards[i].x;
		n += !same;
	}
	return n;
}

/* The longest step a drifting card took from a to b, in px; a card coming
 * in at the screen's edge has no card of a near it, and is not counted. */
static int step_of(const struct shown *a, const struct shown *b)
{
	int most = 0;
	for (size_t i = 0; i < b->ncards; i++)
		for (size_t j = 0; j < a->ncards; j++) {
			int d = abs(a->cards[j].x - b->cards[i].x);
			if (a->cards[j].y == b->cards[i].y && d < b->cards[i].w / 4 && d > most)
				most = d;
		}
	return most;
}

static void test_invitation_first_then_the_cards(void **state)
{
	struct world *w = *state;
	for (int64_t ms = 0; ms <= 200; ms += 40) {
		struct shown s = frame_at(w, ms);
		if (s.ncards)
			fail_msg("%lld ms after the scene came: %zu cards drawn, the first frames "
				 "show the invitation alone",
				 (long long)ms, s.ncards);
		assert_true(s.title);
	}
	struct shown in = frame_at(w, 1500), later = frame_at(w, 1600);
	printf("1.5 s after: %zu cards; in the next 100 ms they move up to %d px\n", in.ncards,
	       moved(&in, &later));
	assert_true(in.ncards >= 15);
	assert_true(in.title);
	assert_true(moved(&in, &later) <= 3); /* the drift: at most 16 px a second */
	for (size_t i = 0; i < in.ncards; i++)
		if (in.cards[i].x + in.cards[i].w <= 0 || in.cards[i].x >= W)
			fail_msg("a card is drawn at x %d, outside the window", in.cards[i].x);
}

static void test_cards_on_their_way_in_move_fast(void **state)
{
	struct world *w = *state;
	struct shown a = frame_at(w, 450), b = frame_at(w, 500);
	int d = moved(&a, &b);
	printf("0.45 s after: %zu cards, 50 ms later %zu, moved up to %d px\n", a.ncards, b.ncards,
	       d);
	assert_true(a.ncards > 0);
	assert_true(b.ncards > a.ncards || d >= 40);
}

/* Every frame in which a card moves redraws it, so a screen with four
 * times the pixels must not also redraw its cards more often: on a
 * 3840x2160 screen the cards step by two of its pixels (one of a 1920x1080
 * screen's, as smooth to the eye), half as often as on a 1920x1080 one. */
static void test_a_4k_screen_redraws_its_cards_no_more_often(void **state)
{
	struct world *w = *state;
	int steps[2] = {0, 0}, most[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		int u = k + 1;
		struct shown prev = frame_sized(w, 2000, W * u, H * u);
		for (int i = 1; i <= 300; i++) { /* 10 s at 30 frames a second */
			struct shown s = frame_sized(w, 2000 + i * 1000 / 30, W * u, H * u);
			steps[k] += cards_moved(&prev, &s);
			int d = step_of(&prev, &s);
			if (d > most[k])
				most[k] = d;
			prev = s;
		}
	}
	printf("10 s of drift: cards moved %d times at 1920x1080 (up to %d px), %d at "
	       "3840x2160 (up to %d px)\n",
	       steps[0], most[0], steps[1], most[1]);
	assert_true(steps[0] > 0);
	assert_true(steps[1] * 3 <= steps[0] * 2); /* fewer, not about as many */
	assert_true(most[0] <= 1);
	assert_true(most[1] <= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invitation_first_then_the_cards),
		cmocka_unit_test(test_cards_on_their_way_in_move_fast),
		cmocka_unit_test(test_a_4k_screen_redraws_its_cards_no_more_often),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
