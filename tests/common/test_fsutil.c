/* Reading input files as hostile paths: a FIFO, /dev/zero (directly and
 * through a symlink), a folder and a file over the limit are each refused
 * at once with one line naming the path, and never read; and a file in the
 * way of a folder is not a folder. Each test runs under an alarm, so a read
 * that blocks fails the test instead of hanging the suite. */
#include "common/diag.h"
#include "common/fsutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fx {
	char dir[32];
	char path[128];
	struct diag d;
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/vs-fsutil-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	diag_init(&fx->d);
	/* a blocked open or an endless read ends the test, not the suite */
	alarm(10);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;
	alarm(0);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	diag_finish(&fx->d);
	free(fx);
	return 0;
}

static const char *fx_path(struct fx *fx, const char *name)
{
	snprintf(fx->path, sizeof(fx->path), "%s/%s", fx->dir, name);
	return fx->path;
}

/* The read failed with exactly one line that starts with path and holds
 * words. */
static void assert_refused(struct fx *fx, const char *path, const char *words)
{
	char *buf = NULL;
	size_t len = 0;
	assert_false(fs_read_file(path, &buf, &len, &fx->d));
	assert_null(buf);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], path, strlen(path)), 0);
	assert_int_equal(fx->d.lines[0][strlen(path)], ':');
	assert_non_null(strstr(fx->d.lines[0], words));
	diag_finish(&fx->d);
}

static void test_regular_file_is_read_whole(void **state)
{
	struct fx *fx = *state;
	char path[128];
	snprintf(path, sizeof(path), "%s", fx_path(fx, "set.tsv"));
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id\tsv\nk1\tTrygghet\n", f);
	assert_int_equal(fclose(f), 0);
	char *buf = NULL;
	size_t len = 0;
	assert_true(fs_read_file(path, &buf, &len, &fx->d));
	assert_int_equal(len, 18);
	assert_string_equal(buf, "id\tsv\nk1\tTrygghet\n");
	free(buf);
	/* through a symlink: the target is what counts */
	assert_int_equal(symlink(path, fx_path(fx, "link.tsv")), 0);
	assert_true(fs_read_file(fx->path, &buf, &len, &fx->d));
	assert_int_equal(len, 18);
	free(buf);
	assert_int_equal(fx->d.count, 0);
}

static void test_fifo_is_refused_without_blocking(void **state)
{
	struct fx *fx = *state;
	const char *path = fx_path(fx, "keywords.tsv");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_refused(fx, path, "a named pipe, not a file");
}

static void test_dev_zero_is_refused(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, "/dev/zero", "a device, not a file");
	/* the same through a symlink with an innocent name */
	const char *link = fx_path(fx, "kiosk.ini");
	assert_int_equal(symlink("/dev/zero", link), 0);
	assert_refused(fx, link, "a device, not a file");
}

static void test_folder_is_refused(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, fx->dir, "cannot read: Is a directory");
}

static void test_oversized_file_is_not_read(void **state)
{
	struct fx *fx = *state;
	const char *path = fx_path(fx, "huge.tsv");
	/* sparse: one byte over the limit costs nothing on disk */
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)FS_READ_MAX + 1), 0);
	assert_int_equal(close(fd), 0);
	assert_refused(fx, path, "larger than 16 MB");
	/* a caller's own limit, and exactly at the limit is fine */
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(truncate(path, 100), 0);
	assert_false(fs_read_file_max(path, 99, &buf, &len, &fx->d));
	assert_non_null(strstr(diag_first(&fx->d, ""), "larger than 99 bytes"));
	diag_finish(&fx->d);
	assert_true(fs_read_file_max(path, 100, &buf, &len, &fx->d));
	assert_int_equal(len, 100);
	free(buf);
}

static void test_missing_file_keeps_its_message(void **state)
{
	struct fx *fx = *state;
	assert_refused(fx, fx_path(fx, "none.ini"), ": cannot open: No such file or directory");
}

static void test_file_in_the_way_is_no_folder(void **state)
{
	struct fx *fx = *state;
	const char *path = fx_path(fx, "rejected");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	assert_false(fs_mkdirs(path, &fx->d));
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_non_null(strstr(fx->d.lines[0], "rejected: cannot create folder: a file of that "
					       "name is in the way"));
	diag_finish(&fx->d);
	/* nor is a folder inside it, nor a dangling symlink */
	assert_false(fs_mkdirs_for(fx_path(fx, "rejected/x.reason"), &fx->d));
	diag_finish(&fx->d);
	assert_int_equal(symlink("/nonexistent/vs", fx_path(fx, "dangling")), 0);
	assert_false(fs_mkdirs(fx->path, &fx->d));
	diag_finish(&fx->d);
	/* an existing folder is success, a new one is made */
	assert_true(fs_mkdirs(fx->dir, &fx->d));
	assert_true(fs_mkdirs(fx_path(fx, "imported/deeper"), &fx->d));
	struct stat st;
	assert_int_equal(stat(fx->path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(fx->d.count, 0);
}

/* A mapped file (the fonts) holds the file's bytes; a FIFO, an empty file
 * and a missing one are refused with one line naming the path. */
static void test_mapped_file(void **state)
{
	struct fx *fx = *state;
	const char *path = fx_path(fx, "font.ttf");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 10000; i++)
		fputc(i * 7 & 0xff, f);
	fclose(f);
	const char *data = NULL;
	size_t len = 0;
	assert_true(fs_map_file(path, FS_READ_MAX, &data, &len, &fx->d));
	assert_int_equal(len, 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal((unsigned char)data[i], i * 7 & 0xff);
	fs_unmap_file(data, len);

	const char *fifo = fx_path(fx, "pipe.ttf");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	const char *empty = "/dev/null";
	const char *missing = "/nonexistent/vs/font.ttf";
	const char *bad[] = {fifo, empty, missing};
	const char *why[] = {"a named pipe, not a file", "a device, not a file", "No such file"};
	for (int i = 0; i < 3; i++) {
		data = NULL;
		assert_false(fs_map_file(bad[i], FS_READ_MAX, &data, &len, &fx->d));
		assert_null(data);
		assert_int_equal(fx->d.count, 1);
		print_message("%s\n", fx->d.lines[0]);
		assert_int_equal(strncmp(fx->d.lines[0], bad[i], strlen(bad[i])), 0);
		assert_non_null(strstr(fx->d.lines[0], why[i]));
		diag_finish(&fx->d);
	}
	/* a regular file with nothing in it */
	const char *zero = fx_path(fx, "empty.ttf");
	fclose(fopen(zero, "wb"));
	assert_false(fs_map_file(zero, FS_READ_MAX, &data, &len, &fx->d));
	assert_non_null(strstr(fx->d.lines[0], "the file is empty"));
	diag_finish(&fx->d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mapped_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_regular_file_is_read_whole, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_dev_zero_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_folder_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_oversized_file_is_not_read, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_keeps_its_message, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_file_in_the_way_is_no_folder, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
