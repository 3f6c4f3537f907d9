/* Drawing a frame: only what changed since the last one. The list on
 * screen is kept; the new one is lined up against it command by command,
 * and the commands that differ (added, removed or changed) give the
 * damaged rectangles. Inside those, the whole new list is drawn again in
 * its order, clipped, so every pixel ends as a full redraw would leave it;
 * outside them the same commands cover the same pixels as before, which
 * are still there. A card dragged over 36 others thus costs its own two
 * rectangles, not the screen.
 *
 * That needs a picture that stays between frames: the software renderer
 * draws into the window's own framebuffer, and only the damaged rectangles
 * are sent to the display. Other renderers (OpenGL) swap buffers whose
 * content is then undefined, so they draw the whole list each frame that
 * changes anything, starting from the last opaque fill that covers the
 * screen instead of a clear that it would paint over. */
#include "platform_internal.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DAMAGE 128
/* Beyond this share of the window, one full redraw is cheaper than many
 * clipped passes over the list. */
#define FULL_SHARE 0.8
/* How far ahead the line-up looks for a command that moved in the list. */
#define LOOKAHEAD 48
/* Pixels two damaged rectangles may add by being drawn as one. */
#define MERGE_SLACK_PX 4096

struct frame_state {
	struct draw_list prev; /* what is on screen */
	struct rect *pb, *nb;  /* bounds of prev's commands and of the new ones */
	size_t pb_cap, nb_cap;
	bool valid; /* the screen shows prev (no expose, resize or clear since) */
	int w, h;
	struct rect dmg[MAX_DAMAGE];
	int nd;
};

struct frame_state *frame_state_create(void)
{
	struct frame_state *fs = xcalloc(1, sizeof(*fs));
	draw_list_init(&fs->prev);
	return fs;
}

void frame_state_destroy(struct frame_state *fs)
{
	if (!fs)
		return;
	draw_list_finish(&fs->prev);
	free(fs->pb);
	free(fs->nb);
	free(fs);
}

void frame_state_invalidate(struct frame_state *fs)
{
	fs->valid = false;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool cmd_equal(const struct draw_list *la, const struct draw_cmd *a,
		      const struct draw_list *lb, const struct draw_cmd *b)
{
	if (a->kind != b->kind || a->r.x != b->r.x || a->r.y != b->r.y || a->r.w != b->r.w ||
	    a->r.h != b->r.h || a->color.r != b->color.r || a->color.g != b->color.g ||
	    a->color.b != b->color.b || a->color.a != b->color.a || a->radius != b->radius ||
	    a->thickness != b->thickness || a->face != b->face || a->size != b->size ||
	    a->rtl != b->rtl || a->text_len != b->text_len)
		return false;
	if (a->kind != DRAW_TEXT && a->kind != DRAW_IMAGE)
		return true;
	return memcmp(draw_cmd_text(la, a), draw_cmd_text(lb, b), a->text_len) == 0;
}

static bool overlaps(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static struct rect unite(struct rect a, struct rect b)
{
	int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
	int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
	return (struct rect){x0, y0, x1 - x0, y1 - y0};
}

static int64_t area(struct rect r)
{
	return (int64_t)r.w * r.h;
}

/* Worth one pass instead of two: their union adds few pixels that neither
 * has (the old and new place of a card one step apart), unlike the four
 * thin edges of a pile's border, which would unite into the whole pile. */
static bool mergeable(struct rect a, struct rect b)
{
	int64_t extra = area(unite(a, b)) - area(a) - area(b);
	return extra <= MERGE_SLACK_PX || (overlaps(a, b) && extra <= area(a) / 4 + area(b) / 4);
}

static bool contains(struct rect outer, struct rect in)
{
	return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
	       in.y + in.h <= outer.y + outer.h;
}

static void damage_rect(struct frame_state *fs, struct rect r)
{
	/* clipped to the window */
	int x0 = r.x > 0 ? r.x : 0, y0 = r.y > 0 ? r.y : 0;
	int x1 = r.x + r.w < fs->w ? r.x + r.w : fs->w;
	int y1 = r.y + r.h < fs->h ? r.y + r.h : fs->h;
	if (x1 <= x0 || y1 <= y0)
		return;
	r = (struct rect){x0, y0, x1 - x0, y1 - y0};
	for (int i = fs->nd - 1; i >= 0; i--) {
		if (contains(fs->dmg[i], r))
			return; /* the usual case for the pieces of one card */
		if (mergeable(fs->dmg[i], r)) {
			r = unite(r, fs->dmg[i]);
			fs->dmg[i] = fs->dmg[--fs->nd];
			i = fs->nd; /* the grown rectangle may now reach others */
		}
	}
	if (fs->nd == MAX_DAMAGE) {
		int best = 0;
		int64_t grow = INT64_MAX;
		for (int i = 0; i < fs->nd; i++) {
			int64_t g = area(unite(fs->dmg[i], r)) - area(fs->dmg[i]);
			if (g < grow) {
				grow = g;
				best = i;
			}
		}
		r = unite(r, fs->dmg[best]);
		fs->dmg[best] = fs->dmg[--fs->nd];
		damage_rect(fs, r);
		return;
	}
	fs->dmg[fs->nd++] = r;
}

/* A rounded border's c x c corners (the curves) and the straight edges
 * between them, t deep: all a border t thick paints. Its inside is not in
 * it, and at 4K a zone's radius is three times a thin border's thickness. */
static void damage_ring(struct frame_state *fs, struct rect b, int c, int t)
{
	if (2 * c >= b.w || 2 * c >= b.h) {
		damage_rect(fs, b);
		return;
	}
	damage_rect(fs, (struct rect){b.x, b.y, c, c});
	damage_rect(fs, (struct rect){b.x + b.w - c, b.y, c, c});
	damage_rect(fs, (struct rect){b.x, b.y + b.h - c, c, c});
	damage_rect(fs, (struct rect){b.x + b.w - c, b.y + b.h - c, c, c});
	damage_rect(fs, (struct rect){b.x + c, b.y, b.w - 2 * c, t});
	damage_rect(fs, (struct rect){b.x + c, b.y + b.h - t, b.w - 2 * c, t});
	damage_rect(fs, (struct rect){b.x, b.y + c, t, b.h - 2 * c});
	damage_rect(fs, (struct rect){b.x + b.w - t, b.y + c, t, b.h - 2 * c});
}

/* The radius shapes.c draws r with: at most half its shorter side. */
static int drawn_radius(struct rect r, int radius)
{
	int lim = (r.w < r.h ? r.w : r.h) / 2;
	return radius < 0 ? 0 : radius > lim ? lim : radius;
}

/* What a command that appeared, went or changed can have painted. An
 * outline paints only its border, so only that is damaged. */
static void damage_cmd(struct frame_state *fs, const struct draw_cmd *cmd, struct rect b)
{
	if (cmd->kind != DRAW_OUTLINE) {
		damage_rect(fs, b);
		return;
	}
	int rad = drawn_radius(cmd->r, cmd->radius), t = cmd->thickness;
	damage_ring(fs, b, rad > t ? rad : t, t);
}

static struct rect intersect(struct rect a, struct rect b)
{
	int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
	int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
	return x1 > x0 && y1 > y0 ? (struct rect){x0, y0, x1 - x0, y1 - y0} : (struct rect){0};
}

/* Damages what two shapes of one colour paint, but not inside keep: the
 * pixels both paint, which stay as they were. */
static void damage_around(struct frame_state *fs, struct rect a, struct rect b, struct rect keep)
{
	struct rect u = unite(a, b);
	if (area(keep) == 0) {
		damage_rect(fs, u);
		return;
	}
	damage_rect(fs, (struct rect){u.x, u.y, u.w, keep.y - u.y});
	damage_rect(fs, (struct rect){u.x, keep.y + keep.h, u.w, u.y + u.h - keep.y - keep.h});
	damage_rect(fs, (struct rect){u.x, keep.y, keep.x - u.x, keep.h});
	damage_rect(fs,
		    (struct rect){keep.x + keep.w, keep.y, u.x + u.w - keep.x - keep.w, keep.h});
}

/* The parts of a rounded rectangle every pixel of which a fill paints: the
 * bands of its cross. */
static struct rect band(struct rect r, int rad, bool vertical)
{
	return vertical ? (struct rect){r.x + rad, r.y, r.w - 2 * rad, r.h}
			: (struct rect){r.x, r.y + rad, r.w, r.h - 2 * rad};
}

/* The same shape in the same colour, translucent or not: a pixel both
 * paint ends the same, as what lies under it is the same (else that is
 * damaged by what changed under it) and so is what is drawn over it. */
static bool same_shape(const struct draw_cmd *a, const struct draw_cmd *b)
{
	return a->kind == b->kind && a->r.w == b->r.w && a->r.h == b->r.h &&
	       a->radius == b->radius && a->thickness == b->thickness && a->color.r == b->color.r &&
	       a->color.g == b->color.g && a->color.b == b->color.b && a->color.a == b->color.a;
}

/* A command that changed in place in the list. A card moved a pixel is the
 * same shape elsewhere: where both places paint it nothing changes, so a
 * fill damages only its edges (the text on it is a command of its own), and
 * a border its corners (the curves) and the ends of its straight edges. A
 * dragged card is translucent, and so is its shadow: so it costs its edges,
 * its picture and its label, not its whole area twice. Anything else
 * damages where it was and is. */
static void damage_pair(struct frame_state *fs, const struct draw_cmd *o, struct rect ob,
			const struct draw_cmd *n, struct rect nb)
{
	struct rect a = o->r, b = n->r;
	int t = o->thickness;
	int rad = drawn_radius(a, o->radius);
	int c = rad > t ? rad : t;
	if (o->kind == DRAW_OUTLINE && n->kind == DRAW_OUTLINE && a.x == b.x && a.y == b.y &&
	    a.w == b.w && a.h == b.h && o->radius == n->radius && o->color.r == n->color.r &&
	    o->color.g == n->color.g && o->color.b == n->color.b && o->color.a == n->color.a) {
		/* A pile's border thickening under a dragged card: both
		 * borders lie in the thicker one's ring. */
		int tt = t > n->thickness ? t : n->thickness;
		damage_ring(fs, a, rad > tt ? rad : tt, tt);
		return;
	}
	if (o->kind == DRAW_FILL && same_shape(o, n)) {
		struct rect v = intersect(band(a, rad, true), band(b, rad, true));
		struct rect h = intersect(band(a, rad, false), band(b, rad, false));
		damage_around(fs, a, b, area(v) >= area(h) ? v : h);
		return;
	}
	if (o->kind != DRAW_OUTLINE || !same_shape(o, n) || 2 * c >= a.w || 2 * c >= a.h) {
		damage_cmd(fs, o, ob);
		damage_cmd(fs, n, nb);
		return;
	}
	const int cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};
	for (int i = 0; i < 4; i++) {
		damage_rect(fs,
			    (struct rect){a.x + cx[i] * (a.w - c), a.y + cy[i] * (a.h - c), c, c});
		damage_rect(fs,
			    (struct rect){b.x + cx[i] * (b.w - c), b.y + cy[i] * (b.h - c), c, c});
	}
	struct rect ea[4] = {{a.x + c, a.y, a.w - 2 * c, t},
			     {a.x + c, a.y + a.h - t, a.w - 2 * c, t},
			     {a.x, a.y + c, t, a.h - 2 * c},
			     {a.x + a.w - t, a.y + c, t, a.h - 2 * c}};
	struct rect eb[4] = {{b.x + c, b.y, b.w - 2 * c, t},
			     {b.x + c, b.y + b.h - t, b.w - 2 * c, t},
			     {b.x, b.y + c, t, b.h - 2 * c},
			     {b.x + b.w - t, b.y + c, t, b.h - 2 * c}};
	for (int i = 0; i < 4; i++)
		damage_around(fs, ea[i], eb[i], intersect(ea[i], eb[i]));
}

/* Lines the new list up against the one on screen (equal commands in the
 * same order) and damages what does not line up. Any common subsequence
 * gives a right picture; a longer one, less damage. */
static void diff(struct frame_state *fs, const struct draw_list *dl)
{
	const struct draw_list *old = &fs->prev;
	size_t no = old->count, nn = dl->count, a = 0, b = 0;
	while (a < no && b < nn) {
		if (cmd_equal(old, &old->cmds[a], dl, &dl->cmds[b])) {
			a++;
			b++;
			continue;
		}
		size_t skip_old = 0, skip_new = 0;
		for (size_t k = 1; k <= LOOKAHEAD && !skip_old && !skip_new; k++) {
			if (a + k < no && cmd_equal(old, &old->cmds[a + k], dl, &dl->cmds[b]))
				skip_old = k;
			else if (b + k < nn && cmd_equal(old, &old->cmds[a], dl, &dl->cmds[b + k]))
				skip_new = k;
		}
		if (skip_old) {
			for (; skip_old; skip_old--, a++)
				damage_cmd(fs, &old->cmds[a], fs->pb[a]);
		} else if (skip_new) {
			for (; skip_new; skip_new--, b++)
				damage_cmd(fs, &dl->cmds[b], fs->nb[b]);
		} else {
			damage_pair(fs, &old->cmds[a], fs->pb[a], &dl->cmds[b], fs->nb[b]);
			a++;
			b++;
		}
	}
	for (; a < no; a++)
		damage_cmd(fs, &old->cmds[a], fs->pb[a]);
	for (; b < nn; b++)
		damage_cmd(fs, &dl->cmds[b], fs->nb[b]);
}

/* An opaque fill that paints every pixel of r: what lies under it in the
 * list need not be drawn there. */
static bool covers(const struct draw_cmd *cmd, struct rect r)
{
	if (cmd->kind != DRAW_FILL || cmd->color.a != 255)
		return false;
	struct rect c = cmd->r;
	int rad = cmd->radius;
	if (rad <= 0)
		return contains(c, r);
	return contains((struct rect){c.x + rad, c.y, c.w - 2 * rad, c.h}, r) ||
	       contains((struct rect){c.x, c.y + rad, c.w, c.h - 2 * rad}, r);
}

/* Draws dl inside clip from the last command that covers it; black below,
 * as a cleared frame would be, when none does. */
static void draw_in(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		    const struct draw_list *dl, const struct rect *bounds, struct rect clip)
{
	size_t first = dl->count;
	while (first > 0 && !covers(&dl->cmds[first - 1], clip))
		first--;
	if (first == 0) {
		shape_fill(p, rc_shapes(rc), clip, (SDL_Color){0, 0, 0, 255}, 0);
	} else {
		first--;
	}
	for (size_t i = first; i < dl->count; i++)
		if (overlaps(bounds[i], clip))
			render_cmd(p, fc, rc, dl, &dl->cmds[i]);
}

static void keep(struct frame_state *fs, const struct draw_list *dl, int w, int h)
{
	draw_list_clear(&fs->prev);
	xgrow((void **)&fs->prev.cmds, &fs->prev.cap, dl->count + 1, sizeof(*dl->cmds));
	if (dl->count)
		memcpy(fs->prev.cmds, dl->cmds, dl->count * sizeof(*dl->cmds));
	fs->prev.count = dl->count;
	if (dl->pool.len)
		sb_appendn(&fs->prev.pool, dl->pool.data, dl->pool.len);
	struct rect *t = fs->pb;
	size_t tc = fs->pb_cap;
	fs->pb = fs->nb;
	fs->pb_cap = fs->nb_cap;
	fs->nb = t;
	fs->nb_cap = tc;
	fs->valid = true;
	fs->w = w;
	fs->h = h;
}

void frame_draw(struct frame_state *fs, const struct frame_target *t, const struct draw_list *dl,
		struct platform_frame *st)
{
	int64_t t0 = now_us();
	*st = (struct platform_frame){0};
	xgrow((void **)&fs->nb, &fs->nb_cap, dl->count + 1, sizeof(*fs->nb));
	for (size_t i = 0; i < dl->count; i++)
		fs->nb[i] = render_bounds(t->p, t->fc, t->rc, dl, &dl->cmds[i]);
	bool full = !fs->valid || fs->w != t->w || fs->h != t->h;
	fs->w = t->w;
	fs->h = t->h;
	fs->nd = 0;
	if (!full) {
		diff(fs, dl);
		if (fs->nd == 0) { /* nothing changed: nothing to send */
			keep(fs, dl, t->w, t->h);
			st->submit_us = now_us() - t0;
			return;
		}
		int64_t px = 0;
		for (int i = 0; i < fs->nd; i++)
			px += area(fs->dmg[i]);
		full = !t->retained || (double)px > FULL_SHARE * (double)t->w * t->h;
	}
	struct rect screen = {0, 0, t->w, t->h};
	if (full) {
		painter_clip(t->p, NULL);
		draw_in(t->p, t->fc, t->rc, dl, fs->nb, screen);
		fs->nd = 1;
		fs->dmg[0] = screen;
	} else {
		for (int i = 0; i < fs->nd; i++) {
			struct rect d = fs->dmg[i];
			painter_clip(t->p, &d);
			draw_in(t->p, t->fc, t->rc, dl, fs->nb, d);
		}
		painter_clip(t->p, NULL);
	}
	if (t->p->r)
		SDL_RenderFlush(t->p->r);
	int64_t t1 = now_us();
	if (full) {
		if (t->p->r)
			SDL_RenderPresent(t->p->r);
		else
			SDL_UpdateWindowSurface(t->window);
	} else {
		SDL_Rect rects[MAX_DAMAGE];
		for (int i = 0; i < fs->nd; i++)
			rects[i] = (SDL_Rect){fs->dmg[i].x, fs->dmg[i].y, fs->dmg[i].w,
					      fs->dmg[i].h};
		SDL_UpdateWindowSurfaceRects(t->window, rects, fs->nd);
	}
	int64_t t2 = now_us();
	for (int i = 0; i < fs->nd; i++)
		st->damage_px += area(fs->dmg[i]);
	st->rects = fs->nd;
	st->full = full;
	st->shown = true;
	st->submit_us = t1 - t0;
	st->present_us = t2 - t1;
	keep(fs, dl, t->w, t->h);
}
