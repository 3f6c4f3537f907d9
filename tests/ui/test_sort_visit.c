/* The sort scene as a visitor predicts it, without a window: a held card
 * shows where it lands and lands there, the deck keeps its places, Done
 * answers a tap while cards are left, a picked-up card lights up the piles
 * it may go to. Real fonts and the sample keywords, pointer events through
 * the scene's own input. */
#include "sort_fixture.h"

#define W 1920
#define H 1080
#define DEAL 12

/* The first twelve keywords without their pictures, the clock at 1 s. */
static int setup_visit(void **state)
{
	int rc = setup_first(state);
	struct fixture *f = *state;
	f->env.assets_dir = NULL;
	f->env.now_ms = 1000;
	return rc;
}

/* The next frame: 40 ms on, at the kiosk's screen. */
static void frame(struct fixture *f)
{
	f->env.now_ms += 40;
	build(f, W, H);
}

static const struct layout_item *card(struct fixture *f, size_t c)
{
	char id[128];
	snprintf(id, sizeof(id), "card:%s",
		 keyset_keyword_id(f->ks, session_card_keyword(f->session, c)));
	return item(f, id);
}

static void send(struct fixture *f, enum input_kind kind, int x, int y)
{
	struct input_event e = {.kind = kind, .pointer = 1, .x = x, .y = y};
	f->scene->ops->input(f->scene, &e);
}

static void tap(struct fixture *f, int x, int y)
{
	send(f, INPUT_POINTER_DOWN, x, y);
	send(f, INPUT_POINTER_UP, x, y);
	frame(f);
}

static int cx(struct rect r)
{
	return r.x + r.w / 2;
}

static int cy(struct rect r)
{
	return r.y + r.h / 2;
}

/* Picks up card c and moves it to (x, y), drawing each step as the app
 * would; the pointer stays down. */
static void hold(struct fixture *f, size_t c, int x, int y)
{
	struct rect from = card(f, c)->r;
	send(f, INPUT_POINTER_DOWN, cx(from), cy(from));
	for (int i = 1; i <= 6; i++) {
		send(f, INPUT_POINTER_MOVE, cx(from) + (x - cx(from)) * i / 6,
		     cy(from) + (y - cy(from)) * i / 6);
		frame(f);
	}
}

static void place_by_drag(struct fixture *f, size_t c, const char *zone)
{
	frame(f);
	struct rect z = item(f, zone)->r;
	int x = z.x + z.w - 8, y = z.y + z.h - 8;
	hold(f, c, x, y);
	send(f, INPUT_POINTER_UP, x, y);
	frame(f);
}

static void test_drop_lands_where_shown(void **state)
{
	struct fixture *f = *state;
	for (size_t c = 0; c < 4; c++)
		place_by_drag(f, c, "zone:yes");
	assert_int_equal(session_pile_size(f->session, PILE_YES), 4);
	/* Held on the upper part of rank 2: the gap is before it. */
	struct rect second = card(f, 1)->r;
	hold(f, 6, second.x + second.w / 4, second.y + second.h / 4);
	const char *zone;
	int rank;
	struct rect gap;
	assert_true(scene_sort_drop_target(f->scene, &zone, &rank, &gap));
	assert_string_equal(zone, "yes");
	assert_int_equal(rank, 2);
	/* The card that had rank 2 made room: it sits one slot further. */
	assert_memory_not_equal(&card(f, 1)->r, &second, sizeof(second));
	send(f, INPUT_POINTER_UP, second.x + second.w / 4, second.y + second.h / 4);
	frame(f);
	assert_int_equal(card(f, 6)->rank, 2);
	assert_memory_equal(&card(f, 6)->r, &gap, sizeof(gap));
	/* Three cards let go at the pile's bottom corner keep their order. */
	for (size_t c = 7; c < 10; c++)
		place_by_drag(f, c, "zone:yes");
	assert_int_equal(card(f, 7)->rank, 6);
	assert_int_equal(card(f, 8)->rank, 7);
	assert_int_equal(card(f, 9)->rank, 8);
	assert_false(scene_sort_drop_target(f->scene, &zone, &rank, &gap));
}

static void test_deck_keeps_places(void **state)
{
	struct fixture *f = *state;
	frame(f);
	struct rect dealt[DEAL];
	for (size_t c = 0; c < DEAL; c++)
		dealt[c] = card(f, c)->r;
	place_by_drag(f, 0, "zone:no");
	place_by_drag(f, 5, "zone:neutral");
	for (size_t c = 0; c < DEAL; c++)
		if (session_card_pile(f->session, c) == PILE_DECK)
			assert_memory_equal(&card(f, c)->r, &dealt[c], sizeof(dealt[c]));
	/* Put back by tap-tap: to its own place. */
	tap(f, cx(card(f, 5)->r), cy(card(f, 5)->r));
	assert_true(item(f, "zone:deck")->target);
	struct rect deck = item(f, "zone:deck")->r;
	tap(f, cx(deck), deck.y + 3);
	assert_int_equal(session_card_pile(f->session, 5), PILE_DECK);
	assert_memory_equal(&card(f, 5)->r, &dealt[5], sizeof(dealt[5]));
}

static void test_done_answers_with_the_cards_left(void **state)
{
	struct fixture *f = *state;
	for (size_t c = 0; c < DEAL - 2; c++)
		place_by_drag(f, c, "zone:neutral");
	struct rect done = item(f, "button:done")->r;
	assert_int_equal(item(f, "button:done")->enabled, 0);
	assert_true(done.y > H * 3 / 4);
	assert_null(layout_find(&f->layout, "message:cards-left"));
	tap(f, cx(done), cy(done));
	frame(f);
	const struct layout_item *msg = item(f, "message:cards-left");
	assert_int_equal(msg->count, 2);
	assert_int_equal(msg->total, DEAL);
	assert_true(f->scene->ops->animating(f->scene));
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_NONE);
	place_by_drag(f, DEAL - 2, "zone:yes");
	assert_null(layout_find(&f->layout, "message:cards-left"));
	place_by_drag(f, DEAL - 1, "zone:yes");
	assert_int_equal(item(f, "button:done")->enabled, 1);
	item(f, "message:all-sorted");
	tap(f, cx(done), cy(done));
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_SESSION_DONE);
}

static void test_picked_card_lights_up_piles(void **state)
{
	struct fixture *f = *state;
	frame(f);
	static const char *const zones[] = {"zone:yes", "zone:no", "zone:neutral"};
	for (size_t i = 0; i < 3; i++)
		assert_false(item(f, zones[i])->target);
	tap(f, cx(card(f, 3)->r), cy(card(f, 3)->r));
	assert_int_equal(card(f, 3)->selected, 1);
	for (size_t i = 0; i < 3; i++)
		assert_true(item(f, zones[i])->target);
	assert_false(item(f, "zone:deck")->target); /* it is in the deck already */
	struct rect no = item(f, "zone:no")->r;
	tap(f, no.x + no.w - 8, no.y + no.h - 8);
	assert_int_equal(session_card_pile(f->session, 3), PILE_NO);
	for (size_t i = 0; i < 3; i++)
		assert_false(item(f, zones[i])->target);
}

static void test_language_and_start_over(void **state)
{
	struct fixture *f = *state;
	frame(f);
	struct rect r = item(f, "button:language")->r;
	tap(f, cx(r), cy(r));
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_CHOOSE_LANGUAGE);
	r = item(f, "button:start-over")->r;
	tap(f, cx(r), cy(r));
	assert_int_equal(f->scene->ops->take_action(f->scene).action, SCENE_ACTION_START_OVER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drop_lands_where_shown, setup_visit, teardown),
		cmocka_unit_test_setup_teardown(test_deck_keeps_places, setup_visit, teardown),
		cmocka_unit_test_setup_teardown(test_done_answers_with_the_cards_left, setup_visit,
						teardown),
		cmocka_unit_test_setup_teardown(test_picked_card_lights_up_piles, setup_visit,
						teardown),
		cmocka_unit_test_setup_teardown(test_language_and_start_over, setup_visit,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
