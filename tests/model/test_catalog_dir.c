/* A folder of language files, written afresh for each test: which files are language files,
 * the order they load in (the language screen's), and what is said when a folder cannot be
 * loaded. */
#include "test_catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_is_language_file(void **state)
{
	const char *yes = "; comment\n\n[language]\ncode = sv\n";
	assert_true(catalog_is_language_file(yes, strlen(yes)));
	const char *no[] = {"[kiosk]\n[language]\n", "code = sv\n[language]\n", "", "\xff\xfe"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(catalog_is_language_file(no[i], strlen(no[i])));
}

struct tmp {
	char dir[64];
};

static void tmp_make(struct tmp *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/vs-catalog-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tmp_write(struct tmp *t, const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tmp_remove(struct tmp *t, const char *names[])
{
	char path[128];
	for (size_t i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->dir, names[i]);
		if (unlink(path) != 0)
			assert_int_equal(rmdir(path), 0);
	}
	assert_int_equal(rmdir(t->dir), 0);
}

static void write_lang(struct tmp *t, const char *code)
{
	char name[32], text[128];
	snprintf(name, sizeof(name), "%s.ini", code);
	snprintf(text, sizeof(text), "[language]\ncode = %s\nname = %s\n[text]\nsort.done = x\n",
		 code, code);
	tmp_write(t, name, text);
}

static void test_dir_order(void **state)
{
	struct tmp t;
	tmp_make(&t);
	const char *codes[] = {"so", "ar", "en", "sv", "de"};
	for (size_t i = 0; i < 5; i++)
		write_lang(&t, codes[i]);
	tmp_write(&t, "README.txt", "not a language");
	tmp_write(&t, ".#sv.ini", "an editor's lock file");
	tmp_write(&t, ".ini", "no name");
	tmp_write(&t, "ini", "no extension");
	struct diag d;
	diag_init(&d);
	struct catalog *c = catalog_load_dir(t.dir, &d);
	assert_non_null(c);
	assert_int_equal(d.count, 0);
	const char *want[] = {"sv", "en", "ar", "de", "so"};
	assert_int_equal(catalog_count(c), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(catalog_code(c, i), want[i]);
	catalog_destroy(c);
	const char *files[] = {"so.ini",     "ar.ini",	 "en.ini", "sv.ini", "de.ini",
			       "README.txt", ".#sv.ini", ".ini",   "ini",    NULL};
	tmp_remove(&t, files);
}

static void test_dir_errors(void **state)
{
	struct diag d;
	diag_init(&d);
	assert_null(catalog_load_dir("/nonexistent/lang", &d));
	assert_string_equal(d.lines[0],
			    "/nonexistent/lang: cannot open the folder: No such file or directory");
	diag_finish(&d);

	struct tmp t;
	tmp_make(&t);
	assert_null(catalog_load_dir(t.dir, &d));
	assert_int_equal(d.count, 1);
	diag_finish(&d);
	write_lang(&t, "en");
	assert_null(catalog_load_dir(t.dir, &d));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.lines[0], ": there is no sv.ini; the Swedish texts are the ones "
					   "every other language is checked against and falls "
					   "back to"));
	diag_finish(&d);

	/* every broken file is reported, each under its own name */
	write_lang(&t, "sv");
	tmp_write(&t, "de.ini", "[language]\ncode = fr\nname = Français\n");
	tmp_write(&t, "fi.ini", "[language]\ncode = fi\nname = Suomi\n[text]\nsort.dnoe = x\n");
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/zz.ini", t.dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_null(catalog_load_dir(t.dir, &d));
	assert_int_equal(d.count, 3);
	char want[256];
	snprintf(want, sizeof(want),
		 "%s/de.ini:2: the code is \"fr\" but the file is named de.ini; name the file "
		 "after its code (fr.ini)",
		 t.dir);
	assert_string_equal(d.lines[0], want);
	snprintf(want, sizeof(want),
		 "%s/fi.ini:5: \"sort.dnoe\" is not a text id of sv.ini; check the spelling "
		 "(sv.ini lists every id)",
		 t.dir);
	assert_string_equal(d.lines[1], want);
	snprintf(want, sizeof(want), "%s/zz.ini: cannot read: Is a directory", t.dir);
	assert_string_equal(d.lines[2], want);
	diag_finish(&d);
	const char *files[] = {"en.ini", "sv.ini", "de.ini", "fi.ini", "zz.ini", NULL};
	tmp_remove(&t, files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_language_file),
		cmocka_unit_test(test_dir_order),
		cmocka_unit_test(test_dir_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
