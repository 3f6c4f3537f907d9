/* The ranking chart as a PNG: drawn offscreen by the same scene
 * (ui/scene_tally) and renderer as the live view, so the image in the
 * meeting is the one on the wall. */
#ifndef VS_REPORT_PNG_H
#define VS_REPORT_PNG_H

#include "common/diag.h"
#include "store/tally_stats.h"

#include <stdbool.h>

#define REPORT_PNG_WIDTH 1600 /* the height follows from the number of keywords */

/* Writes the chart of total (TALLY_BY_NONE) to path, with the period and
 * counts of whole (TALLY_BY_NONE: one group) as its caption; fonts come
 * from font_dir. *height is the image's height once written. */
bool report_png_write(const char *path, const char *font_dir, const struct tally_stats *total,
		      const struct tally_stats_groups *whole, int *height, struct diag *err);

#endif
