/* Turns draw commands into pixels, with a cache per renderer of what is
 * costly to make: each text is rasterised once per (face, size, string,
 * colour) into a texture already in its colour (so the software renderer
 * blends it without its slow colour-modulated path), each card picture is
 * loaded once and scaled once per size, and rounded corners come from
 * masks (shapes.c). A command then costs a few rectangle fills and copies,
 * and nothing is rasterised per frame. */
#include "platform_internal.h"

#include "common/fsutil.h"
#include "common/hash.h"
#include "common/xalloc.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Texts not in this many frames' lists are freed once the cache holds
 * more than this many of them, or more pixels than this: the attract
 * scene's labels (a few MB at 3840x2160) need not stay while a visitor
 * sorts. */
#define TEXT_CACHE_KEEP_FRAMES 120
#define TEXT_CACHE_SOFT_LIMIT 512
#define TEXT_CACHE_BUDGET_PX (1024 * 1024)
#define IMAGE_SIZES 4 /* scaled copies kept per picture: deck, lifted, ... */

struct text_entry {
	uint64_t hash;
	enum font_face face;
	int size;
	bool rtl;
	uint32_t rgb;
	char *text;
	struct picture pic;
	uint64_t last_used;
};

/* A card picture: its file's bytes, and copies scaled to the boxes it was
 * drawn in. Decoded only to make a copy of a new size: a card's picture
 * decoded is 256 kB, its file a few, and a kiosk with 12 cards kept 3 MB
 * of them for sizes it rarely needs again (a new size costs a decode,
 * ~1 ms). A file that cannot be read or decoded is remembered with w 0,
 * and the card simply shows no picture. */
struct image_entry {
	char *path;
	char *bytes;
	size_t len;
	int w, h;	  /* as decoded */
	SDL_Surface *src; /* decoded, until the first copy is made from it */
	struct picture scaled[IMAGE_SIZES];
	int next; /* the slot the next new size replaces */
};

struct render_cache {
	struct text_entry *entries;
	size_t count, cap;
	/* Open addressing over entries: index + 1, 0 empty; twice the size of
	 * entries at least, so that a lookup is a probe or two. */
	uint32_t *slots;
	size_t nslots;
	uint64_t frame;
	struct image_entry *images;
	size_t nimages, images_cap;
	struct image_lib img;
	struct shape_cache *shapes;
	int64_t text_px; /* pixels of all text pictures kept */
};

struct render_cache *render_cache_create(void)
{
	struct render_cache *rc = xcalloc(1, sizeof(*rc));
	rc->shapes = shape_cache_create();
	return rc;
}

static void entry_free(struct text_entry *e)
{
	picture_free(&e->pic);
	free(e->text);
}

static void image_free(struct image_entry *e)
{
	for (int i = 0; i < IMAGE_SIZES; i++)
		picture_free(&e->scaled[i]);
	SDL_FreeSurface(e->src);
	free(e->bytes);
	free(e->path);
}

void render_cache_destroy(struct render_cache *rc)
{
	if (!rc)
		return;
	for (size_t i = 0; i < rc->count; i++)
		entry_free(&rc->entries[i]);
	free(rc->entries);
	free(rc->slots);
	for (size_t i = 0; i < rc->nimages; i++)
		image_free(&rc->images[i]);
	free(rc->images);
	image_lib_close(&rc->img);
	shape_cache_destroy(rc->shapes);
	free(rc);
}

static uint64_t hash_text(enum font_face face, int size, const char *text, bool rtl, uint32_t rgb)
{
	uint64_t h = hash_mix_str(HASH_START, text);
	h = hash_mix_u64(h, (uint64_t)face);
	h = hash_mix_u64(h, (uint64_t)(unsigned)size);
	h = hash_mix_u64(h, (uint64_t)rtl);
	return hash_mix_u64(h, rgb);
}

static void index_rebuild(struct render_cache *rc)
{
	size_t n = 64;
	while (n < 2 * rc->count + 2)
		n *= 2;
	if (n != rc->nslots) {
		free(rc->slots);
		rc->slots = xmalloc(n * sizeof(*rc->slots));
		rc->nslots = n;
	}
	memset(rc->slots, 0, n * sizeof(*rc->slots));
	for (size_t i = 0; i < rc->count; i++) {
		size_t s = (size_t)rc->entries[i].hash & (n - 1);
		while (rc->slots[s])
			s = (s + 1) & (n - 1);
		rc->slots[s] = (uint32_t)(i + 1);
	}
}

/* The line in its colour: the white rendering with its colour put in. */
static SDL_Surface *tinted(struct font_cache *fc, enum font_face face, int size, const char *text,
			   bool rtl, uint32_t rgb)
{
	SDL_Surface *s = fonts_render(fc, face, size, text, rtl);
	if (!s || s->format->format != SDL_PIXELFORMAT_ARGB8888 || SDL_MUSTLOCK(s))
		return s; /* drawn white then; never happens with fonts_render */
	for (int y = 0; y < s->h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++)
			row[x] = (row[x] & 0xff000000u) | rgb;
	}
	return s;
}

struct picture *render_text(struct render_cache *rc, struct painter *p, struct font_cache *fc,
			    enum font_face face, int size, const char *text, bool rtl, SDL_Color c)
{
	uint32_t rgb = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
	uint64_t hash = hash_text(face, size, text, rtl, rgb);
	for (size_t s = rc->nslots ? (size_t)hash & (rc->nslots - 1) : 0;
	     rc->nslots && rc->slots[s]; s = (s + 1) & (rc->nslots - 1)) {
		struct text_entry *e = &rc->entries[rc->slots[s] - 1];
		if (e->hash == hash && e->face == face && e->size == size && e->rtl == rtl &&
		    e->rgb == rgb && strcmp(e->text, text) == 0) {
			e->last_used = rc->frame;
			return &e->pic;
		}
	}
	/* In its colour for a renderer; for soft.c its coverage alone */
	SDL_Surface *surf = p->r ? tinted(fc, face, size, text, rtl, rgb)
				 : fonts_render(fc, face, size, text, rtl);
	struct picture pic;
	if (!picture_make(&pic, p, surf, true, rgb))
		return NULL;
	xgrow((void **)&rc->entries, &rc->cap, rc->count + 1, sizeof(*rc->entries));
	rc->text_px += (int64_t)pic.w * pic.h;
	rc->entries[rc->count++] = (struct text_entry){
		.hash = hash,
		.face = face,
		.size = size,
		.rtl = rtl,
		.rgb = rgb,
		.text = xstrdup(text),
		.pic = pic,
		.last_used = rc->frame,
	};
	if (2 * rc->count + 2 > rc->nslots) {
		index_rebuild(rc);
	} else {
		size_t slot = (size_t)hash & (rc->nslots - 1);
		while (rc->slots[slot])
			slot = (slot + 1) & (rc->nslots - 1);
		rc->slots[slot] = (uint32_t)rc->count;
	}
	return &rc->entries[rc->count - 1].pic;
}

struct shape_cache *rc_shapes(struct render_cache *rc)
{
	return rc->shapes;
}

void render_cache_end_frame(struct render_cache *rc)
{
	rc->frame++;
	uint64_t keep;
	if (rc->text_px > TEXT_CACHE_BUDGET_PX)
		keep = 1; /* only what the last frame's list has (render_bounds) */
	else if (rc->count > TEXT_CACHE_SOFT_LIMIT)
		keep = TEXT_CACHE_KEEP_FRAMES;
	else
		return;
	size_t kept = 0;
	for (size_t i = 0; i < rc->count; i++) {
		struct text_entry *e = &rc->entries[i];
		if (rc->frame - e->last_used > keep) {
			rc->text_px -= (int64_t)e->pic.w * e->pic.h;
			entry_free(e);
		} else {
			rc->entries[kept++] = *e;
		}
	}
	if (kept == rc->count)
		return;
	rc->count = kept;
	index_rebuild(rc);
}

void render_preload(struct render_cache *rc)
{
	image_lib_ready(&rc->img);
}

static struct image_entry *image_get(struct render_cache *rc, const char *path)
{
	for (size_t i = 0; i < rc->nimages; i++)
		if (strcmp(rc->images[i].path, path) == 0)
			return &rc->images[i];
	xgrow((void **)&rc->images, &rc->images_cap, rc->nimages + 1, sizeof(*rc->images));
	struct image_entry *e = &rc->images[rc->nimages++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->bytes = image_read(path, &e->len);
	e->src = image_decode(&rc->img, e->bytes, e->len);
	if (e->src) {
		e->w = e->src->w;
		e->h = e->src->h;
	} else {
		free(e->bytes); /* it shows no picture: nothing to keep */
		e->bytes = NULL;
	}
	return e;
}

/* The picture scaled to w x h (nearest pixel, as the renderers scale by
 * default), made on first use of that size. */
static struct picture *image_scaled(struct render_cache *rc, struct image_entry *e,
				    struct painter *p, int w, int h)
{
	for (int i = 0; i < IMAGE_SIZES; i++)
		if ((e->scaled[i].tex || e->scaled[i].surf) && e->scaled[i].w == w &&
		    e->scaled[i].h == h)
			return &e->scaled[i];
	SDL_Surface *src = e->src ? e->src : image_decode(&rc->img, e->bytes, e->len);
	e->src = NULL;
	SDL_Surface *s = src ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
			     : NULL;
	if (s) {
		SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_NONE);
		if (SDL_BlitScaled(src, NULL, s, NULL) != 0) {
			SDL_FreeSurface(s);
			s = NULL;
		}
	}
	SDL_FreeSurface(src);
	if (!s)
		return NULL;
	int slot = e->next;
	e->next = (e->next + 1) % IMAGE_SIZES;
	picture_free(&e->scaled[slot]);
	if (!picture_make(&e->scaled[slot], p, s, false, 0))
		return NULL;
	return &e->scaled[slot];
}

/* A picture at (x, y), its alpha scaled by alpha. */
static void draw_picture(struct painter *p, struct picture *pic, int x, int y, Uint8 alpha)
{
	SDL_Rect all = {0, 0, pic->w, pic->h};
	if (!p->r && pic->a8) {
		SDL_Color c = {(Uint8)(pic->rgb >> 16), (Uint8)(pic->rgb >> 8), (Uint8)pic->rgb,
			       alpha};
		soft_mask(&p->soft, pic->a8, pic->w, all, x, y, c);
		return;
	}
	if (!p->r) {
		soft_blend(&p->soft, pic->surf, all, x, y, alpha);
		return;
	}
	/* made before there was a renderer (render_prep): a texture now */
	SDL_Texture *tex = picture_texture(pic, p->r);
	if (!tex)
		return;
	SDL_SetTextureAlphaMod(tex, alpha);
	SDL_RenderCopy(p->r, tex, NULL, &(SDL_Rect){x, y, pic->w, pic->h});
}

/* Where a picture lands: fitted inside the box, proportions kept. */
static bool image_place(const struct image_entry *e, struct rect box, SDL_Rect *dst)
{
	if (e->w <= 0 || e->h <= 0)
		return false;
	double k = fmin((double)box.w / e->w, (double)box.h / e->h);
	int w = (int)(e->w * k), h = (int)(e->h * k);
	*dst = (SDL_Rect){box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h};
	return w > 0 && h > 0;
}

static SDL_Color color_of(const struct draw_cmd *cmd)
{
	return (SDL_Color){cmd->color.r, cmd->color.g, cmd->color.b, cmd->color.a};
}

void render_cmd(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		const struct draw_list *dl, const struct draw_cmd *cmd)
{
	SDL_Color c = color_of(cmd);
	switch (cmd->kind) {
	case DRAW_FILL:
		shape_fill(p, rc->shapes, cmd->r, c, cmd->radius);
		break;
	case DRAW_OUTLINE:
		shape_outline(p, rc->shapes, cmd->r, c, cmd->thickness, cmd->radius);
		break;
	case DRAW_IMAGE: {
		struct image_entry *e = image_get(rc, draw_cmd_text(dl, cmd));
		SDL_Rect dst;
		if (!image_place(e, cmd->r, &dst) ||
		    !painter_visible(p, dst.x, dst.y, dst.w, dst.h))
			break;
		struct picture *pic = image_scaled(rc, e, p, dst.w, dst.h);
		if (pic)
			draw_picture(p, pic, dst.x, dst.y, 255);
		break;
	}
	case DRAW_TEXT: {
		struct picture *pic = render_text(rc, p, fc, cmd->face, cmd->size,
						  draw_cmd_text(dl, cmd), cmd->rtl, c);
		if (pic)
			draw_picture(p, pic, cmd->r.x, cmd->r.y, c.a);
		break;
	}
	}
}

void render_prep(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		 const struct draw_list *dl, const struct draw_cmd *cmd)
{
	if (cmd->kind == DRAW_TEXT) {
		render_text(rc, p, fc, cmd->face, cmd->size, draw_cmd_text(dl, cmd), cmd->rtl,
			    color_of(cmd));
	} else if (cmd->kind == DRAW_IMAGE) {
		struct image_entry *e = image_get(rc, draw_cmd_text(dl, cmd));
		SDL_Rect dst;
		if (image_place(e, cmd->r, &dst))
			image_scaled(rc, e, p, dst.w, dst.h);
	}
}

struct rect render_bounds(struct painter *p, struct font_cache *fc, struct render_cache *rc,
			  const struct draw_list *dl, const struct draw_cmd *cmd)
{
	if (cmd->kind != DRAW_TEXT)
		return cmd->r;
	const struct picture *pic = render_text(rc, p, fc, cmd->face, cmd->size,
						draw_cmd_text(dl, cmd), cmd->rtl, color_of(cmd));
	return (struct rect){cmd->r.x, cmd->r.y, pic ? pic->w : 0, pic ? pic->h : 0};
}

void render_list(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		 const struct draw_list *dl)
{
	for (size_t i = 0; i < dl->count; i++)
		render_cmd(p, fc, rc, dl, &dl->cmds[i]);
}
