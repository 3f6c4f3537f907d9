/* The tally's scene (see scene_tally.h). Built for a 1080p screen read from
 * about three metres: no text smaller than 28 px at that size, so when the
 * keywords do not fit in one column they go into two, and only if even two
 * are too tight is the list cut, saying how many are left out. The chart
 * itself is in scene_tally_chart.c. Texts are Swedish: the screen stands in
 * Norrköping. */
#include "ui/scene_tally.h"

#include "ui/scene_tally_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/session.h"
#include "ui/theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tally_scene *scene_tally_from(struct scene *sc)
{
	return (struct tally_scene *)sc;
}

static void scene_tally_counts(struct tally_scene *s, struct strbuf *sb)
{
	scene_tally_chart_number(sb, s->sessions);
	sb_append(sb, s->sessions == 1 ? " session · " : " sessioner · ");
	scene_tally_chart_number(sb, s->kiosks);
	sb_append(sb, s->kiosks == 1 ? " kiosk" : " kiosker");
	if (s->note && *s->note)
		sb_appendf(sb, " · %s", s->note);
}

/* Title left, counts right; on a screen too narrow for both, the counts
 * go on a second line. Returns the header's height. */
static int scene_tally_header(struct tally_scene *s, struct draw_list *dl, int w,
			      const struct tally_geo *g)
{
	const struct theme *th = theme_default();
	struct strbuf info;
	sb_init(&info);
	scene_tally_counts(s, &info);
	int ts = scene_tally_chart_px(g->u, 44), hh = scene_tally_chart_px(g->u, 100);
	const char *text = s->title ? s->title : "";
	int info_w = scene_tally_chart_width(s, FONT_REGULAR, g->ts, sb_str(&info));
	int title_w = scene_tally_chart_width(s, FONT_BOLD, ts, text);
	bool stacked = title_w + info_w + 4 * g->margin > w;
	int line = s->tm->line_height(s->tm->ctx, FONT_REGULAR, g->ts);
	if (stacked)
		hh += line;
	draw_fill(dl, (struct rect){0, 0, w, hh}, th->header_bg, 0);
	int info_x = stacked ? g->margin : w - g->margin - info_w;
	int info_y = stacked ? hh - line - g->gap
			     : scene_tally_chart_mid(s, FONT_REGULAR, g->ts, 0, hh);
	const char *title = scene_tally_chart_fit(s, FONT_BOLD, ts, text,
						  (stacked ? w : info_x) - 2 * g->margin);
	scene_tally_chart_text(dl, g->margin,
			       scene_tally_chart_mid(s, FONT_BOLD, ts, 0, stacked ? hh - line : hh),
			       FONT_BOLD, ts, th->header_text, title);
	scene_tally_chart_text(dl, info_x, info_y, FONT_REGULAR, g->ts, th->header_text,
			       sb_str(&info));
	sb_finish(&info);
	return hh;
}

/* "Sessioner per plats: A 120 · B 80 ..." as far as it fits. */
static void scene_tally_footer(struct tally_scene *s, struct draw_list *dl, struct rect r,
			       const struct tally_geo *g)
{
	const struct theme *th = theme_default();
	int y = scene_tally_chart_mid(s, FONT_BOLD, g->ts, r.y, r.h);
	const char *head = "Sessioner per plats:";
	scene_tally_chart_text(dl, r.x, y, FONT_BOLD, g->ts, th->text, head);
	int x = r.x + scene_tally_chart_width(s, FONT_BOLD, g->ts, head) + 2 * g->gap;
	struct strbuf item;
	sb_init(&item);
	for (size_t i = 0; i < s->site_count; i++) {
		sb_clear(&item);
		sb_appendf(&item, "%s: ", s->sites[i].name);
		scene_tally_chart_number(&item, s->sites[i].sessions);
		int w = scene_tally_chart_width(s, FONT_REGULAR, g->ts, sb_str(&item));
		/* room for the "+ N till" that would follow */
		int more_w = scene_tally_chart_width(s, FONT_REGULAR, g->ts, "+ 999 till");
		bool last = i + 1 == s->site_count;
		if (x + w > r.x + r.w - (last ? 0 : more_w + 2 * g->gap)) {
			sb_clear(&item);
			sb_appendf(&item, "+ %zu till", s->site_count - i);
			scene_tally_chart_text(dl, x, y, FONT_REGULAR, g->ts, th->text_muted,
					       sb_str(&item));
			break;
		}
		scene_tally_chart_text(dl, x, y, FONT_REGULAR, g->ts, th->text, sb_str(&item));
		x += w + 3 * g->gap;
	}
	if (s->site_count == 0)
		scene_tally_chart_text(dl, x, y, FONT_REGULAR, g->ts, th->text_muted, "inga ännu");
	sb_finish(&item);
}

/* The chart alone: title, counts, key, every row in one column. Measuring
 * draws too, into a list thrown away, so both take the same path. */
static int scene_tally_build_chart(struct tally_scene *s, int w, struct draw_list *out)
{
	struct draw_list scratch;
	draw_list_init(&scratch);
	struct draw_list *dl = out ? out : &scratch;
	const struct theme *th = theme_default();
	struct tally_geo g = scene_tally_chart_geo(w / 1600.0);
	int ts = scene_tally_chart_px(g.u, 40),
	    lh = s->tm->line_height(s->tm->ctx, FONT_REGULAR, g.ts);
	size_t background = dl->count;
	draw_fill(dl, (struct rect){0, 0, w, 0}, th->background, 0); /* its height comes last */
	int y = g.margin;
	scene_tally_chart_text(dl, g.margin, y, FONT_BOLD, ts, th->text,
			       scene_tally_chart_fit(s, FONT_BOLD, ts, s->title ? s->title : "",
						     w - 2 * g.margin));
	y += s->tm->line_height(s->tm->ctx, FONT_BOLD, ts);
	struct strbuf info;
	sb_init(&info);
	scene_tally_counts(s, &info);
	scene_tally_chart_text(dl, g.margin, y, FONT_REGULAR, g.ts, th->text_muted, sb_str(&info));
	sb_finish(&info);
	y += lh + 2 * g.gap;
	y += scene_tally_chart_legend(s, dl, g.margin, y, w - g.margin, &g) + 3 * g.gap;
	struct rect col = {g.margin, y + lh, w - 2 * g.margin, 0};
	scene_tally_chart_ticks(s, dl, col, y, &g);
	scene_tally_chart_column(s, dl, col, 0, s->row_count, &g);
	int h = col.y + (int)s->row_count * g.rh + g.margin;
	dl->cmds[background].r.h = h;
	draw_list_finish(&scratch);
	return h;
}

int scene_tally_chart_height(struct scene *sc, int w)
{
	return scene_tally_build_chart(scene_tally_from(sc), w, NULL);
}

static void scene_tally_build(struct scene *sc, int w, int h, struct draw_list *dl,
			      struct layout *l)
{
	struct tally_scene *s = scene_tally_from(sc);
	const struct theme *th = theme_default();
	if (s->chart_only) {
		scene_tally_build_chart(s, w, dl);
		return;
	}
	struct tally_geo g = scene_tally_chart_geo(theme_unit(w, h));
	draw_fill(dl, (struct rect){0, 0, w, h}, th->background, 0);
	int y = scene_tally_header(s, dl, w, &g) + g.gap * 2;
	y += scene_tally_chart_legend(s, dl, g.margin, y, w - g.margin, &g) + 2 * g.gap;
	int foot_h = scene_tally_chart_px(g.u, 64);
	struct rect foot = {g.margin, h - foot_h - g.gap, w - 2 * g.margin, foot_h};
	draw_fill(dl, (struct rect){0, foot.y - g.gap, w, 2}, scene_tally_chart_grid, 0);
	scene_tally_footer(s, dl, foot, &g);
	if (s->warning && *s->warning) {
		/* what is missing is said where the counts are, not in a report
		 * nobody reads during the event */
		int lh = s->tm->line_height(s->tm->ctx, FONT_BOLD, g.ts);
		foot.y -= lh + g.gap;
		scene_tally_chart_text(dl, g.margin, foot.y, FONT_BOLD, g.ts,
				       th->zone_title[PILE_NO],
				       scene_tally_chart_fit(s, FONT_BOLD, g.ts, s->warning,
							     w - 2 * g.margin));
	}
	struct rect area = {g.margin, y, w - 2 * g.margin, foot.y - 2 * g.gap - y};
	if (s->row_count == 0) {
		const char *msg = "Inga sessioner ännu – väntar på exportfiler";
		int ts = scene_tally_chart_px(g.u, 40),
		    mw = scene_tally_chart_width(s, FONT_REGULAR, ts, msg);
		scene_tally_chart_text(dl, area.x + (area.w - mw) / 2,
				       scene_tally_chart_mid(s, FONT_REGULAR, ts, area.y, area.h),
				       FONT_REGULAR, ts, th->text_muted, msg);
		return;
	}
	/* rows at their natural height in one column, else two, else cut */
	int min_rh = scene_tally_chart_px(g.u, 40);
	size_t per_col = s->row_count, cols = 1;
	if ((int)per_col * min_rh > area.h) {
		cols = 2;
		per_col = (s->row_count + 1) / 2;
	}
	size_t fits = (size_t)(area.h / min_rh);
	size_t shown = s->row_count;
	bool cut = per_col > fits;
	if (cut) {
		/* keep a row free for the note on what is left out */
		per_col = fits > 1 ? fits - 1 : 1;
		shown = per_col * cols;
	}
	g.rh = area.h / (int)(per_col + cut);
	int max_rh = scene_tally_chart_px(g.u, 72);
	g.rh = g.rh < max_rh ? g.rh : max_rh;
	int col_gap = 3 * g.margin;
	int cw = cols == 1 ? area.w : (area.w - col_gap) / 2;
	for (size_t k = 0; k < cols; k++) {
		size_t first = k * per_col;
		size_t n = shown - first < per_col ? shown - first : per_col;
		scene_tally_chart_column(s, dl,
					 (struct rect){area.x + (int)k * (cw + col_gap), area.y, cw,
						       0},
					 first, n, &g);
	}
	if (shown < s->row_count) {
		struct strbuf more;
		sb_init(&more);
		sb_appendf(&more, "… och %zu nyckelord till (se rapporten)", s->row_count - shown);
		scene_tally_chart_text(dl, area.x, area.y + (int)per_col * g.rh, FONT_REGULAR, g.ts,
				       th->text_muted, sb_str(&more));
		sb_finish(&more);
	}
}

static bool scene_tally_input(struct scene *sc, const struct input_event *ev)
{
	return ev->kind == INPUT_RESIZE || ev->kind == INPUT_EXPOSE;
}

static bool scene_tally_busy(const struct scene *sc)
{
	return false;
}

static struct scene_result scene_tally_take_action(struct scene *sc)
{
	return (struct scene_result){.action = SCENE_ACTION_NONE};
}

static void scene_tally_clear(struct tally_scene *s)
{
	for (size_t i = 0; i < s->row_count; i++)
		free((char *)s->rows[i].label);
	for (size_t i = 0; i < s->site_count; i++)
		free((char *)s->sites[i].name);
	free(s->rows);
	free(s->ranks);
	free(s->sites);
	free(s->title);
	free(s->note);
	free(s->warning);
	/* set_data fills every field again */
}

static void scene_tally_destroy(struct scene *sc)
{
	struct tally_scene *s = scene_tally_from(sc);
	scene_tally_clear(s);
	sb_finish(&s->scratch);
	free(s);
}

static const struct scene_ops scene_tally_ops = {
	.name = "tally",
	.destroy = scene_tally_destroy,
	.input = scene_tally_input,
	.build = scene_tally_build,
	.busy = scene_tally_busy,
	.take_action = scene_tally_take_action,
	.animating = NULL, /* it changes only when the data does */
};

struct scene *scene_tally_create(const struct text_metrics *tm, bool chart_only)
{
	struct tally_scene *s = xcalloc(1, sizeof(*s));
	s->base.ops = &scene_tally_ops;
	s->tm = tm;
	s->chart_only = chart_only;
	sb_init(&s->scratch);
	return &s->base;
}

void scene_tally_set_data(struct scene *sc, const struct scene_tally_data *d)
{
	struct tally_scene *s = scene_tally_from(sc);
	scene_tally_clear(s);
	s->title = d->title ? xstrdup(d->title) : NULL;
	s->note = d->note ? xstrdup(d->note) : NULL;
	s->warning = d->warning ? xstrdup(d->warning) : NULL;
	s->sessions = d->sessions;
	s->kiosks = d->kiosks;
	s->row_count = d->row_count;
	s->rows = xcalloc(d->row_count ? d->row_count : 1, sizeof(*s->rows));
	s->ranks = xcalloc(d->row_count ? d->row_count : 1, sizeof(*s->ranks));
	for (size_t i = 0; d->ranks && i < d->row_count; i++)
		s->ranks[i] = d->ranks[i];
	for (size_t i = 0; i < d->row_count; i++) {
		s->rows[i] = d->rows[i];
		s->rows[i].label = xstrdup(d->rows[i].label ? d->rows[i].label : "");
	}
	s->site_count = d->site_count;
	s->sites = xcalloc(d->site_count ? d->site_count : 1, sizeof(*s->sites));
	for (size_t i = 0; i < d->site_count; i++) {
		s->sites[i] = d->sites[i];
		s->sites[i].name = xstrdup(d->sites[i].name ? d->sites[i].name : "");
	}
}
