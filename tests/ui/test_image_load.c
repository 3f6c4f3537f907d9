/* A card's picture (an asset named by the keyword set) read as a hostile
 * path: a FIFO or /dev/zero under an image's name gives no picture, at
 * once, instead of a kiosk frozen in its frame; a real picture loads, and
 * only then is SDL2_image in the process. Without SDL2_image a picture is
 * simply not shown, and the reason names the package to install. No
 * display needed: pictures are decoded into surfaces. */
#include "platform/platform_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether a library whose name has name is mapped into this process. */
static bool mapped(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[4096];
	bool found = false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, name) != NULL;
	fclose(f);
	return found;
}

static void test_assets_load_only_from_files(void **state)
{
	(void)state;
	struct image_lib il = {0};
	assert_false(mapped("libSDL2_image"));
	char png[4096];
	snprintf(png, sizeof(png), "%s/assets/gronska.png", getenv("VS_SOURCE_ROOT"));
	SDL_Surface *pic = image_load(&il, png);
	assert_true(mapped("libSDL2_image"));
	assert_non_null(pic);
	assert_true(pic->w > 0 && pic->h > 0);
	SDL_FreeSurface(pic);

	char dir[] = "/tmp/vs-assets-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64], zero[64];
	snprintf(fifo, sizeof(fifo), "%s/pipe.png", dir);
	snprintf(zero, sizeof(zero), "%s/zero.png", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("/dev/zero", zero), 0);
	alarm(10); /* a blocked open ends the test, not the suite */
	assert_null(image_load(&il, fifo));
	assert_null(image_load(&il, zero));
	assert_null(image_load(&il, "/dev/zero"));
	alarm(0);
	image_lib_close(&il);

	unlink(fifo);
	unlink(zero);
	rmdir(dir);
}

static void test_without_sdl2_image(void **state)
{
	(void)state;
	struct image_lib il = {0};
	assert_false(image_lib_open_named(&il, "libvs-no-such-image.so.0"));
	assert_non_null(strstr(il.why, "libvs-no-such-image.so.0"));
	assert_non_null(strstr(il.why, "install libsdl2-image-2.0-0"));
	char png[4096];
	snprintf(png, sizeof(png), "%s/assets/gronska.png", getenv("VS_SOURCE_ROOT"));
	assert_null(image_load(&il, png)); /* no picture, no crash */
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 4, 4, 32, SDL_PIXELFORMAT_ARGB8888);
	struct diag err;
	diag_init(&err);
	assert_false(image_save_png(&il, s, "/tmp/vs-never.png", &err));
	assert_int_equal(err.count, 1);
	assert_non_null(strstr(err.lines[0], "/tmp/vs-never.png: cannot write the image"));
	diag_finish(&err);
	SDL_FreeSurface(s);
	image_lib_close(&il);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assets_load_only_from_files),
		cmocka_unit_test(test_without_sdl2_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
