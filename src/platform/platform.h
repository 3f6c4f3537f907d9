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
#include <stddef.h>
#include <stdint.h>

struct platform;
struct platform_prep;

/* For platform_options.prepare: the size the window is opened at, as soon
 * as it is known (waiting for it): the size asked for when windowed, the
 * desktop's when fullscreen, both before the window exists; the window's
 * own otherwise. A guess that turns out wrong costs only time: the frame
 * is laid out again at the window's size. False when there will be no
 * window. */
bool platform_prep_size(struct platform_prep *prep, int *w, int *h);
/* Rasterises the texts and scales the pictures of dl, for the frame that
 * draws them to find them ready. */
void platform_prep_list(struct platform_prep *prep, const struct draw_list *dl);

struct platform_options {
	const char *title;
	bool fullscreen;
	int width, height;    /* the window's size when not fullscreen */
	const char *font_dir; /* folder with the bundled Noto fonts */
	/* A compose table with nothing in it (data/compose), or NULL: the
	 * locale's is parsed at every start, for text the kiosk never takes. */
	const char *compose_file;
	/* A test hook: read "down|move|up FINGER X Y" lines (window pixels)
	 * from standard input and push them as SDL finger events, because X11
	 * test tools cannot make touches. */
	bool touch_from_stdin;
	/* How to draw: "software" (SDL's software renderer in the window's own
	 * framebuffer, sending only what changed), "opengl" (SDL's OpenGL
	 * renderer: a GPU's, or Mesa's llvmpipe on the CPU, drawing every
	 * frame whole), or "auto"/NULL: software where the window has a
	 * framebuffer of its own (X11), else SDL's first choice. Set
	 * SDL_RENDER_DRIVER wins over "auto". A renderer that cannot start
	 * falls back to SDL's first choice, and platform_renderer says so. */
	const char *renderer;
	/* Optional: work for the thread that loads the fonts, called once they
	 * are loaded, while SDL is still opening the window (mostly waiting
	 * for the display server), with the very metrics platform_text_metrics
	 * will return: lay out the first frame and hand it to
	 * platform_prep_list, and it is drawn without rasterising anything. */
	void (*prepare)(void *ctx, const struct text_metrics *tm, struct platform_prep *prep);
	void *prepare_ctx;
};

/* What one presented frame cost (platform_last_frame). */
struct platform_frame {
	int64_t submit_us;  /* drawing the commands, up to the renderer's flush */
	int64_t present_us; /* showing them: sending rectangles, or the swap */
	int64_t damage_px;  /* pixels redrawn and sent */
	int rects;	    /* in how many rectangles */
	bool full;	    /* the whole window was redrawn */
	bool shown;	    /* false: nothing had changed, nothing was sent */
};

/* NULL with one diag line if there is no display or a font is missing. */
struct platform *platform_create(const struct platform_options *o, struct diag *err);
void platform_destroy(struct platform *p); /* NULL-safe */

/* Measures with the same fonts and sizes that render. Valid while p lives. */
const struct text_metrics *platform_text_metrics(struct platform *p);
/* The drawable size in pixels. */
void platform_size(struct platform *p, int *w, int *h);

/* Waits at most timeout_ms (-1: forever) for the next input event. Returns
 * false on timeout or when platform_wake() was called. Events no scene
 * cares about are swallowed here. */
bool platform_next_event(struct platform *p, int timeout_ms, struct input_event *ev);

/* Draws the list and shows it: only what changed since the last call,
 * where the renderer keeps its picture (see platform_options.renderer). */
void platform_present(struct platform *p, const struct draw_list *dl);
/* What the last platform_present cost. */
const struct platform_frame *platform_last_frame(const struct platform *p);
/* The renderer in use ("software", "opengl", ...) and, when it is not the
 * one asked for, why ("" otherwise). */
const char *platform_renderer(const struct platform *p);
const char *platform_renderer_note(const struct platform *p);
/* Opens what drawing needs later but the first frame did not (SDL2_image,
 * for the cards' pictures), so that the first picture does not wait for
 * it. Once the first frame is on screen. */
void platform_preload(struct platform *p);
/* Makes a platform_next_event that waits, in any thread, return false at
 * once: another thread has something for the loop. Safe from any thread
 * while p lives. */
void platform_wake(struct platform *p);

/* The fonts alone, without a window: the very measurements the kiosk lays
 * out with, for layout tests and rendered reports. */
struct platform_fonts;
struct platform_fonts *platform_fonts_create(const char *font_dir, struct diag *err);
const struct text_metrics *platform_fonts_metrics(struct platform_fonts *f);
void platform_fonts_destroy(struct platform_fonts *f); /* NULL-safe */
/* How many characters of text the font chosen for it cannot draw (they
 * would show as empty boxes); the first one is copied into first. */
size_t platform_fonts_missing(struct platform_fonts *f, enum font_face face, const char *text,
			      char *first, size_t first_len);
/* The characters of text that no bundled font can draw, each once, in the
 * order of the text: the first max of them go into cps. Format characters
 * (ZWSP, ZWNJ, ZWJ, a BOM: Unicode's Cf) draw as nothing and are never
 * among them. Returns how many there are, which may be more than max. */
size_t platform_fonts_undrawable(struct platform_fonts *f, enum font_face face, const char *text,
				 uint32_t *cps, size_t max);

/* Drawing without a window (report images): a software renderer on a
 * memory surface, with the same fonts and draw-list renderer as the
 * kiosk's window, so a chart looks the same on screen and on paper. */
struct platform_canvas;
struct platform_canvas *platform_canvas_create(const char *font_dir, struct diag *err);
const struct text_metrics *platform_canvas_metrics(struct platform_canvas *c);
/* Draws dl on a w x h image and writes it to path as PNG (through a
 * temporary file, so path is complete or untouched). */
bool platform_canvas_save_png(struct platform_canvas *c, const struct draw_list *dl, int w, int h,
			      const char *path, struct diag *err);
void platform_canvas_destroy(struct platform_canvas *c); /* NULL-safe */

#endif
