/* fonts/arabic-calibration.txt against the bundled fonts: what it says of
 * them is what measuring them gives now (else the kiosk would draw Arabic
 * at sizes the fonts do not call for, and this test prints the line to
 * write); what it says is used without measuring when the files are those;
 * and a file about other fonts (another checksum) is not used.
 *
 *   test_calibration --write   prints the whole file, to regenerate it. */
#include "platform/fonts.h"
#include "platform/platform.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fonts_dir(void)
{
	static char path[2048];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	return path;
}

static struct platform_fonts *open_fonts(const char *dir)
{
	struct diag err;
	diag_init(&err);
	struct platform_fonts *f = platform_fonts_create(dir, &err);
	for (size_t i = 0; i < err.count; i++)
		fprintf(stderr, "%s\n", err.lines[i]);
	diag_finish(&err);
	assert_non_null(f);
	return f;
}

static void test_shipped_file_matches_the_fonts(void **state)
{
	(void)state;
	struct platform_fonts *shipped = open_fonts(fonts_dir());
	struct platform_fonts *fresh = open_fonts(fonts_dir());
	struct font_cache *s = platform_fonts_cache(shipped), *f = platform_fonts_cache(fresh);
	for (int w = 0; w < FONT_FACE_COUNT; w++) {
		struct strbuf line;
		sb_init(&line);
		struct fonts_calibration c = fonts_calibration_measure(f, w, &line);
		bool same = s->shipped_known[w] && s->shipped[w].latin_x == c.latin_x &&
			    s->shipped[w].arabic_x == c.arabic_x && s->shipped[w].tall == c.tall &&
			    s->shipped[w].deep == c.deep;
		if (!same)
			fprintf(stderr,
				"fonts/arabic-calibration.txt says %s of %s: its line for them, as "
				"they measure now, is\n%s(test_calibration --write prints the file)\n",
				s->shipped_known[w] ? "something else" : "nothing",
				fonts_file_name(w), sb_str(&line));
		assert_true(same);
		/* and the scales used from the file are the measured ones */
		assert_true(fonts_arabic_scale(s, (enum font_face)w) ==
			    fonts_arabic_scale(f, (enum font_face)w));
		sb_finish(&line);
	}
	platform_fonts_destroy(fresh);
	platform_fonts_destroy(shipped);
}

/* A folder with the bundled fonts (linked) and a calibration file of our
 * own. */
static char *fonts_with(const char *calibration)
{
	char *dir = strdup("/tmp/vs-calibration-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char from[4096], to[4096];
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		snprintf(from, sizeof(from), "%s/%s", fonts_dir(), fonts_file_name(i));
		snprintf(to, sizeof(to), "%s/%s", dir, fonts_file_name(i));
		assert_int_equal(symlink(from, to), 0);
	}
	snprintf(to, sizeof(to), "%s/arabic-calibration.txt", dir);
	FILE *f = fopen(to, "w");
	assert_non_null(f);
	fputs(calibration, f);
	fclose(f);
	return dir;
}

static void remove_dir(char *dir)
{
	char path[4096];
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, fonts_file_name(i));
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/arabic-calibration.txt", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* The regular weight's line as measured, its numbers then replaced by
 * latin_x arabic_x tall deep, and its Latin checksum by sum when not NULL. */
static char *line_with(int lx, int ax, int tall, int deep, const char *sum)
{
	struct platform_fonts *pf = open_fonts(fonts_dir());
	struct strbuf line;
	sb_init(&line);
	fonts_calibration_measure(platform_fonts_cache(pf), 0, &line);
	char lname[64], lsum[16], aname[64], asum[16];
	size_t llen, alen;
	assert_int_equal(sscanf(sb_str(&line), "%63s %zu %15s %63s %zu %15s", lname, &llen, lsum,
				aname, &alen, asum),
			 6);
	char *out = malloc(512);
	snprintf(out, 512, "# made up\n%s %zu %s %s %zu %s %d %d %d %d\n", lname, llen,
		 sum ? sum : lsum, aname, alen, asum, lx, ax, tall, deep);
	sb_finish(&line);
	platform_fonts_destroy(pf);
	return out;
}

static void test_file_is_used_for_its_fonts_only(void **state)
{
	(void)state;
	/* x-heights of 150 and 100 rows: Arabic drawn 1.5 times the size */
	char *line = line_with(150, 100, 250, 90, NULL);
	char *dir = fonts_with(line);
	struct platform_fonts *pf = open_fonts(dir);
	struct font_cache *fc = platform_fonts_cache(pf);
	assert_true(fonts_arabic_scale(fc, FONT_REGULAR) == 1.5);
	assert_int_equal(fonts_file_size(fc, FONT_FILE_COUNT / 2, 40), 60);
	int ascent, descent, height;
	fonts_line_box(fc, FONT_REGULAR, 100, true, &ascent, &descent, &height);
	assert_int_equal(ascent, 125 + 5); /* 250/200 of the size and half a tenth */
	assert_int_equal(descent, 45 + 5); /* 90/200 of it and the other half */
	platform_fonts_destroy(pf);
	remove_dir(dir);
	free(line);

	/* the same numbers said of a file with another checksum: measured */
	line = line_with(150, 100, 250, 90, "00000001");
	dir = fonts_with(line);
	pf = open_fonts(dir);
	struct platform_fonts *real = open_fonts(fonts_dir());
	assert_true(fonts_arabic_scale(platform_fonts_cache(pf), FONT_REGULAR) ==
		    fonts_arabic_scale(platform_fonts_cache(real), FONT_REGULAR));
	assert_true(fonts_arabic_scale(platform_fonts_cache(pf), FONT_REGULAR) != 1.5);
	platform_fonts_destroy(real);
	platform_fonts_destroy(pf);
	remove_dir(dir);
	free(line);
}

static int write_file(void)
{
	if (TTF_Init() != 0)
		return 1;
	struct diag err;
	diag_init(&err);
	struct platform_fonts *pf = platform_fonts_create(fonts_dir(), &err);
	diag_finish(&err);
	if (!pf)
		return 1;
	struct strbuf out;
	sb_init(&out);
	sb_append(&out, "# The Arabic faces' calibration measured from the font files beside it\n"
			"# (src/platform/fonts_calibration.c), so that the kiosk need not measure\n"
			"# it at every start: Latin file, its length and 'head' checksum, Arabic\n"
			"# file, its length and checksum, then rows of ink at 200 px: Latin x,\n"
			"# the teeth of seen, the tallest and the deepest Arabic letters.\n"
			"# Made by test_calibration --write; checked by platform-calibration.\n");
	for (int w = 0; w < FONT_FACE_COUNT; w++)
		fonts_calibration_measure(platform_fonts_cache(pf), w, &out);
	fputs(sb_str(&out), stdout);
	sb_finish(&out);
	platform_fonts_destroy(pf);
	TTF_Quit();
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return TTF_Init();
}

static int teardown(void **state)
{
	(void)state;
	TTF_Quit();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--write") == 0)
		return write_file();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file_matches_the_fonts),
		cmocka_unit_test(test_file_is_used_for_its_fonts_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
