/* Fonts by face and pixel size. Each face's file is mapped into memory once
 * (only the pages FreeType reads become memory) and opened per size from
 * that one copy (FreeType reads the bytes where they are), because
 * changing a TTF_Font's size throws away its glyph cache. Only the FONTS_OPEN_MAX sizes drawn at last stay open; text
 * fitting, which measures at tens of sizes, changes the size of one font
 * per file instead (fonts_measuring), and what drawing needs every frame
 * (widths, line boxes) is kept apart from the fonts, so a drawn frame
 * opens none.
 *
 * A scene asks for one size; Latin is drawn at it and Arabic at the size
 * where its x-height (the height of the teeth of س) matches Latin's x-height
 * (fonts_calibration.c), so the two scripts read as the same size side by
 * side. Arabic lines get a line box from the ink of its tallest and deepest
 * letters, not the font's ascent and descent, which are made for stacks of
 * marks no label has and would double the line height. fonts_text.c lays
 * out and draws the runs. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "bidi.h"
#include "common/fsutil.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Latin faces first, then the Arabic ones in the same order. */
static const char *const face_files[FONT_FILE_COUNT] = {
	"NotoSans-Regular.ttf",
	"NotoSans-Bold.ttf",
	"NotoSansArabic-Regular.ttf",
	"NotoSansArabic-Bold.ttf",
};

const char *fonts_file_name(int file)
{
	return face_files[file];
}

int fonts_file_size(struct font_cache *fc, int file, int size)
{
	if (file < FONT_FACE_COUNT)
		return size;
	fonts_calibrate(fc, file - FONT_FACE_COUNT);
	int s = (int)lround(size * fc->arabic_scale[file - FONT_FACE_COUNT]);
	return s > 1 ? s : 1;
}

/* The font file at a size, from the one copy of its bytes. */
static TTF_Font *open_font(struct font_cache *fc, int file, int size)
{
	SDL_RWops *rw = SDL_RWFromConstMem(fc->data[file], (int)fc->len[file]);
	TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
	if (!f)
		return NULL;
	/* Light hinting keeps shapes true at kiosk sizes while staying crisp. */
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	if (file >= FONT_FACE_COUNT)
		TTF_SetFontScriptName(f, "Arab");
	return f;
}

TTF_Font *fonts_measuring(struct font_cache *fc, int file, int size)
{
	if (!fc->measuring[file]) {
		int px = size > 0 ? size : 32;
		fc->measuring[file] = open_font(fc, file, px);
		fc->measuring_px[file] = px;
	} else if (size > 0 && size != fc->measuring_px[file]) {
		bool ok = TTF_SetFontSize(fc->measuring[file], size) == 0;
		fc->measuring_px[file] = ok ? size : 0; /* 0: at no size asked for */
		if (!ok)
			return NULL;
	}
	return fc->measuring[file];
}

TTF_Font *fonts_get(struct font_cache *fc, int file, int size)
{
	if (size < 1)
		size = 1;
	struct sized_font *slot = &fc->fonts[0];
	for (int i = 0; i < FONTS_OPEN_MAX; i++) {
		struct sized_font *s = &fc->fonts[i];
		if (s->font && s->file == file && s->size == size) {
			s->used = ++fc->asked;
			return s->font;
		}
		if (slot->font && (!s->font || s->used < slot->used))
			slot = s;
	}
	TTF_Font *f = open_font(fc, file, size);
	if (!f)
		return NULL;
	if (slot->font)
		TTF_CloseFont(slot->font);
	*slot = (struct sized_font){file, size, f, ++fc->asked};
	return f;
}

TTF_Font *fonts_sized(struct font_cache *fc, int file, int size)
{
	return fonts_get(fc, file, fonts_file_size(fc, file, size));
}

/* The Latin face's own line at size, from the font the first time. */
static struct line_metrics latin_line(struct font_cache *fc, enum font_face face, int size)
{
	if (size < 1)
		size = 1;
	if (size >= fc->lines_cap[face]) {
		int cap = size * 2;
		fc->lines[face] = xrealloc(fc->lines[face], (size_t)cap * sizeof(*fc->lines[face]));
		memset(fc->lines[face] + fc->lines_cap[face], 0,
		       (size_t)(cap - fc->lines_cap[face]) * sizeof(*fc->lines[face]));
		fc->lines_cap[face] = cap;
	}
	struct line_metrics *m = &fc->lines[face][size];
	if (!m->known) {
		TTF_Font *latin = fonts_measuring(fc, (int)face, size);
		if (!latin) /* not kept: the font may open next time */
			return (struct line_metrics){false, size, size / 4, size * 4 / 3};
		*m = (struct line_metrics){true, TTF_FontAscent(latin), -TTF_FontDescent(latin),
					   TTF_FontLineSkip(latin)};
	}
	return *m;
}

void fonts_line_box(struct font_cache *fc, enum font_face face, int size, bool arabic, int *ascent,
		    int *descent, int *height)
{
	struct line_metrics latin = latin_line(fc, face, size);
	if (arabic)
		fonts_calibrate(fc, (int)face);
	int asc = latin.ascent;
	int desc = latin.descent;
	int skip = latin.skip;
	if (arabic) {
		/* The ink of the tallest and deepest letters, and a tenth of the
		 * size between lines so that they never touch. */
		int gap = (size + 9) / 10;
		int a = (int)ceil(fc->arabic_above[face] * size) + gap / 2;
		int d = (int)ceil(fc->arabic_below[face] * size) + gap - gap / 2;
		asc = a > asc ? a : asc;
		desc = d > desc ? d : desc;
		if (asc + desc > skip)
			skip = asc + desc;
	}
	*ascent = asc;
	*descent = desc;
	*height = skip > asc + desc ? skip : asc + desc;
}

static int metrics_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	return fonts_measure(ctx, face, size, text, len, false);
}

static int metrics_text_height(void *ctx, enum font_face face, int size, const char *text,
			       size_t len)
{
	int ascent, descent, height;
	fonts_line_box(ctx, face, size, fonts_has_arabic(text, len), &ascent, &descent, &height);
	return height;
}

static int metrics_line_height(void *ctx, enum font_face face, int size)
{
	/* The Latin face's line height keeps mixed-language layouts on one
	 * grid; text_height gives the taller Arabic line. */
	return latin_line(ctx, face, size).skip;
}

struct font_cache *fonts_create(const char *font_dir, struct diag *err)
{
	struct font_cache *fc = xcalloc(1, sizeof(*fc));
	sb_init(&fc->shaped);
	fc->bidi = bidi_create();
	fc->metrics = (struct text_metrics){fc, metrics_width, metrics_line_height,
					    metrics_text_height};
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", font_dir, face_files[i]);
		bool ok = fs_map_file(path.data, FS_READ_MAX, &fc->data[i], &fc->len[i], err);
		sb_finish(&path);
		if (!ok) {
			fonts_destroy(fc);
			return NULL;
		}
	}
	fonts_calibration_load(fc, font_dir);
	return fc;
}

void fonts_destroy(struct font_cache *fc)
{
	if (!fc)
		return;
	for (int i = 0; i < FONTS_OPEN_MAX; i++)
		if (fc->fonts[i].font)
			TTF_CloseFont(fc->fonts[i].font);
	for (int i = 0; i < FONT_FILE_COUNT; i++)
		if (fc->measuring[i])
			TTF_CloseFont(fc->measuring[i]);
	for (int i = 0; i < FONT_FACE_COUNT; i++)
		free(fc->lines[i]);
	for (int i = 0; i < FONT_FILE_COUNT; i++)
		fs_unmap_file(fc->data[i], fc->len[i]);
	sb_finish(&fc->shaped);
	bidi_destroy(fc->bidi);
	free(fc->faces);
	free(fc->runs);
	free(fc->measured);
	free(fc);
}

const struct text_metrics *fonts_metrics(struct font_cache *fc)
{
	return &fc->metrics;
}

double fonts_arabic_scale(struct font_cache *fc, enum font_face face)
{
	fonts_calibrate(fc, (int)face);
	return fc->arabic_scale[face];
}

struct platform_fonts {
	struct font_cache *cache;
};

struct platform_fonts *platform_fonts_create(const char *font_dir, struct diag *err)
{
	if (TTF_Init() != 0) {
		diag_add(err, "cannot start the font engine: %s", TTF_GetError());
		return NULL;
	}
	struct font_cache *fc = fonts_create(font_dir, err);
	if (!fc) {
		TTF_Quit();
		return NULL;
	}
	struct platform_fonts *f = xmalloc(sizeof(*f));
	f->cache = fc;
	return f;
}

const struct text_metrics *platform_fonts_metrics(struct platform_fonts *f)
{
	return fonts_metrics(f->cache);
}

struct font_cache *platform_fonts_cache(struct platform_fonts *f)
{
	return f->cache;
}

void platform_fonts_destroy(struct platform_fonts *f)
{
	if (!f)
		return;
	fonts_destroy(f->cache);
	TTF_Quit();
	free(f);
}

size_t platform_fonts_missing(struct platform_fonts *f, enum font_face face, const char *text,
			      char *first, size_t first_len)
{
	return fonts_missing(f->cache, face, text, first, first_len);
}

size_t platform_fonts_undrawable(struct platform_fonts *f, enum font_face face, const char *text,
				 uint32_t *cps, size_t max)
{
	return fonts_undrawable(f->cache, face, text, cps, max);
}
