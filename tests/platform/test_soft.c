/* soft.c's translucent fill takes a run of equal pixels' result from the
 * first of them: a fill over a picture made of runs and of noise must end
 * exactly as blending every pixel on its own does (the same fill one
 * pixel wide at a time, which goes through the plain per-pixel loop).
 * And the rounded rectangles of shapes.c have round corners: every pixel
 * well inside the corner's circle is painted, none outside it, the same
 * in all four corners. */
#include "platform/platform_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

enum {
	W = 67,
	H = 9
};

/* Runs of a few colours, their lengths not multiples of four, broken by
 * noise, so the fill meets runs starting and ending at every offset. */
static void paint(SDL_Surface *s)
{
	uint32_t seed = 12345;
	for (int y = 0; y < H; y++) {
		Uint32 *p = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
		Uint32 c = 0;
		for (int x = 0; x < W; x++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 5 == 0)
				c = 0xff000000u | seed >> 8;
			p[x] = (seed >> 28) == 0 ? 0xff000000u | seed : c;
		}
	}
}

static void fill_in_one_and_by_columns(SDL_Color col, struct rect r)
{
	SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(a);
	assert_non_null(b);
	paint(a);
	paint(b);
	struct soft_target ta = {a, {0, 0, W, H}}, tb = {b, {0, 0, W, H}};
	soft_fill(&ta, r, col);
	for (int x = r.x; x < r.x + r.w; x++)
		soft_fill(&tb, (struct rect){x, r.y, 1, r.h}, col);
	for (int y = 0; y < H; y++)
		assert_memory_equal((Uint8 *)a->pixels + (size_t)y * (size_t)a->pitch,
				    (Uint8 *)b->pixels + (size_t)y * (size_t)b->pitch,
				    W * sizeof(Uint32));
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
}

static void test_translucent_fill_is_per_pixel_blend(void **state)
{
	(void)state;
	const SDL_Color cols[] = {{200, 30, 90, 60},
				  {10, 250, 128, 200},
				  {0, 0, 0, 1},
				  {255, 255, 255, 254}};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		for (int x0 = 0; x0 < 5; x0++)
			fill_in_one_and_by_columns(cols[i],
						   (struct rect){x0, 1, W - 2 * x0, H - 2});
}

static bool painted(const SDL_Surface *s, int x, int y)
{
	return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x] !=
	       0xff000000u;
}

/* A rounded fill (thickness 0) or outline of radius rad in a square of side
 * n, on black: its corners against the circle they are cut from. The
 * corner is a polygon of 15-degree chords inscribed in the circle, so a
 * centre inside r cos 7.5 degrees is painted and one outside r is not. */
static void check_round(int n, int rad, int thickness)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	SDL_FillRect(s, NULL, 0xff000000u);
	struct painter p = {.soft = {s, {0, 0, n, n}}};
	struct shape_cache *sc = shape_cache_create();
	SDL_Color white = {255, 255, 255, 255};
	if (thickness)
		shape_outline(&p, sc, (struct rect){0, 0, n, n}, white, thickness, rad);
	else
		shape_fill(&p, sc, (struct rect){0, 0, n, n}, white, rad);
	double chord = rad * cos(M_PI / 24) - 0.01, inner = rad - thickness;
	int painted_px = 0;
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++) {
			bool on = painted(s, x, y);
			painted_px += on;
			/* the same in all four corners */
			assert_int_equal(on, painted(s, n - 1 - x, y));
			assert_int_equal(on, painted(s, x, n - 1 - y));
			if (x >= rad || y >= rad)
				continue; /* the corner square of the top left */
			double d = hypot(rad - (x + 0.5), rad - (y + 0.5));
			if (d > rad)
				assert_false(on);
			else if (d < chord && (!thickness || d > inner + 1))
				assert_true(on);
			else if (thickness && d < inner - 1 && thickness < rad)
				assert_false(on); /* the ring's inside stays */
		}
	assert_true(painted_px > 0);
	shape_cache_destroy(sc);
	SDL_FreeSurface(s);
}

static void test_rounded_corners_are_round(void **state)
{
	(void)state;
	const int radii[] = {1, 5, 12, 20, 42, 97};
	for (size_t i = 0; i < sizeof(radii) / sizeof(radii[0]); i++) {
		int n = 2 * radii[i] + 31;
		check_round(n, radii[i], 0);
		check_round(n, radii[i], 2);
		check_round(n, radii[i], 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translucent_fill_is_per_pixel_blend),
		cmocka_unit_test(test_rounded_corners_are_round),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
