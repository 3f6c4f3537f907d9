/* Shared between the platform's own files; never included from outside. */
#ifndef VS_PLATFORM_INTERNAL_H
#define VS_PLATFORM_INTERNAL_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "ui/draw.h"
#include "ui/text.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <stdint.h>

struct font_cache;

struct font_cache *fonts_create(const char *font_dir, struct diag *err);
void fonts_destroy(struct font_cache *fc);
/* The font file (index into the bundled faces) at a pixel size, opened on
 * first use. */
TTF_Font *fonts_get(struct font_cache *fc, int file, int size);
/* The font for a face at a size that can draw text (Arabic or Latin). */
TTF_Font *fonts_pick(struct font_cache *fc, enum font_face face, int size, const char *text,
		     size_t len);
const struct text_metrics *fonts_metrics(struct font_cache *fc);
/* text as it must be handed to SDL_ttf (numbers kept left to right in a
 * right-to-left run); valid until the next call. */
const char *fonts_prepare(struct font_cache *fc, const char *text, size_t len, bool rtl);

/* A stretch of a string drawn with one font file. */
struct font_run {
	int file;
	size_t start, len;
	bool rtl;
};
size_t fonts_runs(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len, struct font_run *runs, size_t max);
/* Width of text on one line, across its runs. */
int fonts_measure(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len);
/* text rendered white on transparent, runs composed in visual order. */
SDL_Surface *fonts_render(struct font_cache *fc, enum font_face face, int size, const char *text);

struct text_cache;

struct text_cache *text_cache_create(void);
void text_cache_destroy(struct text_cache *tc);
/* A white texture of the text (colour-modulated when drawn), rasterised
 * once and kept while it is used. NULL if the text cannot be rendered. */
SDL_Texture *text_cache_get(struct text_cache *tc, SDL_Renderer *r, struct font_cache *fc,
			    enum font_face face, int size, const char *text, int *w, int *h);
/* Called once per presented frame: frees textures unused for a while. */
void text_cache_end_frame(struct text_cache *tc);

/* An image file as a texture, or NULL (with a warning in SDL's log) when
 * it cannot be read (only a regular file of at most FS_READ_MAX bytes) or
 * decoded. */
SDL_Texture *render_load_image(SDL_Renderer *r, const char *path);
void render_list(SDL_Renderer *r, struct font_cache *fc, struct text_cache *tc,
		 const struct draw_list *dl);

#endif
