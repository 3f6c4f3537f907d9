/* A card's picture with the real fonts: full size beside a short label, smaller beside a
 * long word so the word still fits whole, and left out only when it would be tiny. */
#include "platform/platform.h"
#include "ui/card_picture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

static void test_picture_gives_way_to_long_words(void **state)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	struct diag err;
	diag_init(&err);
	struct platform_fonts *f = platform_fonts_create(path, &err);
	assert_non_null(f);
	const struct text_metrics *tm = platform_fonts_metrics(f);
	const int size = 22, gap = 8, max_side = 80;
	int word = tm->width(tm->ctx, FONT_BOLD, size, "Industrilandskapet", 18);

	/* a short label: the picture as tall as the card */
	assert_int_equal(card_picture_side(tm, "Bra skolor", size, max_side, 300, gap), max_side);
	/* the long word needs all but 60 px: the picture takes exactly those */
	int side = card_picture_side(tm, "Industrilandskapet", size, max_side, word + gap + 60,
				     gap);
	assert_int_equal(side, 60);
	/* words are measured one by one: a long label of short words keeps a full picture */
	assert_int_equal(card_picture_side(tm, "Bostäder för alla i hela kommunen", size, max_side,
					   word + gap + max_side, gap),
			 max_side);
	/* less than half the picture would be left: none, and the label has the card */
	assert_int_equal(card_picture_side(tm, "Industrilandskapet", size, max_side,
					   word + gap + max_side / 2 - 1, gap),
			 0);
	/* Arabic is measured in its own face too */
	int ar = card_picture_side(tm, "الفصل الاجتماعي", size, max_side, 200, gap);
	assert_true(ar > 0 && ar <= max_side);
	platform_fonts_destroy(f);
	diag_finish(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_picture_gives_way_to_long_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
