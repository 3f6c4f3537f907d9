/* The number formatter every output uses: the figures a reader of the CSV,
 * the Excel file, the HTML report, the terminal table and the JSON sees. */
#include "common/numfmt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <stdlib.h>
#include <string.h>

static void test_csv_proportions_with_point_or_comma(void **state)
{
	(void)state;
	char buf[NUMFMT_SIZE];
	/* the CSV contract: four decimals and a point */
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 0.625, 4, 0), "0.6250");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 2.0 / 3, 4, 0), "0.6667");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), -0.25, 4, 0), "-0.2500");
	/* Swedish Excel reads a number only with a decimal comma */
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 0.625, 4, NUMFMT_COMMA), "0,6250");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 1, 4, NUMFMT_COMMA), "1,0000");
}

static void test_report_figures_read_the_swedish_way(void **state)
{
	(void)state;
	char buf[NUMFMT_SIZE];
	unsigned sv = NUMFMT_COMMA;
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 62.5, 1, sv), "62,5");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 2.345678, 2, sv), "2,35");
	/* net is a difference: its sign is always shown, zero included */
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 12.34, 1, sv | NUMFMT_SIGN), "+12,3");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), -40, 1, sv | NUMFMT_SIGN), "-40,0");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 0, 1, sv | NUMFMT_SIGN), "+0,0");
	/* no decimals, no decimal sign */
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 62.4, 0, sv), "62");
}

static void test_terminal_table_keeps_the_point(void **state)
{
	(void)state;
	char buf[NUMFMT_SIZE];
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 100 * 0.4567, 1, 0), "45.7");
	assert_string_equal(numfmt_fixed(buf, sizeof(buf), 100.0, 1, 0), "100.0");
}

static void test_any_value_fits_and_a_short_buffer_is_cut_safely(void **state)
{
	(void)state;
	char buf[NUMFMT_SIZE];
	/* 309 digits, the point, the most decimals, a sign */
	numfmt_fixed(buf, sizeof(buf), -DBL_MAX, NUMFMT_MAX_DECIMALS, NUMFMT_SIGN);
	assert_int_equal(strlen(buf), 1 + 309 + 1 + NUMFMT_MAX_DECIMALS);
	assert_int_equal(buf[strlen(buf) - NUMFMT_MAX_DECIMALS - 1], '.');
	char small[4];
	assert_string_equal(numfmt_fixed(small, sizeof(small), 0.625, 4, 0), "0.6");
}

static void test_json_numbers_are_exact_and_short(void **state)
{
	(void)state;
	char buf[NUMFMT_SIZE];
	assert_string_equal(numfmt_exact(buf, sizeof(buf), 0.4), "0.4");
	assert_string_equal(numfmt_exact(buf, sizeof(buf), 0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(numfmt_exact(buf, sizeof(buf), 3), "3");
	const double third = 1.0 / 3;
	assert_true(strtod(numfmt_exact(buf, sizeof(buf), third), NULL) == third);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_proportions_with_point_or_comma),
		cmocka_unit_test(test_report_figures_read_the_swedish_way),
		cmocka_unit_test(test_terminal_table_keeps_the_point),
		cmocka_unit_test(test_any_value_fits_and_a_short_buffer_is_cut_safely),
		cmocka_unit_test(test_json_numbers_are_exact_and_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
