/* text_fit picks the size a label is drawn at. It bisects over sizes, so a
 * label that does not fit at its largest is measured at a few sizes, not
 * tens; what a visitor sees must not change for it: every text of every
 * language, in boxes from a button's to a title's, gets the size a scan
 * down from the largest gives (the rule text_fit had before), with the
 * real fonts. */
#include "real_assets.h"
#include "ui/text.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The real measurements, and which sizes were asked for. */
struct counting {
	const struct text_metrics *real;
	unsigned char asked[512];
};

static int count_width(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	struct counting *c = ctx;
	if (size > 0 && size < (int)sizeof(c->asked))
		c->asked[size] = 1;
	return c->real->width(c->real->ctx, face, size, text, len);
}

static int count_line(void *ctx, enum font_face face, int size)
{
	struct counting *c = ctx;
	return c->real->line_height(c->real->ctx, face, size);
}

static int count_text_height(void *ctx, enum font_face face, int size, const char *text, size_t len)
{
	struct counting *c = ctx;
	return c->real->text_height(c->real->ctx, face, size, text, len);
}

static int sizes_asked(struct counting *c)
{
	int n = 0;
	for (size_t i = 0; i < sizeof(c->asked); i++)
		n += c->asked[i];
	memset(c->asked, 0, sizeof(c->asked));
	return n;
}

/* The rule as a visitor would state it: the largest size that fits. */
static int scan_down(const struct text_metrics *tm, enum font_face face, int min, int max,
		     int lines, const char *text, int w, int h, struct text_block *scratch)
{
	for (int size = max; size >= min; size--)
		if (text_fits(tm, face, size, lines, text, w, h, scratch))
			return size;
	return min - 1;
}

struct tally {
	size_t checked, scanned_more;
	int most_asked;
};

/* One text in one box: text_fit's size against the scan's. */
static void check_fit(struct counting *c, const struct text_metrics *tm, const char *what,
		      const char *text, enum font_face face, const int box[5],
		      struct text_block *got, struct text_block *want, struct tally *t)
{
	int w = box[0], h = box[1], lines = box[2], min = box[3], max = box[4];
	int best = scan_down(tm, face, min, max, lines, text, w, h, want);
	int scanned = sizes_asked(c);
	bool fits = text_fit(tm, face, min, max, lines, text, w, h, got);
	int asked = sizes_asked(c);
	if (best >= min && (!fits || got->size != best || got->count != want->count))
		fail_msg("%s in %dx%d: drawn at %d px in %zu lines, the largest that fits is %d px "
			 "in %zu",
			 what, w, h, got->size, got->count, best, want->count);
	if (best < min && (fits || got->size != min))
		fail_msg("%s in %dx%d fits at no size, yet text_fit says %d px fits", what, w, h,
			 got->size);
	if (asked > t->most_asked)
		t->most_asked = asked;
	t->scanned_more += scanned > asked;
	t->checked++;
}

static void test_fit_is_the_largest_size_that_fits(void **state)
{
	(void)state;
	struct real_assets a = real_assets_load();
	const struct catalog *cat = a.cat;
	struct counting c = {.real = platform_fonts_metrics(a.fonts)};
	struct text_metrics tm = {&c, count_width, count_line, count_text_height};
	/* a button, a prompt, a title (w, h, lines, smallest, largest) */
	static const int boxes[][5] = {
		{260, 90, 2, 20, 48},
		{900, 160, 2, 24, 72},
		{1600, 300, 2, 32, 120},
	};
	struct text_block got, want;
	text_block_init(&got);
	text_block_init(&want);
	struct tally t = {0};
	char what[256];
	for (size_t lang = 0; lang < catalog_count(cat); lang++)
		for (size_t k = 0; k < catalog_id_count(cat); k++) {
			const char *text = catalog_text(cat, lang, catalog_id(cat, k));
			if (!text || !text[0])
				continue;
			snprintf(what, sizeof(what), "%s %s", catalog_code(cat, lang),
				 catalog_id(cat, k));
			for (size_t b = 0; b < sizeof(boxes) / sizeof(boxes[0]); b++) {
				check_fit(&c, &tm, what, text, FONT_REGULAR, boxes[b], &got, &want,
					  &t);
				check_fit(&c, &tm, what, text, FONT_BOLD, boxes[b], &got, &want,
					  &t);
			}
		}
	/* log2 of the widest range (89 sizes), the largest tried first, and
	 * the size kept measured again */
	printf("%zu fits checked; at most %d sizes measured for one, fewer than the scan for %zu\n",
	       t.checked, t.most_asked, t.scanned_more);
	assert_true(t.checked > 1000);
	assert_true(t.most_asked <= 10);
	assert_true(t.scanned_more > t.checked / 4);
	text_block_finish(&got);
	text_block_finish(&want);
	real_assets_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_is_the_largest_size_that_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
