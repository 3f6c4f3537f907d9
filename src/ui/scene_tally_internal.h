/* Shared by the tally scene's two files (scene_tally.c lays out the screen,
 * scene_tally_chart.c draws the chart); never included from elsewhere. */
#ifndef VS_SCENE_TALLY_INTERNAL_H
#define VS_SCENE_TALLY_INTERNAL_H

#include "common/strbuf.h"
#include "ui/scene_tally.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tally_scene {
	struct scene base;
	const struct text_metrics *tm;
	bool chart_only;
	char *title, *note, *warning;
	struct scene_tally_row *rows;
	struct stats_rank *ranks; /* one per row; zero where not given */
	size_t row_count;
	struct scene_tally_site *sites;
	size_t site_count;
	uint64_t sessions, kiosks;
	struct strbuf scratch; /* scene_tally_chart_fit's result */
};

/* Sizes for one frame, in pixels, from the unit (1.0 at 1080p). */
struct tally_geo {
	double u;
	int margin, gap, ts; /* ts: the size of every row's text */
	int rh;		     /* row height */
};

/* The chart's sizes at unit u. */
struct tally_geo scene_tally_chart_geo(double u);
/* v px at 1080p scaled by u, at least 1. */
int scene_tally_chart_px(double u, double v);
int scene_tally_chart_width(const struct tally_scene *s, enum font_face face, int size,
			    const char *text);
void scene_tally_chart_text(struct draw_list *dl, int x, int y, enum font_face face, int size,
			    struct color c, const char *text);
/* text, or as much of it as fits in max_w followed by an ellipsis (valid
 * until the next call). */
const char *scene_tally_chart_fit(struct tally_scene *s, enum font_face face, int size,
				  const char *text, int max_w);
/* n grouped by three the Swedish way, "18 181". */
void scene_tally_chart_number(struct strbuf *sb, uint64_t n);
/* The y of text centred vertically in a band from y of height h. */
int scene_tally_chart_mid(const struct tally_scene *s, enum font_face face, int size, int y, int h);
/* The key from x to x_max, wrapped where it must; returns its height. */
int scene_tally_chart_legend(struct tally_scene *s, struct draw_list *dl, int x, int y, int x_max,
			     const struct tally_geo *g);
/* "100 %  50 %  0  50 %  100 %" at y over the gridlines of col. */
void scene_tally_chart_ticks(struct tally_scene *s, struct draw_list *dl, struct rect col, int y,
			     const struct tally_geo *g);
/* Rows first..first+n in col (from col.y, g->rh each). */
void scene_tally_chart_column(struct tally_scene *s, struct draw_list *dl, struct rect col,
			      size_t first, size_t n, const struct tally_geo *g);

/* The colour of rules and gridlines. */
extern const struct color scene_tally_chart_grid;

#endif
