/* Labels, buttons and the larger-text toggle shared by every scene. Fitted
 * labels are remembered in the env's fit memo, because animated scenes lay
 * out the same texts thirty times a second. */
#include "ui/widgets.h"

#include "common/hash.h"
#include "common/xalloc.h"
#include "ui/theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_SIZE 512

struct memo_entry {
	uint64_t hash;
	int w, h, max_size, max_lines;
	enum font_face face;
	struct text_block block;
	bool used;
};

struct fit_memo {
	struct memo_entry e[MEMO_SIZE];
	size_t next;
};

struct fit_memo *fit_memo_create(void)
{
	struct fit_memo *m = xcalloc(1, sizeof(*m));
	for (size_t i = 0; i < MEMO_SIZE; i++)
		text_block_init(&m->e[i].block);
	return m;
}

void fit_memo_destroy(struct fit_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < MEMO_SIZE; i++)
		text_block_finish(&m->e[i].block);
	free(m);
}

/* The fitted block for text in a w x h box, from the memo when seen before.
 * Keys are the text's hash and the box: a hash collision would only pick
 * another label's line breaks, so a 64-bit hash is ample. */
static const struct text_block *memo_fit(struct fit_memo *m, const struct text_metrics *tm,
					 const char *text, enum font_face face, int min_size,
					 int max_size, int max_lines, int w, int h)
{
	uint64_t hash = hash_mix_str(HASH_START, text);
	for (size_t i = 0; i < MEMO_SIZE; i++) {
		struct memo_entry *e = &m->e[i];
		if (e->used && e->hash == hash && e->w == w && e->h == h &&
		    e->max_size == max_size && e->max_lines == max_lines && e->face == face)
			return &e->block;
	}
	struct memo_entry *e = &m->e[m->next];
	m->next = (m->next + 1) % MEMO_SIZE;
	e->used = true;
	e->hash = hash;
	e->w = w;
	e->h = h;
	e->max_size = max_size;
	e->max_lines = max_lines;
	e->face = face;
	text_fit(tm, face, min_size, max_size, max_lines, text, w, h, &e->block);
	return &e->block;
}

const char *ui_text(const struct ui_env *env, const char *id)
{
	return catalog_text(env->cat, env->lang, id);
}

const struct text_block *ui_fit(const struct ui_env *env, const char *text, enum font_face face,
				int min_size, int max_size, int max_lines, int w, int h)
{
	return memo_fit(env->memo, env->tm, text, face, min_size, max_size, max_lines, w, h);
}

int ui_min_target_px(int w, int h, double diagonal_in)
{
	if (diagonal_in <= 0)
		return 0;
	double px_per_mm = sqrt((double)w * w + (double)h * h) / (diagonal_in * 25.4);
	return (int)ceil(9.0 * px_per_mm);
}

void frame_init(struct frame *f, const struct ui_env *env, int w, int h, struct draw_list *dl,
		struct layout *l)
{
	*f = (struct frame){.env = env,
			    .dl = dl,
			    .l = l,
			    .w = w,
			    .h = h,
			    .u = theme_unit(w, h),
			    .portrait = h > w};
}

int frame_px(const struct frame *f, double v)
{
	int r = (int)lround(v * f->u);
	return r > 1 ? r : 1;
}

int frame_font(const struct frame *f, double v)
{
	return frame_px(f, f->env->large_text ? v * 1.3 : v);
}

/* Fits and draws text as ui_label does; returns the fitted lines. */
static const struct text_block *label(struct frame *f, struct rect box, const char *text,
				      enum font_face face, int min, int max, int max_lines,
				      enum align align, struct color c)
{
	const struct text_metrics *tm = f->env->tm;
	if (min > max)
		min = max;
	const struct text_block *b = memo_fit(f->env->memo, tm, text, face, min, max, max_lines,
					      box.w, box.h);
	int lh = tm->text_height(tm->ctx, face, b->size, text, strlen(text));
	int y = box.y + (box.h - b->height) / 2;
	for (size_t i = 0; i < b->count; i++) {
		const char *line = text + b->lines[i].start;
		int lw = tm->width(tm->ctx, face, b->size, line, b->lines[i].len);
		int x = align == ALIGN_START	? box.x
			: align == ALIGN_CENTER ? box.x + (box.w - lw) / 2
						: box.x + box.w - lw;
		draw_text(f->dl, x, y + (int)i * lh, face, b->size, c, line, b->lines[i].len);
	}
	return b;
}

/* The legibility floor the sort scene keeps too: 15 px at 1080p, >= 12. */
static int floor_px(const struct frame *f)
{
	return frame_px(f, 15) > 12 ? frame_px(f, 15) : 12;
}

int ui_label(struct frame *f, struct rect box, const char *text, enum font_face face,
	     double max_size, int max_lines, enum align align, struct color c)
{
	return label(f, box, text, face, floor_px(f), frame_font(f, max_size), max_lines, align, c)
		->height;
}

static struct layout_item *button(struct frame *f, const char *id, struct rect r, const char *text,
				  struct color bg, struct color fg, struct color border)
{
	int radius = frame_px(f, 12);
	draw_fill(f->dl, r, bg, radius);
	draw_outline(f->dl, r, border, frame_px(f, 3), radius);
	int pad = frame_px(f, 12);
	const struct text_block *b =
		label(f, (struct rect){r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad}, text,
		      FONT_BOLD, floor_px(f), frame_font(f, 34), 2, ALIGN_CENTER, fg);
	struct layout_item *it = layout_add(f->l, id, ROLE_BUTTON, r);
	it->text_px = b->size;
	it->lines = (int)b->count;
	layout_say(it, text);
	return it;
}

struct layout_item *ui_button(struct frame *f, const char *id, struct rect r, const char *label,
			      bool enabled)
{
	const struct theme *t = theme_default();
	struct layout_item *it = button(f, id, r, label, enabled ? t->button_bg : t->button_off_bg,
					enabled ? t->button_text : t->button_off_text,
					enabled ? t->button_bg : t->card_border);
	it->enabled = enabled;
	return it;
}

struct layout_item *ui_choice(struct frame *f, const char *id, struct rect r, const char *label,
			      bool selected)
{
	const struct theme *t = theme_default();
	struct layout_item *it = button(f, id, r, label, selected ? t->button_bg : t->card_bg,
					selected ? t->button_text : t->card_text,
					selected ? t->focus : t->card_border);
	it->enabled = 1;
	it->selected = selected;
	return it;
}

static void toggle(struct frame *f, struct rect r, int text_px)
{
	int s = r.h;
	const struct theme *t = theme_default();
	draw_fill(f->dl, r, t->card_bg, s / 2);
	draw_outline(f->dl, r, t->button_bg, frame_px(f, 3), s / 2);
	/* "A+" / "A-" reads the same in every language, and is drawn larger
	 * than any label so that people who need it can find it. */
	int min = text_px > 0 ? text_px : floor_px(f),
	    max = text_px > 0 ? text_px : frame_font(f, 34);
	const struct text_block *b = label(f, rect_inset(r, frame_px(f, 10)),
					   f->env->large_text ? "A-" : "A+", FONT_BOLD, min, max, 1,
					   ALIGN_CENTER, t->button_bg);
	struct layout_item *it = layout_add(f->l, UI_TEXT_TOGGLE_ID, ROLE_BUTTON, r);
	it->enabled = 1;
	it->selected = f->env->large_text;
	layout_say(it, ui_text(f->env,
			       f->env->large_text ? "common.normal_text" : "common.larger_text"));
	it->text_px = b->size;
	it->lines = (int)b->count;
}

void ui_text_toggle(struct frame *f, const struct rect *at)
{
	int s = frame_px(f, 84);
	toggle(f,
	       at ? *at
		  : (struct rect){f->w - s - frame_px(f, 12), f->h - s - frame_px(f, 12), s, s},
	       0);
}

void ui_text_toggle_sized(struct frame *f, struct rect r, int text_px)
{
	toggle(f, r, text_px);
}

void tap_init(struct tap *t)
{
	memset(t, 0, sizeof(*t));
	layout_init(&t->hits);
}

void tap_finish(struct tap *t)
{
	layout_finish(&t->hits);
	free(t->id);
	t->id = NULL;
}

void tap_remember(struct tap *t, const struct layout *l)
{
	layout_clear(&t->hits);
	for (size_t i = 0; i < l->count; i++) {
		struct layout_item *it = layout_add(&t->hits, l->items[i].id, l->items[i].role,
						    l->items[i].r);
		it->enabled = l->items[i].enabled;
		it->ref = l->items[i].ref;
	}
}

const char *tap_input(struct tap *t, const struct input_event *ev)
{
	if (ev->kind == INPUT_POINTER_CANCEL) {
		t->armed = false;
		return NULL;
	}
	if (ev->kind != INPUT_POINTER_DOWN && ev->kind != INPUT_POINTER_UP)
		return NULL;
	const struct layout_item *it = layout_hit(&t->hits, ROLE_BUTTON, ev->x, ev->y);
	if (ev->kind == INPUT_POINTER_DOWN) {
		if (t->armed || !it || it->enabled == 0)
			return NULL;
		t->armed = true;
		t->pointer = ev->pointer;
		free(t->id);
		t->id = xstrdup(it->id);
		return NULL;
	}
	if (!t->armed || ev->pointer != t->pointer)
		return NULL;
	t->armed = false;
	return it && strcmp(it->id, t->id) == 0 ? t->id : NULL;
}

bool tap_is_text_toggle(const char *id, struct scene_result *r)
{
	if (!id || strcmp(id, UI_TEXT_TOGGLE_ID) != 0)
		return false;
	r->action = SCENE_ACTION_TEXT_SIZE;
	return true;
}

static struct rect reflect(struct rect r, int w)
{
	r.x = w - r.x - r.w;
	return r;
}

void ui_mirror(struct draw_list *dl, struct layout *l, int w, const struct text_metrics *tm)
{
	for (size_t i = 0; i < dl->count; i++) {
		struct draw_cmd *c = &dl->cmds[i];
		if (c->kind == DRAW_TEXT) {
			c->r.x = w - c->r.x -
				 tm->width(tm->ctx, c->face, c->size, draw_cmd_text(dl, c),
					   c->text_len);
			c->rtl = true;
		} else
			c->r = reflect(c->r, w);
	}
	for (size_t i = 0; i < l->count; i++)
		l->items[i].r = reflect(l->items[i].r, w);
}
