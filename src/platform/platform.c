/* The window: SDL started with the hints that keep a kiosk a kiosk (no minimising on focus
 * loss, no quitting when the window closes, touches not turned into mouse events), on the
 * video driver of a display that is named, with the fonts loaded on a thread beside it so
 * that it is on screen sooner. What is drawn in it is platform_draw.c's; what comes out of
 * it, platform_input.c's. */
#include "platform/platform.h"

#include "platform_internal.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fonts are read, opened and measured on a thread of their own while
 * SDL connects to the display and opens the window, which is mostly
 * waiting for the display server: the kiosk is on screen sooner. */
struct platform_prep {
	struct render_cache *rc;
	struct font_cache *fc;
	SDL_mutex *lock;
	SDL_cond *sized;
	int w, h;
	int state; /* 0: no window yet, 1: w x h known, -1: there will be none */
};

struct font_loader {
	const char *dir;
	struct font_cache *fc;
	bool ttf_ready;
	struct diag err;
	const struct platform_options *o;
	struct platform_prep prep;
};

static int load_fonts(void *data)
{
	struct font_loader *l = data;
	if (TTF_Init() != 0) {
		diag_add(&l->err, "cannot start the font engine: %s", TTF_GetError());
		return 0;
	}
	l->ttf_ready = true;
	l->fc = fonts_create(l->dir, &l->err);
	l->prep.fc = l->fc;
	if (l->fc && l->o->prepare)
		l->o->prepare(l->o->prepare_ctx, fonts_metrics(l->fc), &l->prep);
	return 0;
}

/* The main thread's news for platform_prep_size: the size the window is
 * asked for is published as soon as it is known, before the window exists,
 * so that the first frame is laid out and its text rasterised while SDL
 * opens the window, not after. A size is given once: should the window
 * come out another size, the first frame is still right, laid out again at
 * the window's size on the main thread, and only the texts of another size
 * are rasterised then. A failure (state < 0) always gets through, so a
 * worker that has not asked yet lays out nothing for a window that will
 * never be. */
static void prep_publish(struct platform_prep *prep, int state, int w, int h)
{
	if (!prep->lock)
		return;
	SDL_LockMutex(prep->lock);
	if (prep->state == 0 || state < 0) {
		prep->state = state;
		prep->w = w;
		prep->h = h;
		SDL_CondBroadcast(prep->sized);
	}
	SDL_UnlockMutex(prep->lock);
}

bool platform_prep_size(struct platform_prep *prep, int *w, int *h)
{
	if (!prep->lock)
		return false;
	SDL_LockMutex(prep->lock);
	while (prep->state == 0)
		SDL_CondWait(prep->sized, prep->lock);
	*w = prep->w;
	*h = prep->h;
	bool ok = prep->state > 0;
	SDL_UnlockMutex(prep->lock);
	return ok;
}

void platform_prep_list(struct platform_prep *prep, const struct draw_list *dl)
{
	/* no renderer yet: pictures are kept as surfaces, made textures when
	 * a renderer draws them first */
	struct painter none = {0};
	none.soft.clip = (struct rect){0, 0, 0, 0};
	for (size_t i = 0; i < dl->count; i++)
		render_prep(&none, prep->fc, prep->rc, dl, &dl->cmds[i]);
}

/* Waits for the fonts and takes them (and any problem) over. */
static bool join_fonts(struct platform *p, struct font_loader *l, SDL_Thread *t, struct diag *err)
{
	if (t)
		SDL_WaitThread(t, NULL);
	else
		load_fonts(l); /* no thread to be had: here and now */
	if (l->prep.lock) {
		SDL_DestroyCond(l->prep.sized);
		SDL_DestroyMutex(l->prep.lock);
	}
	for (size_t i = 0; i < l->err.count; i++)
		diag_add(err, "%s", l->err.lines[i]);
	diag_finish(&l->err);
	p->ttf_ready = l->ttf_ready;
	p->fonts = l->fc;
	return p->fonts != NULL;
}

static bool is_set(const char *value)
{
	return value && *value;
}

/* Which of SDL's video drivers may draw the kiosk. Left to itself, SDL 2.26
 * falls back to its offscreen driver when no display answers and runs
 * invisibly, which a service manager takes for a healthy kiosk; so only the
 * drivers of a display that is named are allowed. Wayland comes first:
 * under cage, DISPLAY names its Xwayland too, and the kiosk belongs on the
 * compositor itself. SDL_VIDEODRIVER, when set, is obeyed as given (tests
 * ask for x11, or for offscreen, by name). */
static bool choose_video_driver(struct strbuf *named, struct diag *err)
{
	const char *asked = getenv("SDL_VIDEODRIVER");
	if (is_set(asked)) {
		sb_appendf(named, "SDL_VIDEODRIVER=%s", asked);
		return true;
	}
	const char *wl = getenv("WAYLAND_DISPLAY"), *x = getenv("DISPLAY");
	/* A socket name is looked up in XDG_RUNTIME_DIR; without it libwayland
	 * would only add a second, vaguer line to ours. */
	bool wayland = is_set(wl) && (wl[0] == '/' || is_set(getenv("XDG_RUNTIME_DIR")));
	bool x11 = is_set(x);
	if (!wayland && !x11) {
		diag_add(err, "no display to draw on: neither WAYLAND_DISPLAY (with "
			      "XDG_RUNTIME_DIR) nor DISPLAY is set — start the kiosk under cage "
			      "(see DEPLOY.md) or from a desktop session");
		return false;
	}
	if (wayland)
		sb_appendf(named, "WAYLAND_DISPLAY=%s%s", wl, x11 ? " or " : "");
	if (x11)
		sb_appendf(named, "DISPLAY=%s", x);
	SDL_SetHint(SDL_HINT_VIDEODRIVER, wayland && x11 ? "wayland,x11"
					  : wayland	 ? "wayland"
							 : "x11");
	/* A kiosk needs no window decorations, and SDL 2.26's libdecor path
	 * loses the toplevel under cage (a black screen). */
	SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
	return true;
}

struct platform *platform_create(const struct platform_options *o, struct diag *err)
{
	/* Set before SDL_Init: they decide how the window and signals behave. */
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
	/* The window's own framebuffer (X11 shared memory), not a texture
	 * that SDL would fill from it with the whole picture every frame. */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	struct strbuf named;
	sb_init(&named);
	if (!choose_video_driver(&named, err)) {
		sb_finish(&named);
		return NULL;
	}
	/* The kiosk takes keys, never typed text, so it needs no compose table:
	 * libX11 (and xkbcommon on Wayland) would otherwise parse the locale's
	 * half-megabyte Compose file while SDL starts, libX11 a character at a
	 * time, ~20 ms with the font thread beside it (docs/PERFORMANCE.md).
	 * Not /dev/null: xkbcommon cannot map an empty file and says so. Set
	 * before that thread exists; a site's own XCOMPOSEFILE is kept. */
	if (o->compose_file)
		SDL_setenv("XCOMPOSEFILE", o->compose_file, 0);
	struct platform *p = xcalloc(1, sizeof(*p));
	p->cache = render_cache_create();
	p->frames = frame_state_create();
	struct font_loader fonts = {.dir = o->font_dir, .o = o};
	diag_init(&fonts.err);
	fonts.prep.rc = p->cache;
	fonts.prep.lock = SDL_CreateMutex();
	fonts.prep.sized = fonts.prep.lock ? SDL_CreateCond() : NULL;
	if (!fonts.prep.sized) {
		SDL_DestroyMutex(fonts.prep.lock);
		fonts.prep.lock = NULL;
	}
	/* Without a thread the preparation would wait for a window that is
	 * opened after it: then there is none. */
	SDL_Thread *loader = fonts.prep.lock ? SDL_CreateThread(load_fonts, "fonts", &fonts) : NULL;
	if (!loader && fonts.prep.lock) {
		SDL_DestroyCond(fonts.prep.sized);
		SDL_DestroyMutex(fonts.prep.lock);
		fonts.prep.lock = NULL;
	}
	if (!o->fullscreen && o->width > 0 && o->height > 0)
		prep_publish(&fonts.prep, 1, o->width, o->height);
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		diag_add(err,
			 "cannot open the display %s (%s) — is cage or a desktop session running?",
			 sb_str(&named), SDL_GetError());
		sb_finish(&named);
		prep_publish(&fonts.prep, -1, 0, 0);
		join_fonts(p, &fonts, loader, err);
		frame_state_destroy(p->frames);
		render_cache_destroy(p->cache);
		fonts_destroy(p->fonts);
		if (p->ttf_ready)
			TTF_Quit();
		free(p);
		return NULL;
	}
	sb_finish(&named);

	Uint32 flags = SDL_WINDOW_SHOWN;
	flags |= o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
	/* Fullscreen starts at the output's size: a Wayland compositor sizes the
	 * window only after its first frame, which would otherwise be drawn
	 * (and traced) at a size the screen does not have. */
	int w = o->width, h = o->height;
	SDL_DisplayMode mode;
	if (o->fullscreen && SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.w > 0 && mode.h > 0) {
		w = mode.w;
		h = mode.h;
		prep_publish(&fonts.prep, 1, w, h);
	}
	p->window = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				     flags);
	if (!p->window)
		diag_add(err, "cannot open a window: %s", SDL_GetError());
	else if (!platform_open_renderer(p, o->renderer))
		diag_add(err, "cannot draw in the window: %s", SDL_GetError());
	if (p->window && (p->renderer || p->painter.soft.s)) {
		platform_size(p, &w, &h);
		prep_publish(&fonts.prep, 1, w, h);
	} else {
		prep_publish(&fonts.prep, -1, 0, 0);
	}
	if (!join_fonts(p, &fonts, loader, err) || !p->window ||
	    (!p->renderer && !p->painter.soft.s))
		goto fail;
	p->wake_event = SDL_RegisterEvents(1);
	if (p->wake_event == (Uint32)-1)
		p->wake_event = 0;
	SDL_AtomicSet(&p->width, w);
	SDL_AtomicSet(&p->height, h);
	if (o->touch_from_stdin) {
		SDL_Thread *t = SDL_CreateThread(platform_touch_reader, "touch-hook", p);
		if (t)
			SDL_DetachThread(t);
	}
	if (o->fullscreen)
		SDL_ShowCursor(SDL_DISABLE); /* a touch kiosk shows no arrow */
	return p;
fail:
	platform_destroy(p);
	return NULL;
}

void platform_destroy(struct platform *p)
{
	if (!p)
		return;
	frame_state_destroy(p->frames);
	render_cache_destroy(p->cache);
	if (p->renderer)
		SDL_DestroyRenderer(p->renderer);
	if (p->window)
		SDL_DestroyWindow(p->window);
	fonts_destroy(p->fonts);
	if (p->ttf_ready)
		TTF_Quit();
	SDL_Quit();
	free(p);
}

const struct text_metrics *platform_text_metrics(struct platform *p)
{
	return fonts_metrics(p->fonts);
}

void platform_size(struct platform *p, int *w, int *h)
{
	if (p->renderer && SDL_GetRendererOutputSize(p->renderer, w, h) == 0)
		return;
	SDL_Surface *s = p->renderer ? NULL : SDL_GetWindowSurface(p->window);
	if (s) {
		*w = s->w;
		*h = s->h;
		return;
	}
	SDL_GetWindowSize(p->window, w, h);
}
