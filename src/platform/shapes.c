/* Rounded rectangles, filled and outlined, drawn as opaque rectangles plus
 * four corner pieces cut from a mask made once per radius and thickness.
 * Most of a card is then a plain fill without blending, which every
 * renderer does fastest (the software one as a memset), and no triangle
 * mesh is built per frame. The masks are the very polygon the kiosk used to
 * draw as a triangle fan (CORNER_STEPS segments per quarter, sampled at
 * pixel centres, no anti-aliasing), so the corners look as they did. */
#include "platform_internal.h"

#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>

#define CORNER_STEPS 6
#define MAX_CONTOUR (4 * (CORNER_STEPS + 1))

struct shape_mask {
	int radius, thickness; /* thickness 0: a fill's corners */
	int c;		       /* the corner piece is c x c pixels */
	struct picture pic;    /* 2c x 2c, white, the shape in its alpha */
};

struct shape_cache {
	struct shape_mask *masks;
	size_t count, cap;
};

struct shape_cache *shape_cache_create(void)
{
	return xcalloc(1, sizeof(struct shape_cache));
}

void shape_cache_destroy(struct shape_cache *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->count; i++)
		picture_free(&sc->masks[i].pic);
	free(sc->masks);
	free(sc);
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

/* Where the edges of a closed polygon cross the row of pixel centres at
 * py: the even-odd rule then puts a centre px inside when an odd number of
 * them lie to its right. Worked out once a row, not once a pixel: a large
 * pill's masks were 2 ms of the first frame. */
static int crossings(const SDL_FPoint *pts, int n, float py, float *xs)
{
	int k = 0;
	for (int i = 0, j = n - 1; i < n; j = i++)
		if ((pts[i].y > py) != (pts[j].y > py))
			xs[k++] = (pts[j].x - pts[i].x) * (py - pts[i].y) / (pts[j].y - pts[i].y) +
				  pts[i].x;
	return k;
}

static bool inside(const float *xs, int k, float px)
{
	bool in = false;
	for (int i = 0; i < k; i++)
		if (px < xs[i])
			in = !in;
	return in;
}

/* A 2c x 2c rounded rectangle (or its ring), white in the alpha channel. */
static SDL_Surface *make_mask(int radius, int thickness, int c)
{
	int s = 2 * c;
	SDL_Surface *m = SDL_CreateRGBSurfaceWithFormat(0, s, s, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!m)
		return NULL;
	SDL_FPoint outer[MAX_CONTOUR], inner[MAX_CONTOUR];
	int no = contour(outer, 0, 0, (float)s, (float)s, (float)radius);
	int ni = 0;
	if (thickness > 0)
		ni = contour(inner, (float)thickness, (float)thickness, (float)(s - 2 * thickness),
			     (float)(s - 2 * thickness),
			     (float)(radius > thickness ? radius - thickness : 0));
	float xo[MAX_CONTOUR], xi[MAX_CONTOUR];
	for (int y = 0; y < s; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)m->pixels + y * m->pitch);
		float py = (float)y + 0.5f;
		int ko = crossings(outer, no, py, xo);
		int ki = ni ? crossings(inner, ni, py, xi) : 0;
		for (int x = 0; x < s; x++) {
			float px = (float)x + 0.5f;
			bool on = inside(xo, ko, px) && !(ni && inside(xi, ki, px));
			row[x] = on ? 0xffffffffu : 0x00ffffffu;
		}
	}
	return m;
}

static struct shape_mask *mask_get(struct shape_cache *sc, struct painter *p, int radius,
				   int thickness)
{
	for (size_t i = 0; i < sc->count; i++)
		if (sc->masks[i].radius == radius && sc->masks[i].thickness == thickness)
			return &sc->masks[i];
	int c = radius > thickness ? radius : thickness;
	xgrow((void **)&sc->masks, &sc->cap, sc->count + 1, sizeof(*sc->masks));
	struct shape_mask *m = &sc->masks[sc->count++];
	*m = (struct shape_mask){.radius = radius, .thickness = thickness, .c = c};
	picture_make(&m->pic, p, make_mask(radius, thickness, c), true, 0xffffff);
	return m;
}

static void set_color(struct painter *p, SDL_Color c)
{
	if (!p->r)
		return;
	/* Opaque fills overwrite: no blending, which costs a read per pixel. */
	SDL_SetRenderDrawBlendMode(p->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(p->r, c.r, c.g, c.b, c.a);
}

/* Pieces wholly outside the clip are skipped before anything is queued:
 * a frame that redraws a card's edge leaves the rest of the card alone. */
static void fill(struct painter *p, SDL_Color col, int x, int y, int w, int h)
{
	if (!painter_visible(p, x, y, w, h))
		return;
	if (p->r)
		SDL_RenderFillRect(p->r, &(SDL_Rect){x, y, w, h});
	else
		soft_fill(&p->soft, (struct rect){x, y, w, h}, col);
}

/* The four c x c corner pieces of the mask at the corners of rc. */
static void corners(struct painter *p, const struct shape_mask *m, struct rect rc, SDL_Color col)
{
	if (!m->pic.tex && !m->pic.a8)
		return;
	int c = m->c;
	if (p->r) {
		SDL_SetTextureColorMod(m->pic.tex, col.r, col.g, col.b);
		SDL_SetTextureAlphaMod(m->pic.tex, col.a);
	}
	const int sx[4] = {0, c, c, 0}, sy[4] = {0, 0, c, c};
	const int dx[4] = {rc.x, rc.x + rc.w - c, rc.x + rc.w - c, rc.x};
	const int dy[4] = {rc.y, rc.y, rc.y + rc.h - c, rc.y + rc.h - c};
	for (int i = 0; i < 4; i++) {
		if (!painter_visible(p, dx[i], dy[i], c, c))
			continue;
		if (p->r)
			SDL_RenderCopy(p->r, m->pic.tex, &(SDL_Rect){sx[i], sy[i], c, c},
				       &(SDL_Rect){dx[i], dy[i], c, c});
		else
			soft_mask(&p->soft, m->pic.a8, m->pic.w, (SDL_Rect){sx[i], sy[i], c, c},
				  dx[i], dy[i], col);
	}
}

/* The radius the shape can have: at most half the shorter side. */
static int clamp_radius(struct rect rc, int radius)
{
	int max = (rc.w < rc.h ? rc.w : rc.h) / 2;
	return radius < 0 ? 0 : radius > max ? max : radius;
}

void shape_fill(struct painter *p, struct shape_cache *sc, struct rect rc, SDL_Color col,
		int radius)
{
	if (rc.w <= 0 || rc.h <= 0)
		return;
	radius = clamp_radius(rc, radius);
	set_color(p, col);
	if (radius == 0) {
		fill(p, col, rc.x, rc.y, rc.w, rc.h);
		return;
	}
	const struct shape_mask *m = mask_get(sc, p, radius, 0);
	int c = m->c;
	/* A cross of three rectangles that do not overlap (so that a
	 * translucent fill is not doubled), each as wide as it can be: a fill
	 * costs per row as well as per pixel. Then the corners. */
	fill(p, col, rc.x + c, rc.y, rc.w - 2 * c, c);
	fill(p, col, rc.x, rc.y + c, rc.w, rc.h - 2 * c);
	fill(p, col, rc.x + c, rc.y + rc.h - c, rc.w - 2 * c, c);
	corners(p, m, rc, col);
}

void shape_outline(struct painter *p, struct shape_cache *sc, struct rect rc, SDL_Color col,
		   int thickness, int radius)
{
	if (rc.w <= 0 || rc.h <= 0 || thickness <= 0)
		return;
	radius = clamp_radius(rc, radius);
	if (2 * thickness >= rc.w || 2 * thickness >= rc.h) {
		shape_fill(p, sc, rc, col, radius); /* all border, no inside */
		return;
	}
	/* radius is at most half a side, so the corners never overlap */
	int c = radius > thickness ? radius : thickness;
	set_color(p, col);
	fill(p, col, rc.x + c, rc.y, rc.w - 2 * c, thickness);
	fill(p, col, rc.x + c, rc.y + rc.h - thickness, rc.w - 2 * c, thickness);
	fill(p, col, rc.x, rc.y + c, thickness, rc.h - 2 * c);
	fill(p, col, rc.x + rc.w - thickness, rc.y + c, thickness, rc.h - 2 * c);
	corners(p, mask_get(sc, p, radius, thickness), rc, col);
}
