/* Misuse flags and plausibility limits, as an organizer would meet them:
 * a twelve-card hand swiped in five seconds, every card in one pile, the
 * same answers stored twice in a minute (found whatever order the sessions
 * come in), and the content no kiosk can write. */
#include "common/clock.h"
#include "common/strbuf.h"
#include "model/misuse.h"
#include "model/plausible.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static const enum pile mixed[12] = {PILE_YES, PILE_NO,	    PILE_NEUTRAL, PILE_YES,
				    PILE_YES, PILE_NO,	    PILE_NO,	  PILE_YES,
				    PILE_NO,  PILE_NEUTRAL, PILE_YES,	  PILE_NO};

static void test_too_fast(void **state)
{
	struct misuse_rules r;
	misuse_rules_default(&r);
	int64_t t0 = 2061619200000LL;
	assert_int_equal(misuse_check(&r, true, t0, t0 + 5000, mixed, 12), MISUSE_FAST);
	assert_int_equal(misuse_check(&r, true, t0, t0 + 12000, mixed, 12), 0);
	/* an abandoned hand: only the cards placed count */
	enum pile half[12];
	memcpy(half, mixed, sizeof(half));
	for (int i = 3; i < 12; i++)
		half[i] = PILE_DECK;
	assert_int_equal(misuse_check(&r, false, t0, t0 + 3500, half, 12), 0);
	assert_int_equal(misuse_check(&r, false, t0, t0 + 2000, half, 12), MISUSE_FAST);
	r.min_ms_per_card = 0;
	assert_int_equal(misuse_check(&r, true, t0, t0, mixed, 12), 0);
}

static void test_one_pile(void **state)
{
	struct misuse_rules r;
	misuse_rules_default(&r);
	int64_t t0 = 2061619200000LL, t1 = t0 + 60000;
	enum pile no[4] = {PILE_NO, PILE_NO, PILE_NO, PILE_NO};
	assert_int_equal(misuse_check(&r, true, t0, t1, no, 4), MISUSE_ONE_PILE);
	/* three cards in one pile are an opinion, a hand left unfinished is not noise */
	assert_int_equal(misuse_check(&r, true, t0, t1, no, 3), 0);
	assert_int_equal(misuse_check(&r, false, t0, t1, no, 4), 0);
	assert_int_equal(misuse_check(&r, true, t0, t0 + 100, no, 4),
			 MISUSE_FAST | MISUSE_ONE_PILE);
}

static uint64_t answers_of(const char *const *ids, const enum pile *piles, size_t n)
{
	struct misuse_digest d;
	misuse_digest_init(&d, "set", "1");
	for (size_t i = 0; i < n; i++)
		misuse_digest_card(&d, ids[i], piles[i], piles[i] == PILE_YES ? (int64_t)i + 1 : 0);
	return misuse_digest_final(&d);
}

static void test_answers_digest(void **state)
{
	const char *ids[3] = {"a", "b", "c"};
	enum pile p[3] = {PILE_YES, PILE_NO, PILE_NEUTRAL};
	enum pile q[3] = {PILE_YES, PILE_NEUTRAL, PILE_NO};
	assert_true(answers_of(ids, p, 3) == answers_of(ids, p, 3));
	assert_true(answers_of(ids, p, 3) != answers_of(ids, q, 3));
	const char *joined[2] = {"ab", "c"}, *split[2] = {"a", "bc"};
	assert_true(answers_of(joined, p, 2) != answers_of(split, p, 2));
}

/* The digest is stored with each session in the tally and compared with the
 * digests of later imports: its value may never change. */
static void test_answers_digest_is_stable(void **state)
{
	const char *ids[3] = {"a", "b", "c"};
	enum pile p[3] = {PILE_YES, PILE_NO, PILE_NEUTRAL};
	assert_true(answers_of(ids, p, 3) == 0x7c4aa06668f106b4ULL);
	struct misuse_digest d;
	misuse_digest_init(&d, NULL, NULL);
	assert_true(misuse_digest_final(&d) == 0x0879e907b5281763ULL);
	misuse_digest_init(&d, "norrkoping-2035", "3");
	misuse_digest_card(&d, "trygghet", PILE_YES, 12345678901234LL);
	misuse_digest_card(&d, NULL, PILE_NO, -5);
	assert_true(misuse_digest_final(&d) == 0xac8749c2041b9ab4ULL);
}

/* Five sessions: A, then B the same 4 minutes later (a repeat), C the same
 * 20 minutes after B (not), D other answers, E the same as A at A's very
 * start with a larger UUID (a repeat). In any order, the same two. */
static void test_repeats_whatever_the_order(void **state)
{
	struct misuse_rules r;
	misuse_rules_default(&r);
	int64_t t0 = 2061619200000LL;
	const struct misuse_item base[5] = {
		{.answers = 7, .started_ms = t0, .uuid = "aaaa"},
		{.answers = 7, .started_ms = t0 + 240000, .uuid = "bbbb"},
		{.answers = 7, .started_ms = t0 + 1440000, .uuid = "cccc"},
		{.answers = 9, .started_ms = t0 + 60000, .uuid = "dddd"},
		{.answers = 7, .started_ms = t0, .uuid = "eeee", .flags = MISUSE_FAST},
	};
	static const int orders[4][5] = {{0, 1, 2, 3, 4},
					 {4, 3, 2, 1, 0},
					 {2, 0, 4, 1, 3},
					 {1, 4, 3, 0, 2}};
	for (int o = 0; o < 4; o++) {
		struct misuse_item items[5];
		for (int i = 0; i < 5; i++)
			items[i] = base[orders[o][i]];
		misuse_mark_repeats(&r, items, 5);
		for (int i = 0; i < 5; i++) {
			const char *u = items[i].uuid;
			bool repeat = strcmp(u, "bbbb") == 0 || strcmp(u, "eeee") == 0;
			assert_int_equal(items[i].flags & MISUSE_REPEAT,
					 repeat ? MISUSE_REPEAT : 0);
			if (strcmp(u, "eeee") == 0) /* other reasons stay */
				assert_true(items[i].flags & MISUSE_FAST);
		}
	}
	/* no window: no repeats */
	r.repeat_window_ms = 0;
	struct misuse_item items[5];
	memcpy(items, base, sizeof(items));
	misuse_mark_repeats(&r, items, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(items[i].flags & MISUSE_REPEAT, 0);
}

static void test_time_format(void **state)
{
	int64_t ms = 0;
	assert_true(plausible_time("2035-05-01T09:30:00.000Z", &ms));
	assert_true(ms == 2061624600000LL);
	assert_true(plausible_time("2036-02-29T23:59:59.999Z", &ms));
	assert_false(plausible_time("2035-02-29T00:00:00.000Z", &ms));
	assert_false(plausible_time("2035-05-01T09:30:00Z", &ms));
	assert_false(plausible_time("2035-05-01 09:30:00.000Z", &ms));
	assert_false(plausible_time("2035-05-01T24:00:00.000Z", &ms));
	assert_false(plausible_time("2035-05-01T09:30:00.000+", &ms));
	/* every time the kiosk writes reads back */
	for (int64_t t = 1577836800000LL; t < 4102444800000LL; t += 86399999LL * 97 + 12345) {
		char iso[25];
		clock_iso8601(t, iso);
		assert_true(plausible_time(iso, &ms));
		assert_true(ms == t);
	}
}

static void expect_refused(const struct plausible_session *s, const char *part)
{
	struct strbuf why;
	sb_init(&why);
	int64_t a = 0, b = 0;
	assert_false(plausible_session(s, &a, &b, &why));
	if (!strstr(sb_str(&why), part))
		fail_msg("'%s' does not say '%s'", sb_str(&why), part);
	sb_finish(&why);
}

static void test_sessions_no_kiosk_writes(void **state)
{
	const struct plausible_session good = {
		.uuid = "6bd43c1e-c69c-417b-9e6a-8c49dc0b4054",
		.site = "Stadsbiblioteket",
		.set_id = "norrkoping-2035",
		.set_version = "2",
		.language = "sv",
		.started_at = "2035-05-01T09:30:00.000Z",
		.ended_at = "2035-05-01T09:31:10.000Z",
	};
	struct strbuf why;
	sb_init(&why);
	int64_t a = 0, b = 0;
	assert_true(plausible_session(&good, &a, &b, &why));
	assert_true(b - a == 70000);
	sb_finish(&why);

	struct plausible_session s = good;
	s.uuid = "session-1";
	expect_refused(&s, "not a UUID");
	s = good;
	char site[200];
	memset(site, 'x', sizeof(site) - 1);
	site[sizeof(site) - 1] = '\0';
	s.site = site;
	expect_refused(&s, "site is 199 characters long");
	s = good;
	s.started_at = "1970-01-01T00:00:00.000Z";
	expect_refused(&s, "before 2020");
	s = good;
	s.ended_at = "2035-05-01T09:00:00.000Z";
	expect_refused(&s, "lasts at most a day");
	s = good;
	s.ended_at = "2035-05-03T09:00:00.000Z";
	expect_refused(&s, "lasts at most a day");
	s = good;
	s.language = "Svenska!";
	expect_refused(&s, "not a language code");
}

static void test_cards_no_kiosk_deals(void **state)
{
	struct strbuf why;
	sb_init(&why);
	assert_true(plausible_card("trygghet", 0, 1, 12, &why));
	assert_false(plausible_card("trygghet", 0, -1, 37, &why));
	assert_non_null(strstr(sb_str(&why), "at most 36"));
	sb_clear(&why);
	assert_false(plausible_card("trygghet", 0, 13, 12, &why));
	sb_clear(&why);
	assert_false(plausible_card("trygghet", 40, -1, 0, &why));
	sb_clear(&why);
	char id[80];
	memset(id, 'k', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	assert_false(plausible_card(id, 0, 1, 12, &why));
	sb_clear(&why);
	char label[200] = "";
	for (int i = 0; i < 61; i++)
		strcat(label, "å");
	assert_false(plausible_label("k1", label, &why));
	assert_non_null(strstr(sb_str(&why), "61 characters"));
	sb_finish(&why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_fast),
		cmocka_unit_test(test_one_pile),
		cmocka_unit_test(test_answers_digest),
		cmocka_unit_test(test_answers_digest_is_stable),
		cmocka_unit_test(test_repeats_whatever_the_order),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_sessions_no_kiosk_writes),
		cmocka_unit_test(test_cards_no_kiosk_deals),
	};
	return cmocka_run_group_tests_name("model-misuse", tests, NULL, NULL);
}
