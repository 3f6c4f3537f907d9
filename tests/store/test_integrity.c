/* Integrity tests: an export is read once, and what was checked is what
 * is used. A copy one byte too long is named as such (not "truncated"); a
 * signed export padded with zeros to 2 GB is refused before it is read; a
 * FIFO is refused without blocking; the quarantine keeps each distinct file
 * once, the verified bytes, within its size limit, and its messages name
 * the file. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/log.h"
#include "store/tally.h"
#include "store/tally_internal.h"
#include "store/verify.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

static void fx_add(struct st_fx *fx, size_t n)
{
	size_t kw[] = {0, 1, 2};
	enum pile piles[] = {PILE_YES, PILE_NO, PILE_NEUTRAL};
	for (size_t i = 0; i < n; i++)
		st_add(fx->log, fx->ks, kw, piles, 3, true);
}

static void fx_trust(struct st_fx *fx)
{
	bool known = true;
	assert_true(tally_trust(fx->tally, fx->public_key, NULL, &known, &fx->d));
}

/* The file is refused with one line that names it and holds words, and
 * the tally counts nothing new. */
static enum import_status fx_refused(struct st_fx *fx, const char *file, const char *words)
{
	int64_t sessions = st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions");
	diag_finish(&fx->d);
	struct import_result r;
	enum import_status status = tally_import(fx->tally, file, &r, &fx->d);
	assert_int_not_equal(status, IMPORT_OK);
	assert_int_not_equal(status, IMPORT_QUARANTINED);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	assert_non_null(strstr(fx->d.lines[0], words));
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions"), sessions);
	diag_finish(&fx->d);
	return status;
}

static void append_bytes(const char *path, size_t n)
{
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fputc(0, f);
	assert_int_equal(fclose(f), 0);
}

static long max_rss_kb(void)
{
	struct rusage ru;
	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

static void test_one_byte_too_long_is_not_truncated(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, 2);
	char *good = st_export(fx, fx->log, false);
	fx_trust(fx);
	char *bad = st_join(fx->dir, "long.sqlite");
	st_copy_file(good, bad);
	append_bytes(bad, 1);
	fx_refused(fx, bad, "the file is 1 byte longer than its header says");
	assert_null(strstr(fx->d.count ? fx->d.lines[0] : "", "truncated"));
	/* a whole page of zeros too: SQLite alone would read it as free space */
	st_copy_file(good, bad);
	append_bytes(bad, 4096);
	fx_refused(fx, bad, "4096 bytes longer than its header says");
	/* and one byte short is what truncated means */
	st_copy_file(good, bad);
	struct stat st;
	assert_int_equal(stat(bad, &st), 0);
	assert_int_equal(truncate(bad, st.st_size - 1), 0);
	fx_refused(fx, bad, "truncated");
	/* the good one still goes in */
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, good, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 2);
	free(bad);
	free(good);
}

static void test_zero_padded_to_2gb_is_not_read(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, 1);
	char *good = st_export(fx, fx->log, false);
	fx_trust(fx);
	char *bad = st_join(fx->dir, "padded.sqlite");
	st_copy_file(good, bad);
	/* sparse: the padding costs no disk, but a reader would get 2 GB */
	assert_int_equal(truncate(bad, (off_t)2 << 30), 0);
	long rss = max_rss_kb();
	time_t t0 = time(NULL);
	fx_refused(fx, bad, "larger than 256 MB");
	assert_true(time(NULL) - t0 <= 2);
	/* nothing near the file's size was read into memory */
	assert_true(max_rss_kb() - rss < 64 * 1024);
	/* under the limit, padding is still no part of a signed file */
	assert_int_equal(truncate(bad, (off_t)8 << 20), 0);
	fx_refused(fx, bad, "longer than its header says");
	free(bad);
	free(good);
}

static void test_fifo_is_refused_without_blocking(void **state)
{
	struct st_fx *fx = *state;
	char *fifo = st_join(fx->usb, "visionsort-fifo.sqlite");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10); /* a blocked open fails the test instead of hanging it */
	fx_refused(fx, fifo, "cannot read: a named pipe, not a file");
	char *link = st_join(fx->usb, "visionsort-zero.sqlite");
	assert_int_equal(symlink("/dev/zero", link), 0);
	fx_refused(fx, link, "cannot read: a device, not a file");
	alarm(0);
	free(link);
	free(fifo);
}

static int64_t fx_quarantined(struct st_fx *fx)
{
	return st_sql_int(fx->tally_path, "SELECT count(*) FROM imports "
					  "WHERE status = 'quarantined'");
}

static void test_quarantine_keeps_each_file_once(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, 3);
	char *file = st_export(fx, fx->log, false);
	tally_accept_unknown(fx->tally, true);
	struct import_result r;
	for (int i = 0; i < 3; i++)
		assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_QUARANTINED);
	/* three tries are in the import log, the file is kept once */
	assert_int_equal(fx_quarantined(fx), 3);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM quarantine"), 1);
	char *why = st_sql_text(fx->tally_path, "SELECT reason FROM imports ORDER BY id DESC");
	assert_non_null(strstr(why, "the same file is kept already (import 1)"));
	free(why);
	/* the bytes kept are the bytes whose SHA-256 the import log has */
	size_t len = 0;
	char *bytes = st_read_file(file, &len);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT length(file) FROM quarantine"),
			 (int64_t)len);
	free(bytes);
	assert_int_equal(fx->d.count, 0);
	free(file);
}

static void test_quarantine_has_a_size_limit(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, 1);
	char *first = st_export(fx, fx->log, false);
	fx_add(fx, 1);
	char *second = st_export(fx, fx->log, false);
	struct stat st;
	assert_int_equal(stat(first, &st), 0);
	/* room for one file, not two */
	fx->tally->quarantine_max = st.st_size + st.st_size / 2;
	tally_accept_unknown(fx->tally, true);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, first, &r, &fx->d), IMPORT_QUARANTINED);
	assert_int_equal(fx_refused(fx, second, "the quarantine is full"), IMPORT_FILE_UNTRUSTED);
	assert_int_equal(fx_quarantined(fx), 1);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM quarantine"), 1);
	/* the organizers trust the key: the file goes in after all */
	fx_trust(fx);
	assert_int_equal(tally_import(fx->tally, second, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 1);
	free(first);
	free(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_byte_too_long_is_not_truncated,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_zero_padded_to_2gb_is_not_read,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_quarantine_keeps_each_file_once,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_quarantine_has_a_size_limit, st_fx_setup_tally,
						st_fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
