/* The ranking chart as a PNG (report_png.h). */
#include "report/report_png.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "platform/platform.h"
#include "ui/scene_tally.h"

#include <stdlib.h>
#include <string.h>

/* "2035-05-01 – 2035-05-31 (UTC)" for the chart's caption. */
static void report_png_period(struct strbuf *sb, const struct tally_stats_groups *whole)
{
	const struct tally_stats_group *g = whole->count ? &whole->items[0] : NULL;
	if (!g || !g->first_started || !g->last_ended)
		return;
	sb_appendn(sb, g->first_started, strnlen(g->first_started, 10));
	sb_append(sb, " – ");
	sb_appendn(sb, g->last_ended, strnlen(g->last_ended, 10));
	sb_append(sb, " (UTC)");
}

bool report_png_write(const char *path, const char *font_dir, const struct tally_stats *total,
		      const struct tally_stats_groups *whole, int *height, struct diag *err)
{
	struct platform_canvas *c = platform_canvas_create(font_dir, err);
	if (!c)
		return false;
	struct strbuf period;
	sb_init(&period);
	struct scene_tally_row *rows = xcalloc(total->count + 1, sizeof(*rows));
	struct stats_rank *ranks = xcalloc(total->count + 1, sizeof(*ranks));
	for (size_t i = 0; i < total->count; i++) {
		rows[i] = (struct scene_tally_row){total->rows[i].label, total->rows[i].counts,
						   total->rows[i].stats};
		ranks[i] = total->rows[i].rank;
	}
	report_png_period(&period, whole);
	if (total->set_id)
		sb_appendf(&period, " · %s v%s", total->set_id, total->set_version);
	const struct tally_stats_group *w = whole->count ? &whole->items[0] : NULL;
	struct scene_tally_data sd = {
		.title = "Vad ska prägla Norrköping 2035? Rangordning efter andel ja",
		.rows = rows,
		.row_count = total->count,
		.ranks = ranks,
		.sessions = w ? w->sessions : 0,
		.kiosks = w ? w->kiosks : 0,
		.note = sb_str(&period),
	};
	struct scene *sc = scene_tally_create(platform_canvas_metrics(c), true);
	scene_tally_set_data(sc, &sd);
	int h = scene_tally_chart_height(sc, REPORT_PNG_WIDTH);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	sc->ops->build(sc, REPORT_PNG_WIDTH, h, &dl, &l);
	bool ok = platform_canvas_save_png(c, &dl, REPORT_PNG_WIDTH, h, path, err);
	*height = h;
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
	platform_canvas_destroy(c);
	free(rows);
	free(ranks);
	sb_finish(&period);
	return ok;
}
