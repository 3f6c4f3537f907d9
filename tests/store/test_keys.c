/* Signing key tests: the key a kiosk makes once beside its log, and what an
 * export does when that key is lost, damaged, exposed or another kiosk's:
 * it fails with one line and never replaces the key on its own. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/keys.h"
#include "store/log.h"
#include "store/verify.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static void fx_add(struct st_fx *fx)
{
	size_t kw[] = {0, 1};
	enum pile piles[] = {PILE_YES, PILE_NO};
	st_add(fx->log, fx->ks, kw, piles, 2, true);
}

/* Exports; returns the file's public key (caller frees). */
static char *fx_export(struct st_fx *fx)
{
	char *file = st_export(fx, fx->log, false);
	char *pk = st_sql_text(file, "SELECT value FROM manifest WHERE key = 'public_key'");
	free(file);
	return pk;
}

/* One failed export: one line holding want, nothing written or marked. */
static void fx_export_fails(struct st_fx *fx, const char *want)
{
	diag_finish(&fx->d);
	int before = st_count_entries(fx->usb);
	uint64_t unexported = st_unexported(fx);
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_LOG_FAILED);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_non_null(strstr(fx->d.lines[0], want));
	assert_int_equal(strncmp(fx->d.lines[0], fx->key, strlen(fx->key)), 0);
	assert_int_equal(st_count_entries(fx->usb), before);
	assert_int_equal(st_unexported(fx), unexported);
	diag_finish(&fx->d);
}

static void test_key_made_once_beside_the_log(void **state)
{
	struct st_fx *fx = *state;
	char a[65], b[65];
	assert_true(export_public_key(fx->log, a, &fx->d));
	assert_int_equal(strlen(a), 64);
	struct stat st;
	assert_int_equal(stat(fx->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 129);
	char *recorded = st_sql_text(fx->path, "SELECT value FROM meta WHERE key = 'public_key'");
	assert_string_equal(recorded, a);
	free(recorded);

	/* the same key after a restart, and in every export */
	log_close(fx->log);
	fx->log = log_open(fx->path, &fx->d);
	assert_non_null(fx->log);
	assert_true(export_public_key(fx->log, b, &fx->d));
	assert_string_equal(a, b);
	fx_add(fx);
	char *pk = fx_export(fx);
	assert_string_equal(pk, a);
	free(pk);
	assert_int_equal(fx->d.count, 0);
}

static void test_first_export_makes_the_key(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx);
	char *pk = fx_export(fx);
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	assert_string_equal(pk, hex);
	free(pk);
}

static void test_lost_key_needs_staff_to_choose_a_new_one(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx);
	char *old = fx_export(fx);
	assert_int_equal(unlink(fx->key), 0);
	fx_add(fx);
	fx_export_fails(fx, "signing key is missing");
	struct stat st;
	assert_int_equal(stat(fx->key, &st), -1); /* not silently made again */
	char hex[65];
	assert_false(export_public_key(fx->log, hex, &fx->d));
	diag_finish(&fx->d);

	/* staff start over on purpose: a new key, and exports carry it */
	char fresh[65];
	assert_true(export_new_key(fx->log, fresh, &fx->d));
	assert_string_not_equal(fresh, old);
	char *pk = fx_export(fx);
	assert_string_equal(pk, fresh);
	char *prev = st_sql_text(fx->path,
				 "SELECT value FROM meta WHERE key = 'previous_public_key'");
	assert_string_equal(prev, old);
	/* and never over a key that is there */
	assert_false(export_new_key(fx->log, hex, &fx->d));
	assert_int_equal(fx->d.count, 1);
	free(prev);
	free(pk);
	free(old);
}

static void test_damaged_key_is_an_error_and_kept(void **state)
{
	struct st_fx *fx = *state;
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	size_t len = 0;
	char *good = st_read_file(fx->key, &len);
	/* one digit changed: the secret half no longer makes its public half */
	char *bad = strdup(good);
	bad[10] = bad[10] == '0' ? '1' : '0';
	st_write_file(fx->key, bad);
	fx_add(fx);
	fx_export_fails(fx, "signing key is damaged");
	char *after = st_read_file(fx->key, NULL);
	assert_string_equal(after, bad);
	free(after);
	st_write_file(fx->key, "");
	fx_export_fails(fx, "signing key is damaged");
	st_write_file(fx->key, good);
	free(fx_export(fx));
	free(good);
	free(bad);
}

static void test_key_others_may_read_is_refused(void **state)
{
	struct st_fx *fx = *state;
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	assert_int_equal(chmod(fx->key, 0644), 0);
	fx_add(fx);
	fx_export_fails(fx, "chmod 600");
}

static void test_another_kiosks_key_is_refused(void **state)
{
	struct st_fx *fx = *state;
	char hex[65];
	assert_true(export_public_key(fx->log, hex, &fx->d));
	char *other = st_join(fx->dir, "other.sqlite");
	struct log *log2 = log_open(other, &fx->d);
	assert_non_null(log2);
	assert_true(export_public_key(log2, hex, &fx->d));
	log_close(log2);
	char *other_key = st_join(fx->dir, "other.sqlite.key");
	assert_int_equal(rename(other_key, fx->key), 0);
	fx_add(fx);
	fx_export_fails(fx, "not the one this log signs with");
	free(other_key);
	free(other);
}

static void test_export_passes_its_own_verification(void **state)
{
	struct st_fx *fx = *state;
	assert_true(log_set_site(fx->log, "Stadsbiblioteket", &fx->d));
	fx_add(fx);
	fx_add(fx);
	struct export_result r;
	assert_int_equal(export_write(fx->log, fx->usb, false, &r, &fx->d), EXPORT_WRITTEN);
	struct export_info info;
	struct db *x = verify_file(r.path, &info, &fx->d);
	assert_non_null(x);
	assert_int_equal(info.problem, VERIFY_OK);
	assert_string_equal(info.kiosk_id, log_kiosk_id(fx->log));
	assert_string_equal(info.site, "Stadsbiblioteket");
	assert_int_equal(info.sessions, 2);
	assert_int_equal(info.cards, 4);
	assert_int_equal(strlen(info.file_sha256), 64);
	db_close(x);
	verify_info_finish(&info);
	verify_info_finish(NULL);
	export_result_finish(&r);

	/* a site with a line break would split the signed manifest's lines */
	assert_false(log_set_site(fx->log, "Stads\nbiblioteket", &fx->d));
	assert_int_equal(fx->d.count, 1);
	char *site = log_site(fx->log, &fx->d);
	assert_string_equal(site, "Stadsbiblioteket");
	free(site);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_made_once_beside_the_log, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_first_export_makes_the_key, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_lost_key_needs_staff_to_choose_a_new_one,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_key_is_an_error_and_kept,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_key_others_may_read_is_refused,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_another_kiosks_key_is_refused, st_fx_setup_log,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_export_passes_its_own_verification,
						st_fx_setup_log, st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-keys", tests, NULL, NULL);
}
