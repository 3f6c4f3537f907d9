/* The tally's kept statistics and what the import judges: the sums kept
 * at import equal the sums built again from the raw rows; the order files
 * come in changes nothing (labels included); a file laid out unlike ours
 * imports the same; content no kiosk writes is refused naming the file;
 * misuse is flagged, kept and left out; small groups are hidden. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "store/export.h"
#include "store/log.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char v2_tsv[] = "# set-id: test-set\n"
			     "# version: 2\n"
			     "id\tsv\n"
			     "k1\tEtt 2.0\n"
			     "k2\tTvå\n"
			     "k3\tTre\n"
			     "k4\tFyra\n"
			     "k5\tFem\n"
			     "k6\tSex\n";

/* One visitor: keyword indices kw[0..n) to piles, at start_ms for
 * seconds, at site. */
static void visit(struct log *log, const struct keyset *ks, const size_t *kw, const enum pile *p,
		  size_t n, bool complete, const char *site, int64_t start_ms, int seconds)
{
	struct session *s = st_session(kw, p, n, complete);
	char uuid[37];
	assert_true(uuid_v4(uuid));
	struct session_meta meta = {
		.uuid = uuid,
		.site = site,
		.language = start_ms % 3 ? "sv" : "en",
		.started_ms = start_ms,
		.ended_ms = start_ms + seconds * 1000LL,
		.age_band = start_ms % 5 ? "26-45" : NULL,
	};
	struct diag d;
	diag_init(&d);
	if (!log_save_session(log, ks, s, &meta, &d))
		fail_msg("save: %s", diag_first(&d, "?"));
	diag_finish(&d);
	session_destroy(s);
}

#define T0 2061619200000LL /* 2035-05-01T00:00:00Z */

/* n ordinary visitors, a minute apart from start, piles varied (no two
 * alike within half an hour), every seventh leaving unfinished. */
static void crowd(struct log *log, const struct keyset *ks, int n, const char *site, int64_t start)
{
	static const enum pile cycle[] = {PILE_YES, PILE_NO, PILE_NEUTRAL, PILE_YES, PILE_NO};
	size_t count = keyset_count(ks);
	for (int i = 0; i < n; i++) {
		size_t kw[4];
		enum pile p[4];
		for (int c = 0; c < 4; c++) {
			kw[c] = (size_t)(i + c) % count;
			p[c] = cycle[(i + c) % 5];
		}
		visit(log, ks, kw, p, 4, i % 7 != 6, site, start + i * 60000LL, 40);
	}
}

static struct log *kiosk(struct st_fx *fx, const char *name)
{
	char *path = st_join(fx->dir, name);
	struct log *log = log_open(path, &fx->d);
	assert_non_null(log);
	free(path);
	char hex[65];
	bool known = true;
	assert_true(export_public_key(log, hex, &fx->d));
	assert_true(tally_trust(fx->tally, hex, NULL, &known, &fx->d));
	return log;
}

static void import_ok(struct st_fx *fx, struct tally *t, const char *file)
{
	struct import_result r;
	if (tally_import(t, file, &r, &fx->d) != IMPORT_OK)
		fail_msg("import: %s", diag_first(&fx->d, "?"));
}

/* Every figure the outputs print, as text: each segment, outcome and flag
 * choice, rows and groups, for comparing two tallies or two moments. */
static char *figures(struct st_fx *fx, struct tally *t, const char *set_id, const char *version)
{
	struct strbuf sb;
	sb_init(&sb);
	for (int by = 0; by < TALLY_BY_COUNT; by++) {
		for (int mode = 0; mode < 4; mode++) {
			struct tally_query q = {.by = (enum tally_segment)by,
						.include_abandoned = mode & 1,
						.include_flagged = mode & 2,
						.set_id = set_id,
						.set_version = version,
						.rank_intervals = true};
			struct tally_stats s;
			struct tally_stats_groups g;
			tally_stats_init(&s);
			tally_stats_groups_init(&g);
			assert_true(tally_stats_query(t, &q, &s, &fx->d));
			assert_true(tally_stats_groups(t, &q, &g, &fx->d));
			sb_appendf(&sb, "# %d %d %s %s\n", by, mode, s.set_id ? s.set_id : "-",
				   s.set_version ? s.set_version : "-");
			for (size_t i = 0; i < s.count; i++) {
				const struct tally_stats_row *r = &s.rows[i];
				sb_appendf(&sb, "%s|%s|%s|%llu %llu %llu %llu %llu %llu|%u %u %u\n",
					   r->segment ? r->segment : "", r->keyword_id, r->label,
					   (unsigned long long)r->counts.shown,
					   (unsigned long long)r->counts.yes,
					   (unsigned long long)r->counts.no,
					   (unsigned long long)r->counts.neutral,
					   (unsigned long long)r->counts.rank_sum,
					   (unsigned long long)r->counts.rank_n, r->rank.low,
					   r->rank.high, r->rank.tier);
			}
			for (size_t i = 0; i < g.count; i++) {
				const struct tally_stats_group *e = &g.items[i];
				sb_appendf(&sb,
					   "g %s|%llu %llu %llu %llu|%s|%s|%llu %llu %llu %llu\n",
					   e->segment ? e->segment : "",
					   (unsigned long long)e->sessions,
					   (unsigned long long)e->completed,
					   (unsigned long long)e->abandoned,
					   (unsigned long long)e->kiosks,
					   e->first_started ? e->first_started : "-",
					   e->last_ended ? e->last_ended : "-",
					   (unsigned long long)e->flagged,
					   (unsigned long long)e->fast,
					   (unsigned long long)e->one_pile,
					   (unsigned long long)e->repeat);
			}
			tally_stats_finish(&s);
			tally_stats_groups_finish(&g);
		}
	}
	return sb.data;
}

static void test_rebuilt_sums_equal_the_kept_ones(void **state)
{
	struct st_fx *fx = *state;
	struct log *a = kiosk(fx, "a.sqlite"), *b = kiosk(fx, "b.sqlite");
	crowd(a, fx->ks, 30, "Bibliotek", T0);
	crowd(b, fx->ks, 20, "Torget", T0 + 86400000LL);
	size_t kw[4] = {0, 1, 2, 3};
	enum pile yes[4] = {PILE_YES, PILE_YES, PILE_YES, PILE_YES};
	visit(b, fx->ks, kw, yes, 4, true, "Torget", T0 + 2 * 86400000LL, 2); /* flagged */
	char *fa = st_export(fx, a, false), *fb = st_export(fx, b, false);
	import_ok(fx, fx->tally, fa);
	import_ok(fx, fx->tally, fb);
	import_ok(fx, fx->tally, fa); /* duplicates change nothing */
	char *kept = figures(fx, fx->tally, NULL, NULL);
	assert_true(tally_rebuild_aggregates(fx->tally, &fx->d));
	char *rebuilt = figures(fx, fx->tally, NULL, NULL);
	assert_string_equal(kept, rebuilt);
	/* rows that came by another way are counted when the tally opens */
	tally_close(fx->tally);
	st_sql_exec(fx->tally_path, "DELETE FROM agg_keywords; DELETE FROM agg_sessions;"
				    "UPDATE meta SET value = '0' WHERE key LIKE 'agg_%_upto'");
	fx->tally = tally_open(fx->tally_path, &fx->d);
	assert_non_null(fx->tally);
	char *caught_up = figures(fx, fx->tally, NULL, NULL);
	assert_string_equal(kept, caught_up);
	/* and a tally whose rows were deleted behind its back is rebuilt */
	tally_close(fx->tally);
	st_sql_exec(fx->tally_path,
		    "DELETE FROM cards WHERE session_id = (SELECT max(id) FROM sessions);"
		    "DELETE FROM sessions WHERE id = (SELECT max(id) FROM sessions)");
	fx->tally = tally_open(fx->tally_path, &fx->d);
	char *after = figures(fx, fx->tally, NULL, NULL);
	assert_string_not_equal(kept, after);
	assert_true(tally_rebuild_aggregates(fx->tally, &fx->d));
	char *again = figures(fx, fx->tally, NULL, NULL);
	assert_string_equal(after, again);
	free(kept), free(rebuilt), free(caught_up), free(after), free(again);
	free(fa), free(fb);
	log_close(a), log_close(b);
}

static void test_order_of_files_changes_nothing(void **state)
{
	struct st_fx *fx = *state;
	struct diag d;
	diag_init(&d);
	struct keyset *v2 = keyset_parse(v2_tsv, strlen(v2_tsv), "v2.tsv", &d);
	assert_non_null(v2);
	struct log *a = kiosk(fx, "a.sqlite"), *b = kiosk(fx, "b.sqlite");
	crowd(a, fx->ks, 12, "Bibliotek", T0);
	crowd(b, v2, 12, "Bibliotek", T0 + 3600000LL);
	/* the same answers on one kiosk, three minutes apart, in two files */
	size_t kw[4] = {1, 3, 5, 0};
	enum pile p[4] = {PILE_YES, PILE_NO, PILE_NEUTRAL, PILE_YES};
	visit(a, fx->ks, kw, p, 4, true, "Bibliotek", T0 + 7200000LL, 60);
	char *a1 = st_export(fx, a, false);
	visit(a, fx->ks, kw, p, 4, true, "Bibliotek", T0 + 7380000LL, 60);
	char *a2 = st_export(fx, a, false), *b1 = st_export(fx, b, false);
	const char *orders[2][3] = {{a1, a2, b1}, {b1, a2, a1}};
	char hex_a[65], hex_b[65];
	assert_true(export_public_key(a, hex_a, &fx->d));
	assert_true(export_public_key(b, hex_b, &fx->d));
	char *seen[2][2];
	for (int o = 0; o < 2; o++) {
		char name[32];
		snprintf(name, sizeof(name), "order%d.sqlite", o);
		char *path = st_join(fx->dir, name);
		struct tally *t = tally_open(path, &fx->d);
		assert_non_null(t);
		bool known;
		assert_true(tally_trust(t, hex_a, NULL, &known, &fx->d));
		assert_true(tally_trust(t, hex_b, NULL, &known, &fx->d));
		for (int i = 0; i < 3; i++)
			import_ok(fx, t, orders[o][i]);
		seen[o][0] = figures(fx, t, "test-set", "1");
		seen[o][1] = figures(fx, t, "test-set", "2");
		tally_close(t);
		free(path);
	}
	assert_string_equal(seen[0][0], seen[1][0]);
	assert_string_equal(seen[0][1], seen[1][1]);
	/* each version keeps its own label, whichever came last */
	assert_non_null(strstr(seen[0][0], "|k1|Ett|"));
	assert_non_null(strstr(seen[0][1], "|k1|Ett 2.0|"));
	/* and the repeat was found whichever file came first: 11 completed
	 * of the crowd and the first of the two, one abandoned, one flagged */
	assert_non_null(strstr(seen[0][0], "g |12 12 1 1|"));
	assert_non_null(strstr(seen[0][0], "|1 0 0 1\n"));
	for (int o = 0; o < 2; o++)
		free(seen[o][0]), free(seen[o][1]);
	free(a1), free(a2), free(b1);
	log_close(a), log_close(b);
	keyset_destroy(v2);
	diag_finish(&d);
}

static void test_file_in_another_layout_imports_the_same(void **state)
{
	struct st_fx *fx = *state;
	struct log *a = kiosk(fx, "a.sqlite");
	crowd(a, fx->ks, 25, "Bibliotek", T0);
	char *file = st_export(fx, a, false);
	char *moved = st_join(fx->dir, "moved.sqlite");
	st_copy_file(file, moved);
	/* the same rows, stored in another order: the content (and so the
	 * signature) is unchanged, the cards no longer follow the sessions */
	st_sql_exec(moved, "CREATE TABLE c2 AS SELECT * FROM cards ORDER BY keyword_id DESC;"
			   "DELETE FROM cards; INSERT INTO cards SELECT * FROM c2; DROP TABLE c2;"
			   "VACUUM");
	import_ok(fx, fx->tally, file);
	char *want = figures(fx, fx->tally, NULL, NULL);
	char *other = st_join(fx->dir, "other.sqlite");
	struct tally *t = tally_open(other, &fx->d);
	char hex[65];
	bool known;
	assert_true(export_public_key(a, hex, &fx->d));
	assert_true(tally_trust(t, hex, NULL, &known, &fx->d));
	import_ok(fx, t, moved);
	char *got = figures(fx, t, NULL, NULL);
	assert_string_equal(want, got);
	tally_close(t);
	free(want), free(got), free(file), free(moved), free(other);
	log_close(a);
}

/* The kiosk's log edited by hand, then exported and signed as usual:
 * the import refuses it with one line naming the file. */
static void expect_refused(struct st_fx *fx, struct log *log, const char *sql, const char *why)
{
	st_sql_exec(log_path(log), sql);
	char *file = st_export(fx, log, true);
	int64_t sessions = st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions");
	struct import_result r;
	diag_finish(&fx->d);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_BAD);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	assert_non_null(strstr(fx->d.lines[0], why));
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), sessions);
	diag_finish(&fx->d);
	free(file);
}

static void test_content_no_kiosk_writes_is_refused(void **state)
{
	struct st_fx *fx = *state;
	struct log *a = kiosk(fx, "a.sqlite");
	crowd(a, fx->ks, 3, "Bibliotek", T0);
	char *file = st_export(fx, a, false);
	import_ok(fx, fx->tally, file);
	free(file);
	/* a session with 40 cards */
	expect_refused(fx, a,
		       "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n "
		       "WHERE i < 45) INSERT INTO cards(session_id, keyword_id, deal_pos, pile, "
		       "rank) SELECT (SELECT max(id) FROM sessions), 'x' || i, i % 30, 'no', "
		       "i - 9 FROM n",
		       "a kiosk deals at most 36");
	st_sql_exec(log_path(a), "DELETE FROM cards WHERE keyword_id LIKE 'x%'");
	expect_refused(fx, a,
		       "UPDATE sessions SET started_at = '1970-01-01T00:00:00.000Z' "
		       "WHERE id = (SELECT min(id) FROM sessions)",
		       "before 2020");
	st_sql_exec(log_path(a), "UPDATE sessions SET started_at = '2035-05-01T00:00:00.000Z' "
				 "WHERE started_at < '2020'");
	expect_refused(fx, a, "UPDATE sessions SET site = hex(zeroblob(100))",
		       "site is 200 characters long");
	log_close(a);
}

static void test_misuse_is_flagged_kept_and_left_out(void **state)
{
	struct st_fx *fx = *state;
	struct log *a = kiosk(fx, "a.sqlite");
	crowd(a, fx->ks, 10, "Bibliotek", T0);
	size_t kw[4] = {0, 1, 2, 3};
	enum pile mixed[4] = {PILE_YES, PILE_NO, PILE_YES, PILE_NEUTRAL};
	enum pile no[4] = {PILE_NO, PILE_NO, PILE_NO, PILE_NO};
	visit(a, fx->ks, kw, mixed, 4, true, "Bibliotek", T0 + 90000000LL, 2);	/* too fast */
	visit(a, fx->ks, kw, no, 4, true, "Bibliotek", T0 + 91000000LL, 60);	/* one pile */
	visit(a, fx->ks, kw, mixed, 4, true, "Bibliotek", T0 + 92000000LL, 60); /* first */
	visit(a, fx->ks, kw, mixed, 4, true, "Bibliotek", T0 + 92120000LL, 60); /* repeat */
	char *file = st_export(fx, a, false);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 14);
	assert_int_equal(r.flagged, 3);
	struct tally_query q = {0};
	struct tally_stats_groups g;
	tally_stats_groups_init(&g);
	assert_true(tally_stats_groups(fx->tally, &q, &g, &fx->d));
	const struct tally_stats_group *w = &g.items[0];
	assert_int_equal(w->flagged, 3);
	assert_int_equal(w->fast, 1);
	assert_int_equal(w->one_pile, 1);
	assert_int_equal(w->repeat, 1);
	uint64_t without = w->sessions;
	tally_stats_groups_finish(&g);
	q.include_flagged = true;
	assert_true(tally_stats_groups(fx->tally, &q, &g, &fx->d));
	assert_int_equal(g.items[0].sessions, without + 3);
	tally_stats_groups_finish(&g);
	/* kept: all fourteen rows are there */
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), 14);
	/* other rules judge every session again: nothing is too fast now */
	struct misuse_rules lenient = {.min_ms_per_card = 0, .repeat_window_ms = 600000};
	bool again = false;
	assert_true(tally_set_misuse_rules(fx->tally, &lenient, &again, &fx->d));
	assert_true(again);
	q.include_flagged = false;
	assert_true(tally_stats_groups(fx->tally, &q, &g, &fx->d));
	assert_int_equal(g.items[0].flagged, 2);
	assert_int_equal(g.items[0].fast, 0);
	assert_int_equal(g.items[0].sessions, without + 1);
	tally_stats_groups_finish(&g);
	free(file);
	log_close(a);
}

static void test_small_groups_hidden_totals_kept(void **state)
{
	struct st_fx *fx = *state;
	struct log *a = kiosk(fx, "a.sqlite");
	crowd(a, fx->ks, 20, "Stor", T0);
	crowd(a, fx->ks, 8, "Mellan", T0 + 86400000LL);
	crowd(a, fx->ks, 2, "Liten", T0 + 2 * 86400000LL);
	char *file = st_export(fx, a, false);
	import_ok(fx, fx->tally, file);
	struct tally_query q = {.by = TALLY_BY_SITE, .min_group = 5};
	struct tally_stats_groups g;
	tally_stats_groups_init(&g);
	assert_true(tally_stats_groups(fx->tally, &q, &g, &fx->d));
	/* Liten (2) is too small; with it alone hidden it would be the total
	 * minus the rest, so Mellan goes too */
	assert_int_equal(g.count, 1);
	assert_string_equal(g.items[0].segment, "Stor");
	assert_int_equal(g.hidden.small, 1);
	assert_int_equal(g.hidden.secondary, 1);
	tally_stats_groups_finish(&g);
	struct tally_stats s;
	tally_stats_init(&s);
	assert_true(tally_stats_query(fx->tally, &q, &s, &fx->d));
	for (size_t i = 0; i < s.count; i++)
		assert_string_equal(s.rows[i].segment, "Stor");
	tally_stats_finish(&s);
	/* the whole still counts every session */
	struct tally_query all = {.min_group = 5};
	assert_true(tally_stats_groups(fx->tally, &all, &g, &fx->d));
	assert_int_equal(g.items[0].completed + g.items[0].abandoned, 30);
	tally_stats_groups_finish(&g);
	free(file);
	log_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rebuilt_sums_equal_the_kept_ones,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_order_of_files_changes_nothing,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_file_in_another_layout_imports_the_same,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_content_no_kiosk_writes_is_refused,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_misuse_is_flagged_kept_and_left_out,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_small_groups_hidden_totals_kept,
						st_fx_setup_tally, st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-aggregate", tests, NULL, NULL);
}
