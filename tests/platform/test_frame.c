/* frame.c's first frame drawn ahead (before the window existed, on the font
 * thread): the window must end up exactly as a first frame drawn whole
 * would leave it, whether the list changed since it was drawn ahead or
 * not, and the whole window is sent either way. A picture of another size
 * is not used. SDL's offscreen video driver gives a real window with a
 * framebuffer of our own loops' format, without a display. */
#include "platform/platform_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	W = 320,
	H = 200
};

struct fixture {
	struct platform_fonts *fonts;
	SDL_Window *win;
};

static int setup(void **state)
{
	SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "test_frame: %s\n", SDL_GetError());
		return -1;
	}
	static struct fixture fx;
	char path[4096];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	fx.fonts = platform_fonts_create(path, &err);
	diag_finish(&err);
	fx.win = SDL_CreateWindow("test", 0, 0, W, H, SDL_WINDOW_HIDDEN);
	*state = &fx;
	return fx.fonts && fx.win ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	SDL_DestroyWindow(fx->win);
	platform_fonts_destroy(fx->fonts);
	TTF_Quit();
	SDL_Quit();
	return 0;
}

/* A card scene in small: a background, rounded cards with borders and
 * labels, one of them (the third) moved by dx. */
static void scene(struct draw_list *dl, int dx)
{
	draw_list_clear(dl);
	draw_fill(dl, (struct rect){0, 0, W, H}, (struct color){240, 236, 226, 255}, 0);
	for (int i = 0; i < 4; i++) {
		struct rect r = {10 + 75 * i + (i == 2 ? dx : 0), 40, 70, 50};
		draw_fill(dl, r, (struct color){255, 255, 255, 255}, 8);
		draw_outline(dl, r, (struct color){40, 60, 90, 255}, 2, 8);
		draw_text(dl, r.x + 6, r.y + 12, FONT_BOLD, 18, (struct color){20, 20, 20, 255},
			  "Kort", 4);
	}
	draw_fill(dl, (struct rect){60, 120, 200, 60}, (struct color){0, 0, 0, 128}, 12);
	draw_text(dl, 70, 130, FONT_REGULAR, 24, (struct color){255, 255, 255, 255},
		  "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 hej", 15);
}

static SDL_Surface *window_surface(struct fixture *fx)
{
	SDL_Surface *s = SDL_GetWindowSurface(fx->win);
	assert_non_null(s);
	assert_true(soft_supports(s));
	SDL_FillRect(s, NULL, 0xff123456u); /* what an unused window might hold */
	return s;
}

/* The window's pixels after a first frame of `now`, drawn ahead from `ahead`
 * at aw x ah (aw 0: not drawn ahead). */
static SDL_Surface *first_frame(struct fixture *fx, const struct draw_list *ahead, int aw, int ah,
				const struct draw_list *now, struct platform_frame *st)
{
	struct font_cache *fc = platform_fonts_cache(fx->fonts);
	struct render_cache *rc = render_cache_create();
	struct frame_state *fs = frame_state_create();
	if (aw)
		frame_draw_ahead(fs, fc, rc, ahead, aw, ah);
	SDL_Surface *s = window_surface(fx);
	struct painter p = {.soft = {s, {0, 0, W, H}}};
	struct frame_target t = {&p, fx->win, fc, rc, W, H, true};
	frame_draw(fs, &t, now, st);
	SDL_Surface *copy = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	assert_non_null(copy);
	frame_state_destroy(fs);
	render_cache_destroy(rc);
	return copy;
}

static void assert_same_pixels(const SDL_Surface *a, const SDL_Surface *b)
{
	for (int y = 0; y < H; y++)
		assert_memory_equal((const Uint8 *)a->pixels + (size_t)y * (size_t)a->pitch,
				    (const Uint8 *)b->pixels + (size_t)y * (size_t)b->pitch,
				    W * sizeof(Uint32));
}

static void check(void **state, int moved, int aw, int ah, bool used)
{
	struct fixture *fx = *state;
	struct draw_list before, now;
	draw_list_init(&before);
	draw_list_init(&now);
	scene(&before, 0);
	scene(&now, moved);
	struct platform_frame whole_st, ahead_st;
	SDL_Surface *whole = first_frame(fx, NULL, 0, 0, &now, &whole_st);
	SDL_Surface *ahead = first_frame(fx, &before, aw, ah, &now, &ahead_st);
	assert_same_pixels(whole, ahead);
	/* the window has never shown anything: all of it is sent */
	assert_true(ahead_st.shown);
	assert_int_equal(ahead_st.ahead, used);
	assert_false(whole_st.ahead);
	assert_true(ahead_st.full);
	assert_int_equal(ahead_st.damage_px, (int64_t)W * H);
	SDL_FreeSurface(whole);
	SDL_FreeSurface(ahead);
	draw_list_finish(&before);
	draw_list_finish(&now);
}

static void test_unchanged_list(void **state)
{
	check(state, 0, W, H, true);
}

static void test_list_changed_since(void **state)
{
	check(state, 7, W, H, true);
	check(state, -30, W, H, true);
}

static void test_other_size_is_not_used(void **state)
{
	check(state, 0, W + 10, H, false);
	check(state, 3, W, H - 1, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged_list),
		cmocka_unit_test(test_list_changed_since),
		cmocka_unit_test(test_other_size_is_not_used),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
