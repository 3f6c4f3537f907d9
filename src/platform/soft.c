/* Drawing into the window's framebuffer with our own loops, for the
 * software path. SDL's own software fills use non-temporal stores, which
 * on a small virtual machine cost about a microsecond per row of a card
 * (a card's fill took longer than a 1920-pixel row of the same height),
 * and its alpha blits several nanoseconds a pixel, more with a colour
 * mod. The kiosk draws only opaque fills, text and pictures with straight
 * alpha, and hard-edged corner masks; plain loops over 32-bit pixels do
 * those in cache, and blend as SDL does (d + (s - d) * a / 256 per
 * channel), so a picture looks the same either way. */
#include "platform_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool soft_supports(const SDL_Surface *s)
{
	return s &&
	       (s->format->format == SDL_PIXELFORMAT_RGB888 ||
		s->format->format == SDL_PIXELFORMAT_ARGB8888) &&
	       !SDL_MUSTLOCK(s);
}

/* (x, y, w, h) cut to the clip; false when nothing is left. */
static bool cut(const struct soft_target *t, int *x, int *y, int *w, int *h)
{
	int x0 = *x > t->clip.x ? *x : t->clip.x;
	int y0 = *y > t->clip.y ? *y : t->clip.y;
	int x1 = *x + *w < t->clip.x + t->clip.w ? *x + *w : t->clip.x + t->clip.w;
	int y1 = *y + *h < t->clip.y + t->clip.h ? *y + *h : t->clip.y + t->clip.h;
	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	if (x1 > t->s->w)
		x1 = t->s->w;
	if (y1 > t->s->h)
		y1 = t->s->h;
	if (x1 <= x0 || y1 <= y0)
		return false;
	*x = x0;
	*y = y0;
	*w = x1 - x0;
	*h = y1 - y0;
	return true;
}

static Uint32 *row(const SDL_Surface *s, int x, int y)
{
	return (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch) + x;
}

/* s over d with coverage a (1..254), per channel; the alpha byte of d
 * grows as SDL's does, so an ARGB window surface stays opaque. */
static Uint32 blend(Uint32 d, Uint32 s, Uint32 a)
{
	Uint32 rb = d & 0xff00ff, g = d & 0xff00;
	rb = (rb + (((s & 0xff00ff) - rb) * a >> 8)) & 0xff00ff;
	g = (g + (((s & 0xff00) - g) * a >> 8)) & 0xff00;
	Uint32 da = d >> 24;
	da = a + (da * (a ^ 0xff) >> 8);
	return rb | g | da << 24;
}

void soft_fill(const struct soft_target *t, struct rect r, SDL_Color c)
{
	int x = r.x, y = r.y, w = r.w, h = r.h;
	if (c.a == 0 || !cut(t, &x, &y, &w, &h))
		return;
	Uint32 v = 0xff000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
	if (c.a == 255) {
		Uint32 *first = row(t->s, x, y);
		for (int i = 0; i < w; i++)
			first[i] = v;
		for (int j = 1; j < h; j++)
			memcpy(row(t->s, x, y + j), first, (size_t)w * sizeof(*first));
		return;
	}
	/* A translucent fill (a shadow, the dragged card) mostly lies over
	 * runs of one colour: its result is a function of the pixel under it
	 * alone, so four pixels equal to the last one blended take its result
	 * without the arithmetic. Other pixels are blended as before. */
	for (int j = 0; j < h; j++) {
		Uint32 *d = row(t->s, x, y + j);
		Uint32 last = d[0], res = blend(last, v, c.a);
		int i = 0;
		for (; i + 4 <= w; i += 4) {
			if (d[i] == last && d[i + 1] == last && d[i + 2] == last &&
			    d[i + 3] == last) {
				d[i] = d[i + 1] = d[i + 2] = d[i + 3] = res;
				continue;
			}
			last = d[i + 3];
			for (int k = i; k < i + 4; k++)
				d[k] = blend(d[k], v, c.a);
			res = d[i + 3];
		}
		for (; i < w; i++)
			d[i] = blend(d[i], v, c.a);
	}
}

void soft_blend(const struct soft_target *t, const SDL_Surface *src, SDL_Rect from, int dx, int dy,
		Uint8 alpha)
{
	int x = dx, y = dy, w = from.w, h = from.h;
	if (alpha == 0 || !cut(t, &x, &y, &w, &h))
		return;
	int sx = from.x + (x - dx), sy = from.y + (y - dy);
	for (int j = 0; j < h; j++) {
		const Uint32 *s = row(src, sx, sy + j);
		Uint32 *d = row(t->s, x, y + j);
		int i = 0;
		if (alpha == 255) {
			/* Text is mostly empty space between glyphs and solid
			 * strokes: four pixels at a time skip or copy those. */
			for (; i + 4 <= w; i += 4) {
				Uint32 all = s[i] & s[i + 1] & s[i + 2] & s[i + 3];
				Uint32 any = s[i] | s[i + 1] | s[i + 2] | s[i + 3];
				if ((any >> 24) == 0)
					continue;
				if ((all >> 24) == 255) {
					memcpy(d + i, s + i, 4 * sizeof(*d));
					continue;
				}
				for (int k = i; k < i + 4; k++) {
					Uint32 a = s[k] >> 24;
					if (a == 255)
						d[k] = s[k];
					else if (a)
						d[k] = blend(d[k], s[k], a);
				}
			}
		}
		for (; i < w; i++) {
			Uint32 p = s[i], a = p >> 24;
			if (alpha != 255)
				a = a * alpha / 255;
			if (a == 255)
				d[i] = p;
			else if (a)
				d[i] = blend(d[i], p, a);
		}
	}
}

void soft_mask(const struct soft_target *t, const Uint8 *a8, int pitch, SDL_Rect from, int dx,
	       int dy, SDL_Color c)
{
	int x = dx, y = dy, w = from.w, h = from.h;
	if (c.a == 0 || !cut(t, &x, &y, &w, &h))
		return;
	int sx = from.x + (x - dx), sy = from.y + (y - dy);
	Uint32 v = 0xff000000u | (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
	for (int j = 0; j < h; j++) {
		const Uint8 *m = a8 + (size_t)(sy + j) * (size_t)pitch + sx;
		Uint32 *d = row(t->s, x, y + j);
		int i = 0;
		if (c.a == 255) {
			/* Empty space and solid strokes, eight pixels at a time:
			 * a 4K label is mostly the empty space around its glyphs,
			 * which this loop mostly skips. */
			for (; i + 8 <= w; i += 8) {
				uint64_t q;
				memcpy(&q, m + i, sizeof(q));
				if (q == 0)
					continue;
				if (q == UINT64_MAX) {
					for (int k = i; k < i + 8; k++)
						d[k] = v;
					continue;
				}
				for (int k = i; k < i + 8; k++) {
					if (m[k] == 255)
						d[k] = v;
					else if (m[k])
						d[k] = blend(d[k], v, m[k]);
				}
			}
		}
		for (; i < w; i++) {
			Uint32 a = m[i];
			if (c.a != 255)
				a = a * c.a / 255;
			if (a == 255)
				d[i] = v;
			else if (a)
				d[i] = blend(d[i], v, a);
		}
	}
}

void painter_clip(struct painter *p, const struct rect *clip)
{
	if (p->r) {
		SDL_RenderSetClipRect(p->r, clip ? &(SDL_Rect){clip->x, clip->y, clip->w, clip->h}
						 : NULL);
		return;
	}
	p->soft.clip = clip ? *clip : (struct rect){0, 0, p->soft.s->w, p->soft.s->h};
}

bool painter_visible(const struct painter *p, int x, int y, int w, int h)
{
	if (w <= 0 || h <= 0)
		return false;
	SDL_Rect c;
	if (p->r) {
		if (!SDL_RenderIsClipEnabled(p->r))
			return true;
		SDL_RenderGetClipRect(p->r, &c);
	} else {
		c = (SDL_Rect){p->soft.clip.x, p->soft.clip.y, p->soft.clip.w, p->soft.clip.h};
	}
	return x < c.x + c.w && c.x < x + w && y < c.y + c.h && c.y < y + h;
}

/* The alpha channel of an ARGB8888 surface as a plane of its own. */
static Uint8 *coverage(const SDL_Surface *s)
{
	Uint8 *a8 = malloc((size_t)s->w * (size_t)s->h + 1);
	if (!a8)
		return NULL;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *r = row(s, 0, y);
		for (int x = 0; x < s->w; x++)
			a8[(size_t)y * (size_t)s->w + (size_t)x] = (Uint8)(r[x] >> 24);
	}
	return a8;
}

bool picture_make(struct picture *pic, struct painter *p, SDL_Surface *s, bool one_colour,
		  Uint32 rgb)
{
	*pic = (struct picture){.rgb = rgb};
	if (!s)
		return false;
	pic->w = s->w;
	pic->h = s->h;
	if (p->r) {
		pic->tex = SDL_CreateTextureFromSurface(p->r, s);
		SDL_FreeSurface(s);
		if (pic->tex)
			SDL_SetTextureBlendMode(pic->tex, SDL_BLENDMODE_BLEND);
		return pic->tex != NULL;
	}
	if (s->format->format != SDL_PIXELFORMAT_ARGB8888 || SDL_MUSTLOCK(s)) {
		SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
		SDL_FreeSurface(s);
		s = c;
		if (!s)
			return false;
	}
	if (!one_colour) {
		pic->surf = s;
		return true;
	}
	pic->a8 = coverage(s);
	SDL_FreeSurface(s);
	return pic->a8 != NULL;
}

SDL_Texture *picture_texture(struct picture *pic, SDL_Renderer *r)
{
	if (pic->tex || (!pic->surf && !pic->a8))
		return pic->tex;
	SDL_Surface *s = pic->surf;
	if (!s) {
		s = SDL_CreateRGBSurfaceWithFormat(0, pic->w, pic->h, 32, SDL_PIXELFORMAT_ARGB8888);
		for (int y = 0; s && y < s->h; y++) {
			Uint32 *d = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
			for (int x = 0; x < s->w; x++)
				d[x] = (Uint32)pic->a8[(size_t)y * (size_t)s->w + (size_t)x] << 24 |
				       pic->rgb;
		}
	}
	pic->tex = s ? SDL_CreateTextureFromSurface(r, s) : NULL;
	if (s && s != pic->surf)
		SDL_FreeSurface(s);
	if (!pic->tex)
		return NULL;
	SDL_SetTextureBlendMode(pic->tex, SDL_BLENDMODE_BLEND);
	SDL_FreeSurface(pic->surf);
	free(pic->a8);
	pic->surf = NULL;
	pic->a8 = NULL;
	return pic->tex;
}

void picture_free(struct picture *pic)
{
	if (pic->tex)
		SDL_DestroyTexture(pic->tex);
	SDL_FreeSurface(pic->surf);
	free(pic->a8);
	*pic = (struct picture){0};
}
