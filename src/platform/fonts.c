/* Fonts by face and pixel size. Each face's file is read once into memory
 * and opened per size on first use, because changing a TTF_Font's size
 * throws away its glyph cache and layouts ask for many sizes. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "common/fsutil.h"
#include "common/xalloc.h"

#include <stdlib.h>

static const char *const face_files[FONT_FACE_COUNT] = {
	[FONT_REGULAR] = "NotoSans-Regular.ttf",
	[FONT_BOLD] = "NotoSans-Bold.ttf",
};

struct sized_font {
	enum font_face face;
	int size;
	TTF_Font *font;
};

struct font_cache {
	char *data[FONT_FACE_COUNT];
	size_t len[FONT_FACE_COUNT];
	struct sized_font *fonts;
	size_t count, cap;
	struct strbuf scratch; /* SDL_ttf wants NUL-terminated text */
	struct text_metrics metrics;
};

static int metrics_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	struct font_cache *fc = ctx;
	TTF_Font *f = fonts_get(fc, face, size);
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
	TTF_Font *f = fonts_get(ctx, face, size);
	return f ? TTF_FontLineSkip(f) : size;
}

struct font_cache *fonts_create(const char *font_dir, struct diag *err)
{
	struct font_cache *fc = xcalloc(1, sizeof(*fc));
	sb_init(&fc->scratch);
	fc->metrics = (struct text_metrics){fc, metrics_width, metrics_line_height};
	for (int i = 0; i < FONT_FACE_COUNT; i++) {
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
	for (int i = 0; i < FONT_FACE_COUNT; i++)
		free(fc->data[i]);
	sb_finish(&fc->scratch);
	free(fc);
}

TTF_Font *fonts_get(struct font_cache *fc, enum font_face face, int size)
{
	if (size < 1)
		size = 1;
	for (size_t i = 0; i < fc->count; i++)
		if (fc->fonts[i].face == face && fc->fonts[i].size == size)
			return fc->fonts[i].font;
	SDL_RWops *rw = SDL_RWFromConstMem(fc->data[face], (int)fc->len[face]);
	TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
	if (!f)
		return NULL;
	/* Light hinting keeps shapes true at kiosk sizes while staying crisp. */
	TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	xgrow((void **)&fc->fonts, &fc->cap, fc->count + 1, sizeof(*fc->fonts));
	fc->fonts[fc->count++] = (struct sized_font){face, size, f};
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
