/* One line of text as runs, measured and drawn. SDL_ttf shapes a string in
 * one font and one direction, so a line is cut into runs: FriBiDi orders
 * the line (bidi.c), then each bidi run is cut where the font changes.
 * Letters choose their font by script; spaces, digits, punctuation, marks
 * and format characters (ZWSP, ZWNJ, ZWJ, BOM...) have no script and join
 * the letters before them, so they never split a word or a run: HarfBuzz
 * then joins Arabic across a ZWJ and hides every default-ignorable
 * character, as Unicode says; the few other format characters it would
 * draw as boxes are left out before shaping. fonts_undrawable names what
 * no bundled font draws, for `visionsort check`. */
#include "platform/platform.h"
#include "platform_internal.h"

#include "bidi.h"
#include "common/hash.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum script {
	SCRIPT_COMMON,
	SCRIPT_ARABIC,
	SCRIPT_OTHER
};

static enum script script_of(uint32_t cp)
{
	if (bidi_is_arabic(cp))
		return SCRIPT_ARABIC;
	return bidi_is_common(cp) ? SCRIPT_COMMON : SCRIPT_OTHER;
}

/* Default-ignorable code points (DerivedCoreProperties.txt): drawn as
 * nothing, so never a reason to change font. */
static bool ignorable(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160) ||
	       (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
	       (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* The format characters (Unicode's Cf, as of Unicode 15) that are not
 * default-ignorable and not signs drawn over the digits after them (the
 * prepended concatenation marks, such as the Arabic number sign): the
 * interlinear annotation marks and the Egyptian hieroglyph format controls.
 * HarfBuzz would draw them as boxes, so they are left out of what it shapes. */
static bool hidden_format(uint32_t cp)
{
	return (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0x13430 && cp <= 0x1343F);
}

/* Characters that draw as nothing, never a reason for an empty box. */
static bool drawn_as_nothing(uint32_t cp)
{
	return ignorable(cp) || hidden_format(cp);
}

bool fonts_has_arabic(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		size_t n;
		if (bidi_is_arabic(bidi_utf8_next(p + i, len - i, &n)))
			return true;
		i += n;
	}
	return false;
}

static bool provides(struct font_cache *fc, int file, uint32_t cp)
{
	TTF_Font *f = fonts_measuring(fc, file, 0);
	return f && TTF_GlyphIsProvided32(f, cp);
}

/* The font file of every character: by its script, a character without
 * one taking the script of the letter before it (or, at the start, after
 * it); then the other face where the chosen one has no glyph. */
static void choose_faces(struct font_cache *fc, enum font_face face, const uint32_t *cps, size_t n)
{
	if (n > fc->faces_cap) {
		fc->faces_cap = n * 2;
		fc->faces = xrealloc(fc->faces, fc->faces_cap * sizeof(*fc->faces));
	}
	/* Characters before the first letter take the first letter's script. */
	enum script cur = SCRIPT_COMMON;
	for (size_t i = 0; i < n; i++) {
		fc->faces[i] = (int)script_of(cps[i]);
		if (cur == SCRIPT_COMMON)
			cur = (enum script)fc->faces[i];
	}
	if (cur == SCRIPT_COMMON)
		cur = SCRIPT_OTHER;
	for (size_t i = 0; i < n; i++) {
		if (fc->faces[i] != SCRIPT_COMMON)
			cur = (enum script)fc->faces[i];
		int file = cur == SCRIPT_ARABIC ? (int)face + FONT_FACE_COUNT : (int)face;
		if (!drawn_as_nothing(cps[i]) && !provides(fc, file, cps[i])) {
			int other = file < FONT_FACE_COUNT ? file + FONT_FACE_COUNT
							   : file - FONT_FACE_COUNT;
			if (provides(fc, other, cps[i]))
				file = other;
		}
		fc->faces[i] = file;
	}
}

static void add_run(struct font_cache *fc, struct font_run r)
{
	xgrow((void **)&fc->runs, &fc->runs_cap, fc->nruns + 1, sizeof(*fc->runs));
	fc->runs[fc->nruns++] = r;
}

size_t fonts_runs(struct font_cache *fc, enum font_face face, const char *text, size_t len,
		  bool rtl_context, const struct font_run **runs)
{
	const struct bidi_run *br;
	size_t nb = bidi_line(fc->bidi, text, len, rtl_context, &br);
	const uint32_t *cps;
	const size_t *off;
	size_t n = bidi_chars(fc->bidi, &cps, &off);
	choose_faces(fc, face, cps, n);
	fc->nruns = 0;
	for (size_t r = 0; r < nb; r++) {
		const struct bidi_run *b = &br[r];
		bool rtl = b->level & 1;
		if (b->mirror) {
			int file = fc->faces[b->first];
			if (!provides(fc, file, b->mirror)) {
				int other = file < FONT_FACE_COUNT ? file + FONT_FACE_COUNT
								   : file - FONT_FACE_COUNT;
				file = provides(fc, other, b->mirror) ? other : file;
			}
			/* One character: shaped left to right, so the shaper does
			 * not mirror it back. */
			add_run(fc, (struct font_run){file, b->start, b->len, false, b->mirror});
			continue;
		}
		/* Cut where the font changes, in logical order; a right-to-left
		 * run shows its pieces right to left. */
		size_t first_piece = fc->nruns;
		size_t start = b->first, end = b->first + b->count;
		for (size_t i = start; i < end;) {
			size_t j = i + 1;
			while (j < end && fc->faces[j] == fc->faces[i])
				j++;
			add_run(fc,
				(struct font_run){fc->faces[i], off[i], off[j] - off[i], rtl, 0});
			i = j;
		}
		if (rtl)
			for (size_t a = first_piece, z = fc->nruns - 1; a < z; a++, z--) {
				struct font_run t = fc->runs[a];
				fc->runs[a] = fc->runs[z];
				fc->runs[z] = t;
			}
	}
	*runs = fc->runs;
	return fc->nruns;
}

/* The run's text as SDL_ttf takes it (NUL-terminated), and its font (the
 * file's measuring one when measuring) set to the run's direction; NULL
 * when there is nothing to shape. */
static const char *prepare(struct font_cache *fc, const struct font_run *r, const char *text,
			   int size, bool measuring, TTF_Font **font)
{
	*font = measuring ? fonts_measuring(fc, r->file, fonts_file_size(fc, r->file, size))
			  : fonts_sized(fc, r->file, size);
	if (!*font || !r->len)
		return NULL;
	TTF_SetFontDirection(*font, r->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	sb_clear(&fc->shaped);
	if (r->mirror) {
		char u[4];
		uint32_t c = r->mirror;
		size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
		for (size_t k = n; k > 1; k--, c >>= 6)
			u[k - 1] = (char)(0x80 | (c & 0x3F));
		u[0] = (char)(n == 1 ? c : (lead[n] | c));
		sb_appendn(&fc->shaped, u, n);
	} else {
		const unsigned char *p = (const unsigned char *)text + r->start;
		for (size_t i = 0; i < r->len;) {
			size_t n;
			if (!hidden_format(bidi_utf8_next(p + i, r->len - i, &n)))
				sb_appendn(&fc->shaped, text + r->start + i, n);
			i += n;
		}
	}
	return sb_str(&fc->shaped);
}

#define MEASURED_SLOTS 16384 /* a power of two */

/* FNV-1a over the text and what else decides its width; never 0. */
static uint64_t measure_key(enum font_face face, int size, const char *text, size_t len,
			    bool rtl_context)
{
	uint64_t h = hash_mix_bytes(HASH_START, text, len);
	h ^= (uint64_t)size << 40 ^ (uint64_t)face << 56 ^ (uint64_t)rtl_context << 60 ^ len << 20;
	return h ? h : 1;
}

static int measure_runs(struct font_cache *fc, enum font_face face, int size, const char *text,
			size_t len, bool rtl_context)
{
	const struct font_run *runs;
	size_t n = fonts_runs(fc, face, text, len, rtl_context, &runs);
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f;
		const char *s = prepare(fc, &runs[i], text, size, true, &f);
		int w = 0, h = 0;
		if (s && TTF_SizeUTF8(f, s, &w, &h) == 0)
			total += w;
	}
	return total;
}

int fonts_measure(struct font_cache *fc, enum font_face face, int size, const char *text,
		  size_t len, bool rtl_context)
{
	/* A 64-bit key: a collision would need two texts of one length and
	 * size to meet in 2^64, far beyond a kiosk's few thousand words. */
	if (!fc->measured)
		fc->measured = xcalloc(MEASURED_SLOTS, sizeof(*fc->measured));
	uint64_t key = measure_key(face, size, text, len, rtl_context);
	struct measured *m = &fc->measured[key & (MEASURED_SLOTS - 1)];
	if (m->key != key)
		*m = (struct measured){key, measure_runs(fc, face, size, text, len, rtl_context)};
	return m->width;
}

SDL_Surface *fonts_render(struct font_cache *fc, enum font_face face, int size, const char *text,
			  bool rtl_context)
{
	size_t len = strlen(text);
	int ascent, descent, height;
	fonts_line_box(fc, face, size, fonts_has_arabic(text, len), &ascent, &descent, &height);
	const struct font_run *runs;
	size_t n = fonts_runs(fc, face, text, len, rtl_context, &runs);
	SDL_Surface **parts = xcalloc(n ? n : 1, sizeof(*parts));
	int *lift = xcalloc(n ? n : 1, sizeof(*lift));
	int width = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f;
		const char *s = prepare(fc, &runs[i], text, size, false, &f);
		parts[i] = s ? TTF_RenderUTF8_Blended(f, s, (SDL_Color){255, 255, 255, 255}) : NULL;
		if (!parts[i])
			continue;
		lift[i] = TTF_FontAscent(f);
		width += parts[i]->w;
	}
	SDL_Surface *out = NULL;
	if (width > 0)
		out = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32,
						     SDL_PIXELFORMAT_ARGB8888);
	/* Every run on the line's baseline; ink beyond the line box (marks
	 * stacked higher than any label has) is cut, as the layout measured. */
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i])
			continue;
		if (out) {
			SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
			SDL_Rect at = {x, ascent - lift[i], parts[i]->w, parts[i]->h};
			SDL_BlitSurface(parts[i], NULL, out, &at);
			x += parts[i]->w;
		}
		SDL_FreeSurface(parts[i]);
	}
	free(parts);
	free(lift);
	return out;
}

/* Calls fn with each character of text the font chosen for it cannot draw,
 * runs in visual order: its byte offset and length in text, and the code
 * point the file has there. Returns how many. */
static size_t each_missing(struct font_cache *fc, enum font_face face, const char *text,
			   void (*fn)(void *ctx, size_t at, size_t n, uint32_t cp), void *ctx)
{
	size_t len = strlen(text);
	const struct font_run *runs;
	size_t nruns = fonts_runs(fc, face, text, len, false, &runs);
	size_t missing = 0;
	for (size_t r = 0; r < nruns; r++) {
		const unsigned char *p = (const unsigned char *)text + runs[r].start;
		for (size_t i = 0; i < runs[r].len;) {
			size_t n;
			uint32_t cp = bidi_utf8_next(p + i, runs[r].len - i, &n);
			/* a mirrored bracket is drawn as its mirror */
			uint32_t drawn = runs[r].mirror ? runs[r].mirror : cp;
			if (!drawn_as_nothing(drawn) && !provides(fc, runs[r].file, drawn)) {
				fn(ctx, runs[r].start + i, n, cp);
				missing++;
			}
			i += n;
		}
	}
	return missing;
}

struct first_missing {
	const char *text;
	char *first;
	size_t first_len;
	bool found;
};

static void keep_first(void *ctx, size_t at, size_t n, uint32_t cp)
{
	struct first_missing *m = ctx;
	if (m->found || !m->first || m->first_len <= n)
		return;
	memcpy(m->first, m->text + at, n);
	m->first[n] = '\0';
	m->found = true;
}

size_t fonts_missing(struct font_cache *fc, enum font_face face, const char *text, char *first,
		     size_t first_len)
{
	struct first_missing m = {text, first, first_len, false};
	return each_missing(fc, face, text, keep_first, &m);
}

/* A character no font draws, at where it first comes in the text. */
struct undrawable {
	size_t at;
	uint32_t cp;
};

struct undrawables {
	struct undrawable *list;
	size_t count, cap;
};

static void keep_each(void *ctx, size_t at, size_t n, uint32_t cp)
{
	struct undrawables *u = ctx;
	for (size_t i = 0; i < u->count; i++) {
		if (u->list[i].cp == cp) {
			if (at < u->list[i].at)
				u->list[i].at = at;
			return;
		}
	}
	xgrow((void **)&u->list, &u->cap, u->count + 1, sizeof(*u->list));
	u->list[u->count++] = (struct undrawable){at, cp};
}

size_t fonts_undrawable(struct font_cache *fc, enum font_face face, const char *text, uint32_t *cps,
			size_t max)
{
	struct undrawables u = {0};
	each_missing(fc, face, text, keep_each, &u);
	/* Runs come in visual order; a person reads the file in logical order. */
	for (size_t i = 1; i < u.count; i++)
		for (size_t j = i; j > 0 && u.list[j - 1].at > u.list[j].at; j--) {
			struct undrawable t = u.list[j];
			u.list[j] = u.list[j - 1];
			u.list[j - 1] = t;
		}
	for (size_t i = 0; i < u.count && i < max; i++)
		cps[i] = u.list[i].cp;
	free(u.list);
	return u.count;
}
