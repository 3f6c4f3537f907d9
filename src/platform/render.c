/* Turns a draw list into pixels. Rounded rectangles are triangle meshes
 * (SDL_RenderGeometry), so every renderer, the software one included, draws
 * them the same. Text is rasterised once per (face, size, string) into a
 * white texture and tinted when drawn, so a label costs a copy per frame. */
#include "platform_internal.h"

#include "common/fsutil.h"
#include "common/xalloc.h"

#include <SDL_image.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CORNER_STEPS 6
#define MAX_CONTOUR (4 * (CORNER_STEPS + 1))
/* Textures not drawn for this many frames are freed once the cache is big. */
#define TEXT_CACHE_KEEP_FRAMES 120
#define TEXT_CACHE_SOFT_LIMIT 512

struct text_entry {
	uint64_t hash;
	enum font_face face;
	int size;
	bool rtl;
	char *text;
	SDL_Texture *tex;
	int w, h;
	uint64_t last_used;
};

struct text_cache {
	struct text_entry *entries;
	size_t count, cap;
	uint64_t frame;
	/* Card pictures by path: few, loaded on first use, kept for the run
	 * (a keyword set names a few dozen at most). A file that cannot be
	 * read is remembered as NULL and the card simply shows no picture. */
	struct image_entry {
		char *path;
		SDL_Texture *tex;
		int w, h;
	} * images;
	size_t nimages, images_cap;
};

struct text_cache *text_cache_create(void)
{
	return xcalloc(1, sizeof(struct text_cache));
}

static void entry_free(struct text_entry *e)
{
	SDL_DestroyTexture(e->tex);
	free(e->text);
}

void text_cache_destroy(struct text_cache *tc)
{
	if (!tc)
		return;
	for (size_t i = 0; i < tc->count; i++)
		entry_free(&tc->entries[i]);
	free(tc->entries);
	for (size_t i = 0; i < tc->nimages; i++) {
		if (tc->images[i].tex)
			SDL_DestroyTexture(tc->images[i].tex);
		free(tc->images[i].path);
	}
	free(tc->images);
	free(tc);
}

static uint64_t hash_text(enum font_face face, int size, const char *text)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ^ ((uint64_t)face << 56) ^ ((uint64_t)size << 40);
}

SDL_Texture *text_cache_get(struct text_cache *tc, SDL_Renderer *r, struct font_cache *fc,
			    enum font_face face, int size, const char *text, bool rtl, int *w,
			    int *h)
{
	uint64_t hash = hash_text(face, size, text);
	for (size_t i = 0; i < tc->count; i++) {
		struct text_entry *e = &tc->entries[i];
		if (e->hash == hash && e->face == face && e->size == size && e->rtl == rtl &&
		    strcmp(e->text, text) == 0) {
			e->last_used = tc->frame;
			*w = e->w;
			*h = e->h;
			return e->tex;
		}
	}
	SDL_Surface *s = fonts_render(fc, face, size, text, rtl);
	if (!s)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(r, s);
	int sw = s->w, sh = s->h;
	SDL_FreeSurface(s);
	if (!tex)
		return NULL;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	xgrow((void **)&tc->entries, &tc->cap, tc->count + 1, sizeof(*tc->entries));
	tc->entries[tc->count++] = (struct text_entry){hash, face, size, rtl,	   xstrdup(text),
						       tex,  sw,   sh,	 tc->frame};
	*w = sw;
	*h = sh;
	return tex;
}

void text_cache_end_frame(struct text_cache *tc)
{
	tc->frame++;
	if (tc->count <= TEXT_CACHE_SOFT_LIMIT)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < tc->count; i++) {
		if (tc->frame - tc->entries[i].last_used > TEXT_CACHE_KEEP_FRAMES)
			entry_free(&tc->entries[i]);
		else
			tc->entries[kept++] = tc->entries[i];
	}
	tc->count = kept;
}

/* The outline of a rounded rectangle, clockwise from the top-left corner. */
static int contour(SDL_FPoint *pts, float x, float y, float w, float h, float rad)
{
	float max_rad = fminf(w, h) / 2;
	if (rad > max_rad)
		rad = max_rad;
	if (rad < 0)
		rad = 0;
	const float cx[4] = {x + rad, x + w - rad, x + w - rad, x + rad};
	const float cy[4] = {y + rad, y + rad, y + h - rad, y + h - rad};
	int n = 0;
	for (int c = 0; c < 4; c++) {
		float start = (float)M_PI * (1.0f + 0.5f * (float)c);
		for (int i = 0; i <= CORNER_STEPS; i++) {
			float a = start + (float)M_PI * 0.5f * (float)i / CORNER_STEPS;
			pts[n++] = (SDL_FPoint){cx[c] + rad * cosf(a), cy[c] + rad * sinf(a)};
		}
	}
	return n;
}

static SDL_Vertex vertex(SDL_FPoint p, SDL_Color c)
{
	return (SDL_Vertex){p, c, {0, 0}};
}

static void fill_rounded(SDL_Renderer *r, struct rect rc, SDL_Color c, int radius)
{
	if (radius <= 0) {
		SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
		SDL_RenderFillRect(r, &(SDL_Rect){rc.x, rc.y, rc.w, rc.h});
		return;
	}
	SDL_FPoint pts[MAX_CONTOUR];
	int n = contour(pts, (float)rc.x, (float)rc.y, (float)rc.w, (float)rc.h, (float)radius);
	SDL_Vertex v[3 * MAX_CONTOUR];
	SDL_FPoint centre = {rc.x + rc.w / 2.0f, rc.y + rc.h / 2.0f};
	int k = 0;
	for (int i = 0; i < n; i++) {
		v[k++] = vertex(centre, c);
		v[k++] = vertex(pts[i], c);
		v[k++] = vertex(pts[(i + 1) % n], c);
	}
	SDL_RenderGeometry(r, NULL, v, k, NULL, 0);
}

static void outline_rounded(SDL_Renderer *r, struct rect rc, SDL_Color c, int t, int radius)
{
	SDL_FPoint outer[MAX_CONTOUR], inner[MAX_CONTOUR];
	int n = contour(outer, (float)rc.x, (float)rc.y, (float)rc.w, (float)rc.h, (float)radius);
	contour(inner, (float)(rc.x + t), (float)(rc.y + t), (float)(rc.w - 2 * t),
		(float)(rc.h - 2 * t), (float)(radius > t ? radius - t : 0));
	SDL_Vertex v[6 * MAX_CONTOUR];
	int k = 0;
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		v[k++] = vertex(outer[i], c);
		v[k++] = vertex(outer[j], c);
		v[k++] = vertex(inner[i], c);
		v[k++] = vertex(inner[i], c);
		v[k++] = vertex(outer[j], c);
		v[k++] = vertex(inner[j], c);
	}
	SDL_RenderGeometry(r, NULL, v, k, NULL, 0);
}

SDL_Texture *render_load_image(SDL_Renderer *r, const char *path)
{
	/* through fs_read_file: an asset path that names a FIFO or a device
	 * must not hang the kiosk's frame, nor a huge file fill its memory */
	char *data = NULL;
	size_t len = 0;
	struct diag err;
	diag_init(&err);
	bool ok = fs_read_file(path, &data, &len, &err);
	if (!ok)
		SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "%s", diag_first(&err, path));
	diag_finish(&err);
	SDL_RWops *rw = ok && len <= INT_MAX ? SDL_RWFromConstMem(data, (int)len) : NULL;
	SDL_Texture *tex = rw ? IMG_LoadTexture_RW(r, rw, 1) : NULL;
	free(data);
	return tex;
}

static struct image_entry *image_get(struct text_cache *tc, SDL_Renderer *r, const char *path)
{
	for (size_t i = 0; i < tc->nimages; i++)
		if (strcmp(tc->images[i].path, path) == 0)
			return &tc->images[i];
	xgrow((void **)&tc->images, &tc->images_cap, tc->nimages + 1, sizeof(*tc->images));
	struct image_entry *e = &tc->images[tc->nimages++];
	*e = (struct image_entry){xstrdup(path), render_load_image(r, path), 0, 0};
	if (e->tex)
		SDL_QueryTexture(e->tex, NULL, NULL, &e->w, &e->h);
	return e;
}

static void render_image(SDL_Renderer *r, struct text_cache *tc, const struct draw_list *dl,
			 const struct draw_cmd *cmd)
{
	struct image_entry *e = image_get(tc, r, draw_cmd_text(dl, cmd));
	if (!e->tex || e->w <= 0 || e->h <= 0)
		return;
	/* Fit inside the box, keeping the picture's proportions. */
	double k = fmin((double)cmd->r.w / e->w, (double)cmd->r.h / e->h);
	int w = (int)(e->w * k), h = (int)(e->h * k);
	SDL_Rect dst = {cmd->r.x + (cmd->r.w - w) / 2, cmd->r.y + (cmd->r.h - h) / 2, w, h};
	SDL_RenderCopy(r, e->tex, NULL, &dst);
}

void render_list(SDL_Renderer *r, struct font_cache *fc, struct text_cache *tc,
		 const struct draw_list *dl)
{
	for (size_t i = 0; i < dl->count; i++) {
		const struct draw_cmd *cmd = &dl->cmds[i];
		SDL_Color c = {cmd->color.r, cmd->color.g, cmd->color.b, cmd->color.a};
		switch (cmd->kind) {
		case DRAW_FILL:
			fill_rounded(r, cmd->r, c, cmd->radius);
			break;
		case DRAW_OUTLINE:
			outline_rounded(r, cmd->r, c, cmd->thickness, cmd->radius);
			break;
		case DRAW_IMAGE:
			render_image(r, tc, dl, cmd);
			break;
		case DRAW_TEXT: {
			int w, h;
			SDL_Texture *tex = text_cache_get(tc, r, fc, cmd->face, cmd->size,
							  draw_cmd_text(dl, cmd), cmd->rtl, &w, &h);
			if (!tex)
				break;
			SDL_SetTextureColorMod(tex, c.r, c.g, c.b);
			SDL_SetTextureAlphaMod(tex, c.a);
			SDL_RenderCopy(r, tex, NULL, &(SDL_Rect){cmd->r.x, cmd->r.y, w, h});
			break;
		}
		}
	}
}
