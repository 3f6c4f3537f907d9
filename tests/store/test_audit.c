/* Audit tests: the kiosk's log and the tally each keep a timed line for
 * every session saved, export, import, rejection, quarantine, trust change
 * and staff-access attempt, and none of those lines holds a PIN, a key, an
 * answer, a profile or a folder name. */
#include "common/clock.h"
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/export.h"
#include "store/log.h"
#include "store/log_audit.h"
#include "store/tally.h"
#include "store/tally_audit.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* All of a log's or a tally's audit log as one text, to search. */
static char *audit_text(const char *path)
{
	return st_sql_text(path, "SELECT group_concat(at || ' ' || event || ' ' || detail, "
				 "char(10)) FROM (SELECT * FROM audit ORDER BY id)");
}

static char *tally_audit_text(const char *path)
{
	return st_sql_text(path, "SELECT group_concat(at || ' ' || event || ' ' || subject || ' ' "
				 "|| detail, char(10)) FROM (SELECT * FROM audit ORDER BY id)");
}

static int count(const char *text, const char *what)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* Nothing anyone could be known by, and nothing that opens the kiosk. */
static void assert_nothing_personal(struct st_fx *fx, const char *text)
{
	/* the profile given, the keywords' labels, the session's UUID */
	static const char *const never[] = {"16-25", "city", "Ett", "Två", "6f1c1a52"};
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (strstr(text, never[i]))
			fail_msg("the audit log holds '%s':\n%s", never[i], text);
	/* no folder: the only '/' allowed is none at all */
	if (strchr(text, '/'))
		fail_msg("the audit log names a folder:\n%s", text);
	size_t len = 0;
	char *secret = st_read_file(fx->key, &len);
	assert_non_null(secret);
	secret[len > 0 ? len - 1 : 0] = '\0';
	if (strstr(text, secret) || strstr(text, secret + 64))
		fail_msg("the audit log holds the secret key");
	free(secret);
}

static void test_kiosk_audit(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1, 2};
	enum pile piles[] = {PILE_YES, PILE_NO, PILE_NEUTRAL};
	struct session *s = st_session(kw, piles, 3, true);
	struct session_meta m = {.uuid = "6f1c1a52-4c55-4b2e-9d0e-3f1f3b9b5a10",
				 .language = "sv",
				 .started_ms = clock_wall_ms() - 60000,
				 .ended_ms = clock_wall_ms(),
				 .age_band = "16-25",
				 .residence = "city"};
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	session_destroy(s);
	st_add(fx->log, fx->ks, kw, piles, 2, false);
	/* staff at the kiosk: a wrong PIN, then the right one (the PIN itself
	 * is never handed to the log) */
	int64_t now = clock_wall_ms();
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_WRONG, now, NULL, &fx->d));
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_OK, now, NULL, &fx->d));
	char *file = st_export(fx, fx->log, false);
	free(file);
	uint64_t deleted = 0;
	assert_true(log_purge_exported(fx->log, 0, &deleted, &fx->d));

	char *text = audit_text(fx->path);
	assert_non_null(text);
	print_message("%s\n", text);
	assert_int_equal(count(text, " session-saved completed, 3 of 3 cards placed"), 1);
	assert_int_equal(count(text, " session-saved abandoned, 2 of 2 cards placed"), 1);
	assert_int_equal(count(text, " key-created the kiosk's first key"), 1);
	assert_int_equal(count(text, " staff-wrong-pin "), 1);
	assert_int_equal(count(text, " staff-access "), 1);
	assert_int_equal(count(text, " export export 1: 2 sessions, visionsort-"), 1);
	assert_int_equal(count(text, " sessions-purged 0 exported sessions"), 1);
	/* every line has its time */
	assert_int_equal(count(text, "Z "), count(text, "\n") + 1);
	assert_nothing_personal(fx, text);
	free(text);

	/* an export that fails is recorded too, naming no folder */
	char *gone = st_join(fx->dir, "no-such-stick");
	st_add(fx->log, fx->ks, kw, piles, 3, true);
	struct export_result r;
	assert_int_equal(export_write(fx->log, gone, false, &r, &fx->d), EXPORT_DRIVE_FAILED);
	text = audit_text(fx->path);
	assert_int_equal(count(text, " export-failed the drive or folder failed"), 1);
	assert_nothing_personal(fx, text);
	free(text);
	free(gone);
}

static void test_staff_tries_since_the_last_success(void **state)
{
	struct st_fx *fx = *state;
	int64_t t = 2051222400000;
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_WRONG, t, NULL, &fx->d));
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_OK, t + 1000, NULL, &fx->d));
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_WRONG, t + 2000, NULL, &fx->d));
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_LOCKED, t + 2500, NULL, &fx->d));
	assert_true(log_audit(fx->log, LOG_EVENT_STAFF_WRONG, t + 3000, NULL, &fx->d));
	/* and they outlive the process: read back after the log is reopened */
	log_close(fx->log);
	fx->log = log_open(fx->path, &fx->d);
	assert_non_null(fx->log);
	int64_t *wrong = NULL;
	size_t n = 0;
	uint64_t locked = 0;
	assert_true(log_audit_staff_tries(fx->log, &wrong, &n, &locked, &fx->d));
	assert_int_equal(n, 2);
	assert_int_equal(wrong[0], t + 2000);
	assert_int_equal(wrong[1], t + 3000);
	assert_int_equal(locked, 1);
	free(wrong);
}

static void test_tally_audit(void **state)
{
	struct st_fx *fx = *state;
	size_t kw[] = {0, 1};
	enum pile piles[] = {PILE_YES, PILE_NO};
	st_add(fx->log, fx->ks, kw, piles, 2, true);
	char *file = st_export(fx, fx->log, false);
	struct import_result r;
	/* unknown: rejected, then quarantined */
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_UNTRUSTED);
	tally_accept_unknown(fx->tally, true);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_QUARANTINED);
	bool known = false;
	assert_true(tally_trust(fx->tally, fx->public_key, "Torget", &known, &fx->d));
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	char *junk = st_join(fx->dir, "junk.sqlite");
	st_write_file(junk, "not an export at all, but long enough to have a header of sorts "
			    "and then some more text after it");
	assert_int_equal(tally_import(fx->tally, junk, &r, &fx->d), IMPORT_FILE_BAD);

	char *text = tally_audit_text(fx->tally_path);
	assert_non_null(text);
	print_message("%s\n", text);
	char key16[17];
	snprintf(key16, sizeof(key16), "%.16s", fx->public_key);
	assert_int_equal(count(text, " rejected visionsort-"), 1);
	assert_int_equal(count(text, "unknown kiosk key (kiosk "), 1);
	assert_int_equal(count(text, " quarantined visionsort-"), 1);
	assert_int_equal(count(text, " trusted kiosk key "), 1);
	assert_int_equal(count(text, "trusted, site Torget"), 1);
	assert_int_equal(count(text, " imported visionsort-"), 1);
	assert_int_equal(count(text, "export 1, 1 added, 0 duplicates"), 1);
	assert_int_equal(count(text, " rejected junk.sqlite not a visionsort export file"), 1);
	/* no folder, no advice that names the tally's path, no whole key */
	assert_null(strchr(text, '/'));
	assert_null(strstr(text, fx->public_key));
	assert_non_null(strstr(text, key16));
	free(text);
	free(junk);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kiosk_audit, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_staff_tries_since_the_last_success,
						st_fx_setup_log, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_tally_audit, st_fx_setup_tally,
						st_fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
