/* Shared between the platform's own files; never included from outside. */
#ifndef VS_PLATFORM_INTERNAL_H
#define VS_PLATFORM_INTERNAL_H

#include "fonts.h"
#include "platform/platform.h"

#include <stdint.h>

/* render.c: drawing commands, with the textures a renderer keeps. */
struct render_cache;

struct render_cache *render_cache_create(void);
void render_cache_destroy(struct render_cache *rc); /* NULL-safe */
/* A texture of the text in colour c (its alpha applied when drawn),
 * rasterised once and kept while it is used. NULL if the text cannot be
 * rendered. */
SDL_Texture *render_text(struct render_cache *rc, SDL_Renderer *r, struct font_cache *fc,
			 enum font_face face, int size, const char *text, bool rtl, SDL_Color c,
			 int *w, int *h);
/* Called once per presented frame: frees textures unused for a while. */
void render_cache_end_frame(struct render_cache *rc);
/* One command, and every command of a list in order. */
void render_cmd(SDL_Renderer *r, struct font_cache *fc, struct render_cache *rc,
		const struct draw_list *dl, const struct draw_cmd *cmd);
void render_list(SDL_Renderer *r, struct font_cache *fc, struct render_cache *rc,
		 const struct draw_list *dl);
/* The pixels a command can touch (a text's as rasterised). */
struct rect render_bounds(SDL_Renderer *r, struct font_cache *fc, struct render_cache *rc,
			  const struct draw_list *dl, const struct draw_cmd *cmd);

/* shapes.c: rounded rectangles from cached corner masks. */
struct shape_cache;

struct shape_cache *shape_cache_create(void);
void shape_cache_destroy(struct shape_cache *sc); /* NULL-safe */
void shape_fill(SDL_Renderer *r, struct shape_cache *sc, struct rect rc, SDL_Color col, int radius);
/* A border thickness px wide inside rc. */
void shape_outline(SDL_Renderer *r, struct shape_cache *sc, struct rect rc, SDL_Color col,
		   int thickness, int radius);

/* frame.c: a frame drawn from what changed since the last one. */
struct frame_state;

struct frame_target {
	SDL_Renderer *r;
	SDL_Window *window; /* where damaged rectangles are sent (retained) */
	struct font_cache *fc;
	struct render_cache *rc;
	int w, h;
	/* The renderer draws into a picture that stays between frames (the
	 * window's framebuffer), so a frame may redraw and send only what
	 * changed; else each frame that changes anything is drawn whole. */
	bool retained;
};

struct frame_state *frame_state_create(void);
void frame_state_destroy(struct frame_state *fs); /* NULL-safe */
/* The screen no longer shows the last frame (exposed, cleared): the next
 * frame is drawn whole. */
void frame_state_invalidate(struct frame_state *fs);
/* Draws dl where it differs from the last frame and shows it. */
void frame_draw(struct frame_state *fs, const struct frame_target *t, const struct draw_list *dl,
		struct platform_frame *st);

#endif
