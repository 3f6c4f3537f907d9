/* The tally's settings file: the defaults without one, each key read,
 * and every mistake named with its line, the whole file refused. */
#include "model/tally_config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

static bool parse(const char *text, struct tally_config *c, struct diag *d)
{
	diag_init(d);
	return tally_config_parse(text, strlen(text), "tally.ini", c, d);
}

static void test_defaults(void **state)
{
	struct tally_config c;
	struct diag d;
	assert_true(parse("", &c, &d));
	assert_int_equal(c.min_group, 5);
	assert_int_equal(c.rules.min_ms_per_card, 1000);
	assert_int_equal(c.rules.repeat_window_ms, 600000);
	tally_config_finish(&c);
	diag_finish(&d);
}

static void test_every_key(void **state)
{
	struct tally_config c;
	struct diag d;
	assert_true(parse("; the organizers' settings\n[tally]\nmin_group_sessions = 10\n"
			  "min_seconds_per_card = 0,5\nrepeat_window_minutes = 0\n",
			  &c, &d));
	assert_int_equal(c.min_group, 10);
	assert_int_equal(c.rules.min_ms_per_card, 500);
	assert_int_equal(c.rules.repeat_window_ms, 0);
	assert_string_equal(c.path, "tally.ini");
	tally_config_finish(&c);
	diag_finish(&d);
}

static void test_mistakes_named_by_line(void **state)
{
	struct tally_config c;
	struct diag d;
	assert_false(parse("[tally]\nmin_group_sessions = 2\nmin_seconds = 1\n"
			   "repeat_window_minutes = 5\nrepeat_window_minutes = 6\n[kiosk]\n",
			   &c, &d));
	assert_int_equal(d.count, 4);
	assert_string_equal(d.lines[0], "tally.ini:2: min_group_sessions is \"2\"; write a whole "
					"number from 3 to 1000");
	assert_non_null(strstr(d.lines[1], "tally.ini:3: min_seconds is not a key of [tally]"));
	assert_non_null(strstr(d.lines[2], "tally.ini:5: repeat_window_minutes is given twice"));
	assert_non_null(strstr(d.lines[3], "tally.ini:6: [kiosk] is not a section"));
	/* refused whole: the defaults stand */
	assert_int_equal(c.min_group, 5);
	assert_int_equal(c.rules.repeat_window_ms, 600000);
	tally_config_finish(&c);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_mistakes_named_by_line),
	};
	return cmocka_run_group_tests_name("model-tally_config", tests, NULL, NULL);
}
