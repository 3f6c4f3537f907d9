/* The diverging bar chart that the tally scene draws on screen and into
 * report images: the key, the rows (rank, label, no | yes with the 95%
 * interval as a whisker, the neutral share, the approval) and the small
 * text helpers they share. Bars are lighter than the kiosk's pile colours
 * so the dark whisker stands out over them; yes and no also differ by
 * side, not only by hue, for colour-blind readers. */
#include "ui/scene_tally_internal.h"

#include "common/strbuf.h"
#include "model/session.h"
#include "ui/theme.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int scene_tally_chart_px(double u, double v)
{
	int r = (int)lround(v * u);
	return r > 1 ? r : 1;
}

int scene_tally_chart_width(const struct tally_scene *s, enum font_face face, int size,
			    const char *text)
{
	return s->tm->width(s->tm->ctx, face, size, text, strlen(text));
}

void scene_tally_chart_text(struct draw_list *dl, int x, int y, enum font_face face, int size,
			    struct color c, const char *text)
{
	draw_text(dl, x, y, face, size, c, text, strlen(text));
}

/* text, or as much of it as fits in max_w followed by an ellipsis, in
 * s->scratch. Cuts only between UTF-8 characters. */
const char *scene_tally_chart_fit(struct tally_scene *s, enum font_face face, int size,
				  const char *text, int max_w)
{
	sb_clear(&s->scratch);
	sb_append(&s->scratch, text);
	if (scene_tally_chart_width(s, face, size, text) <= max_w)
		return sb_str(&s->scratch);
	size_t len = strlen(text);
	while (len > 0) {
		do
			len--;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80);
		sb_clear(&s->scratch);
		sb_appendn(&s->scratch, text, len);
		sb_append(&s->scratch, "…");
		if (scene_tally_chart_width(s, face, size, sb_str(&s->scratch)) <= max_w)
			break;
	}
	return sb_str(&s->scratch);
}

/* n with thin groups of three the Swedish way, "18 181" (no-break space). */
void scene_tally_chart_number(struct strbuf *sb, uint64_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			sb_append(sb, "\xC2\xA0");
		sb_appendn(sb, digits + i, 1);
	}
}

/* Vertically centred text in a band starting at y of height h. */
int scene_tally_chart_mid(const struct tally_scene *s, enum font_face face, int size, int y, int h)
{
	return y + (h - s->tm->line_height(s->tm->ctx, face, size)) / 2;
}

#define RGB(hex) ((struct color){(hex) >> 16 & 0xff, (hex) >> 8 & 0xff, (hex)&0xff, 0xff})

static const struct color scene_tally_chart_yes = RGB(0x3F9B5C),
			  scene_tally_chart_no = RGB(0xD0584B),
			  scene_tally_chart_neutral = RGB(0x9AA0AA),
			  scene_tally_chart_ink = RGB(0x1B1B1B),
			  scene_tally_chart_stripe = RGB(0xE8E3D8),
			  scene_tally_chart_track = RGB(0xDAD4C7), /* under the neutral bar */
	scene_tally_chart_rule = RGB(0x6A6A6A);			   /* between tiers */
const struct color scene_tally_chart_grid = RGB(0xC9C3B6);

/* The key to the chart from x to x_max, wrapped where it must (a portrait
 * screen); returns its height. */
int scene_tally_chart_legend(struct tally_scene *s, struct draw_list *dl, int x, int y, int x_max,
			     const struct tally_geo *g)
{
	const struct theme *th = theme_default();
	enum {
		SWATCH,
		WHISKER,
		PLAIN
	};
	const struct {
		struct color c;
		int kind;
		const char *text;
	} keys[] = {
		{scene_tally_chart_yes, SWATCH, "Ja – ska prägla"},
		{scene_tally_chart_no, SWATCH, "Nej – ska inte prägla"},
		{scene_tally_chart_neutral, SWATCH, "Vet inte"},
		{scene_tally_chart_ink, WHISKER, "95 % intervall"},
		{th->text_muted, PLAIN, "% = andel ja"},
		/* a band holds keywords the data cannot tell apart */
		{th->text_muted, PLAIN, "2–5 = plats (95 %), band = kan inte skiljas åt"},
	};
	int lh = s->tm->line_height(s->tm->ctx, FONT_REGULAR, g->ts);
	int sw = scene_tally_chart_px(g->u, 34), sh = scene_tally_chart_px(g->u, 22), x0 = x,
	    top = y;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int icon = keys[i].kind == PLAIN ? 0 : sw + g->gap;
		int tw = scene_tally_chart_width(s, FONT_REGULAR, g->ts, keys[i].text);
		if (x > x0 && x + icon + tw > x_max) {
			x = x0;
			y += lh + g->gap;
		}
		int sy = y + (lh - sh) / 2, t = scene_tally_chart_px(g->u, 3);
		if (keys[i].kind == WHISKER) {
			draw_fill(dl, (struct rect){x, y + lh / 2 - t / 2, sw, t}, keys[i].c, 0);
			draw_fill(dl, (struct rect){x, sy, t, sh}, keys[i].c, 0);
			draw_fill(dl, (struct rect){x + sw - t, sy, t, sh}, keys[i].c, 0);
		} else if (keys[i].kind == SWATCH) {
			draw_fill(dl, (struct rect){x, sy, sw, sh}, keys[i].c,
				  scene_tally_chart_px(g->u, 4));
		}
		scene_tally_chart_text(dl, x + icon, y, FONT_REGULAR, g->ts,
				       keys[i].kind == PLAIN ? keys[i].c : th->text, keys[i].text);
		x += icon + tw + 3 * g->gap;
	}
	return y + lh - top;
}

/* Column widths inside one column of the chart. */
struct tally_cols {
	int rank_r, label_r; /* right edges of the rank and the label */
	int bars_x, bars_w;  /* the diverging area: no | yes */
	int neutral_x, neutral_w;
	int pct_r; /* right edge of the percentage */
	int n_r;   /* right edge of "n = ..." (chart only), 0 when not shown */
};

static struct tally_cols scene_tally_chart_columns(struct tally_scene *s, struct rect col,
						   const struct tally_geo *g)
{
	struct tally_cols c = {0};
	int label_w = 0;
	for (size_t i = 0; i < s->row_count; i++) {
		int w = scene_tally_chart_width(s, FONT_REGULAR, g->ts, s->rows[i].label);
		label_w = w > label_w ? w : label_w;
	}
	int cap = col.w * 40 / 100;
	label_w = label_w < cap ? label_w : cap;
	int rank_w = scene_tally_chart_width(s, FONT_REGULAR, g->ts, "00–00");
	int pct_w = scene_tally_chart_width(s, FONT_BOLD, g->ts, "100 %");
	int n_w = s->chart_only ? scene_tally_chart_width(s, FONT_REGULAR, g->ts, "n = 00000") : 0;
	c.rank_r = col.x + rank_w;
	c.label_r = c.rank_r + g->gap + label_w;
	c.n_r = n_w ? col.x + col.w : 0;
	c.pct_r = col.x + col.w - (n_w ? n_w + 2 * g->gap : 0);
	c.neutral_w = col.w * 9 / 100;
	c.neutral_x = c.pct_r - pct_w - 2 * g->gap - c.neutral_w;
	c.bars_x = c.label_r + 2 * g->gap;
	c.bars_w = c.neutral_x - 2 * g->gap - c.bars_x;
	return c;
}

static void scene_tally_chart_row(struct tally_scene *s, struct draw_list *dl,
				  const struct tally_cols *c, size_t i, int y,
				  const struct tally_geo *g)
{
	const struct theme *th = theme_default();
	const struct scene_tally_row *r = &s->rows[i];
	int ty = scene_tally_chart_mid(s, FONT_REGULAR, g->ts, y, g->rh);
	const struct stats_rank *rank = &s->ranks[i];
	char num[32];
	if (!rank->tier)
		snprintf(num, sizeof(num), "%zu", i + 1);
	else if (rank->low == rank->high)
		snprintf(num, sizeof(num), "%u", rank->low);
	else
		snprintf(num, sizeof(num), "%u–%u", rank->low, rank->high);
	if (r->stats.defined || !rank->tier)
		scene_tally_chart_text(dl,
				       c->rank_r -
					       scene_tally_chart_width(s, FONT_REGULAR, g->ts, num),
				       ty, FONT_REGULAR, g->ts, th->text_muted, num);
	const char *label = scene_tally_chart_fit(s, FONT_REGULAR, g->ts, r->label,
						  c->label_r - c->rank_r - g->gap);
	scene_tally_chart_text(dl,
			       c->label_r - scene_tally_chart_width(s, FONT_REGULAR, g->ts, label),
			       ty, FONT_REGULAR, g->ts,
			       r->stats.defined ? th->text : th->text_muted, label);
	if (!r->stats.defined) {
		scene_tally_chart_text(dl,
				       c->pct_r - scene_tally_chart_width(s, FONT_BOLD, g->ts, "–"),
				       ty, FONT_BOLD, g->ts, th->text_muted, "–");
		return;
	}
	double shown = (double)r->counts.shown;
	int half = c->bars_w / 2, cx = c->bars_x + half;
	int bh = g->rh * 58 / 100, by = y + (g->rh - bh) / 2, mid = y + g->rh / 2;
	int no_w = (int)lround((double)r->counts.no / shown * half);
	int yes_w = (int)lround(r->stats.approval * half);
	draw_fill(dl, (struct rect){cx - no_w, by, no_w, bh}, scene_tally_chart_no, 0);
	draw_fill(dl, (struct rect){cx, by, yes_w, bh}, scene_tally_chart_yes, 0);
	/* the whisker: where the true share of yes lies, with 95% confidence */
	int t = scene_tally_chart_px(g->u, 3);
	int x1 = cx + (int)lround(r->stats.approval_low * half);
	int x2 = cx + (int)lround(r->stats.approval_high * half);
	int cap_h = bh * 8 / 10;
	draw_fill(dl, (struct rect){x1, mid - t / 2, x2 - x1 + t, t}, scene_tally_chart_ink, 0);
	draw_fill(dl, (struct rect){x1, mid - cap_h / 2, t, cap_h}, scene_tally_chart_ink, 0);
	draw_fill(dl, (struct rect){x2, mid - cap_h / 2, t, cap_h}, scene_tally_chart_ink, 0);

	draw_fill(dl, (struct rect){c->neutral_x, by, c->neutral_w, bh}, scene_tally_chart_track,
		  0);
	int nw = (int)lround((double)r->counts.neutral / shown * c->neutral_w);
	draw_fill(dl, (struct rect){c->neutral_x, by, nw, bh}, scene_tally_chart_neutral, 0);
	/* the don't-know share in figures too: it is an answer, not a gap */
	snprintf(num, sizeof(num), "%d %%", (int)lround(100 * (double)r->counts.neutral / shown));
	scene_tally_chart_text(dl,
			       c->neutral_x + c->neutral_w - g->gap / 2 -
				       scene_tally_chart_width(s, FONT_REGULAR, g->ts, num),
			       ty, FONT_REGULAR, g->ts, scene_tally_chart_ink, num);

	snprintf(num, sizeof(num), "%d %%", (int)lround(100 * r->stats.approval));
	scene_tally_chart_text(dl, c->pct_r - scene_tally_chart_width(s, FONT_BOLD, g->ts, num), ty,
			       FONT_BOLD, g->ts, th->zone_title[PILE_YES], num);
	if (c->n_r) {
		struct strbuf n;
		sb_init(&n);
		sb_append(&n, "n = ");
		scene_tally_chart_number(&n, r->counts.shown);
		scene_tally_chart_text(dl,
				       c->n_r - scene_tally_chart_width(s, FONT_REGULAR, g->ts,
									sb_str(&n)),
				       ty, FONT_REGULAR, g->ts, th->text_muted, sb_str(&n));
		sb_finish(&n);
	}
}

/* Rows first..first+n in a column: stripes, the 0/50/100 % lines, bars. */
void scene_tally_chart_column(struct tally_scene *s, struct draw_list *dl, struct rect col,
			      size_t first, size_t n, const struct tally_geo *g)
{
	struct tally_cols c = scene_tally_chart_columns(s, col, g);
	int h = (int)n * g->rh;
	/* with tiers, a band per tier (the order within one is not a finding)
	 * and a rule between tiers; without, every other row */
	for (size_t k = 0; k < n; k++) {
		uint32_t tier = s->ranks[first + k].tier;
		bool band = tier ? tier % 2 == 0 : (first + k) % 2;
		int y = col.y + (int)k * g->rh;
		if (band)
			draw_fill(dl, (struct rect){col.x, y, col.w, g->rh},
				  scene_tally_chart_stripe, 0);
		if (k && tier && tier != s->ranks[first + k - 1].tier)
			draw_fill(dl,
				  (struct rect){col.x, y - 1, col.w, scene_tally_chart_px(g->u, 3)},
				  scene_tally_chart_rule, 0);
	}
	int half = c.bars_w / 2, t = scene_tally_chart_px(g->u, 2);
	for (int q = -2; q <= 2; q++)
		draw_fill(dl, (struct rect){c.bars_x + half + q * half / 2 - t / 2, col.y, t, h},
			  q ? scene_tally_chart_grid : scene_tally_chart_ink, 0);
	for (size_t k = 0; k < n; k++)
		scene_tally_chart_row(s, dl, &c, first + k, col.y + (int)k * g->rh, g);
}

/* "100 %  50 %  0  50 %  100 %" over the gridlines of a column at col.y. */
void scene_tally_chart_ticks(struct tally_scene *s, struct draw_list *dl, struct rect col, int y,
			     const struct tally_geo *g)
{
	struct tally_cols c = scene_tally_chart_columns(s, col, g);
	int half = c.bars_w / 2;
	for (int q = -2; q <= 2; q++) {
		const char *t = q == 0 ? "0" : (q == -1 || q == 1) ? "50 %" : "100 %";
		int x = c.bars_x + half + q * half / 2;
		int tw = scene_tally_chart_width(s, FONT_REGULAR, g->ts, t);
		/* the outer labels stay inside the bars' area */
		x = q == -2 ? x : q == 2 ? x - tw : x - tw / 2;
		scene_tally_chart_text(dl, x, y, FONT_REGULAR, g->ts, theme_default()->text_muted,
				       t);
	}
}

struct tally_geo scene_tally_chart_geo(double u)
{
	return (struct tally_geo){.u = u,
				  .margin = scene_tally_chart_px(u, 32),
				  .gap = scene_tally_chart_px(u, 10),
				  .ts = scene_tally_chart_px(u, 28),
				  .rh = scene_tally_chart_px(u, 48)};
}
