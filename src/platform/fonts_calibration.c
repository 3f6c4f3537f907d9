/* The Arabic faces' calibration: the size Arabic is drawn at beside Latin
 * (where the teeth of seen stand as high as Latin's x) and the line box of
 * its tallest and deepest letters. Measuring it renders lines at 200 px:
 * ~2.5 ms a weight alone, up to 9 ms beside SDL's start on a loaded
 * machine, on the way to the first frame. So what the bundled files
 * measure ships in fonts/arabic-calibration.txt, in rows of ink; it is
 * used when the files loaded are those files (their length and the
 * checksum of their 'head' table, which changes with any byte of them),
 * and the calibration is measured otherwise. platform-calibration checks
 * the file against the fonts and prints the line to write when it is
 * stale. No floating point is read: the values are whole rows, and the
 * scales are worked out from them as when measured. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "common/fsutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The size the calibration renders at: large, so a pixel is under 1 %. */
#define CALIBRATION_PX 200

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The checkSumAdjustment of a TrueType file's 'head' table: set so that
 * the whole file sums to a constant, so any change to it changes this. 0
 * when the file has none. */
static uint32_t head_checksum(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	if (len < 12)
		return 0;
	size_t tables = (size_t)d[4] << 8 | d[5];
	for (size_t i = 0; i < tables && 12 + 16 * (i + 1) <= len; i++) {
		const unsigned char *rec = d + 12 + 16 * i;
		if (memcmp(rec, "head", 4) != 0)
			continue;
		uint32_t off = be32(rec + 8);
		return off <= len && len - off >= 12 ? be32(d + off + 8) : 0;
	}
	return 0;
}

void fonts_calibration_load(struct font_cache *fc, const char *font_dir)
{
	struct strbuf path;
	sb_init(&path);
	sb_appendf(&path, "%s/arabic-calibration.txt", font_dir);
	struct diag quiet; /* without the file, the fonts are measured */
	diag_init(&quiet);
	char *text = NULL;
	size_t len = 0;
	bool ok = fs_read_file(path.data, &text, &len, &quiet);
	diag_finish(&quiet);
	sb_finish(&path);
	if (!ok)
		return;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char lname[64], aname[64];
		size_t llen, alen;
		uint32_t lsum, asum;
		struct fonts_calibration c;
		if (line[0] == '#' ||
		    sscanf(line, "%63s %zu %" SCNx32 " %63s %zu %" SCNx32 " %d %d %d %d", lname,
			   &llen, &lsum, aname, &alen, &asum, &c.latin_x, &c.arabic_x, &c.tall,
			   &c.deep) != 10)
			continue;
		for (int w = 0; w < FONT_FACE_COUNT; w++) {
			int a = w + FONT_FACE_COUNT;
			if (strcmp(lname, fonts_file_name(w)) == 0 &&
			    strcmp(aname, fonts_file_name(a)) == 0 && llen == fc->len[w] &&
			    alen == fc->len[a] && lsum == head_checksum(fc->data[w], fc->len[w]) &&
			    asum == head_checksum(fc->data[a], fc->len[a])) {
				fc->shipped[w] = c;
				fc->shipped_known[w] = true;
			}
		}
	}
	free(text);
}

/* Rows of ink text has above and below its baseline, rendered in one
 * direction with f; false when nothing could be rendered. */
static bool ink(TTF_Font *f, const char *text, bool rtl, int *above, int *below)
{
	TTF_SetFontDirection(f, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	SDL_Surface *s = TTF_RenderUTF8_Blended(f, text, (SDL_Color){255, 255, 255, 255});
	if (!s)
		return false;
	int top = -1, bottom = -1;
	if (SDL_LockSurface(s) == 0) {
		/* a row has ink where a pixel's alpha is over 127 (its top bit) */
		for (int y = 0; y < s->h; y++) {
			const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels +
							     y * s->pitch);
			Uint32 any = 0;
			for (int x = 0; x < s->w; x++)
				any |= row[x];
			if (any & 0x80000000u) {
				if (top < 0)
					top = y;
				bottom = y;
			}
		}
		SDL_UnlockSurface(s);
	}
	SDL_FreeSurface(s);
	if (top < 0)
		return false;
	*above = TTF_FontAscent(f) - top;
	*below = bottom + 1 - TTF_FontAscent(f);
	return true;
}

/* The scale from the two x-heights, which fonts_sized needs before the
 * tall and deep letters are measured at the scaled size. */
static void apply_scale(struct font_cache *fc, int weight, const struct fonts_calibration *c)
{
	fc->arabic_scale[weight] = 1.0;
	if (c->arabic_x > 0) {
		double k = (double)c->latin_x / c->arabic_x;
		fc->arabic_scale[weight] = k < 1.0 ? 1.0 : k > 1.6 ? 1.6 : k;
	}
}

static void apply_box(struct font_cache *fc, int weight, const struct fonts_calibration *c)
{
	fc->arabic_above[weight] = c->tall > 0 ? (double)c->tall / CALIBRATION_PX : 1.0;
	fc->arabic_below[weight] = c->deep > 0 ? (double)c->deep / CALIBRATION_PX : 0.4;
}

/* Measures weight, leaving its scale and box set. Without usable fonts the
 * scale stays 1 and the box the font's own. */
static struct fonts_calibration measure(struct font_cache *fc, int weight)
{
	struct fonts_calibration c = {0, 0, 0, 0};
	int arabic = weight + FONT_FACE_COUNT, below, a, b;
	TTF_Font *latin = fonts_get(fc, weight, CALIBRATION_PX);
	TTF_Font *ar = fonts_get(fc, arabic, CALIBRATION_PX);
	if (!latin || !ar || !ink(latin, "xxxx", false, &c.latin_x, &below) ||
	    !ink(ar, "\xd8\xb3\xd8\xb3\xd8\xb3", true, &c.arabic_x, &below) || c.arabic_x < 0)
		c.arabic_x = 0;
	apply_scale(fc, weight, &c);
	ar = fonts_sized(fc, arabic, CALIBRATION_PX);
	/* Tall: alef with hamza or madda, lam and kaf with shadda; deep: jeem,
	 * ain, meem, yeh with kasra, qaf. */
	if (ar && ink(ar, "\xd8\xa3\xd8\xa2\xd9\x84\xd9\x91\xd9\x83\xd9\x91", true, &a, &b))
		c.tall = a > 0 ? a : 0;
	if (ar && ink(ar, "\xd8\xac\xd8\xb9\xd9\x85\xd9\x8a\xd9\x90\xd9\x82", true, &a, &b))
		c.deep = b > 0 ? b : 0;
	apply_box(fc, weight, &c);
	return c;
}

void fonts_calibrate(struct font_cache *fc, int weight)
{
	if (fc->calibrated[weight])
		return;
	fc->calibrated[weight] = true; /* measuring asks fonts_sized for the scale */
	if (fc->shipped_known[weight]) {
		apply_scale(fc, weight, &fc->shipped[weight]);
		apply_box(fc, weight, &fc->shipped[weight]);
	} else {
		measure(fc, weight);
	}
}

struct fonts_calibration fonts_calibration_measure(struct font_cache *fc, int weight,
						   struct strbuf *line)
{
	fc->calibrated[weight] = true;
	struct fonts_calibration c = measure(fc, weight);
	int a = weight + FONT_FACE_COUNT;
	sb_appendf(line, "%s %zu %08" PRIx32 " %s %zu %08" PRIx32 " %d %d %d %d\n",
		   fonts_file_name(weight), fc->len[weight],
		   head_checksum(fc->data[weight], fc->len[weight]), fonts_file_name(a), fc->len[a],
		   head_checksum(fc->data[a], fc->len[a]), c.latin_x, c.arabic_x, c.tall, c.deep);
	return c;
}
