/* The helpers every layer shares: counting characters as a reader does,
 * cutting text without splitting a character, and making a file or a folder
 * durable. */
#include "common/clock.h"
#include "common/fsutil.h"
#include "common/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void test_count_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("Trygghet", 8), 8);
	/* å ä ö: two bytes each, one character each */
	const char *sv = "åäö";
	assert_int_equal(strlen(sv), 6);
	assert_int_equal(utf8_count(sv, strlen(sv)), 3);
	/* Arabic "مدينة": five letters of two bytes */
	const char *ar = "\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa9";
	assert_int_equal(utf8_count(ar, strlen(ar)), 5);
	/* only the first len bytes count */
	assert_int_equal(utf8_count(sv, 2), 1);
}

static void test_prefix_never_splits(void **state)
{
	(void)state;
	const char *s = "Kunskapsstad åäö";
	assert_int_equal(utf8_prefix_bytes(s, 4), 4);
	/* 12 ASCII letters, a space, then å (2 bytes): 14 characters end after å */
	assert_int_equal(utf8_prefix_bytes(s, 14), 15);
	assert_int_equal(utf8_prefix_bytes(s, 100), strlen(s));
	assert_int_equal(utf8_prefix_bytes(s, 0), 0);
	const char *ar = "\xd9\x85\xd8\xaf\xd9\x8a";
	assert_int_equal(utf8_prefix_bytes(ar, 2), 4);
}

/* The staff menu's "today" on the days Swedish clocks change (issue 18, 7): midnight is
 * in winter time when noon is in summer time, and the other way round. */
static void test_local_day_start_across_dst(void **state)
{
	(void)state;
	/* Sweden's rule, spelled out so that no time zone files are needed */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	/* 2035-03-25 12:00 CEST (the clocks went forward at 02:00 CET) */
	int64_t noon = 2058429600000LL; /* 2035-03-25T10:00:00Z */
	assert_int_equal(clock_local_day_start_ms(noon), 2058390000000LL); /* 2035-03-24T23:00Z */
	/* 2035-10-28 12:00 CET (back at 03:00 CEST): midnight was still summer time */
	noon = 2077182000000LL; /* 2035-10-28T11:00:00Z */
	assert_int_equal(clock_local_day_start_ms(noon), 2077135200000LL); /* 2035-10-27T22:00Z */
	/* an ordinary day, and the first minute of one */
	assert_int_equal(clock_local_day_start_ms(2051229600000LL), 2051222400000LL - 3600000);
	assert_int_equal(clock_local_day_start_ms(2051218800000LL), 2051218800000LL);
	unsetenv("TZ");
	tzset();
}

static void test_fsync_file_and_folder(void **state)
{
	(void)state;
	char dir[] = "/tmp/vs-common-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/f", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x", f);
	assert_int_equal(fclose(f), 0);

	assert_true(fs_fsync_path(path, false));
	assert_true(fs_fsync_path(dir, true));
	/* a missing path fails with its errno, and a file is no folder */
	char missing[80];
	snprintf(missing, sizeof(missing), "%s/none", dir);
	assert_false(fs_fsync_path(missing, false));
	assert_int_equal(errno, ENOENT);
	assert_false(fs_fsync_path(path, true));
	assert_int_equal(errno, ENOTDIR);

	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_code_points),
		cmocka_unit_test(test_prefix_never_splits),
		cmocka_unit_test(test_fsync_file_and_folder),
		cmocka_unit_test(test_local_day_start_across_dst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
