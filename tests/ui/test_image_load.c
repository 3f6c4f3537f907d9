/* A card's picture (an asset named by the keyword set) read as a hostile
 * path: a FIFO or /dev/zero under an image's name gives no picture, at
 * once, instead of a kiosk frozen in its frame; a real picture loads. A
 * software renderer on a surface: no display needed. */
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

static void test_assets_load_only_from_files(void **state)
{
	(void)state;
	SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32,
							      SDL_PIXELFORMAT_RGBA8888);
	assert_non_null(surface);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surface);
	assert_non_null(r);

	char png[4096];
	snprintf(png, sizeof(png), "%s/assets/gronska.png", getenv("VS_SOURCE_ROOT"));
	SDL_Texture *tex = render_load_image(r, png);
	assert_non_null(tex);
	SDL_DestroyTexture(tex);

	char dir[] = "/tmp/vs-assets-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64], zero[64];
	snprintf(fifo, sizeof(fifo), "%s/pipe.png", dir);
	snprintf(zero, sizeof(zero), "%s/zero.png", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("/dev/zero", zero), 0);
	alarm(10); /* a blocked open ends the test, not the suite */
	assert_null(render_load_image(r, fifo));
	assert_null(render_load_image(r, zero));
	assert_null(render_load_image(r, "/dev/zero"));
	alarm(0);

	unlink(fifo);
	unlink(zero);
	rmdir(dir);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surface);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assets_load_only_from_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
