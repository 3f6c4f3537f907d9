/* The platform's fonts, shared by fonts.c (files, sizes, the Arabic
 * calibration), fonts_text.c (a line's runs, measured and drawn) and the
 * platform's tests; never included from outside the platform. */
#ifndef VS_FONTS_H
#define VS_FONTS_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "ui/draw.h"
#include "ui/text.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Latin faces first (as enum font_face), then the Arabic ones. */
#define FONT_FILE_COUNT (2 * FONT_FACE_COUNT)

/* A stretch of a line drawn with one font file in one direction. */
struct font_run {
	int file;
	size_t start, len; /* bytes of the line */
	bool rtl;	   /* shaped right to left */
	uint32_t mirror;   /* not 0: one character, drawn as this one (bidi.h) */
};

/* Fonts kept open at once for drawing. Each costs 50-300 kB (FreeType's
 * face, HarfBuzz's copies of the shaping tables, the glyph cache) and a
 * scene draws at a few sizes. */
#define FONTS_OPEN_MAX 8

struct sized_font {
	int file;
	int size;
	TTF_Font *font; /* NULL: the slot is free */
	uint64_t used;	/* when last asked for: the least recent is closed */
};

/* A Latin face's line at one size, kept when the font is closed: drawing
 * asks for it every frame. */
struct line_metrics {
	bool known;
	int ascent, descent, skip;
};

/* One weight's Arabic calibration as measured, in rows of ink at 200 px
 * (fonts_calibration.c); 0 where nothing could be measured. */
struct fonts_calibration {
	int latin_x;  /* Latin x above the baseline */
	int arabic_x; /* the teeth of seen above it, at the same size */
	int tall;     /* the tallest Arabic letters above it, at the scaled size */
	int deep;     /* the deepest below it, at the scaled size */
};

struct bidi;

struct font_cache {
	const char *data[FONT_FILE_COUNT]; /* mapped (fs_map_file) */
	size_t len[FONT_FILE_COUNT];
	struct sized_font fonts[FONTS_OPEN_MAX];
	/* Per file, the one font that measures, at the size last measured. */
	TTF_Font *measuring[FONT_FILE_COUNT];
	int measuring_px[FONT_FILE_COUNT];
	uint64_t asked;				     /* fonts_get calls so far */
	struct line_metrics *lines[FONT_FACE_COUNT]; /* by size */
	int lines_cap[FONT_FACE_COUNT];
	/* Per weight, set the first time Arabic of that weight is laid out
	 * (fonts_calibrate): the Arabic face's size over the asked size, and
	 * the ink of its tallest and deepest letters over the asked size. */
	bool calibrated[FONT_FACE_COUNT];
	double arabic_scale[FONT_FACE_COUNT];
	double arabic_above[FONT_FACE_COUNT], arabic_below[FONT_FACE_COUNT];
	/* What fonts/arabic-calibration.txt says of these very files. */
	bool shipped_known[FONT_FACE_COUNT];
	struct fonts_calibration shipped[FONT_FACE_COUNT];
	struct bidi *bidi;
	int *faces; /* the file of each character of the line being laid out */
	size_t faces_cap;
	struct font_run *runs;
	size_t nruns, runs_cap;
	struct strbuf shaped; /* one run's text as SDL_ttf wants it */
	struct text_metrics metrics;
	/* Widths measured before: a layout that picks the sizes of its text
	 * roles measures the same words at the same sizes many times. */
	struct measured {
		uint64_t key; /* 0: empty */
		int width;
	} * measured;
};

struct font_cache *fonts_create(const char *font_dir, struct diag *err);
void fonts_destroy(struct font_cache *fc);
/* The font file (index into the bundled faces) at a pixel size, opened
 * when not open. It stays open until FONTS_OPEN_MAX - 1 other fonts have
 * been asked for since, so a caller may hold two at once but must ask
 * again rather than keep one. */
TTF_Font *fonts_get(struct font_cache *fc, int file, int size);
/* The file's font for measuring (widths, line metrics, which characters
 * it has) at size, or at any size when size is 0; valid until the next
 * call for the same file. Text fitting measures at tens of sizes: one font
 * changed to each keeps HarfBuzz's tables and drops only the glyph cache,
 * which measuring does not need again (fonts_measure keeps the widths);
 * its widths and metrics are those of a font opened at that size. */
TTF_Font *fonts_measuring(struct font_cache *fc, int file, int size);
/* The name of a bundled font file in the fonts folder. */
const char *fonts_file_name(int file);
/* fonts_calibration.c: the Arabic calibration of weight, once: from
 * fonts/arabic-calibration.txt when it was measured from these files, else
 * measured now. */
void fonts_calibrate(struct font_cache *fc, int weight);
/* Reads what fonts/arabic-calibration.txt in font_dir says of the loaded
 * files (nothing when it is missing or about other files). */
void fonts_calibration_load(struct font_cache *fc, const char *font_dir);
/* Measures weight's calibration from the fonts, whatever the file says,
 * and writes the file's line for it (with a newline) to line. */
struct fonts_calibration fonts_calibration_measure(struct font_cache *fc, int weight,
						   struct strbuf *line);
/* The pixel size file is drawn at when a scene asks for size. */
int fonts_file_size(struct font_cache *fc, int file, int size);
/* fonts_get at the size file is drawn at for the asked size. */
TTF_Font *fonts_sized(struct font_cache *fc, int file, int size);
/* The Arabic face's size over the asked size, for face's weight. */
double fonts_arabic_scale(struct font_cache *fc, enum font_face face);
/* The box of one line at size: ascent and descent around the baseline and
 * the distance to the next line; taller when the line has Arabic. */
void fonts_line_box(struct font_cache *fc, enum font_face face, int size, bool arabic, int *ascent,
		    int *descent, int *height);
const struct text_metrics *fonts_metrics(struct font_cache *fc);

/* True when text has a character of the Arabic script. */
bool fonts_has_arabic(const char *text, size_t len);
/* The runs of one line in visual order, left to right (valid until the
 * next call). rtl_context: the visitor's language reads right to left. */
size_t fonts_runs(struct font_cache *fc, enum font_face face, const char *text, size_t len,
		  bool rtl_context, const struct font_run **runs);
/* Width of one line in px, across its runs. */
int fonts_measure(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len, bool rtl_context);
/* One line rendered white on transparent, its runs in visual order on one
 * baseline; the surface is the line's box (fonts_line_box) high. */
SDL_Surface *fonts_render(struct font_cache *fc, enum font_face face, int size, const char *text,
			  bool rtl_context);
/* See platform_fonts_missing. */
size_t fonts_missing(struct font_cache *fc, enum font_face face, const char *text, char *first,
		     size_t first_len);
/* See platform_fonts_undrawable. */
size_t fonts_undrawable(struct font_cache *fc, enum font_face face, const char *text, uint32_t *cps,
			size_t max);

struct platform_fonts;
/* The cache behind platform fonts, for the platform's own tests. */
struct font_cache *platform_fonts_cache(struct platform_fonts *f);

#endif
