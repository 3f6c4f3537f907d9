/* Drawing in the window: which renderer draws (our own loops in the window's framebuffer,
 * SDL's software renderer or a GPU's), each frame presented through frame.c, and the names
 * the trace and the staff menu give the renderer. */
#include "platform/platform.h"

#include "platform_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int driver_index(const char *name)
{
	for (int i = 0; i < SDL_GetNumRenderDrivers(); i++) {
		SDL_RendererInfo info;
		if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, name) == 0)
			return i;
	}
	return -1;
}

/* The framebuffer's pages made now, in one call, rather than one fault at a
 * time as the first frame writes them: ~8 ms at 1920x1080 in X11 shared
 * memory, on the way to the first frame. Its content is left as it is. */
static void populate(const SDL_Surface *s)
{
#ifdef MADV_POPULATE_WRITE /* Linux 5.14; elsewhere the first frame faults them in */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)s->pixels & ~(page - 1);
	uintptr_t end = (uintptr_t)s->pixels + (size_t)s->pitch * (size_t)s->h;
	(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)s;
#endif
}

/* "software": our own loops (soft.c) in the window's framebuffer, where it
 * is one soft.c can draw into; else SDL's software renderer in it. */
static bool create_software(struct platform *p)
{
	SDL_Surface *s = SDL_GetWindowSurface(p->window);
	if (soft_supports(s)) {
		populate(s);
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
bool platform_open_renderer(struct platform *p, const char *want)
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
	p->trim_pending |= p->last.full;
	SDL_AtomicSet(&p->width, w);
	SDL_AtomicSet(&p->height, h);
	render_cache_end_frame(p->cache);
}

void platform_preload(struct platform *p)
{
	render_preload(p->cache);
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
