/* The window and its input. Visitors must not be able to close, minimise
 * or quit the kiosk, so window-close and focus loss become nothing worse
 * than a cancelled gesture; only SIGTERM/SIGINT (which SDL turns into
 * SDL_QUIT) end it. Touches are taken from SDL's finger events, not from the
 * mouse events SDL synthesises from them, so each finger is its own pointer. */
#include "platform/platform.h"

#include "platform_internal.h"

#include "common/xalloc.h"

#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FINGERS 10

struct platform {
	SDL_Window *window;
	SDL_Renderer *renderer; /* NULL when drawing with our own loops */
	struct painter painter;
	struct font_cache *fonts;
	struct render_cache *cache;
	struct frame_state *frames;
	struct platform_frame last;
	bool retained;	   /* see frame_target */
	char note[160];	   /* why the renderer is not the one asked for */
	Uint32 wake_event; /* platform_wake's; 0 when SDL had none left */
	bool ttf_ready;
	bool img_ready;
	/* SDL finger ids are opaque 64-bit values; pointers 1..MAX_FINGERS
	 * name them for the scenes. */
	SDL_FingerID fingers[MAX_FINGERS];
	bool finger_used[MAX_FINGERS];
	/* The drawable size, for the touch hook's thread to normalise with. */
	SDL_atomic_t width, height;
};

/* The touch hook's thread: each line becomes one SDL finger event pushed
 * into the same queue real touch screens feed. */
static int touch_reader(void *data)
{
	struct platform *p = data;
	char line[256];
	while (fgets(line, sizeof(line), stdin)) {
		char verb[8];
		long long id;
		int x, y;
		if (sscanf(line, "%7s %lld %d %d", verb, &id, &x, &y) != 4)
			continue;
		SDL_Event e = {0};
		if (strcmp(verb, "down") == 0)
			e.type = SDL_FINGERDOWN;
		else if (strcmp(verb, "move") == 0)
			e.type = SDL_FINGERMOTION;
		else if (strcmp(verb, "up") == 0)
			e.type = SDL_FINGERUP;
		else
			continue;
		int w = SDL_AtomicGet(&p->width), h = SDL_AtomicGet(&p->height);
		e.tfinger.touchId = 1;
		e.tfinger.fingerId = (SDL_FingerID)id;
		/* the pixel's centre: translate_finger truncates, and x / w read
		 * back as x - 1 for some x (175 / 1080 as 174.99998), which
		 * missed the one-pixel-high cards of a deck of 100 at 1080p */
		e.tfinger.x = w > 0 ? ((float)x + 0.5f) / (float)w : 0;
		e.tfinger.y = h > 0 ? ((float)y + 0.5f) / (float)h : 0;
		e.tfinger.pressure = 1;
		e.tfinger.timestamp = SDL_GetTicks();
		SDL_PushEvent(&e);
	}
	return 0;
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

/* "software": our own loops (soft.c) in the window's framebuffer, where it
 * is one soft.c can draw into; else SDL's software renderer in it. */
static bool create_software(struct platform *p)
{
	SDL_Surface *s = SDL_GetWindowSurface(p->window);
	if (soft_supports(s)) {
		p->painter.soft = (struct soft_target){s, {0, 0, s->w, s->h}};
		p->retained = true;
		return true;
	}
	int idx = driver_index("software");
	p->renderer = s && idx >= 0 ? SDL_CreateRenderer(p->window, idx, 0) : NULL;
	if (p->renderer && !*p->note)
		snprintf(p->note, sizeof(p->note), "SDL's software renderer (a %s framebuffer)",
			 SDL_GetPixelFormatName(s->format->format));
	return p->renderer != NULL;
}

/* The renderer asked for, else SDL's first choice with a note saying why.
 * "auto" is software because under X11 the window then has a framebuffer
 * of its own in shared memory: it keeps its picture between frames, so a
 * frame redraws and sends only what changed, which costs less CPU than any
 * full frame even on a GPU's OpenGL, and loads no OpenGL driver at all
 * (Mesa's llvmpipe, on machines without a GPU, draws every frame whole on
 * the CPU). Where there is no such framebuffer (Wayland), SDL would copy a
 * software picture into a texture every frame; then SDL's first choice is
 * better. */
static bool create_renderer(struct platform *p, const char *want)
{
	const char *env = SDL_getenv("SDL_RENDER_DRIVER");
	bool autom = !want || strcmp(want, "auto") == 0;
	if (autom && env && strcmp(env, "software") == 0) {
		want = "software";
		autom = false;
	}
	if (strcmp(want ? want : "auto", "software") == 0 || (autom && !(env && *env))) {
		if (!create_software(p)) {
			snprintf(p->note, sizeof(p->note), "%ssoftware unavailable (%s)",
				 autom ? "auto: " : "", SDL_GetError());
			p->renderer = SDL_CreateRenderer(p->window, -1, 0);
		}
	} else if (autom) {
		snprintf(p->note, sizeof(p->note), "auto: SDL_RENDER_DRIVER=%s", env);
		p->renderer = SDL_CreateRenderer(p->window, -1, 0);
	} else {
		int idx = driver_index(want);
		p->renderer = idx >= 0 ? SDL_CreateRenderer(p->window, idx, 0) : NULL;
		if (!p->renderer) {
			snprintf(p->note, sizeof(p->note), "%s unavailable (%s)", want,
				 idx < 0 ? "not built into SDL" : SDL_GetError());
			p->renderer = SDL_CreateRenderer(p->window, -1, 0);
		}
	}
	p->painter.r = p->renderer;
	if (!p->renderer)
		return p->painter.soft.s != NULL;
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(p->renderer, &info) != 0)
		return false;
	/* SDL's software renderer draws into the window's surface, which stays. */
	p->retained = strcmp(info.name, "software") == 0;
	SDL_SetRenderDrawBlendMode(p->renderer, SDL_BLENDMODE_BLEND);
	return true;
}

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

/* The main thread's news for platform_prep_size. */
static void prep_publish(struct platform_prep *prep, int state, int w, int h)
{
	if (!prep->lock)
		return;
	SDL_LockMutex(prep->lock);
	prep->state = state;
	prep->w = w;
	prep->h = h;
	SDL_CondBroadcast(prep->sized);
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
	struct platform *p = xcalloc(1, sizeof(*p));
	p->cache = render_cache_create();
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
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		diag_add(err,
			 "cannot open the display %s (%s) — is cage or a desktop session running?",
			 sb_str(&named), SDL_GetError());
		sb_finish(&named);
		prep_publish(&fonts.prep, -1, 0, 0);
		join_fonts(p, &fonts, loader, err);
		render_cache_destroy(p->cache);
		fonts_destroy(p->fonts);
		if (p->ttf_ready)
			TTF_Quit();
		free(p);
		return NULL;
	}
	sb_finish(&named);
	p->img_ready = (IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG) & IMG_INIT_PNG) != 0;

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
	}
	p->window = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				     flags);
	if (!p->window)
		diag_add(err, "cannot open a window: %s", SDL_GetError());
	else if (!create_renderer(p, o->renderer))
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
	p->frames = frame_state_create();
	p->wake_event = SDL_RegisterEvents(1);
	if (p->wake_event == (Uint32)-1)
		p->wake_event = 0;
	SDL_AtomicSet(&p->width, w);
	SDL_AtomicSet(&p->height, h);
	if (o->touch_from_stdin) {
		SDL_Thread *t = SDL_CreateThread(touch_reader, "touch-hook", p);
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
	if (p->img_ready)
		IMG_Quit();
	if (p->ttf_ready)
		TTF_Quit();
	SDL_Quit();
	free(p);
}

void platform_wake(struct platform *p)
{
	if (!p->wake_event)
		return; /* the loop still wakes at its next timer or input */
	SDL_Event e = {0};
	e.type = p->wake_event;
	SDL_PushEvent(&e); /* SDL's queue is safe from any thread */
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

static int64_t finger_pointer(struct platform *p, SDL_FingerID id, bool claim, bool release)
{
	for (int i = 0; i < MAX_FINGERS; i++) {
		if (p->finger_used[i] && p->fingers[i] == id) {
			if (release)
				p->finger_used[i] = false;
			return i + 1;
		}
	}
	if (!claim)
		return -1;
	for (int i = 0; i < MAX_FINGERS; i++) {
		if (!p->finger_used[i]) {
			p->finger_used[i] = true;
			p->fingers[i] = id;
			return i + 1;
		}
	}
	return -1; /* more fingers than we track: ignore the extra one */
}

/* Window coordinates scaled to drawable pixels (they differ on HiDPI). */
static void to_pixels(struct platform *p, int wx, int wy, int *x, int *y)
{
	int ww, wh, pw, ph;
	SDL_GetWindowSize(p->window, &ww, &wh);
	platform_size(p, &pw, &ph);
	*x = ww > 0 ? wx * pw / ww : wx;
	*y = wh > 0 ? wy * ph / wh : wy;
}

static bool translate_finger(struct platform *p, const SDL_TouchFingerEvent *f,
			     struct input_event *ev)
{
	int pw, ph;
	platform_size(p, &pw, &ph);
	bool down = f->type == SDL_FINGERDOWN, up = f->type == SDL_FINGERUP;
	int64_t id = finger_pointer(p, f->fingerId, down, up);
	if (id < 0)
		return false;
	ev->kind = down ? INPUT_POINTER_DOWN : up ? INPUT_POINTER_UP : INPUT_POINTER_MOVE;
	ev->pointer = id;
	ev->x = (int)(f->x * (float)pw);
	ev->y = (int)(f->y * (float)ph);
	return true;
}

static bool translate_key(const SDL_KeyboardEvent *k, struct input_event *ev)
{
	SDL_Keycode sym = k->keysym.sym;
	Uint16 mod = k->keysym.mod;
	ev->kind = INPUT_KEY;
	ev->shift = (mod & KMOD_SHIFT) != 0;
	ev->keypad = 0;
	ev->key = KEY_NONE;
	if ((mod & KMOD_CTRL) && (mod & KMOD_ALT) && sym == SDLK_s)
		ev->key = KEY_STAFF;
	else if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
		return false; /* Alt+F4, Ctrl+Q and friends mean nothing here */
	else if (sym == SDLK_TAB)
		ev->key = KEY_TAB;
	else if (sym == SDLK_LEFT)
		ev->key = KEY_LEFT;
	else if (sym == SDLK_RIGHT)
		ev->key = KEY_RIGHT;
	else if (sym == SDLK_UP)
		ev->key = KEY_UP;
	else if (sym == SDLK_DOWN)
		ev->key = KEY_DOWN;
	else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER || sym == SDLK_SPACE)
		ev->key = KEY_ENTER;
	else if (sym == SDLK_BACKSPACE)
		ev->key = KEY_BACKSPACE;
	else if (sym == SDLK_INSERT)
		ev->key = KEY_REPEAT;
	else if (sym == SDLK_DELETE || sym == SDLK_KP_PERIOD || sym == SDLK_KP_COMMA)
		ev->key = KEY_BACK;
	else if (sym == SDLK_KP_PLUS)
		ev->key = KEY_LOUDER;
	else if (sym == SDLK_KP_MINUS)
		ev->key = KEY_QUIETER;
	else if (sym >= SDLK_0 && sym <= SDLK_9) {
		ev->key = KEY_DIGIT;
		ev->digit = (int)(sym - SDLK_0);
	} else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_0) {
		/* SDL names the keypad's keys by place, whether NumLock is on or off */
		ev->key = KEY_DIGIT;
		ev->keypad = 1;
		ev->digit = sym == SDLK_KP_0 ? 0 : (int)(sym - SDLK_KP_1) + 1;
	}
	return ev->key != KEY_NONE;
}

/* Returns true when e became an input event. */
static bool translate(struct platform *p, const SDL_Event *e, struct input_event *ev)
{
	ev->time_ms = (int64_t)SDL_GetTicks64();
	switch (e->type) {
	case SDL_QUIT:
		ev->kind = INPUT_TERMINATE;
		return true;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return false;
		ev->kind = e->type == SDL_MOUSEBUTTONDOWN ? INPUT_POINTER_DOWN : INPUT_POINTER_UP;
		ev->pointer = INPUT_MOUSE;
		to_pixels(p, e->button.x, e->button.y, &ev->x, &ev->y);
		return true;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID)
			return false;
		ev->kind = INPUT_POINTER_MOVE;
		ev->pointer = INPUT_MOUSE;
		to_pixels(p, e->motion.x, e->motion.y, &ev->x, &ev->y);
		return true;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
	case SDL_FINGERMOTION:
		return translate_finger(p, &e->tfinger, ev);
	case SDL_WINDOWEVENT:
		switch (e->window.event) {
		case SDL_WINDOWEVENT_SIZE_CHANGED:
			frame_state_invalidate(p->frames);
			ev->kind = INPUT_RESIZE;
			return true;
		case SDL_WINDOWEVENT_EXPOSED:
		case SDL_WINDOWEVENT_RESTORED:
		case SDL_WINDOWEVENT_SHOWN:
			frame_state_invalidate(p->frames);
			ev->kind = INPUT_EXPOSE;
			return true;
		case SDL_WINDOWEVENT_FOCUS_LOST:
		case SDL_WINDOWEVENT_HIDDEN:
		case SDL_WINDOWEVENT_MINIMIZED:
			/* A finger or button may never send its "up": end the gesture. */
			for (int i = 0; i < MAX_FINGERS; i++)
				p->finger_used[i] = false;
			ev->kind = INPUT_POINTER_CANCEL;
			if (e->window.event == SDL_WINDOWEVENT_MINIMIZED)
				SDL_RestoreWindow(p->window);
			return true;
		case SDL_WINDOWEVENT_CLOSE:
			return false; /* visitors cannot close the kiosk */
		}
		return false;
	case SDL_KEYDOWN:
		return translate_key(&e->key, ev);
	case SDL_RENDER_TARGETS_RESET:
	case SDL_RENDER_DEVICE_RESET:
		frame_state_invalidate(p->frames);
		ev->kind = INPUT_EXPOSE;
		return true;
	}
	return false;
}

bool platform_next_event(struct platform *p, int timeout_ms, struct input_event *ev)
{
	Uint64 deadline = SDL_GetTicks64() + (Uint64)(timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		SDL_Event e;
		int got;
		if (timeout_ms < 0) {
			got = SDL_WaitEvent(&e);
		} else {
			Uint64 now = SDL_GetTicks64();
			int left = now >= deadline ? 0 : (int)(deadline - now);
			got = left > 0 ? SDL_WaitEventTimeout(&e, left) : SDL_PollEvent(&e);
		}
		if (!got || (p->wake_event && e.type == p->wake_event))
			return false; /* as at a timeout: the caller looks at what woke it */
		if (translate(p, &e, ev))
			return true;
	}
}

void platform_present(struct platform *p, const struct draw_list *dl)
{
	int w, h;
	platform_size(p, &w, &h);
	if (!p->renderer) {
		/* a resized window has a new framebuffer (frame.c redraws it whole) */
		SDL_Surface *s = SDL_GetWindowSurface(p->window);
		if (!s)
			return;
		p->painter.soft = (struct soft_target){s, {0, 0, s->w, s->h}};
	}
	struct frame_target t = {&p->painter, p->window, p->fonts, p->cache, w, h, p->retained};
	frame_draw(p->frames, &t, dl, &p->last);
	SDL_AtomicSet(&p->width, w);
	SDL_AtomicSet(&p->height, h);
	render_cache_end_frame(p->cache);
}

const struct platform_frame *platform_last_frame(const struct platform *p)
{
	return &p->last;
}

const char *platform_renderer(const struct platform *p)
{
	if (!p->renderer)
		return "software";
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(p->renderer, &info) != 0)
		return "unknown";
	return info.name;
}

const char *platform_renderer_note(const struct platform *p)
{
	return p->note;
}
