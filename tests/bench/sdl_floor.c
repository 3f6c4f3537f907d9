/* The floors the kiosk benchmark (kiosk_bench.py) measures the kiosk
 * against, made with bare SDL on the renderer the kiosk uses and with the
 * kiosk's own hints, so that the only difference is the kiosk's work:
 *
 *   sdl_floor RENDERER W H FRAMES
 *
 * prints "ready" once a W x H window with a renderer has shown its first
 * frame (the cold start of a bare SDL program), then the time of each of
 * FRAMES empty frames (clear + present) in microseconds, one a line.
 * RENDERER is software, opengl or auto (SDL's first choice). */
#include <SDL.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int driver_index(const char *name)
{
	for (int i = 0; i < SDL_GetNumRenderDrivers(); i++) {
		SDL_RendererInfo info;
		if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, name) == 0)
			return i;
	}
	return -1;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: sdl_floor software|opengl|auto W H FRAMES\n");
		return 2;
	}
	int w = atoi(argv[2]), h = atoi(argv[3]), frames = atoi(argv[4]);
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		fprintf(stderr, "sdl_floor: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Window *win = SDL_CreateWindow("sdl-floor", SDL_WINDOWPOS_CENTERED,
					   SDL_WINDOWPOS_CENTERED, w, h,
					   SDL_WINDOW_SHOWN | SDL_WINDOW_RESIZABLE);
	int idx = strcmp(argv[1], "auto") == 0 ? -1 : driver_index(argv[1]);
	SDL_Renderer *r = win ? SDL_CreateRenderer(win, idx, 0) : NULL;
	if (!r) {
		fprintf(stderr, "sdl_floor: %s\n", SDL_GetError());
		return 1;
	}
	SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
	SDL_RenderClear(r);
	SDL_RenderPresent(r);
	SDL_RendererInfo info;
	SDL_GetRendererInfo(r, &info);
	printf("ready %s\n", info.name);
	fflush(stdout);
	for (int i = 0; i < frames; i++) {
		SDL_PumpEvents();
		long long t0 = now_us();
		SDL_SetRenderDrawColor(r, (Uint8)(i & 1), 0, 0, 255);
		SDL_RenderClear(r);
		SDL_RenderPresent(r);
		printf("%lld\n", now_us() - t0);
	}
	fflush(stdout);
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return 0;
}
