/* Offscreen drawing for report images: SDL's software renderer on a memory
 * surface needs no display (reports are made on servers and in CI), and it
 * runs the very render_list() and fonts the window uses. */
#include "platform/platform.h"

#include "platform_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct platform_canvas {
	struct font_cache *fonts;
	struct image_lib img;
};

struct platform_canvas *platform_canvas_create(const char *font_dir, struct diag *err)
{
	if (TTF_Init() != 0) {
		diag_add(err, "cannot start the font engine: %s", TTF_GetError());
		return NULL;
	}
	struct font_cache *fc = fonts_create(font_dir, err);
	if (!fc) {
		TTF_Quit();
		return NULL;
	}
	struct platform_canvas *c = xcalloc(1, sizeof(*c));
	c->fonts = fc;
	return c;
}

const struct text_metrics *platform_canvas_metrics(struct platform_canvas *c)
{
	return fonts_metrics(c->fonts);
}

void platform_canvas_destroy(struct platform_canvas *c)
{
	if (!c)
		return;
	fonts_destroy(c->fonts);
	image_lib_close(&c->img);
	TTF_Quit();
	free(c);
}

/* Draws dl onto a new surface; NULL with a diag line on failure. */
static SDL_Surface *platform_canvas_draw(struct platform_canvas *c, const struct draw_list *dl,
					 int w, int h, struct diag *err)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		diag_add(err, "cannot make a %dx%d image: %s", w, h, SDL_GetError());
		return NULL;
	}
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	if (!r) {
		diag_add(err, "cannot draw an image: %s", SDL_GetError());
		SDL_FreeSurface(s);
		return NULL;
	}
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
	SDL_RenderClear(r);
	/* text textures belong to this renderer, so the cache lives as long */
	struct render_cache *rc = render_cache_create();
	struct painter painter = {.r = r};
	render_list(&painter, c->fonts, rc, dl);
	SDL_RenderFlush(r); /* draw calls are batched until a flush */
	render_cache_destroy(rc);
	SDL_DestroyRenderer(r);
	return s;
}

bool platform_canvas_save_png(struct platform_canvas *c, const struct draw_list *dl, int w, int h,
			      const char *path, struct diag *err)
{
	if (w < 1 || h < 1 || w > 16384 || h > 16384) {
		diag_add(err, "%s: an image of %dx%d pixels is out of range", path, w, h);
		return false;
	}
	SDL_Surface *s = platform_canvas_draw(c, dl, w, h, err);
	if (!s)
		return false;
	struct strbuf tmp;
	sb_init(&tmp);
	sb_appendf(&tmp, "%s.tmp", path);
	bool ok = image_save_png(&c->img, s, sb_str(&tmp), err);
	if (ok && rename(sb_str(&tmp), path) != 0) {
		diag_add(err, "%s: cannot write the image: %s", path, strerror(errno));
		ok = false;
	}
	if (!ok)
		remove(sb_str(&tmp));
	sb_finish(&tmp);
	SDL_FreeSurface(s);
	return ok;
}
