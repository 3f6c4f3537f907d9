/* Fonts by face and pixel size. Each face's file is read once into memory
 * and opened per size on first use, because changing a TTF_Font's size
 * throws away its glyph cache and layouts ask for many sizes. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "common/fsutil.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

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
	struct strbuf shaped; /* text prepared for right-to-left shaping */
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

/* The UTF-8 length of the code point at p, and whether it belongs to a
 * number (digits, their separators, a percent sign). */
static size_t numeric_char(const unsigned char *p, size_t left, bool *numeric)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	if (n > left)
		n = left;
	unsigned cp = n == 1 ? p[0] : n == 2 ? ((p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu)) : 0;
	*numeric = (cp >= '0' && cp <= '9') || cp == '.' || cp == ',' || cp == '%' ||
		   (cp >= 0x660 && cp <= 0x66C) || (cp >= 0x6F0 && cp <= 0x6F9);
	return n;
}

static bool is_digit_char(const unsigned char *p, size_t n)
{
	return (n == 1 && p[0] >= '0' && p[0] <= '9') ||
	       (n == 2 && (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9)) ||
	       (n == 2 && (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9));
}

/* SDL_ttf shapes a whole string in one direction and has no bidi step, so
 * in Arabic a number like 2035 would come out as 5302. Numbers are written
 * left to right inside right-to-left text; reversing each number's
 * characters here makes the right-to-left shaping put them back in order. */
const char *fonts_prepare(struct font_cache *fc, const char *text, size_t len, bool rtl)
{
	sb_clear(&fc->shaped);
	if (!rtl) {
		sb_appendn(&fc->shaped, text, len);
		return sb_str(&fc->shaped);
	}
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		bool numeric;
		size_t n = numeric_char(p + i, len - i, &numeric);
		if (!numeric) {
			sb_appendn(&fc->shaped, text + i, n);
			i += n;
			continue;
		}
		/* A run of number characters; reversed only if it holds a digit. */
		size_t end = i, digits = 0;
		while (end < len) {
			size_t m = numeric_char(p + end, len - end, &numeric);
			if (!numeric)
				break;
			digits += is_digit_char(p + end, m);
			end += m;
		}
		if (!digits) {
			sb_appendn(&fc->shaped, text + i, end - i);
			i = end;
			continue;
		}
		size_t stop = end;
		while (stop > i) {
			size_t start = stop - 1;
			while (start > i && (p[start] & 0xC0) == 0x80)
				start--;
			sb_appendn(&fc->shaped, text + start, stop - start);
			stop = start;
		}
		i = end;
	}
	return sb_str(&fc->shaped);
}

TTF_Font *fonts_pick(struct font_cache *fc, enum font_face face, int size, const char *text,
		     size_t len)
{
	return fonts_get(fc, (enum font_face)(face + (is_arabic(text, len) ? FONT_FACE_COUNT : 0)),
			 size);
}

static int metrics_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	return fonts_measure(ctx, face, size, text, len);
}

/* The line box of text: ascent and descent of every face its runs use. */
static void text_box(struct font_cache *fc, enum font_face face, int size, const char *text,
		     size_t len, int *ascent, int *descent)
{
	*ascent = *descent = 0;
	int files[2] = {(int)face, is_arabic(text, len) ? (int)face + FONT_FACE_COUNT : -1};
	for (int i = 0; i < 2; i++) {
		TTF_Font *f = files[i] >= 0 ? fonts_get(fc, files[i], size) : NULL;
		if (!f)
			continue;
		if (TTF_FontAscent(f) > *ascent)
			*ascent = TTF_FontAscent(f);
		if (-TTF_FontDescent(f) > *descent)
			*descent = -TTF_FontDescent(f);
	}
}

static int metrics_text_height(void *ctx, enum font_face face, int size, const char *text,
			       size_t len)
{
	int ascent, descent;
	text_box(ctx, face, size, text, len, &ascent, &descent);
	/* Latin keeps its font's line gap; Arabic's box already holds its marks. */
	TTF_Font *latin = fonts_get(ctx, (int)face, size);
	int skip = latin ? TTF_FontLineSkip(latin) : size;
	return ascent + descent > skip ? ascent + descent : skip;
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
	sb_init(&fc->shaped);
	fc->metrics = (struct text_metrics){fc, metrics_width, metrics_line_height,
					    metrics_text_height};
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
	sb_finish(&fc->shaped);
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

static Uint32 decode(const unsigned char *p, size_t left, size_t *n);

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

size_t platform_fonts_missing(struct platform_fonts *f, enum font_face face, const char *text,
			      char *first, size_t first_len)
{
	size_t len = strlen(text);
	struct font_run runs[32];
	size_t nruns = fonts_runs(f->cache, face, 32, text, len, runs, 32);
	size_t missing = 0;
	for (size_t r = 0; r < nruns; r++) {
		TTF_Font *font = fonts_get(f->cache, runs[r].file, 32);
		const unsigned char *p = (const unsigned char *)text + runs[r].start;
		for (size_t i = 0; i < runs[r].len;) {
			size_t n;
			Uint32 cp = decode(p + i, runs[r].len - i, &n);
			if (font && !TTF_GlyphIsProvided32(font, cp)) {
				if (!missing && first && first_len > n) {
					memcpy(first, p + i, n);
					first[n] = '\0';
				}
				missing++;
			}
			i += n;
		}
	}
	return missing;
}

static Uint32 decode(const unsigned char *p, size_t left, size_t *n)
{
	*n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	if (*n > left) {
		*n = 1;
		return 0xFFFD;
	}
	switch (*n) {
	case 1:
		return p[0];
	case 2:
		return (Uint32)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	case 3:
		return (Uint32)(p[0] & 0x0F) << 12 | (Uint32)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	default:
		return (Uint32)(p[0] & 0x07) << 18 | (Uint32)(p[1] & 0x3F) << 12 |
		       (Uint32)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	}
}

/* A string with Arabic in it is a right-to-left paragraph: each stretch the
 * Arabic face can draw is one right-to-left run, each stretch it cannot
 * (Latin words such as "USB", dashes, brackets) a left-to-right run in the
 * Latin face. Runs are returned in logical order. */
size_t fonts_runs(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len, struct font_run *runs, size_t max)
{
	if (!is_arabic(text, len) || max < 2) {
		runs[0] = (struct font_run){(int)face, 0, len, false};
		return max ? 1 : 0;
	}
	TTF_Font *arabic = fonts_get(fc, (int)face + FONT_FACE_COUNT, size);
	size_t count = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		size_t n;
		Uint32 cp = decode(p + i, len - i, &n);
		bool in_arabic = arabic && TTF_GlyphIsProvided32(arabic, cp);
		int file = in_arabic ? (int)face + FONT_FACE_COUNT : (int)face;
		if (count && runs[count - 1].file == file) {
			runs[count - 1].len += n;
		} else if (count < max) {
			runs[count++] = (struct font_run){file, i, n, in_arabic};
		} else {
			runs[count - 1].len += n; /* out of room: the rest shares the last run */
		}
		i += n;
	}
	return count;
}

#define MAX_RUNS 32

int fonts_measure(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len)
{
	struct font_run runs[MAX_RUNS];
	size_t n = fonts_runs(fc, face, size, text, len, runs, MAX_RUNS);
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = fonts_get(fc, runs[i].file, size);
		int w = 0, h = 0;
		if (f && runs[i].len &&
		    TTF_SizeUTF8(f,
				 fonts_prepare(fc, text + runs[i].start, runs[i].len, runs[i].rtl),
				 &w, &h) == 0)
			total += w;
	}
	return total;
}

SDL_Surface *fonts_render(struct font_cache *fc, enum font_face face, int size, const char *text)
{
	size_t len = strlen(text);
	struct font_run runs[MAX_RUNS];
	size_t n = fonts_runs(fc, face, size, text, len, runs, MAX_RUNS);
	SDL_Surface *parts[MAX_RUNS] = {0};
	int width = 0, ascent, descent;
	/* Every run sits on one baseline, at the ascent the layout measured. */
	text_box(fc, face, size, text, len, &ascent, &descent);
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = fonts_get(fc, runs[i].file, size);
		if (!f || !runs[i].len)
			continue;
		parts[i] = TTF_RenderUTF8_Blended(f,
						  fonts_prepare(fc, text + runs[i].start,
								runs[i].len, runs[i].rtl),
						  (SDL_Color){255, 255, 255, 255});
		if (!parts[i])
			continue;
		width += parts[i]->w;
		if (parts[i]->h - TTF_FontAscent(f) > descent)
			descent = parts[i]->h - TTF_FontAscent(f);
	}
	SDL_Surface *out = NULL;
	if (width > 0)
		out = SDL_CreateRGBSurfaceWithFormat(0, width, ascent + descent, 32,
						     SDL_PIXELFORMAT_ARGB8888);
	/* Right-to-left paragraphs show their runs in reverse order; every run
	 * sits on the shared baseline. */
	bool rtl = n > 1 || (n == 1 && runs[0].rtl);
	int x = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = rtl ? n - 1 - k : k;
		if (!parts[i])
			continue;
		if (out) {
			TTF_Font *f = fonts_get(fc, runs[i].file, size);
			SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
			SDL_Rect at = {x, ascent - TTF_FontAscent(f), parts[i]->w, parts[i]->h};
			SDL_BlitSurface(parts[i], NULL, out, &at);
			x += parts[i]->w;
		}
		SDL_FreeSurface(parts[i]);
	}
	return out;
}
