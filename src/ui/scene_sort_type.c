/* The sort scene's type scale: each text role gets one size for a window
 * size, text setting and language, the largest at which every text of the
 * role fits its box. Card labels are fitted over every keyword of the set,
 * not only the dealt ones, so a card's label is the same size in every
 * visit, in the deck as in its neighbours, and a label wraps (up to three
 * lines) before the whole role gets smaller; one long label never shrinks
 * alone. Sizes are given at 1080p and scaled; larger text is 1.3 times. */
#include "scene_sort_internal.h"

#include "ui/widgets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The largest size of each role at 1080p with normal text. */
static const double role_max[SORT_ROLE_COUNT] = {
	[SORT_TITLE] = 46,	[SORT_INSTRUCTION] = 26, [SORT_DECK_LABEL] = 32,
	[SORT_PILE_LABEL] = 32, [SORT_PILE_HEADER] = 30, [SORT_BUTTON] = 34,
};

/* The smallest size a role takes: 15 px at 1080p, 12 px however small the
 * window. The layout is chosen so that at 1080p no role needs less than
 * 24 px (tests/ui holds it to that); the floor is for windows and keyword
 * sets where nothing larger fits, so that a label shrinks rather than
 * leave its card. */
int sort_role_min(const struct sort_scene *s)
{
	int v = (int)lround(15 * s->geo.u);
	return v > 12 ? v : 12;
}

int sort_role_floor(const struct sort_scene *s)
{
	int v = (int)lround(24 * s->geo.u);
	return v > 12 ? v : 12;
}

int sort_role_max(const struct sort_scene *s, enum sort_role role)
{
	int v = sort_px(&s->geo, role_max[role] * (s->geo.large_text ? 1.3 : 1.0));
	int cap = s->geo.role_cap[role];
	return cap > 0 && cap < v ? cap : v;
}

int sort_badge_side(const struct geometry *g, struct rect r)
{
	int bs = r.h - 2 * sort_px(g, 5);
	return bs > sort_px(g, 52) ? sort_px(g, 52) : bs;
}

int sort_image_side(const struct geometry *g, struct rect r)
{
	int side = r.h - 2 * sort_px(g, 10);
	return side > sort_px(g, 96) ? sort_px(g, 96) : side;
}

int sort_speaker_side(const struct sort_scene *s, int h)
{
	int side = sort_px(&s->geo, 40);
	side = side > s->env->min_target_px ? side : s->env->min_target_px;
	return side < h ? side : h;
}

struct rect sort_speaker_icon(const struct sort_scene *s, struct rect pic, bool with_image)
{
	if (!with_image)
		return pic;
	/* on the picture's lower corner on the label's side, reaching a little below it so that
	 * more of the picture shows, never towards the label */
	int side = pic.w / 2 > sort_px(&s->geo, 18) ? pic.w / 2 : sort_px(&s->geo, 18);
	int below = side / 4 < sort_px(&s->geo, 6) ? side / 4
						   : sort_px(&s->geo, 6); /* in the card */
	return (struct rect){pic.x + pic.w - side, pic.y + pic.h - side + below, side, side};
}

struct rect sort_picture_rect(const struct sort_scene *s, struct rect r, enum pile p)
{
	const struct geometry *g = &s->geo;
	int side = sort_image_side(g, r);
	int x = p == PILE_YES ? r.x + sort_px(g, 8) + sort_badge_side(g, r) + sort_px(g, 10)
			      : r.x + sort_px(g, 10);
	return (struct rect){x, r.y + (r.h - side) / 2, side, side};
}

bool sort_speaks(const struct sort_scene *s, size_t lang)
{
	return s->env->speakable && s->env->speakable(s->env, lang, NULL);
}

struct rect sort_label_box(const struct sort_scene *s, struct rect r, enum pile p, bool with_image,
			   bool speaker)
{
	const struct geometry *g = &s->geo;
	/* Little padding above and below: lines of text are what a card is
	 * for, and the line box already holds the letters' ascent. */
	int pad_x = sort_px(g, 12), pad_y = sort_px(g, 4);
	struct rect box = {r.x + pad_x, r.y + pad_y, r.w - 2 * pad_x, r.h - 2 * pad_y};
	int end = box.x + box.w;
	if (p == PILE_YES) /* the rank first */
		box.x = r.x + sort_px(g, 8) + sort_badge_side(g, r) + sort_px(g, 10);
	/* the picture next, on the start side, and the label the rest; in a spoken language
	 * the picture is the speaker button too, so a card without one keeps its place */
	if (with_image || speaker) {
		struct rect pic = sort_picture_rect(s, r, p);
		int after = pic.x + pic.w;
		if (speaker) { /* the speaker on the picture's corner reaches past it */
			struct rect icon = sort_speaker_icon(s, pic, with_image);
			after = icon.x + icon.w > after ? icon.x + icon.w : after;
		}
		box.x = after + sort_px(g, 10);
	}
	box.w = end - box.x;
	return box;
}

const char *sort_card_label(const struct sort_scene *s, size_t card)
{
	size_t kw = session_card_keyword(s->session, card);
	return keyset_label(s->env->ks, kw, s->env->ks_lang);
}

struct role_text {
	const char *text;
	struct rect box;
	int lines;
	enum font_face face;
};

/* Widths for the search, from one measurement at ESTIMATE_PX scaled to the
 * size asked (and a little over, for hinting): the search tries many sizes
 * of the same words, and shaping each anew would cost a second per window
 * size. The sizes it finds are then checked with the real widths. */
#define ESTIMATE_PX 96

static int estimate_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	const struct text_metrics *tm = ctx;
	int w = tm->width(tm->ctx, face, ESTIMATE_PX, text, len);
	return (int)ceil(w * (size / (double)ESTIMATE_PX) * 1.01) + 1;
}

static int estimate_line(void *ctx, enum font_face face, int size)
{
	const struct text_metrics *tm = ctx;
	return tm->line_height(tm->ctx, face, size);
}

static int estimate_height(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	const struct text_metrics *tm = ctx;
	return tm->text_height(tm->ctx, face, size, text, len);
}

static bool all_fit(const struct text_metrics *tm, int size, const struct role_text *t, size_t n,
		    struct text_block *scratch)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].text[0] && !text_fits(tm, t[i].face, size, t[i].lines, t[i].text,
					       t[i].box.w, t[i].box.h, scratch))
			return false;
	return true;
}

/* The largest size in [lo, hi] at which all n texts fit (lo - 1 when none
 * does): a bisection over estimated widths, since a text that fits at a
 * size fits at any smaller one, then checked with the real ones (exact). */
static int fit_role(const struct sort_scene *s, int lo, int hi, const struct role_text *t, size_t n,
		    bool exact)
{
	struct text_metrics estimate = {(void *)s->env->tm, estimate_width, estimate_line,
					estimate_height};
	struct text_block scratch;
	text_block_init(&scratch);
	if (hi < lo)
		hi = lo;
	int ok = lo - 1, bad = hi + 1;
	while (bad - ok > 1) {
		int mid = ok + (bad - ok + 1) / 2;
		if (mid >= bad)
			mid = bad - 1;
		if (all_fit(&estimate, mid, t, n, &scratch))
			ok = mid;
		else
			bad = mid;
	}
	if (exact) {
		/* Up while the real widths allow, down until they do. */
		while (ok < hi && all_fit(s->env->tm, ok + 1, t, n, &scratch))
			ok++;
		while (ok >= lo && !all_fit(s->env->tm, ok, t, n, &scratch))
			ok--;
	}
	text_block_finish(&scratch);
	return ok;
}

void sort_languages(const struct sort_scene *s, struct sort_langs *out)
{
	const struct ui_env *env = s->env;
	out->count = 0;
	size_t n = env->offered_count ? env->offered_count : catalog_count(env->cat);
	for (size_t i = 0; i <= n && out->count < SORT_MAX_LANGS; i++) {
		/* The visitor's own language first, then the others. */
		size_t lang = i == 0 ? env->lang : env->offered_count ? env->offered[i - 1] : i - 1;
		if (i > 0 && lang == env->lang)
			continue;
		int col = keyset_language_index(env->ks, catalog_code(env->cat, lang));
		out->cat[out->count] = lang;
		out->col[out->count++] = lang == env->lang ? env->ks_lang
					 : col >= 0	   ? (size_t)col
							   : 0;
	}
}

int sort_fit_labels(struct sort_scene *s, enum pile p, int cw, int ch,
		    const struct sort_langs *langs, size_t l, bool exact)
{
	size_t col = langs->col[l];
	bool speaks = sort_speaks(s, langs->cat[l]);
	const struct keyset *ks = s->env->ks;
	size_t n = keyset_count(ks);
	struct role_text *t = calloc(n ? n : 1, sizeof(*t));
	struct rect cell = {0, 0, cw, ch};
	for (size_t i = 0; i < n; i++) {
		bool image = keyset_image(ks, i) && s->env->assets_dir;
		/* Every pile is fitted as the yes pile, the narrowest (its
		 * badge), so a label keeps its size from pile to pile. */
		t[i] = (struct role_text){keyset_label(ks, i, col),
					  sort_label_box(s, cell,
							 p == PILE_DECK ? PILE_DECK : PILE_YES,
							 image, speaks),
					  3, FONT_BOLD};
	}
	enum sort_role role = p == PILE_DECK ? SORT_DECK_LABEL : SORT_PILE_LABEL;
	int most = sort_role_max(s, role), cap = s->geo.label_cap[p == PILE_DECK ? 0 : 1][l];
	int size = fit_role(s, sort_role_min(s), cap > 0 && cap < most ? cap : most, t, n, exact);
	free(t);
	return size;
}

/* Whether a description fits under its label in box (a card's label box) as draw_card puts
 * it there: the label at label_px, the description at the scene's floor size. */
static bool description_fits(const struct sort_scene *s, const struct text_metrics *tm,
			     const char *label, int label_px, const char *description,
			     struct rect box, struct text_block *scratch)
{
	if (!text_fits(tm, FONT_BOLD, label_px, 3, label, box.w, box.h, scratch))
		return false;
	int h = box.h - scratch->height - sort_px(&s->geo, 4);
	return h > 0 &&
	       text_fits(tm, FONT_REGULAR, sort_role_floor(s), 3, description, box.w, h, scratch);
}

size_t sort_count_described(const struct sort_scene *s, const struct sort_langs *langs, int cw,
			    int ch, const int *label_px)
{
	/* estimated widths, as for the labels: this compares layouts, it draws nothing */
	struct text_metrics estimate = {(void *)s->env->tm, estimate_width, estimate_line,
					estimate_height};
	struct text_block scratch;
	text_block_init(&scratch);
	const struct keyset *ks = s->env->ks;
	struct rect cell = {0, 0, cw, ch};
	size_t fit = 0;
	for (size_t l = 0; l < langs->count; l++) {
		const char *code = catalog_code(s->env->cat, langs->cat[l]);
		bool speaks = sort_speaks(s, langs->cat[l]);
		for (size_t i = 0; i < keyset_count(ks); i++) {
			const char *d = keyset_description(ks, i, code);
			if (!d)
				continue;
			bool image = keyset_image(ks, i) && s->env->assets_dir;
			struct rect box = sort_label_box(s, cell, PILE_DECK, image, speaks);
			fit += description_fits(s, &estimate, keyset_label(ks, i, langs->col[l]),
						label_px[l], d, box, &scratch);
		}
	}
	text_block_finish(&scratch);
	return fit;
}

static void set_role(struct sort_scene *s, enum sort_role role, const struct role_text *t, size_t n)
{
	int size = fit_role(s, sort_role_min(s), sort_role_max(s, role), t, n, true);
	/* Nothing fits: the floor, and the tests say which text overflows. */
	s->geo.role_px[role] = size < sort_role_min(s) ? sort_role_min(s) : size;
	int lines = 0;
	for (size_t i = 0; i < n; i++)
		lines = t[i].lines > lines ? t[i].lines : lines;
	s->geo.role_lines[role] = lines;
}

void sort_fit_header_roles(struct sort_scene *s)
{
	struct geometry *g = &s->geo;
	const struct ui_env *env = s->env;
	struct role_text title = {ui_text(env, "sort.title"), g->title, 2, FONT_BOLD};
	set_role(s, SORT_TITLE, &title, 1);

	/* the line under the question: what to do, or a picked-up card's description */
	const struct keyset *ks = env->ks;
	const char *code = catalog_code(env->cat, env->lang);
	size_t n = 2;
	struct role_text *instruction = calloc(2 + keyset_count(ks), sizeof(*instruction));
	instruction[0] = (struct role_text){ui_text(env, "sort.instruction"), g->instruction, 2,
					    FONT_REGULAR};
	instruction[1] = (struct role_text){ui_text(env, "sort.selected"), g->instruction, 2,
					    FONT_REGULAR};
	for (size_t i = 0; i < keyset_count(ks); i++) {
		const char *d = keyset_description(ks, i, code);
		if (d)
			instruction[n++] = (struct role_text){d, g->instruction, 2, FONT_REGULAR};
	}
	set_role(s, SORT_INSTRUCTION, instruction, n);
	free(instruction);

	/* The piles' names, and the rank hint beside the yes pile's. */
	static const char *const names[] = {"sort.pile.deck", "sort.pile.yes", "sort.pile.no",
					    "sort.pile.neutral"};
	struct role_text headers[4];
	for (int i = 0; i < 3; i++) {
		enum pile p = sort_zone_order[i];
		/* The yes pile's name shares its strip with the hint. */
		headers[i] = (struct role_text){ui_text(env, names[p]), g->ztitle[p],
						p == PILE_YES ? 1 : 2, FONT_BOLD};
	}
	headers[3] = (struct role_text){ui_text(env, "sort.rank_hint"), g->hint, 1, FONT_REGULAR};
	set_role(s, SORT_PILE_HEADER, headers, 4);

	/* The progress at its widest, every card placed. */
	char *all = catalog_number(env->cat, env->lang, (long)g->cards);
	char *progress = catalog_format(env->cat, env->lang, "sort.progress", "placed", all,
					"total", all, (const char *)NULL);
	struct rect done = {g->done.x, g->done.y, g->done.w - sort_px(g, 20),
			    g->done.h - sort_px(g, 4)};
	struct role_text buttons[] = {
		{ui_text(env, "sort.done"), done, 1, FONT_BOLD},
		{progress, g->progress, 1, FONT_BOLD},
		{"A+", rect_inset(g->toggle, sort_px(g, 10)), 1, FONT_BOLD},
		{"A-", rect_inset(g->toggle, sort_px(g, 10)), 1, FONT_BOLD},
		{ui_text(env, "sort.start_over"), g->start_over_label, 2, FONT_BOLD},
		{ui_text(env, "sort.language"), g->language_label, 2, FONT_BOLD},
	};
	set_role(s, SORT_BUTTON, buttons, sizeof(buttons) / sizeof(buttons[0]));
	free(progress);
	free(all);
}
