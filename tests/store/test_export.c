/* Export tests: what staff find on the USB stick and in the log after an
 * export worked, had nothing to do, or failed half-way. */
#include "common/clock.h"
#include "common/diag.h"
#include "common/strbuf.h"
#include "config.h"
#include "store/export.h"
#include "store/log.h"
#include "store_test.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Two completed sessions and one abandoned: 3 sessions, 9 cards. */
static void fx_add_three(struct st_fx *fx)
{
	size_t kw[] = {0, 1, 2};
	enum pile done[] = {PILE_YES, PILE_NO, PILE_YES};
	enum pile half[] = {PILE_NEUTRAL, PILE_DECK, PILE_DECK};
	st_add(fx->log, fx->ks, kw, done, 3, true);
	st_add(fx->log, fx->ks, kw, done, 3, true);
	st_add(fx->log, fx->ks, kw, half, 3, false);
}

static char *manifest(const char *file, const char *key)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql, "SELECT value FROM manifest WHERE key = '%s'", key);
	char *v = st_sql_text(file, sb_str(&sql));
	sb_finish(&sql);
	assert_non_null(v);
	return v;
}

static void assert_manifest(const char *file, const char *key, const char *want)
{
	char *v = manifest(file, key);
	assert_string_equal(v, want);
	free(v);
}

static void test_export_writes_file_then_marks(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	assert_int_equal(st_unexported(fx), 3);

	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	assert_int_equal(fx->d.count, 0);
	assert_int_equal(r.sessions, 3);
	assert_int_equal(st_unexported(fx), 0);

	/* one file, under the documented name, no temp file left behind */
	assert_int_equal(st_count_entries(fx->usb), 1);
	struct strbuf prefix;
	sb_init(&prefix);
	sb_appendf(&prefix, "%s/visionsort-%.8s-", fx->usb, log_kiosk_id(fx->log));
	assert_int_equal(strncmp(r.path, sb_str(&prefix), prefix.len), 0);
	assert_int_equal(strlen(r.path), prefix.len + 16 + strlen(".sqlite"));
	assert_string_equal(r.path + strlen(r.path) - 7, ".sqlite");
	sb_finish(&prefix);

	/* any SQLite tool can read it */
	assert_int_equal(st_sql_int(r.path, "PRAGMA application_id"), 0x56534558);
	assert_int_equal(st_sql_int(r.path, "PRAGMA user_version"), 3);
	assert_manifest(r.path, "format_version", "3");
	/* the kiosk's first export: number 1, linked to nothing */
	assert_manifest(r.path, "export_seq", "1");
	assert_manifest(r.path, "previous_export_sha256", "");
	assert_manifest(r.path, "previous_export_created_at", "");
	assert_manifest(r.path, "generator", "visionsort " VS_VERSION);
	assert_manifest(r.path, "kiosk_id", log_kiosk_id(fx->log));
	assert_manifest(r.path, "session_count", "3");
	assert_manifest(r.path, "set_ids", "test-set");
	char *first = manifest(r.path, "first_started_at");
	char *last = manifest(r.path, "last_ended_at");
	assert_int_equal(strlen(first), 24);
	assert_true(strcmp(first, last) < 0);
	free(first);
	free(last);
	char *created = manifest(r.path, "created_at");
	assert_int_equal(strlen(created), 24);
	free(created);
	/* no site configured: the newest session's */
	assert_manifest(r.path, "site", "Test site");
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	assert_manifest(r.path, "public_key", hex);
	char *sum = manifest(r.path, "content_sha256");
	assert_int_equal(strlen(sum), 64);
	free(sum);
	char *sig = manifest(r.path, "signature");
	assert_int_equal(strlen(sig), 128);
	free(sig);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM manifest"), 15);

	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM sessions"), 3);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM sessions "
					    "WHERE outcome = 'abandoned'"),
			 1);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM cards"), 9);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM cards "
					    "WHERE pile = 'yes' AND rank = 2"),
			 2);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM cards WHERE pile IS NULL"), 2);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM keywords"), 12);
	/* every card names its session */
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM cards c "
					    "JOIN sessions s ON s.uuid = c.session_uuid"),
			 9);
	/* and the file is whole and complete on its own (no WAL beside it) */
	char *check = st_sql_text(r.path, "PRAGMA integrity_check");
	assert_string_equal(check, "ok");
	free(check);
	char *mode = st_sql_text(r.path, "PRAGMA journal_mode");
	assert_string_equal(mode, "delete");
	free(mode);
	export_result_finish(&r);
	export_result_finish(&r);
	export_result_finish(NULL);
}

static void test_second_export_has_nothing_new(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	export_result_finish(&r);

	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_NOTHING_NEW);
	assert_null(r.path);
	assert_int_equal(r.sessions, 0);
	assert_int_equal(st_count_entries(fx->usb), 1);
	assert_int_equal(fx->d.count, 0);

	/* a session saved after the export goes into the next one, alone */
	size_t kw[] = {3, 4};
	enum pile piles[] = {PILE_YES, PILE_NO};
	st_add(fx->log, fx->ks, kw, piles, 2, true);
	assert_int_equal(st_unexported(fx), 1);
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	assert_int_equal(r.sessions, 1);
	assert_int_equal(st_sql_int(r.path, "SELECT count(*) FROM cards"), 2);
	assert_int_equal(st_count_entries(fx->usb), 2);
	assert_int_equal(st_unexported(fx), 0);
	export_result_finish(&r);
}

static void test_empty_log_writes_nothing(void **state)
{
	struct st_fx *fx = *state;
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, true, &r, &fx->d), EXPORT_NOTHING_NEW);
	assert_int_equal(st_count_entries(fx->usb), 0);
	assert_int_equal(fx->d.count, 0);
}

static void test_all_exports_again(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	struct export_result r1, r2;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r1, &fx->d), EXPORT_WRITTEN);
	assert_int_equal(export_write(fx->log, fx->usb, true, &r2, &fx->d), EXPORT_WRITTEN);
	assert_int_equal(r2.sessions, 3);
	assert_string_not_equal(r1.path, r2.path);
	assert_int_equal(st_count_entries(fx->usb), 2);
	assert_int_equal(st_sql_int(r2.path, "SELECT count(*) FROM sessions"), 3);
	export_result_finish(&r1);
	export_result_finish(&r2);
}

static void test_taken_name_gets_a_number(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	/* occupy this second's name and the next one's, in case the clock
	 * ticks over before the export picks its name */
	int64_t now = clock_wall_ms();
	char *taken[2];
	for (int i = 0; i < 2; i++) {
		char stamp[17];
		clock_stamp(now + i * 1000, stamp);
		struct strbuf name;
		sb_init(&name);
		sb_appendf(&name, "visionsort-%.8s-%s.sqlite", log_kiosk_id(fx->log), stamp);
		taken[i] = st_join(fx->usb, sb_str(&name));
		st_write_file(taken[i], "someone else's file\n");
		sb_finish(&name);
	}
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	assert_string_equal(r.path + strlen(r.path) - strlen("-2.sqlite"), "-2.sqlite");
	for (int i = 0; i < 2; i++) {
		char *text = st_read_file(taken[i], NULL);
		assert_string_equal(text, "someone else's file\n");
		free(text);
		free(taken[i]);
	}
	assert_int_equal(st_count_entries(fx->usb), 3);
	export_result_finish(&r);
}

static void test_missing_folder_fails_and_marks_nothing(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	char *missing = st_join(fx->dir, "unplugged");
	struct export_result r;
	assert_int_equal(export_write(fx->log, missing, false, &r, &fx->d), EXPORT_DRIVE_FAILED);
	assert_null(r.path);
	assert_int_equal(fx->d.count, 1);
	struct strbuf want;
	sb_init(&want);
	sb_appendf(&want, "%s: folder does not exist — plug in the drive or create the folder",
		   missing);
	assert_string_equal(fx->d.lines[0], sb_str(&want));
	sb_finish(&want);
	struct stat sb;
	assert_int_equal(stat(missing, &sb), -1);
	assert_int_equal(st_unexported(fx), 3);
	free(missing);
}

static void test_folder_that_is_a_file_fails(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	char *file = st_join(fx->dir, "stick.txt");
	st_write_file(file, "not a folder\n");
	struct export_result r;
	assert_int_equal(export_write(fx->log, file, false, &r, &fx->d), EXPORT_DRIVE_FAILED);
	assert_int_equal(fx->d.count, 1);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	char *text = st_read_file(file, NULL);
	assert_string_equal(text, "not a folder\n");
	free(text);
	assert_int_equal(st_unexported(fx), 3);
	free(file);
}

static void test_read_only_folder_fails(void **state)
{
	struct st_fx *fx = *state;
	/* root writes into a 0555 folder anyway; the size-limit test below
	 * covers a write failure for root too */
	if (geteuid() == 0)
		skip();
	fx_add_three(fx);
	assert_int_equal(chmod(fx->usb, 0555), 0);
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_DRIVE_FAILED);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], fx->usb, strlen(fx->usb)), 0);
	assert_non_null(strstr(fx->d.lines[0], strerror(EACCES)));
	assert_int_equal(st_count_entries(fx->usb), 0);
	assert_int_equal(st_unexported(fx), 3);
}

/* A drive that fills up half-way: the file size limit makes the writes into
 * the export fail the way a full disk would, even for root. */
static void test_write_failure_leaves_no_file(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	/* the kiosk made its key at its first start */
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	struct rlimit old, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 8192; /* an empty export is already larger */
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	struct export_result r;
	enum export_status status = export_write(fx->log, fx->usb, false, &r, &fx->d);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);

	assert_int_equal(status, EXPORT_DRIVE_FAILED);
	assert_null(r.path);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], fx->usb, strlen(fx->usb)), 0);
	assert_non_null(strstr(fx->d.lines[0], strerror(EFBIG)));
	assert_non_null(strstr(fx->d.lines[0], "free some space or use another drive"));
	assert_int_equal(st_count_entries(fx->usb), 0); /* the temp file is gone too */
	assert_int_equal(st_unexported(fx), 3);

	/* nothing but the temp file failed: the log and the key are fine */
	struct stat kst;
	char *key = st_join(fx->dir, "log.sqlite.key");
	assert_int_equal(stat(key, &kst), 0);
	free(key);

	/* with room again, the same sessions export */
	diag_finish(&fx->d);
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	assert_int_equal(r.sessions, 3);
	assert_int_equal(st_count_entries(fx->usb), 1);
	export_result_finish(&r);
}

/* The kiosk's own side fails (here its log lost a table, as a damaged log
 * would): the status says another drive will not help, and the line names
 * the log, not the drive. */
static void test_unreadable_log_is_the_logs_failure(void **state)
{
	struct st_fx *fx = *state;
	fx_add_three(fx);
	st_sql_exec(log_path(fx->log), "DROP TABLE cards");
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_LOG_FAILED);
	assert_null(r.path);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	const char *log = log_path(fx->log);
	assert_int_equal(strncmp(fx->d.lines[0], log, strlen(log)), 0);
	assert_int_equal(st_count_entries(fx->usb), 0);
	assert_int_equal(st_sql_int(log, "SELECT count(*) FROM sessions WHERE exported_at IS NULL"),
			 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_writes_file_then_marks, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_second_export_has_nothing_new, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_log_writes_nothing, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_all_exports_again, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_taken_name_gets_a_number, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_folder_fails_and_marks_nothing,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_folder_that_is_a_file_fails, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_folder_fails, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_leaves_no_file, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_log_is_the_logs_failure,
						st_fx_setup_log, st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-export", tests, NULL, NULL);
}
