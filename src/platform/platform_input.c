/* The window's input. Visitors must not be able to close, minimise or quit the kiosk, so
 * window-close and focus loss become nothing worse than a cancelled gesture; only
 * SIGTERM/SIGINT (which SDL turns into SDL_QUIT) end it. Touches are taken from SDL's finger
 * events, not from the mouse events SDL synthesises from them, so each finger is its own
 * pointer; the tests' touch hook feeds the same finger events. */
#include "platform/platform.h"

#include "platform_internal.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The touch hook's thread: each line becomes one SDL finger event pushed
 * into the same queue real touch screens feed. */
int platform_touch_reader(void *data)
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

void platform_wake(struct platform *p)
{
	if (!p->wake_event)
		return; /* the loop still wakes at its next timer or input */
	SDL_Event e = {0};
	e.type = p->wake_event;
	SDL_PushEvent(&e); /* SDL's queue is safe from any thread */
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

/* glibc keeps what is freed for later, in whichever thread's arena it
 * came from, and gives memory back only from the top of each: fitting a
 * scene opens and closes fonts and a new scene frees the old one's texts
 * and pictures, leaving free pages among the live ones (3-6 MB after the
 * sort scene's first frame). Given back when nothing is waiting, so that
 * no answer to a touch waits for it. */
static void give_back_idle(struct platform *p)
{
#ifdef __GLIBC__
	if (!p->trim_pending || SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
		return;
	p->trim_pending = false;
	malloc_trim(0); /* 0.1-0.7 ms here */
#else
	p->trim_pending = false;
#endif
}

bool platform_next_event(struct platform *p, int timeout_ms, struct input_event *ev)
{
	if (timeout_ms != 0)
		give_back_idle(p);
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
