/* A visitor's session: cards move between ordered piles the way the screen shows them, the
 * session goes DEALT -> SORTING -> COMPLETED or ABANDONED, and nothing moves once it is over. */
#include "model/session.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

static const size_t deal[5] = {30, 4, 17, 0, 22};

/* Checks that piles and per-card positions agree and that every card is in exactly one pile,
 * then that pile p holds exactly cards want[0..n). */
static void expect_pile(const struct session *s, enum pile p, const size_t *want, size_t n)
{
	size_t total = 0;
	for (int q = 0; q < PILE_COUNT; q++) {
		for (size_t pos = 0; pos < session_pile_size(s, (enum pile)q); pos++) {
			size_t card = session_pile_card(s, (enum pile)q, pos);
			assert_int_equal(session_card_pile(s, card), q);
			assert_int_equal(session_card_position(s, card), pos);
		}
		total += session_pile_size(s, (enum pile)q);
	}
	assert_int_equal(total, session_card_count(s));
	assert_int_equal(session_pile_size(s, p), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(session_pile_card(s, p, i), want[i]);
}

static void test_create(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_int_equal(session_state(s), SESSION_DEALT);
	assert_int_equal(session_card_count(s), 5);
	for (size_t c = 0; c < 5; c++) {
		assert_int_equal(session_card_keyword(s, c), deal[c]);
		assert_int_equal(session_card_pile(s, c), PILE_DECK);
		assert_int_equal(session_card_position(s, c), c);
	}
	const size_t all[5] = {0, 1, 2, 3, 4};
	expect_pile(s, PILE_DECK, all, 5);
	expect_pile(s, PILE_YES, NULL, 0);
	assert_int_equal(session_placed_count(s), 0);
	assert_false(session_can_complete(s));
	/* out of range asks get harmless answers */
	assert_int_equal(session_card_keyword(s, 5), SIZE_MAX);
	assert_int_equal(session_card_pile(s, 5), PILE_COUNT);
	assert_int_equal(session_card_position(s, 5), SIZE_MAX);
	assert_int_equal(session_pile_size(s, PILE_COUNT), 0);
	assert_int_equal(session_pile_card(s, PILE_DECK, 5), SIZE_MAX);
	assert_int_equal(session_pile_card(s, PILE_COUNT, 0), SIZE_MAX);
	session_destroy(s);
	session_destroy(NULL);
}

static void test_first_move_starts_sorting(void **state)
{
	struct session *s = session_create(deal, 5);
	/* reordering the deck is not sorting yet */
	assert_true(session_move(s, 4, PILE_DECK, 0));
	assert_int_equal(session_state(s), SESSION_DEALT);
	const size_t deck1[5] = {4, 0, 1, 2, 3};
	expect_pile(s, PILE_DECK, deck1, 5);

	assert_true(session_move(s, 2, PILE_NO, 0));
	assert_int_equal(session_state(s), SESSION_SORTING);
	const size_t deck2[4] = {4, 0, 1, 3};
	expect_pile(s, PILE_DECK, deck2, 4);
	const size_t no[1] = {2};
	expect_pile(s, PILE_NO, no, 1);
	assert_int_equal(session_placed_count(s), 1);

	/* back to the deck: still sorting, the visitor has started */
	assert_true(session_move(s, 2, PILE_DECK, 99));
	assert_int_equal(session_state(s), SESSION_SORTING);
	assert_int_equal(session_placed_count(s), 0);
	const size_t deck3[5] = {4, 0, 1, 3, 2};
	expect_pile(s, PILE_DECK, deck3, 5);
	session_destroy(s);
}

static void test_priority_order_in_yes(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_true(session_move(s, 0, PILE_YES, 0));
	assert_true(session_move(s, 1, PILE_YES, 0));	 /* on top */
	assert_true(session_move(s, 2, PILE_YES, 1));	 /* between */
	assert_true(session_move(s, 3, PILE_YES, 1000)); /* clamped to the end */
	const size_t yes1[4] = {1, 2, 0, 3};
	expect_pile(s, PILE_YES, yes1, 4);

	/* within a pile, pos is where the card ends up */
	assert_true(session_move(s, 1, PILE_YES, 3));
	const size_t yes2[4] = {2, 0, 3, 1};
	expect_pile(s, PILE_YES, yes2, 4);
	assert_true(session_move(s, 1, PILE_YES, 0));
	const size_t yes3[4] = {1, 2, 0, 3};
	expect_pile(s, PILE_YES, yes3, 4);
	assert_true(session_move(s, 0, PILE_YES, 1));
	const size_t yes4[4] = {1, 0, 2, 3};
	expect_pile(s, PILE_YES, yes4, 4);
	assert_true(session_move(s, 2, PILE_YES, 2)); /* where it already is */
	expect_pile(s, PILE_YES, yes4, 4);
	assert_true(session_move(s, 1, PILE_YES, 99)); /* clamped to the last place */
	const size_t yes5[4] = {0, 2, 3, 1};
	expect_pile(s, PILE_YES, yes5, 4);

	/* from yes to neutral and no: the yes pile closes up */
	assert_true(session_move(s, 2, PILE_NEUTRAL, 0));
	assert_true(session_move(s, 0, PILE_NO, 5));
	const size_t yes6[2] = {3, 1};
	expect_pile(s, PILE_YES, yes6, 2);
	assert_int_equal(session_card_position(s, 1), 1);
	assert_int_equal(session_placed_count(s), 4);
	session_destroy(s);
}

static void test_complete(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_false(session_complete(s)); /* nothing placed */
	for (size_t c = 0; c < 4; c++)
		assert_true(session_move(s, c, (enum pile)(PILE_YES + c % 3), 0));
	assert_false(session_can_complete(s)); /* one card left in the deck */
	assert_false(session_complete(s));
	assert_int_equal(session_state(s), SESSION_SORTING);
	assert_true(session_move(s, 4, PILE_NEUTRAL, 0));
	assert_true(session_can_complete(s));
	assert_true(session_complete(s));
	assert_int_equal(session_state(s), SESSION_COMPLETED);

	/* finished: nothing changes any more */
	assert_false(session_can_complete(s));
	assert_false(session_complete(s));
	assert_false(session_abandon(s));
	assert_false(session_move(s, 0, PILE_NO, 0));
	assert_int_equal(session_card_pile(s, 0), PILE_YES);
	assert_int_equal(session_state(s), SESSION_COMPLETED);
	session_destroy(s);
}

static void test_abandon(void **state)
{
	/* from DEALT */
	struct session *s = session_create(deal, 5);
	assert_true(session_abandon(s));
	assert_int_equal(session_state(s), SESSION_ABANDONED);
	assert_false(session_abandon(s));
	assert_false(session_move(s, 0, PILE_YES, 0));
	assert_int_equal(session_pile_size(s, PILE_YES), 0);
	session_destroy(s);

	/* from SORTING, even with every card placed */
	s = session_create(deal, 5);
	for (size_t c = 0; c < 5; c++)
		assert_true(session_move(s, c, PILE_NO, 0));
	assert_true(session_abandon(s));
	assert_int_equal(session_state(s), SESSION_ABANDONED);
	assert_false(session_can_complete(s));
	assert_false(session_complete(s));
	assert_int_equal(session_state(s), SESSION_ABANDONED);
	session_destroy(s);
}

static void test_refused_moves(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_false(session_move(s, 5, PILE_YES, 0));
	assert_false(session_move(s, SIZE_MAX, PILE_YES, 0));
	assert_false(session_move(s, 0, PILE_COUNT, 0));
	assert_int_equal(session_state(s), SESSION_DEALT);
	const size_t all[5] = {0, 1, 2, 3, 4};
	expect_pile(s, PILE_DECK, all, 5);
	session_destroy(s);
}

static void test_empty_and_single(void **state)
{
	struct session *s = session_create(NULL, 0);
	assert_int_equal(session_card_count(s), 0);
	assert_false(session_move(s, 0, PILE_YES, 0));
	/* nothing to place, so nothing stops it being finished */
	assert_true(session_can_complete(s));
	session_destroy(s);

	const size_t one = 7;
	s = session_create(&one, 1);
	assert_true(session_move(s, 0, PILE_YES, 3));
	assert_int_equal(session_card_position(s, 0), 0);
	assert_true(session_complete(s));
	session_destroy(s);
}

/* A drop is confirmed aloud from these: the last card moved, also when a move within a pile
 * shifts its neighbours by one (so that the piles alone could not tell which card moved). */
static void test_last_moved(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_int_equal(session_move_count(s), 0);
	assert_int_equal(session_last_moved(s), SIZE_MAX);
	assert_true(session_move(s, 3, PILE_YES, 0));
	assert_true(session_move(s, 1, PILE_YES, 1));
	assert_int_equal(session_move_count(s), 2);
	assert_int_equal(session_last_moved(s), 1);
	/* a swap of two neighbours: card 3 goes below card 1 */
	assert_true(session_move(s, 3, PILE_YES, 1));
	assert_int_equal(session_last_moved(s), 3);
	/* put back where it was: still a move the visitor made */
	assert_true(session_move(s, 3, PILE_YES, 1));
	assert_int_equal(session_move_count(s), 4);
	/* refused moves are not moves */
	assert_false(session_move(s, 9, PILE_NO, 0));
	assert_int_equal(session_move_count(s), 4);
	assert_int_equal(session_last_moved(s), 3);
	session_destroy(s);
}

/* A copy is what the kiosk's writer stores while the visitor goes on: the
 * same piles and state, and untouched by later moves in the original. */
static void test_copy(void **state)
{
	struct session *s = session_create(deal, 5);
	assert_true(session_move(s, 2, PILE_YES, 0));
	assert_true(session_move(s, 0, PILE_YES, 0));
	assert_true(session_move(s, 4, PILE_NO, 0));
	struct session *c = session_copy(s);
	assert_true(session_move(s, 1, PILE_NEUTRAL, 0));
	assert_true(session_move(s, 2, PILE_NO, 0));
	assert_int_equal(session_state(c), SESSION_SORTING);
	const size_t yes[2] = {0, 2}, no[1] = {4}, deck[2] = {1, 3};
	expect_pile(c, PILE_YES, yes, 2);
	expect_pile(c, PILE_NO, no, 1);
	expect_pile(c, PILE_DECK, deck, 2);
	assert_int_equal(session_card_keyword(c, 4), 22);
	assert_int_equal(session_placed_count(c), 3);
	assert_int_equal(session_move_count(c), 3);
	assert_int_equal(session_last_moved(c), 4);
	session_destroy(s);
	assert_true(session_move(c, 1, PILE_NEUTRAL, 0));
	assert_true(session_move(c, 3, PILE_NEUTRAL, 0));
	assert_true(session_complete(c));
	struct session *done = session_copy(c);
	assert_int_equal(session_state(done), SESSION_COMPLETED);
	assert_false(session_move(done, 0, PILE_NO, 0));
	session_destroy(c);
	session_destroy(done);
}

static void test_pile_names(void **state)
{
	const char *names[PILE_COUNT] = {"deck", "yes", "no", "neutral"};
	for (int p = 0; p < PILE_COUNT; p++) {
		assert_string_equal(pile_name((enum pile)p), names[p]);
		enum pile got = PILE_COUNT;
		assert_true(pile_from_name(names[p], &got));
		assert_int_equal(got, p);
	}
	assert_string_equal(pile_name(PILE_COUNT), "?");
	enum pile untouched = PILE_NO;
	assert_false(pile_from_name("Yes", &untouched));
	assert_false(pile_from_name("maybe", &untouched));
	assert_false(pile_from_name("", &untouched));
	assert_false(pile_from_name(NULL, &untouched));
	assert_int_equal(untouched, PILE_NO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_first_move_starts_sorting),
		cmocka_unit_test(test_priority_order_in_yes),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_abandon),
		cmocka_unit_test(test_refused_moves),
		cmocka_unit_test(test_empty_and_single),
		cmocka_unit_test(test_last_moved),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_pile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
