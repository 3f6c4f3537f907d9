/* Bidirectional text by the Unicode algorithm (UAX #9), with GNU FriBiDi:
 * one line of UTF-8 becomes runs in visual order, each to be shaped in one
 * direction. FriBiDi resolves the levels, reorders the runs and says which
 * characters mirror; HarfBuzz (through SDL_ttf) then shapes each run. Shared
 * by the platform's font code and its tests; no SDL here. */
#ifndef VS_BIDI_H
#define VS_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A stretch of the line drawn in one direction. Runs come left to right as
 * they appear on screen; inside a run the bytes are in logical order, and
 * a right-to-left run is reversed by the shaper. */
struct bidi_run {
	size_t start, len;   /* bytes of the line */
	size_t first, count; /* the same as characters (see bidi_chars) */
	int level;	     /* the resolved embedding level; odd is right to left */
	/* Not 0: the run is one character at an odd level that mirrors (a
	 * bracket), to be drawn as this code point. FriBiDi decides it, so
	 * no right-to-left run handed to the shaper holds a mirroring
	 * character and nothing is mirrored twice. */
	uint32_t mirror;
};

struct bidi;

struct bidi *bidi_create(void);
void bidi_destroy(struct bidi *b); /* NULL-safe */

/* Splits text[0..len) into runs in visual order; valid until the next
 * call. The line is one paragraph: its direction is right to left when
 * rtl_context (the visitor's language reads right to left) and the line
 * holds a right-to-left letter or an Arabic number, else it is found from
 * its first strong letter (rule P2), left to right when there is none. So
 * "A+" stays "A+" in Arabic, and an English line with an Arabic name in
 * it stays an English line. */
size_t bidi_line(struct bidi *b, const char *text, size_t len, bool rtl_context,
		 const struct bidi_run **runs);

/* The characters of the last line, for callers that split runs further:
 * the code point at logical index i and its byte offset (off[count] is the
 * line's length). */
size_t bidi_chars(const struct bidi *b, const uint32_t **cps, const size_t **off);

/* The code point at p (at most left bytes) and its length in *n (at least
 * 1); a malformed sequence reads as U+FFFD, one byte long. */
uint32_t bidi_utf8_next(const unsigned char *p, size_t left, size_t *n);

/* True for characters of the Arabic script the Arabic face draws (letters,
 * Arabic-Indic digits, Arabic punctuation and marks). */
bool bidi_is_arabic(uint32_t cp);
/* True for characters with no script of their own (spaces, digits,
 * punctuation, marks, format characters): they take the script of the
 * letters around them. */
bool bidi_is_common(uint32_t cp);

#endif
