/* Lines of text in visual order, by FriBiDi. The arrays grow to the
 * longest line seen and are reused, because every label is measured many
 * times while a layout picks its sizes. */
#include "bidi.h"

#include "common/xalloc.h"

#include <fribidi.h>

#include <stdlib.h>

struct bidi {
	size_t cap;
	uint32_t *cps;
	size_t *off; /* cap + 1 entries */
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	FriBidiStrIndex *map; /* visual position -> logical index */
	size_t count;
	struct bidi_run *runs;
	size_t nruns, runs_cap;
};

struct bidi *bidi_create(void)
{
	return xcalloc(1, sizeof(struct bidi));
}

void bidi_destroy(struct bidi *b)
{
	if (!b)
		return;
	free(b->cps);
	free(b->off);
	free(b->types);
	free(b->brackets);
	free(b->levels);
	free(b->map);
	free(b->runs);
	free(b);
}

uint32_t bidi_utf8_next(const unsigned char *p, size_t left, size_t *n)
{
	unsigned c = p[0];
	size_t len = c < 0x80		     ? 1
		     : c >= 0xC2 && c < 0xE0 ? 2
		     : c >= 0xE0 && c < 0xF0 ? 3
		     : c >= 0xF0 && c < 0xF5 ? 4
					     : 0;
	if (len == 0 || len > left) {
		*n = 1;
		return c < 0x80 ? c : 0xFFFD;
	}
	uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*n = 1;
			return 0xFFFD;
		}
		cp = cp << 6 | (p[i] & 0x3F);
	}
	*n = len;
	return cp;
}

bool bidi_is_arabic(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
	       (cp >= 0x0870 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFE);
}

bool bidi_is_common(uint32_t cp)
{
	return !FRIBIDI_IS_LETTER(fribidi_get_bidi_type(cp));
}

static void reserve(struct bidi *b, size_t n)
{
	if (n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < n)
		cap *= 2;
	b->cps = xrealloc(b->cps, cap * sizeof(*b->cps));
	b->off = xrealloc(b->off, (cap + 1) * sizeof(*b->off));
	b->types = xrealloc(b->types, cap * sizeof(*b->types));
	b->brackets = xrealloc(b->brackets, cap * sizeof(*b->brackets));
	b->levels = xrealloc(b->levels, cap * sizeof(*b->levels));
	b->map = xrealloc(b->map, cap * sizeof(*b->map));
	b->cap = cap;
}

static void add_run(struct bidi *b, size_t lo, size_t hi, int level, uint32_t mirror)
{
	xgrow((void **)&b->runs, &b->runs_cap, b->nruns + 1, sizeof(*b->runs));
	b->runs[b->nruns++] = (struct bidi_run){b->off[lo], b->off[hi + 1] - b->off[lo],
						lo,	    hi + 1 - lo,
						level,	    mirror};
}

/* Right to left when the visitor reads right to left and the line has
 * something that reads so; otherwise by the first strong letter. */
static FriBidiParType paragraph(const struct bidi *b, bool rtl_context)
{
	if (rtl_context)
		for (size_t i = 0; i < b->count; i++)
			if ((FRIBIDI_IS_LETTER(b->types[i]) && FRIBIDI_IS_RTL(b->types[i])) ||
			    FRIBIDI_IS_ARABIC(b->types[i]))
				return FRIBIDI_PAR_RTL;
	return FRIBIDI_PAR_ON;
}

size_t bidi_line(struct bidi *b, const char *text, size_t len, bool rtl_context,
		 const struct bidi_run **runs)
{
	reserve(b, len ? len : 1);
	b->count = 0;
	b->nruns = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		size_t n;
		b->off[b->count] = i;
		b->cps[b->count++] = bidi_utf8_next(p + i, len - i, &n);
		i += n;
	}
	b->off[b->count] = len;
	*runs = b->runs;
	if (!b->count)
		return 0;
	FriBidiStrIndex n = (FriBidiStrIndex)b->count;
	fribidi_get_bidi_types(b->cps, n, b->types);
	fribidi_get_bracket_types(b->cps, n, b->types, b->brackets);
	FriBidiParType base = paragraph(b, rtl_context);
	for (FriBidiStrIndex i = 0; i < n; i++)
		b->map[i] = i;
	/* No flags: combining marks stay with their letters in logical order,
	 * as HarfBuzz wants them; it places them itself. */
	if (!fribidi_get_par_embedding_levels_ex(b->types, b->brackets, n, &base, b->levels) ||
	    !fribidi_reorder_line(0, b->types, n, 0, base, b->levels, NULL, b->map)) {
		add_run(b, 0, b->count - 1, 0, 0); /* out of memory: one plain run */
		return b->nruns;
	}
	size_t lo = 0, hi = 0;
	bool open = false;
	for (FriBidiStrIndex v = 0; v < n; v++) {
		size_t i = (size_t)b->map[v];
		int level = b->levels[i];
		FriBidiChar mirror = 0;
		bool mirrors = FRIBIDI_LEVEL_IS_RTL(level) &&
			       fribidi_get_mirror_char(b->cps[i], &mirror) && mirror != b->cps[i];
		if (open) {
			size_t prev = (size_t)b->map[v - 1];
			bool rtl = FRIBIDI_LEVEL_IS_RTL(level);
			bool next = rtl ? i + 1 == prev : i == prev + 1;
			if (!mirrors && next && b->levels[prev] == level) {
				if (rtl)
					lo = i;
				else
					hi = i;
				continue;
			}
			add_run(b, lo, hi, b->levels[lo], 0);
			open = false;
		}
		if (mirrors) {
			add_run(b, i, i, level, mirror);
			continue;
		}
		lo = hi = i;
		open = true;
	}
	if (open)
		add_run(b, lo, hi, b->levels[lo], 0);
	*runs = b->runs;
	return b->nruns;
}

size_t bidi_chars(const struct bidi *b, const uint32_t **cps, const size_t **off)
{
	*cps = b->cps;
	*off = b->off;
	return b->count;
}
