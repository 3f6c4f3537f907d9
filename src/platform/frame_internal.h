/* frame.c and frame_ahead.c: a frame drawn from what changed since the
 * last one, and the first frame drawn before the window existed. */
#ifndef VS_FRAME_INTERNAL_H
#define VS_FRAME_INTERNAL_H

#include "platform_internal.h"

#define MAX_DAMAGE 128

struct frame_state {
	struct draw_list prev; /* what is on screen */
	struct rect *pb, *nb;  /* bounds of prev's commands and of the new ones */
	size_t pb_cap, nb_cap;
	bool valid; /* the screen shows prev (no expose, resize or clear since) */
	int w, h;
	struct rect dmg[MAX_DAMAGE];
	int nd;
	/* The first frame, drawn before there was a window (frame_draw_ahead),
	 * in pages of its own: freed as soon as it is copied in, whole. */
	SDL_Surface *ahead;
	void *ahead_px;
	size_t ahead_len;
};

/* Draws dl inside clip from the last command that covers it; black below,
 * as a cleared frame would be, when none does. */
void frame_draw_in(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		   const struct draw_list *dl, const struct rect *bounds, struct rect clip);
/* dl (its bounds in fs->nb) is what the screen shows now, at w x h. */
void frame_keep(struct frame_state *fs, const struct draw_list *dl, int w, int h);

/* frame_ahead.c: the first frame drawn ahead copied into the window's
 * framebuffer when that is its size and format (true); dropped either way. */
bool frame_take_ahead(struct frame_state *fs, const struct frame_target *t);
void frame_drop_ahead(struct frame_state *fs); /* when there is none, nothing */

#endif
