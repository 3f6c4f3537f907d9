/* The first frame drawn before the window exists (frame_draw_ahead, on the
 * font thread while SDL opens the window) and taken into the window's first
 * frame: then it is on screen a copy after the window is, not a whole
 * drawing. */
#include "frame_internal.h"

#include "common/xalloc.h"

#include <string.h>
#include <sys/mman.h>

void frame_drop_ahead(struct frame_state *fs)
{
	if (!fs->ahead)
		return;
	SDL_FreeSurface(fs->ahead);
	munmap(fs->ahead_px, fs->ahead_len);
	fs->ahead = NULL;
}

void frame_draw_ahead(struct frame_state *fs, struct font_cache *fc, struct render_cache *rc,
		      const struct draw_list *dl, int w, int h)
{
	frame_drop_ahead(fs);
	/* Mapped, not allocated: glibc would raise its mmap threshold to the
	 * size of a freed block this large, and keep later ones in its heap. */
	size_t len = (size_t)w * (size_t)h * 4;
	void *px = w > 0 && h > 0 ? mmap(NULL, len, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
				  : MAP_FAILED;
	if (px == MAP_FAILED)
		return;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4,
							    SDL_PIXELFORMAT_RGB888);
	if (!s) {
		munmap(px, len);
		return;
	}
	struct painter p = {.soft = {s, {0, 0, w, h}}};
	xgrow((void **)&fs->nb, &fs->nb_cap, dl->count + 1, sizeof(*fs->nb));
	for (size_t i = 0; i < dl->count; i++)
		fs->nb[i] = render_bounds(&p, fc, rc, dl, &dl->cmds[i]);
	frame_draw_in(&p, fc, rc, dl, fs->nb, (struct rect){0, 0, w, h});
	frame_keep(fs, dl, w, h);
	fs->valid = false; /* no window shows it yet */
	fs->ahead = s;
	fs->ahead_px = px;
	fs->ahead_len = len;
}

/* The screen then holds the list the picture was drawn from, and the frame
 * only redraws what changed since. */
bool frame_take_ahead(struct frame_state *fs, const struct frame_target *t)
{
	const SDL_Surface *dst = t->p->soft.s, *src = fs->ahead;
	bool fits = !t->p->r && t->retained && dst && dst->w == src->w && dst->h == src->h &&
		    t->w == src->w && t->h == src->h && dst->format->format == src->format->format;
	if (fits) {
		for (int y = 0; y < src->h; y++)
			memcpy((Uint8 *)dst->pixels + (size_t)y * (size_t)dst->pitch,
			       (const Uint8 *)src->pixels + (size_t)y * (size_t)src->pitch,
			       (size_t)src->w * 4);
		fs->valid = true;
	}
	frame_drop_ahead(fs);
	return fits;
}
