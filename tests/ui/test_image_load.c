/* A card's picture (an asset named by the keyword set) read as a hostile
 * path: a FIFO or /dev/zero under an image's name gives no picture, at
 * once, instead of a kiosk frozen in its frame; a real picture loads. No
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

static void test_assets_load_only_from_files(void **state)
{
	(void)state;
	char png[4096];
	snprintf(png, sizeof(png), "%s/assets/gronska.png", getenv("VS_SOURCE_ROOT"));
	SDL_Surface *pic = render_load_image(png);
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
	assert_null(render_load_image(fifo));
	assert_null(render_load_image(zero));
	assert_null(render_load_image("/dev/zero"));
	alarm(0);

	unlink(fifo);
	unlink(zero);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assets_load_only_from_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
