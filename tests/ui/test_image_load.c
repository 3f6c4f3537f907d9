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

/* A card's picture drawn at one size, another and the first again: each
 * the file scaled to that size, though the cache keeps only the file's
 * bytes and decodes them again for a size it has not made. */
static void test_picture_at_several_sizes(void **state)
{
	(void)state;
	char png[4096];
	snprintf(png, sizeof(png), "%s/assets/gronska.png", getenv("VS_SOURCE_ROOT"));
	struct image_lib il = {0};
	SDL_Surface *file = image_load(&il, png);
	assert_non_null(file);
	struct render_cache *rc = render_cache_create();
	const int sizes[] = {64, 100, 64, 37};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int n = sizes[i];
		SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32,
								SDL_PIXELFORMAT_ARGB8888);
		SDL_Surface *want = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32,
								   SDL_PIXELFORMAT_ARGB8888);
		SDL_FillRect(s, NULL, 0xff000000u);
		SDL_FillRect(want, NULL, 0xff000000u);
		/* what the cache does: the file scaled, then blended on black */
		SDL_Surface *scaled = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32,
								     SDL_PIXELFORMAT_ARGB8888);
		SDL_SetSurfaceBlendMode(file, SDL_BLENDMODE_NONE);
		assert_int_equal(SDL_BlitScaled(file, NULL, scaled, NULL), 0);
		struct painter wp = {.soft = {want, {0, 0, n, n}}};
		soft_blend(&wp.soft, scaled, (SDL_Rect){0, 0, n, n}, 0, 0, 255);
		struct draw_list dl;
		draw_list_init(&dl);
		draw_image(&dl, (struct rect){0, 0, n, n}, png);
		struct painter p = {.soft = {s, {0, 0, n, n}}};
		render_list(&p, NULL, rc, &dl);
		for (int y = 0; y < n; y++)
			assert_memory_equal((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch,
					    (Uint8 *)want->pixels + (size_t)y * (size_t)want->pitch,
					    (size_t)n * 4);
		draw_list_finish(&dl);
		SDL_FreeSurface(scaled);
		SDL_FreeSurface(want);
		SDL_FreeSurface(s);
	}
	render_cache_destroy(rc);
	SDL_FreeSurface(file);
	image_lib_close(&il);
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
		cmocka_unit_test(test_picture_at_several_sizes),
		cmocka_unit_test(test_without_sdl2_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
