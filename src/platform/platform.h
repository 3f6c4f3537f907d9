/* The platform: a window, the fonts and the input, behind functions that
 * speak only in the ui layer's terms (draw lists, text metrics, input
 * events). The only part of visionsort that includes SDL headers. */
#ifndef VS_PLATFORM_H
#define VS_PLATFORM_H

#include "common/diag.h"
#include "ui/draw.h"
#include "ui/input.h"
#include "ui/text.h"

#include <stdbool.h>

struct platform;

struct platform_options {
	const char *title;
	bool fullscreen;
	int width, height; /* the window's size when not fullscreen */
	const char *font_dir; /* folder with the bundled Noto fonts */
	/* A test hook: read "down|move|up FINGER X Y" lines (window pixels)
	 * from standard input and push them as SDL finger events, because X11
	 * test tools cannot make touches. */
	bool touch_from_stdin;
};

/* NULL with one diag line if there is no display or a font is missing. */
struct platform *platform_create(const struct platform_options *o, struct diag *err);
void platform_destroy(struct platform *p); /* NULL-safe */

/* Measures with the same fonts and sizes that render. Valid while p lives. */
const struct text_metrics *platform_text_metrics(struct platform *p);
/* The drawable size in pixels. */
void platform_size(struct platform *p, int *w, int *h);

/* Waits at most timeout_ms (-1: forever) for the next input event. Returns
 * false on timeout. Events no scene cares about are swallowed here. */
bool platform_next_event(struct platform *p, int timeout_ms, struct input_event *ev);

/* Draws the list and shows it. */
void platform_present(struct platform *p, const struct draw_list *dl);

/* The fonts alone, without a window: the very measurements the kiosk lays
 * out with, for layout tests and rendered reports. */
struct platform_fonts;
struct platform_fonts *platform_fonts_create(const char *font_dir, struct diag *err);
const struct text_metrics *platform_fonts_metrics(struct platform_fonts *f);
void platform_fonts_destroy(struct platform_fonts *f); /* NULL-safe */

#endif
