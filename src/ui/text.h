/* Text measuring, wrapping and fitting. The layout must know how big text
 * is before it is drawn, so that a label never overflows its card; the
 * platform supplies the measurements from the real fonts through this
 * small interface, keeping the ui layer free of SDL. */
#ifndef VS_TEXT_H
#define VS_TEXT_H

#include "ui/draw.h"

#include <stdbool.h>
#include <stddef.h>

struct text_metrics {
	void *ctx;
	/* Width in px of text[0..len) on one line. */
	int (*width)(void *ctx, enum font_face face, int size, const char *text, size_t len);
	/* Distance between baselines of two lines of Latin text, in px. */
	int (*line_height)(void *ctx, enum font_face face, int size);
	/* The same for lines of this text: Arabic needs a taller line than
	 * Latin at the same size (the fonts' own ascent and descent). */
	int (*text_height)(void *ctx, enum font_face face, int size, const char *text, size_t len);
};

struct text_span {
	size_t start;
	size_t len;
};

/* A label broken into lines at a given size. */
struct text_block {
	struct text_span *lines;
	size_t count;
	size_t cap;
	int size;   /* font size used */
	int width;  /* widest line, px */
	int height; /* count * line height, px */
};

void text_block_init(struct text_block *b);
void text_block_finish(struct text_block *b);

/* Breaks text into lines of at most max_w px at size, breaking between
 * words (and inside a word only when the word alone is wider). Returns false
 * when some line is still wider than max_w (a single glyph too wide). */
bool text_wrap(const struct text_metrics *tm, enum font_face face, int size, const char *text,
	       int max_w, struct text_block *out);

/* True when text at size wraps inside box_w x box_h in at most max_lines
 * lines, breaking only between words; out holds the lines either way. */
bool text_fits(const struct text_metrics *tm, enum font_face face, int size, int max_lines,
	       const char *text, int box_w, int box_h, struct text_block *out);

/* Finds the largest size in [min_size, max_size] at which text wraps inside
 * box_w x box_h in at most max_lines lines. Falls back to min_size (and
 * returns false) when nothing fits, so the caller can say so in a test. */
bool text_fit(const struct text_metrics *tm, enum font_face face, int min_size, int max_size,
	      int max_lines, const char *text, int box_w, int box_h, struct text_block *out);

/* Appends the block's lines to dl centred in box (horizontally per line,
 * vertically as a block). */
void text_draw_centered(struct draw_list *dl, const struct text_metrics *tm, enum font_face face,
			const struct text_block *b, const char *text, struct rect box,
			struct color c);
/* Appends the block's lines left-aligned at (x, y). */
void text_draw_at(struct draw_list *dl, const struct text_metrics *tm, enum font_face face,
		  const struct text_block *b, const char *text, int x, int y, struct color c);

#endif
