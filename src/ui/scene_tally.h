/* The tally's scene: keywords ranked by approval as a diverging bar chart
 * (no to the left, yes to the right, the 95% interval as a whisker, the
 * neutral share beside it), each keyword's place with its interval ("2–5")
 * and the rows of one tier on one band, with sessions per site and the time
 * of the last update. Drawn for a wall screen read from a few metres, or (chart only)
 * as the ranking image of a report. Draw commands only; no input matters. */
#ifndef VS_SCENE_TALLY_H
#define VS_SCENE_TALLY_H

#include "model/stats.h"
#include "ui/scene.h"
#include "ui/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scene_tally_row {
	const char *label;
	struct keyword_counts counts;
	struct keyword_stats stats;
};

struct scene_tally_site {
	const char *name;
	uint64_t sessions;
};

/* Everything on screen; the scene copies it, so the caller's memory may go. */
struct scene_tally_data {
	const char *title;
	const struct scene_tally_row *rows; /* in rank order */
	size_t row_count;
	/* per row, its place's 95% interval and tier (model/stats.h); NULL:
	 * the rows are numbered 1, 2, 3 ... as they come */
	const struct stats_rank *ranks;
	const struct scene_tally_site *sites;
	size_t site_count;
	uint64_t sessions, kiosks;
	const char *note; /* after the counts: "uppdaterad 14:03:12", a time range */
	/* NULL, or a line above the footer in the colour of "no": what of the
	 * kiosks' numbered exports is missing ("Stadsbiblioteket: export 4 av
	 * 6 saknas — ...") */
	const char *warning;
};

/* tm must outlive the scene. chart_only: the ranking alone, every row in
 * one column, sized by width (for an image of any height). */
struct scene *scene_tally_create(const struct text_metrics *tm, bool chart_only);
void scene_tally_set_data(struct scene *sc, const struct scene_tally_data *d);
/* The height at which a chart_only scene of width w shows every row. */
int scene_tally_chart_height(struct scene *sc, int w);

#endif
