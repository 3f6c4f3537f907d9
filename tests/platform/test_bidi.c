/* Bidirectional text and format characters, with the real fonts: the runs
 * the platform draws a line with, read back in the order they reach the
 * screen, must be FriBiDi's own logical-to-visual map (fribidi_log2vis, a
 * separate path through the library) and show its mirrored brackets; format
 * characters draw nothing and move nothing; Arabic's x-height is Latin's. */
#include "platform/bidi.h"
#include "platform/fonts.h"
#include "platform/platform.h"

#include <fribidi.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHARS 256

static struct platform_fonts *open_fonts(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct platform_fonts *f = platform_fonts_create(path, &err);
	if (!f)
		fprintf(stderr, "%s\n", err.count ? err.lines[0] : "no fonts");
	diag_finish(&err);
	assert_non_null(f);
	return f;
}

static int setup(void **state)
{
	*state = open_fonts();
	return 0;
}

static int teardown(void **state)
{
	platform_fonts_destroy(*state);
	return 0;
}

static struct font_cache *cache(void **state)
{
	return platform_fonts_cache(*state);
}

/* What a line shows, left to right: the logical index of each character
 * and the code point drawn for it. A right-to-left run is shaped right to
 * left: HarfBuzz reverses its clusters (a letter with the marks after it),
 * which is where FriBiDi's map puts a mark too (after its letter). */
struct shown {
	size_t count;
	size_t logical[MAX_CHARS];
	uint32_t drawn[MAX_CHARS];
};

static void add_shown(struct shown *s, size_t logical, uint32_t drawn)
{
	s->logical[s->count] = logical;
	s->drawn[s->count++] = drawn;
}

static void shown_by_platform(struct font_cache *fc, const char *text, bool rtl_context,
			      struct shown *out)
{
	size_t len = strlen(text), starts[MAX_CHARS + 1], n = 0;
	uint32_t cps[MAX_CHARS];
	for (size_t i = 0; i < len;) {
		size_t k;
		starts[n] = i;
		cps[n++] = bidi_utf8_next((const unsigned char *)text + i, len - i, &k);
		i += k;
	}
	starts[n] = len;
	const struct font_run *runs;
	size_t nruns = fonts_runs(fc, FONT_BOLD, text, len, rtl_context, &runs);
	out->count = 0;
	for (size_t r = 0; r < nruns; r++) {
		size_t first = 0, last = 0;
		while (starts[first] < runs[r].start)
			first++;
		last = first;
		while (starts[last] < runs[r].start + runs[r].len)
			last++;
		if (!runs[r].rtl) {
			for (size_t i = first; i < last; i++)
				add_shown(out, i, runs[r].mirror ? runs[r].mirror : cps[i]);
			continue;
		}
		for (size_t end = last; end > first;) {
			size_t start = end - 1;
			while (start > first &&
			       fribidi_get_bidi_type(cps[start]) == FRIBIDI_TYPE_NSM)
				start--;
			for (size_t i = start; i < end; i++)
				add_shown(out, i, runs[r].mirror ? runs[r].mirror : cps[i]);
			end = start;
		}
	}
	assert_int_equal(out->count, n);
}

/* Compares the platform's line with fribidi_log2vis given the paragraph
 * direction the platform is documented to choose. */
static void check_line(void **state, const char *text, bool rtl_context, FriBidiParType want)
{
	FriBidiChar str[MAX_CHARS], visual[MAX_CHARS];
	FriBidiStrIndex v2l[MAX_CHARS];
	FriBidiLevel levels[MAX_CHARS];
	FriBidiStrIndex n = fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text,
						       (FriBidiStrIndex)strlen(text), str);
	FriBidiParType base = want;
	assert_true(fribidi_log2vis(str, n, &base, visual, NULL, v2l, levels) > 0);
	struct shown s;
	shown_by_platform(cache(state), text, rtl_context, &s);
	assert_int_equal(s.count, (size_t)n);
	for (FriBidiStrIndex v = 0; v < n; v++) {
		size_t i = (size_t)v2l[v];
		if (s.logical[v] != i)
			fail_msg("\"%s\": screen position %d shows character %zu, FriBiDi says %zu",
				 text, v, s.logical[v], i);
		/* log2vis also gives Arabic letters their presentation forms,
		 * which HarfBuzz does instead; everything else must match. */
		FriBidiChar mirrored;
		bool mirrors = (levels[i] & 1) && fribidi_get_mirror_char(str[i], &mirrored);
		if (fribidi_get_bidi_type(str[i]) != FRIBIDI_TYPE_AL || mirrors)
			if (s.drawn[v] != visual[v])
				fail_msg("\"%s\": screen position %d draws U+%04X, FriBiDi says "
					 "U+%04X",
					 text, v, (unsigned)s.drawn[v], (unsigned)visual[v]);
	}
}

/* The keyword file's label: its brackets were drawn ")أوستلينكن(". */
static void test_brackets_mirror_in_arabic(void **state)
{
	const char *label = "القطار السريع (أوستلينكن)";
	check_line(state, label, true, FRIBIDI_PAR_RTL);
	struct shown s;
	shown_by_platform(cache(state), label, true, &s);
	/* Read right to left, the line opens with "(" on its right and closes
	 * with ")" on its left, so the glyph on the far left is "(", the
	 * mirror of the logical ")". */
	assert_int_equal(s.drawn[0], '(');
	assert_int_equal(s.logical[0], s.count - 1);
	assert_int_equal(s.drawn[s.count - 1], 0x0627); /* the first letter, far right */
	/* The same label seen in a left-to-right language: still Arabic, the
	 * first strong letter says so. */
	check_line(state, label, false, FRIBIDI_PAR_ON);
	check_line(state, "[مرحبا] {عالم} «نص»", true, FRIBIDI_PAR_RTL);
}

static void test_numbers_and_latin_in_arabic(void **state)
{
	check_line(state, "ما الكلمات التي ينبغي أن تميّز نوركوبينغ في عام 2035؟", true,
		   FRIBIDI_PAR_RTL);
	check_line(state, "ما الكلمات التي تميّز نوركوبينغ في عام ٢٠٣٥؟", true, FRIBIDI_PAR_RTL);
	check_line(state, "٨ من ١٢", true, FRIBIDI_PAR_RTL);
	check_line(state, "أدخل ذاكرة USB ثم اضغط (تصدير)", true, FRIBIDI_PAR_RTL);
	/* A label opening with a Latin name is still an Arabic line in Arabic. */
	check_line(state, "Norrköping Science Park في المدينة", true, FRIBIDI_PAR_RTL);
	struct shown s;
	shown_by_platform(cache(state), "في عام 2035", true, &s);
	/* The number reads left to right on the left of the words. */
	assert_int_equal(s.drawn[0], '2');
	assert_int_equal(s.drawn[3], '5');
}

static void test_arabic_inside_latin(void **state)
{
	check_line(state, "Kurs i arabiska (العربية) för alla", false, FRIBIDI_PAR_ON);
	check_line(state, "Welcome – مرحبا – 2035", false, FRIBIDI_PAR_ON);
	/* Left-to-right text stays so in an Arabic screen. */
	check_line(state, "A+", true, FRIBIDI_PAR_ON);
	check_line(state, "(1 = viktigast)", true, FRIBIDI_PAR_ON);
	struct shown s;
	shown_by_platform(cache(state), "A+", true, &s);
	assert_int_equal(s.drawn[0], 'A');
	shown_by_platform(cache(state), "Kurs (العربية) nu", false, &s);
	assert_int_equal(s.drawn[5], '('); /* not mirrored: a left-to-right line */
}

/* Format characters inside a label: drawn as nothing, moving nothing. */
static void test_format_characters(void **state)
{
	struct font_cache *fc = cache(state);
	static const char *const latin[] = {
		"Trygg\u200bhet", /* ZWSP: was drawn "hetTrygg" */
		"Trygg\u200chet", /* ZWNJ */
		"Trygg\u200dhet", /* ZWJ */
		"Trygg\ufeffhet", /* BOM */
		"\ufeffTrygghet",
		"Trygg\ufff9het\ufffb", /* interlinear annotation: not default-ignorable */
		"Trygg\U00013430het",	/* an Egyptian hieroglyph format control */
	};
	SDL_Surface *plain = fonts_render(fc, FONT_BOLD, 40, "Trygghet", false);
	assert_non_null(plain);
	for (size_t i = 0; i < sizeof(latin) / sizeof(latin[0]); i++) {
		for (int rtl = 0; rtl < 2; rtl++) {
			check_line(state, latin[i], rtl, FRIBIDI_PAR_ON);
			SDL_Surface *s = fonts_render(fc, FONT_BOLD, 40, latin[i], rtl);
			assert_non_null(s);
			assert_int_equal(s->w, plain->w);
			assert_int_equal(s->h, plain->h);
			assert_int_equal(fonts_measure(fc, FONT_BOLD, 40, latin[i],
						       strlen(latin[i]), rtl),
					 plain->w);
			SDL_LockSurface(s);
			SDL_LockSurface(plain);
			for (int y = 0; y < s->h; y++)
				if (memcmp((const Uint8 *)s->pixels + y * s->pitch,
					   (const Uint8 *)plain->pixels + y * plain->pitch,
					   (size_t)s->w * 4) != 0)
					fail_msg("\"%s\" is drawn unlike \"Trygghet\" (row %d)",
						 latin[i], y);
			SDL_UnlockSurface(plain);
			SDL_UnlockSurface(s);
			SDL_FreeSurface(s);
		}
	}
	SDL_FreeSurface(plain);
	/* In Arabic, ZWNJ and ZWJ steer joining and move nothing: the word
	 * stays one right-to-left run. */
	const char *arabic[] = {"مدينة\u200cالمعرفة", "مدينة\u200dالمعرفة", "مدي\u200bنة"};
	for (size_t i = 0; i < 3; i++) {
		check_line(state, arabic[i], true, FRIBIDI_PAR_RTL);
		const struct font_run *runs;
		assert_int_equal(fonts_runs(fc, FONT_BOLD, arabic[i], strlen(arabic[i]), true,
					    &runs),
				 1);
		assert_true(runs[0].rtl);
	}
}

/* What is measured is what is drawn, so centred and mirrored labels sit
 * where the layout put them. */
static void test_measure_matches_render(void **state)
{
	struct font_cache *fc = cache(state);
	static const char *const lines[] = {
		"Ostlänken och snabbtåg", "القطار السريع (أوستلينكن)", "في عام 2035", "8 av 12",
		"Kurs (العربية) nu",	  "مدينة\u200cالمعرفة",	       "A+",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (int size = 16; size <= 48; size += 16) {
			SDL_Surface *s = fonts_render(fc, FONT_REGULAR, size, lines[i], false);
			assert_non_null(s);
			assert_int_equal(fonts_measure(fc, FONT_REGULAR, size, lines[i],
						       strlen(lines[i]), false),
					 s->w);
			assert_int_equal(fc->metrics.text_height(fc, FONT_REGULAR, size, lines[i],
								 strlen(lines[i])),
					 s->h);
			SDL_FreeSurface(s);
		}
}

/* Measuring changes the size of one font per file, up and down, and drawing
 * keeps only FONTS_OPEN_MAX fonts open: across many more sizes than that,
 * what is measured is still what is drawn, in both weights and scripts. */
static void test_sizes_up_and_down(void **state)
{
	struct font_cache *fc = cache(state);
	static const char *const up[] = {"Hållbar energi", "الطاقة المستدامة", "Kurs (العربية) nu"};
	static const char *const down[] = {"Kunskapsstad", "مدينة المعرفة", "8 av 12 (٨ من ١٢)"};
	for (int k = 0; k < 2 * 40; k++) {
		int size = k < 40 ? 10 + 3 * k : 10 + 3 * (2 * 40 - 1 - k);
		const char *line = (k < 40 ? up : down)[k % 3];
		enum font_face face = (enum font_face)(k % FONT_FACE_COUNT);
		int width = fonts_measure(fc, face, size, line, strlen(line), false);
		int height = fc->metrics.text_height(fc, face, size, line, strlen(line));
		SDL_Surface *s = fonts_render(fc, face, size, line, false);
		assert_non_null(s);
		if (width != s->w || height != s->h)
			fail_msg("%s at %d px (face %d): measured %dx%d, drawn %dx%d", line, size,
				 face, width, height, s->w, s->h);
		SDL_FreeSurface(s);
	}
}

/* Rows of ink above the baseline of a rendered line. */
static int ink_above(struct font_cache *fc, enum font_face face, int size, const char *text)
{
	int ascent, descent, height;
	fonts_line_box(fc, face, size, fonts_has_arabic(text, strlen(text)), &ascent, &descent,
		       &height);
	SDL_Surface *s = fonts_render(fc, face, size, text, true);
	assert_non_null(s);
	SDL_LockSurface(s);
	int top = -1;
	for (int y = 0; y < s->h && top < 0; y++)
		for (int x = 0; x < s->w; x++)
			if ((((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] >> 24) >
			    127) {
				top = y;
				break;
			}
	SDL_UnlockSurface(s);
	SDL_FreeSurface(s);
	return ascent - top;
}

/* Arabic drawn at the same asked size as Latin has the same x-height (the
 * teeth of seen and the bowl of sad against x and z), within a pixel or 4 %,
 * and is larger than the Arabic face at the asked size would be. */
static void test_arabic_x_height(void **state)
{
	struct font_cache *fc = cache(state);
	for (int face = 0; face < FONT_FACE_COUNT; face++) {
		assert_true(fonts_arabic_scale(fc, (enum font_face)face) > 1.05);
		for (int size = 24; size <= 72; size += 24) {
			int latin = ink_above(fc, (enum font_face)face, size, "xzxz");
			int arabic = ink_above(fc, (enum font_face)face, size, "سسس صص");
			int tolerance = latin / 25 > 1 ? latin / 25 : 1;
			if (abs(latin - arabic) > tolerance + 1)
				fail_msg("at %d px the x-height is %d px in Latin, %d in Arabic "
					 "(face %d)",
					 size, latin, arabic, face);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_brackets_mirror_in_arabic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_and_latin_in_arabic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arabic_inside_latin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_measure_matches_render, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sizes_up_and_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arabic_x_height, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
