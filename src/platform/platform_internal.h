/* Shared between the platform's own files; never included from outside. */
#ifndef VS_PLATFORM_INTERNAL_H
#define VS_PLATFORM_INTERNAL_H

#include "fonts.h"

#include <stdint.h>

struct text_cache;

struct text_cache *text_cache_create(void);
void text_cache_destroy(struct text_cache *tc);
/* A white texture of the text (colour-modulated when drawn), rasterised
 * once and kept while it is used. NULL if the text cannot be rendered. */
SDL_Texture *text_cache_get(struct text_cache *tc, SDL_Renderer *r, struct font_cache *fc,
			    enum font_face face, int size, const char *text, bool rtl, int *w,
			    int *h);
/* Called once per presented frame: frees textures unused for a while. */
void text_cache_end_frame(struct text_cache *tc);

/* An image file as a texture, or NULL (with a warning in SDL's log) when
 * it cannot be read (only a regular file of at most FS_READ_MAX bytes) or
 * decoded. */
SDL_Texture *render_load_image(SDL_Renderer *r, const char *path);
void render_list(SDL_Renderer *r, struct font_cache *fc, struct text_cache *tc,
		 const struct draw_list *dl);

#endif
