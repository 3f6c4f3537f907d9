/* Fonts by face and pixel size. Each face's file is read once into memory
 * and opened per size on first use, because changing a TTF_Font's size
 * throws away its glyph cache and layouts ask for many sizes. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "common/fsutil.h"
#include "common/xalloc.h"

#include <stdlib.h>

/* Latin faces first, then the Arabic ones in the same order: the face a
 * string is drawn with is chosen by its script (fonts_pick), so scenes only
 * ever say regular or bold. */
#define FILE_COUNT (2 * FONT_FACE_COUNT)
static const char *const face_files[FILE_COUNT] = {
	"NotoSans-Regular.ttf",
	"NotoSans-Bold.ttf",
	"NotoSansArabic-Regular.ttf",
	"NotoSansArabic-Bold.ttf",
};

struct sized_font {
	int file;
	int size;
	TTF_Font *font;
};

struct font_cache {
	char *data[FILE_COUNT];
	size_t len[FILE_COUNT];
	struct sized_font *fonts;
	size_t count, cap;
	struct strbuf scratch; /* SDL_ttf wants NUL-terminated text */
	struct text_metrics metrics;
};

/* True when text holds a letter from the Arabic blocks: such a string is
 * shaped right to left with the Arabic face. */
static bool is_arabic(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len; i++) {
		/* U+0600..U+08FF are lead bytes D8..E0 (E0 A0..A3); presentation
		 * forms U+FB50..U+FEFF lead with EF AD..BB. */
		if (p[i] >= 0xD8 && p[i] <= 0xDF)
			return true;
		if (p[i] == 0xE0 && i + 1 < len && p[i + 1] >= 0xA0 && p[i + 1] <= 0xA3)
			return true;
		if (p[i] == 0xEF && i + 1 < len && p[i + 1] >= 0xAD && p[i + 1] <= 0xBB)
			return true;
	}
	return false;
}

TTF_Font *fonts_pick(struct font_cache *fc, enum font_face face, int size, const char *text,
		     size_t len)
{
	return fonts_get(fc, (enum font_face)(face + (is_arabic(text, len) ? FONT_FACE_COUNT : 0)),
			 size);
}

static int metrics_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	struct font_cache *fc = ctx;
	TTF_Font *f = fonts_pick(fc, face, size, text, len);
	if (!f || len == 0)
		return 0;
	sb_clear(&fc->scratch);
	sb_appendn(&fc->scratch, text, len);
	int w = 0, h = 0;
	if (TTF_SizeUTF8(f, fc->scratch.data, &w, &h) != 0)
		return 0;
	return w;
}

static int metrics_line_height(void *ctx, enum font_face face, int size)
{
	/* The Latin face's line height for every script keeps mixed-language
	 * layouts on one grid; Noto's Arabic face fits inside it. */
	TTF_Font *f = fonts_get(ctx, (int)face, size);
	return f ? TTF_FontLineSkip(f) : size;
}

struct font_cache *fonts_create(const char *font_dir, struct diag *err)
{
	struct font_cache *fc = xcalloc(1, sizeof(*fc));
	sb_init(&fc->scratch);
	fc->metrics = (struct text_metrics){fc, metrics_width, metrics_line_height};
	for (int i = 0; i < FILE_COUNT; i++) {
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", font_dir, face_files[i]);
		bool ok = fs_read_file(path.data, &fc->data[i], &fc->len[i], err);
		sb_finish(&path);
		if (!ok) {
			fonts_destroy(fc);
			return NULL;
		}
	}
	return fc;
}

void fonts_destroy(struct font_cache *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->count; i++)
		TTF_CloseFont(fc->fonts[i].font);
	free(fc->fonts);
	for (int i = 0; i < FILE_COUNT; i++)
		free(fc->data[i]);
	sb_finish(&fc->scratch);
	free(fc);
}

TTF_Font *fonts_get(struct font_cache *fc, int file, int size)
{
	if (size < 1)
		size = 1;
	for (size_t i = 0; i < fc->count; i++)
		if (fc->fonts[i].file == file && fc->fonts[i].size == size)
			return fc->fonts[i].font;
	SDL_RWops *rw = SDL_RWFromConstMem(fc->data[file], (int)fc->len[file]);
	TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
	if (!f)
		return NULL;
	/* Light hinting keeps shapes true at kiosk sizes while staying crisp. */
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	if (file >= FONT_FACE_COUNT) {
		/* HarfBuzz joins and orders Arabic letters only when told the
		 * script and direction; measuring and drawing then agree. */
		TTF_SetFontDirection(f, TTF_DIRECTION_RTL);
		TTF_SetFontScriptName(f, "Arab");
	}
	xgrow((void **)&fc->fonts, &fc->cap, fc->count + 1, sizeof(*fc->fonts));
	fc->fonts[fc->count++] = (struct sized_font){file, size, f};
	return f;
}

const struct text_metrics *fonts_metrics(struct font_cache *fc)
{
	return &fc->metrics;
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

void platform_fonts_destroy(struct platform_fonts *f)
{
	if (!f)
		return;
	fonts_destroy(f->cache);
	TTF_Quit();
	free(f);
}
