/* Trust tests: the tally takes files only from kiosk keys the organizers
 * registered, quarantines the others when asked, rejects a UUID that comes
 * back with other content, and keeps a log of all of it. */
#include "common/diag.h"
#include "common/strbuf.h"
#include "store/log.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "store_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void fx_add(struct st_fx *fx, enum pile first)
{
	size_t kw[] = {0, 1};
	enum pile piles[] = {first, PILE_NO};
	st_add(fx->log, fx->ks, kw, piles, 2, true);
}

static int64_t fx_sessions(struct st_fx *fx)
{
	return st_sql_int(fx->tally_path, "SELECT count(*) FROM sessions");
}

static void fx_trust(struct st_fx *fx, const char *site)
{
	bool known = true;
	assert_true(tally_trust(fx->tally, fx->public_key, site, &known, &fx->d));
}

static void test_unknown_key_is_rejected(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, PILE_YES);
	char *file = st_export(fx, fx->log, false);
	struct import_result r = {.added = 5};
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_UNTRUSTED);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_int_equal(strncmp(fx->d.lines[0], file, strlen(file)), 0);
	assert_non_null(strstr(fx->d.lines[0], "unknown kiosk key"));
	assert_non_null(strstr(fx->d.lines[0], fx->public_key));
	assert_int_equal(r.added, 0);
	assert_int_equal(fx_sessions(fx), 0);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports"), 0);

	/* trusted, the same file goes in, and the key is tied to its kiosk */
	fx_trust(fx, NULL);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 1);
	char *kiosk = st_sql_text(fx->tally_path, "SELECT kiosk_id FROM kiosks");
	assert_string_equal(kiosk, log_kiosk_id(fx->log));
	free(kiosk);
	free(file);
}

static void test_accept_unknown_quarantines_without_counting(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, PILE_YES);
	char *file = st_export(fx, fx->log, false);
	tally_accept_unknown(fx->tally, true);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_QUARANTINED);
	assert_int_equal(r.added, 0);
	assert_int_equal(fx_sessions(fx), 0);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports WHERE "
						    "status = 'quarantined' AND added = 0"),
			 1);
	/* the file itself is kept, byte for byte */
	size_t len = 0;
	char *bytes = st_read_file(file, &len);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT length(file) FROM quarantine"),
			 (int64_t)len);
	free(bytes);
	char *reason = st_sql_text(fx->tally_path, "SELECT reason FROM imports");
	assert_non_null(strstr(reason, fx->public_key));
	free(reason);
	free(file);
}

static void test_same_uuid_other_content_rejects_the_file(void **state)
{
	struct st_fx *fx = *state;
	fx_trust(fx, NULL);
	fx_add(fx, PILE_YES);
	fx_add(fx, PILE_YES);
	char *first = st_export(fx, fx->log, false);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, first, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.added, 2);
	/* the kiosk's log says otherwise now (a restored backup, a bug): the
	 * same UUID, another answer, validly signed */
	st_sql_exec(log_path(fx->log), "UPDATE cards SET pile = 'neutral' "
				       "WHERE rowid = (SELECT min(rowid) FROM cards)");
	fx_add(fx, PILE_NO);
	char *second = st_export(fx, fx->log, true);
	char *csv_before = st_sql_text(fx->tally_path,
				       "SELECT group_concat(pile) FROM cards ORDER BY rowid");
	assert_int_equal(tally_import(fx->tally, second, &r, &fx->d), IMPORT_FILE_BAD);
	assert_int_equal(fx->d.count, 1);
	print_message("%s\n", fx->d.lines[0]);
	assert_non_null(strstr(fx->d.lines[0], "different content"));
	assert_int_equal(fx_sessions(fx), 2); /* not even the new third session */
	char *csv_after = st_sql_text(fx->tally_path,
				      "SELECT group_concat(pile) FROM cards ORDER BY rowid");
	assert_string_equal(csv_before, csv_after);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM imports WHERE "
						    "status = 'rejected' AND reason LIKE "
						    "'%different content%'"),
			 1);
	/* the first file again is still a clean duplicate */
	assert_int_equal(tally_import(fx->tally, first, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.duplicates, 2);
	free(csv_before);
	free(csv_after);
	free(first);
	free(second);
}

static void test_key_signs_for_one_kiosk(void **state)
{
	struct st_fx *fx = *state;
	fx_trust(fx, NULL);
	fx_add(fx, PILE_YES);
	char *file = st_export(fx, fx->log, false);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	/* the key is bound to the kiosk id it first signed for */
	st_sql_exec(fx->tally_path, "UPDATE kiosks SET kiosk_id = "
				    "'00000000-0000-4000-8000-000000000000'");
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_UNTRUSTED);
	assert_non_null(strstr(fx->d.lines[0], "signs for kiosk"));
	/* trusting again to rename the site keeps it bound (issue 18, 5) */
	bool known = false;
	assert_true(tally_trust(fx->tally, fx->public_key, "Nytt namn", &known, &fx->d));
	assert_true(known);
	diag_finish(&fx->d);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_FILE_UNTRUSTED);
	assert_non_null(strstr(fx->d.lines[0], "--log-replaced"));
	char *site = st_sql_text(fx->tally_path, "SELECT site FROM kiosks");
	assert_string_equal(site, "Nytt namn");
	free(site);
	/* only saying the log was replaced frees it, and the site stays */
	struct tally_trust_options o = {.log_replaced = true};
	assert_true(tally_trust_key(fx->tally, fx->public_key, &o, &known, &fx->d));
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(r.duplicates, 1);
	site = st_sql_text(fx->tally_path, "SELECT site || ' ' || kiosk_id FROM kiosks");
	assert_non_null(strstr(site, "Nytt namn "));
	assert_non_null(strstr(site, log_kiosk_id(fx->log)));
	free(site);
	free(file);
}

static void test_trusted_site_fills_sessions_without_one(void **state)
{
	struct st_fx *fx = *state;
	fx_trust(fx, "Mässan");
	size_t kw[] = {0};
	struct session *s = st_session(kw, (enum pile[]){PILE_YES}, 1, true);
	struct session_meta m = {.uuid = "6f1c1a52-4c55-4b2e-9d0e-3f1f3b9b5a10",
				 .language = "sv",
				 .started_ms = 2051222400000,
				 .ended_ms = 2051222460000,
				 .age_band = "66-",
				 .residence = "city"};
	assert_true(log_save_session(fx->log, fx->ks, s, &m, &fx->d));
	session_destroy(s);
	char *file = st_export(fx, fx->log, false);
	struct import_result r;
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	char *row = st_sql_text(fx->tally_path, "SELECT site || ' ' || age_band || ' ' || "
						"residence || ' ' || length(content_sha256) "
						"FROM sessions");
	assert_string_equal(row, "Mässan 66- city 64");
	free(row);
	free(file);
}

static void test_bad_keys_are_not_trusted(void **state)
{
	struct st_fx *fx = *state;
	bool known = false;
	assert_false(tally_trust(fx->tally, "not a key", NULL, &known, &fx->d));
	char upper[65];
	memcpy(upper, fx->public_key, 65);
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	assert_false(tally_trust(fx->tally, upper, NULL, &known, &fx->d));
	assert_int_equal(fx->d.count, 2);
	assert_int_equal(st_sql_int(fx->tally_path, "SELECT count(*) FROM kiosks"), 0);
}

struct seen {
	int kiosks, imports;
	char status[4][16];
};

static void on_kiosk(void *ctx, const struct tally_kiosk *k)
{
	struct seen *s = ctx;
	assert_int_equal(strlen(k->public_key), 64);
	s->kiosks++;
}

static void on_import(void *ctx, const struct tally_import_entry *e)
{
	struct seen *s = ctx;
	assert_true(s->imports < 4);
	snprintf(s->status[s->imports++], sizeof(s->status[0]), "%s", e->status);
	assert_int_equal(strlen(e->file_sha256), 64);
}

static void test_import_log_lists_everything(void **state)
{
	struct st_fx *fx = *state;
	fx_add(fx, PILE_YES);
	char *file = st_export(fx, fx->log, false);
	struct import_result r;
	tally_accept_unknown(fx->tally, true);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_QUARANTINED);
	fx_trust(fx, "Bibliotek");
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	assert_int_equal(tally_import(fx->tally, file, &r, &fx->d), IMPORT_OK);
	struct seen seen = {0};
	assert_true(tally_kiosks(fx->tally, on_kiosk, &seen, &fx->d));
	assert_true(tally_imports(fx->tally, on_import, &seen, &fx->d));
	assert_int_equal(seen.kiosks, 1);
	assert_int_equal(seen.imports, 3);
	assert_string_equal(seen.status[0], "quarantined");
	assert_string_equal(seen.status[1], "imported");
	assert_string_equal(seen.status[2], "imported");
	free(file);
}

/* A tally as the first release made it (schema 1), with one import. */
static const char tally_v1[] =
	"PRAGMA application_id = 1448301633;\n"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE keywords(keyword_id TEXT PRIMARY KEY CHECK(typeof(keyword_id) = 'text'),\n"
	"  label_sv TEXT, set_id TEXT, set_version TEXT);\n"
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, kiosk_id TEXT,\n"
	"  added INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,\n"
	"  imported_at TEXT NOT NULL);\n"
	"CREATE TABLE sessions(id INTEGER PRIMARY KEY,\n"
	"  kiosk_id TEXT NOT NULL CHECK(typeof(kiosk_id) = 'text'),\n"
	"  uuid TEXT NOT NULL CHECK(typeof(uuid) = 'text'), site TEXT,\n"
	"  set_id TEXT NOT NULL, set_version TEXT NOT NULL, language TEXT,\n"
	"  started_at TEXT NOT NULL, ended_at TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
	"  import_id INTEGER NOT NULL REFERENCES imports(id), UNIQUE(kiosk_id, uuid));\n"
	"CREATE TABLE cards(session_id INTEGER NOT NULL REFERENCES sessions(id),\n"
	"  keyword_id TEXT NOT NULL CHECK(typeof(keyword_id) = 'text'),\n"
	"  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
	"  rank INTEGER CHECK(rank IS NULL OR (typeof(rank) = 'integer' AND rank >= 1)),\n"
	"  deal_pos INTEGER NOT NULL, PRIMARY KEY(session_id, keyword_id));\n"
	"CREATE INDEX cards_keyword ON cards(keyword_id);\n"
	"INSERT INTO keywords VALUES ('k1', 'Ett', 'test-set', '1');\n"
	"INSERT INTO imports VALUES (1, 'old.sqlite', 'k', 1, 0, '2035-01-01T00:00:00.000Z');\n"
	"INSERT INTO sessions VALUES (1, 'k', 'u', 'Torget', 'test-set', '1', 'sv',\n"
	"  '2035-01-01T00:00:00.000Z', '2035-01-01T00:01:00.000Z', 'completed', 1);\n"
	"INSERT INTO cards VALUES (1, 'k1', 'yes', 1, 0);\n"
	"PRAGMA user_version = 1;";

static void test_v1_tally_is_upgraded(void **state)
{
	struct st_fx *fx = *state;
	char *old = st_join(fx->dir, "old-tally.sqlite");
	st_sql_exec(old, tally_v1);
	struct tally *t = tally_open(old, &fx->d);
	assert_non_null(t);
	assert_int_equal(st_sql_int(old, "PRAGMA user_version"), 4);
	assert_int_equal(st_sql_int(old, "SELECT count(*) FROM sessions WHERE site = 'Torget' "
					 "AND age_band IS NULL AND content_sha256 IS NULL"),
			 1);
	assert_int_equal(st_sql_int(old, "SELECT count(*) FROM imports WHERE "
					 "status = 'imported' AND added = 1"),
			 1);
	assert_int_equal(st_sql_int(old, "SELECT count(*) FROM cards"), 1);
	/* the label kept for its set and version, the statistics built */
	struct tally_stats st;
	tally_stats_init(&st);
	assert_true(tally_stats_keywords(t, TALLY_BY_NONE, false, &st, &fx->d));
	assert_int_equal(st.count, 1);
	assert_string_equal(st.rows[0].label, "Ett");
	assert_string_equal(st.set_id, "test-set");
	assert_int_equal(st.rows[0].counts.shown, 1);
	assert_int_equal(st.rows[0].counts.yes, 1);
	tally_stats_finish(&st);
	tally_close(t);
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unknown_key_is_rejected, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_accept_unknown_quarantines_without_counting,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_same_uuid_other_content_rejects_the_file,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_key_signs_for_one_kiosk, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_trusted_site_fills_sessions_without_one,
						st_fx_setup_tally, st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_keys_are_not_trusted, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_log_lists_everything, st_fx_setup_tally,
						st_fx_teardown),
		cmocka_unit_test_setup_teardown(test_v1_tally_is_upgraded, st_fx_setup_tally,
						st_fx_teardown),
	};
	return cmocka_run_group_tests_name("store-trust", tests, NULL, NULL);
}
