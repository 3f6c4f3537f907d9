/* Descriptions in a keyword set, as an editor of lättläst texts writes them: a
 * "description:CODE" column per language, optional cell by cell, never standing in for
 * another language; and, for `check`, which labels a language still lacks. */
#include "common/diag.h"
#include "model/gaps.h"
#include "model/keyset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct keyset *parse(const char *text, struct diag *d)
{
	diag_init(d);
	return keyset_parse(text, strlen(text), "f.tsv", d);
}

static void test_description_columns(void **state)
{
	struct diag d;
	struct keyset *ks = parse("# set-id: t\n"
				  "id\tsv\tDescription:SV-lattlast\ten\tdescription:en\n"
				  "segregation\tSegregation\tNär olika grupper bor var för sig.\t"
				  "Segregation\tWhen groups live apart.\n"
				  "trygghet\tTrygghet\t\tFeeling safe\n"
				  "gronska\tGrönska\n",
				  &d);
	assert_non_null(ks);
	assert_int_equal(d.count, 0);
	/* descriptions are not languages of the cards */
	assert_int_equal(keyset_language_count(ks), 2);
	assert_int_equal(keyset_description_count(ks), 2);
	assert_string_equal(keyset_description_language(ks, 0), "sv-lattlast");
	assert_string_equal(keyset_description_language(ks, 1), "en");
	assert_null(keyset_description_language(ks, 2));
	assert_string_equal(keyset_description(ks, 0, "sv-lattlast"),
			    "När olika grupper bor var för sig.");
	assert_string_equal(keyset_description(ks, 0, "en"), "When groups live apart.");
	/* an empty cell, a short row, a language without the column: no description, and
	 * none borrowed from another language */
	assert_null(keyset_description(ks, 1, "sv-lattlast"));
	assert_null(keyset_description(ks, 2, "en"));
	assert_null(keyset_description(ks, 0, "sv"));
	assert_null(keyset_description(ks, 0, "ar"));
	assert_null(keyset_description(ks, 3, "en"));
	/* labels are read as before */
	assert_string_equal(keyset_label(ks, 1, 1), "Feeling safe");
	keyset_destroy(ks);
	diag_finish(&d);
}

static void test_description_errors(void **state)
{
	struct diag d;
	char longer[600];
	snprintf(longer, sizeof(longer),
		 "# set-id: t\nid\tsv\tdescription:sv-lattlast\n"
		 "a\tA\t%0201d\n",
		 0);
	assert_null(parse(longer, &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(d.lines[0], "f.tsv:3: the sv-lattlast description is 201 characters "
					"long; keep it to 200, a sentence or two");
	diag_finish(&d);

	assert_null(parse("# set-id: t\nid\tsv\tdescription:Lättläst\tdescription:\n", &d));
	assert_int_equal(d.count, 3);
	assert_string_equal(d.lines[0], "f.tsv:2: column C \"description:Lättläst\" names no "
					"language; write description: and a language code, such "
					"as description:sv-lattlast");
	assert_string_equal(d.lines[1], "f.tsv:2: column D \"description:\" names no language; "
					"write description: and a language code, such as "
					"description:sv-lattlast");
	diag_finish(&d);

	assert_null(parse("# set-id: t\nid\tsv\tdescription:en\tDESCRIPTION:EN\na\tA\n", &d));
	assert_int_equal(d.count, 1);
	assert_string_equal(
		d.lines[0],
		"f.tsv:2: column D \"DESCRIPTION:EN\" repeats column C; delete one of them");
	diag_finish(&d);
}

static void test_missing_labels_are_known(void **state)
{
	struct diag d;
	struct keyset *ks = parse("# set-id: t\n"
				  "id\tsv\ten\tso\n"
				  "\n"
				  "a\tA\tA-en\tA-so\n"
				  "b\tB\t\tB-so\n"
				  "c\tC\n",
				  &d);
	assert_non_null(ks);
	assert_true(keyset_has_label(ks, 0, 0));
	assert_true(keyset_has_label(ks, 0, 2));
	assert_false(keyset_has_label(ks, 1, 1)); /* empty: shows in Swedish */
	assert_string_equal(keyset_label(ks, 1, 1), "B");
	assert_false(keyset_has_label(ks, 2, 2)); /* a short row */
	assert_false(keyset_has_label(ks, 3, 0));
	assert_int_equal(keyset_line(ks, 0), 4);
	assert_int_equal(keyset_line(ks, 2), 6);

	/* what `check` says: each gap with its row, language by language */
	assert_int_equal(gaps_keyset_labels(ks, 1, "f.tsv", &d), 2);
	assert_int_equal(gaps_keyset_language(ks, "so", "f.tsv", &d), 1);
	assert_int_equal(gaps_keyset_language(ks, "sv", "f.tsv", &d), 0);
	assert_int_equal(gaps_keyset_language(ks, "sv-lattlast", "f.tsv", &d), 0);
	assert_int_equal(d.count, 3);
	assert_string_equal(d.lines[0],
			    "f.tsv:5: the en label of \"b\" is empty; it shows in Swedish");
	assert_string_equal(d.lines[1],
			    "f.tsv:6: the en label of \"c\" is empty; it shows in Swedish");
	assert_string_equal(d.lines[2],
			    "f.tsv:6: the so label of \"c\" is empty; it shows in Swedish");
	keyset_destroy(ks);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_description_columns),
		cmocka_unit_test(test_description_errors),
		cmocka_unit_test(test_missing_labels_are_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
