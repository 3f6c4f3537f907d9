/* Tally tests: organizers merge kiosk exports, some twice, some not exports
 * at all, and read per-keyword counts that must match what visitors did. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/log.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "store_test.h"

#include <sqlite3.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

/* The organizers trust the kiosk's key, as they do before its first file. */
static void fx_trust_site(struct st_fx *fx, struct log *log, const char *site)
{
	char hex[65];
	bool known = true;
	assert_true(export_public_key(log, hex, &fx->d));
	assert_true(tally_trust(fx->tally, hex, site, &known, &fx->d));
	assert_false(known);
}

static void fx_trust(struct st_fx *fx, struct log *log)
{
	fx_trust_site(fx, log, NULL);
}

/* The tally, trusting the kiosk. */
static int fx_setup(void **state)
{
	st_fx_setup_tally(state);
	struct st_fx *fx = *state;
	fx_trust(fx, fx->log);
	return 0;
}

/* Four sessions whose counts are worked out by hand in the tests:
 *   S1 completed: k1 yes, k2 no, k3 yes, k4 neutral
 *   S2 completed: k3 yes, k1 yes, k5 no
 *   S3 completed: k2 yes, k6 neutral
 *   S4 abandoned: k1 no, k4 (deck), k5 yes */
static void fx_add_four(struct st_fx *fx, struct log *log)
{
	size_t k1[] = {0, 1, 2, 3};
	enum pile p1[] = {PILE_YES, PILE_NO, PILE_YES, PILE_NEUTRAL};
	size_t k2[] = {2, 0, 4};
	enum pile p2[] = {PILE_YES, PILE_YES, PILE_NO};
	size_t k3[] = {1, 5};
	enum pile p3[] = {PILE_YES, PILE_NEUTRAL};
	size_t k4[] = {0, 3, 4};
	enum pile p4[] = {PILE_NO, PILE_DECK, PILE_YES};
	st_add(log, fx->ks, k1, p1, 4, true);
	st_add(log, fx->ks, k2, p2, 3, true);
	st_add(log, fx->ks, k3, p3, 2, true);
	st_add(log, fx->ks, k4, p4, 3, false);
}

static struct import_result fx_import(struct st_fx *fx, const char *file)
{
	struct import_result r = {.added = 99, .duplicates = 99};
	if (tally_import(fx->tally, file, &r, &fx->d) != IMPORT_OK)
		fail_msg("import: %s", diag_first(&fx->d, "(no message)"));
	return r;
}

#define MAX_ROWS 16
struct rows {
	size_t n;
	char id[MAX_ROWS][16];
	char label[MAX_ROWS][32];
	struct keyword_counts c[MAX_ROWS];
};

/* The tally's own statistics (what `tally --csv` prints), put back in
 * keyword id order so the tests can name rows by position. */
static struct rows fx_counts(struct st_fx *fx, bool include_abandoned)
{
	struct rows rows;
	memset(&rows, 0, sizeof(rows));
	struct tally_stats st;
	tally_stats_init(&st);
	assert_true(tally_stats_keywords(fx->tally, TALLY_BY_NONE, include_abandoned, &st, &fx->d));
	for (size_t i = 0; i < st.count; i++) {
		assert_true(rows.n < MAX_ROWS);
		size_t at = rows.n++;
		while (at > 0 && strcmp(rows.id[at - 1], st.rows[i].keyword_id) > 0) {
			memcpy(rows.id[at], rows.id[at - 1], sizeof(rows.id[0]));
			memcpy(rows.label[at], rows.label[at - 1], sizeof(rows.label[0]));
			rows.c[at] = rows.c[at - 1];
			at--;
		}
		snprintf(rows.id[at], sizeof(rows.id[0]), "%s", st.rows[i].keyword_id);
		snprintf(rows.label[at], sizeof(rows.label[0]), "%s", st.rows[i].label);
		rows.c[at] = st.rows[i].counts;
	}
	tally_stats_finish(&st);
	return rows;
}

static void assert_counts(const struct keyword_counts *c, uint64_t shown, uint64_t yes, uint64_t no,
			  uint64_t neutral, uint64_t rank_sum, uint64_t rank_n)
{
	assert_int_equal(c->shown, shown);
	assert_int_equal(c->yes, yes);
	assert_int_equal(c->no, no);
	assert_int_equal(c->neutral, neutral);
	assert_int_equal(c->rank_sum, rank_sum);
	assert_int_equal(c->rank_n, rank_n);
}

static void test_empty_tally_lists_nothing(void **state)
{
	struct st_fx *fx = *state;
	struct rows rows = fx_counts(fx, true);
	assert_int_equal(rows.n, 0);
}

static void test_import_counts_match_sessions(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *file = st_export(fx, fx->log, false);
	struct import_result r = fx_import(fx, file);
	assert_int_equal(r.added, 4);
	assert_int_equal(r.duplicates, 0);

	struct rows rows = fx_counts(fx, false);
	assert_int_equal(rows.n, 6);
	const char *ids[] = {"k1", "k2", "k3", "k4", "k5", "k6"};
	const char *labels[] = {"Ett", "Två", "Tre", "Fyra", "Fem", "Sex"};
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(rows.id[i], ids[i]);
		assert_string_equal(rows.label[i], labels[i]);
	}
	/*                          shown yes no neu rank_sum rank_n */
	assert_counts(&rows.c[0], 2, 2, 0, 0, 3, 2); /* k1: ranks 1 (S1), 2 (S2) */
	assert_counts(&rows.c[1], 2, 1, 1, 0, 1, 1); /* k2 */
	assert_counts(&rows.c[2], 2, 2, 0, 0, 3, 2); /* k3: ranks 2 (S1), 1 (S2) */
	assert_counts(&rows.c[3], 1, 0, 0, 1, 0, 0); /* k4 */
	assert_counts(&rows.c[4], 1, 0, 1, 0, 0, 0); /* k5 */
	assert_counts(&rows.c[5], 1, 0, 0, 1, 0, 0); /* k6 */

	/* with the abandoned session: k4 was dealt but never placed */
	rows = fx_counts(fx, true);
	assert_int_equal(rows.n, 6);
	assert_counts(&rows.c[0], 3, 2, 1, 0, 3, 2); /* k1 */
	assert_counts(&rows.c[1], 2, 1, 1, 0, 1, 1); /* k2 */
	assert_counts(&rows.c[2], 2, 2, 0, 0, 3, 2); /* k3 */
	assert_counts(&rows.c[3], 2, 0, 0, 1, 0, 0); /* k4 */
	assert_counts(&rows.c[4], 2, 1, 1, 0, 1, 1); /* k5 */
	assert_counts(&rows.c[5], 1, 0, 0, 1, 0, 0); /* k6 */
	assert_int_equal(fx->d.count, 0);
	free(file);
}

static void test_same_file_twice_adds_nothing(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *file = st_export(fx, fx->log, false);
	fx_import(fx, file);
	struct rows before = fx_counts(fx, true);

	struct import_result r = fx_import(fx, file);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.duplicates, 4);
	struct rows after = fx_counts(fx, true);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), 4);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports "
						    "WHERE added = 0 AND duplicates = 4"),
			 1);
	free(file);
}

static void test_export_all_adds_only_new(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *first = st_export(fx, fx->log, false);
	fx_import(fx, first);

	size_t kw[] = {5};
	enum pile yes[] = {PILE_YES};
	st_add(fx->log, fx->ks, kw, yes, 1, true);
	char *all = st_export(fx, fx->log, true);
	struct import_result r = fx_import(fx, all);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.duplicates, 4);
	struct rows rows = fx_counts(fx, false);
	assert_counts(&rows.c[5], 2, 1, 0, 1, 1, 1); /* k6: S3 neutral, new one yes */
	free(first);
	free(all);
}

static void test_two_kiosks_both_count(void **state)
{
	struct st_fx *fx = *state;
	char *path2 = st_join(fx->dir, "log2.sqlite");
	struct log *log2 = log_open(path2, &fx->d);
	assert_non_null(log2);
	fx_trust(fx, log2);
	fx_add_four(fx, fx->log);
	fx_add_four(fx, log2);
	char *a = st_export(fx, fx->log, false);
	char *b = st_export(fx, log2, false);
	assert_int_equal(fx_import(fx, a).added, 4);
	assert_int_equal(fx_import(fx, b).added, 4);
	struct rows rows = fx_counts(fx, false);
	assert_counts(&rows.c[0], 4, 4, 0, 0, 6, 4); /* k1, twice over */
	log_close(log2);
	free(path2);
	free(a);
	free(b);
}

/* Imports something that is not a good export and checks the one line
 * it gives and that the tally is exactly as before. */
static void expect_rejected(struct st_fx *fx, const char *file, const char *message)
{
	struct rows before = fx_counts(fx, true);
	int64_t imports = st_sql_int(fx->tally_path, "SELECT count(*) FROM imports");
	int64_t sessions = st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions");
	diag_finish(&fx->d);
	struct import_result r = {.added = 7, .duplicates = 7};
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_BAD);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	if (message) {
		struct strbuf want;
		sb_init(&want);
		sb_appendf(&want, "%s: %s", file, message);
		assert_string_equal(fx->d.lines[0], sb_str(&want));
		sb_finish(&want);
	}
	assert_int_equal(r.added, 0);
	assert_int_equal(r.duplicates, 0);
	struct rows after = fx_counts(fx, true);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports"), imports);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), sessions);
	diag_finish(&fx->d);
}

static void test_non_exports_rejected(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *good = st_export(fx, fx->log, false);
	fx_import(fx, good);

	char *text = st_join(fx->dir, "results.csv");
	st_write_file(text, "keyword,yes,no\nk1,1,2\nk2,3,4\nk3,5,6\nk4,7,8\nk5,9,10\n"
			    "padding so that the file is longer than a database header\n");
	expect_rejected(fx, text, "not a visionsort export file");

	expect_rejected(fx, log_path(fx->log), "not a visionsort export file");
	expect_rejected(fx, fx->tally_path, "not a visionsort export file");

	char *missing = st_join(fx->usb, "gone.sqlite");
	expect_rejected(fx, missing, NULL);

	char *newer = st_join(fx->dir, "newer.sqlite");
	st_copy_file(good, newer);
	st_sql_exec(newer, "PRAGMA user_version = 4");
	expect_rejected(fx, newer, "unsupported export format 4 — update visionsort to import it");
	st_sql_exec(newer, "PRAGMA user_version = 1");
	expect_rejected(fx, newer,
			"unsupported export format 1 — export again with this visionsort");

	free(text);
	free(missing);
	free(newer);
	free(good);
}

static void test_damaged_export_changes_nothing(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *good = st_export(fx, fx->log, false);
	char *bad = st_join(fx->dir, "bad.sqlite");

	/* the last session's last card in a pile that does not exist: the first
	 * sessions import fine before the import meets it, and must go too */
	st_copy_file(good, bad);
	st_sql_exec(bad, "PRAGMA ignore_check_constraints = ON;"
			 "UPDATE cards SET pile = 'maybe' "
			 "WHERE rowid = (SELECT max(rowid) FROM cards)");
	expect_rejected(fx, bad, NULL);

	/* a rank that is not a whole number */
	st_copy_file(good, bad);
	st_sql_exec(bad, "UPDATE cards SET rank = 'first' "
			 "WHERE rowid = (SELECT max(rowid) FROM cards WHERE pile = 'yes')");
	expect_rejected(fx, bad, NULL);

	/* a table missing altogether */
	st_copy_file(good, bad);
	st_sql_exec(bad, "DROP TABLE cards");
	expect_rejected(fx, bad, NULL);

	/* cut short, as by a pulled drive */
	st_copy_file(good, bad);
	assert_int_equal(truncate(bad, 4096), 0);
	expect_rejected(fx, bad, NULL);

	/* and the good one still imports in full afterwards */
	assert_int_equal(fx_import(fx, good).added, 4);
	free(good);
	free(bad);
}

/* The tally's disk fills up during an import: the file is fine, so the
 * status says the tally failed (the live view keeps the file for another
 * try), the line names the tally, and the same file goes in later. */
static void test_full_tally_disk_is_the_tallys_failure(void **state)
{
	struct st_fx *fx = *state;
	fx_add_four(fx, fx->log);
	char *file = st_export(fx, fx->log, false);
	int64_t imports = st_sql_int(fx->tally_path, "SELECT count(*) FROM imports");
	struct rlimit old, none;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	none = old;
	none.rlim_cur = 1; /* no write past the first byte of any file */
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &none), 0);
	struct import_result r = {.added = 7};
	enum import_status status = tally_import(fx->tally, file, &r, &fx->d);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);

	assert_int_equal(status, IMPORT_TALLY_FAILED);
	assert_int_equal(r.added, 0);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], fx->tally_path, strlen(fx->tally_path)), 0);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports"), imports);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), 0);

	diag_finish(&fx->d);
	assert_int_equal(fx_import(fx, file).added, 4);
	free(file);
}

static void test_tally_refuses_other_files(void **state)
{
	struct st_fx *fx = *state;
	assert_null(tally_open(log_path(fx->log), &fx->d));
	assert_int_equal(fx->d.count, 1);
	struct strbuf want;
	sb_init(&want);
	sb_appendf(&want, "%s: not a visionsort tally", log_path(fx->log));
	assert_string_equal(fx->d.lines[0], sb_str(&want));
	sb_finish(&want);
	diag_finish(&fx->d);

	tally_close(fx->tally);
	fx->tally = NULL;
	st_sql_exec(fx->tally_path, "PRAGMA user_version = 99");
	assert_null(tally_open(fx->tally_path, &fx->d));
	sb_init(&want);
	sb_appendf(&want,
		   "%s: this tally was written by a newer visionsort (schema 99); update visionsort",
		   fx->tally_path);
	assert_string_equal(fx->d.lines[0], sb_str(&want));
	sb_finish(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_tally_lists_nothing, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_counts_match_sessions, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_same_file_twice_adds_nothing, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_export_all_adds_only_new, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_two_kiosks_both_count, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_non_exports_rejected, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_export_changes_nothing, fx_setup,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_full_tally_disk_is_the_tallys_failure,
						fx_setup, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_tally_refuses_other_files, fx_setup,
						st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-tally", tests, NULL, NULL);
}
