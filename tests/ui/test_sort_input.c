/* The sort scene under a visitor's hands, without a window: pointer events go
 * through the same input path the platform feeds, as drags, as taps for
 * people who cannot drag, and with a second finger that must change nothing. */
#include "sort_fixture.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drag_into_piles_and_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_order_is_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_finger_is_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tap_card_then_pile, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
