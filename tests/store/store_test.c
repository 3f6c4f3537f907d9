/* Fixtures for the store tests (see store_test.h). */
#include "store_test.h"

#include "common/diag.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "common/xalloc.h"
#include "store/export.h"

#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

static const char test_tsv[] = "# visionsort keyword set\n"
			       "# set-id: test-set\n"
			       "# version: 1\n"
			       "id\tsv\ten\n"
			       "k1\tEtt\tOne\n"
			       "k2\tTvå\tTwo\n"
			       "k3\tTre\tThree\n"
			       "k4\tFyra\tFour\n"
			       "k5\tFem\tFive\n"
			       "k6\tSex\tSix\n";

static const char other_tsv[] = "# set-id: other-set\n"
				"# version: 2\n"
				"id\tsv\n"
				"o1\tA\n"
				"o2\tB\n"
				"o3\tC\n";

static struct keyset *st_parse(const char *tsv, const char *name)
{
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_parse(tsv, strlen(tsv), name, &d);
	if (!ks)
		fail_msg("%s", diag_first(&d, "keyset_parse failed"));
	diag_finish(&d);
	return ks;
}

struct keyset *st_keyset(void)
{
	return st_parse(test_tsv, "test.tsv");
}

struct keyset *st_other_keyset(void)
{
	return st_parse(other_tsv, "other.tsv");
}

char *st_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	char *dir = st_join(base, "vs-store-XXXXXX");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp in %s failed", base);
	return dir;
}

static int st_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	/* a test may have left a folder read-only */
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void st_rmtree(const char *dir)
{
	if (nftw(dir, st_rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		print_error("could not remove %s\n", dir);
}

char *st_join(const char *dir, const char *name)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_appendf(&sb, "%s/%s", dir, name);
	return sb.data;
}

int st_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

char *st_find_entry(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			assert_null(found);
			found = xstrdup(e->d_name);
		}
	}
	closedir(d);
	return found;
}

void st_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

void st_copy_file(const char *from, const char *to)
{
	size_t len = 0;
	char *data = st_read_file(from, &len);
	assert_non_null(data);
	FILE *f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(data);
}

char *st_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	char buf[4096];
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_appendn(&sb, buf, got);
	fclose(f);
	if (len)
		*len = sb.len;
	if (!sb.data)
		return xstrdup("");
	return sb.data;
}

struct session *st_session(const size_t *kw, const enum pile *piles, size_t n, bool complete)
{
	struct session *s = session_create(kw, n);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		if (piles[i] == PILE_DECK)
			continue;
		/* SIZE_MAX: the end of the pile */
		assert_true(session_move(s, i, piles[i], (size_t)-1));
	}
	if (complete)
		assert_true(session_complete(s));
	else
		assert_true(session_abandon(s));
	return s;
}

bool st_save(struct log *log, const struct keyset *ks, const struct session *s)
{
	/* each session a minute after the last, from 2035-01-01T00:00:00Z */
	static int64_t minute;
	char uuid[37];
	assert_true(uuid_v4(uuid));
	int64_t start = 2051222400000 + minute++ * 60000;
	struct session_meta meta = {
		.uuid = uuid,
		.site = "Test site",
		.language = "sv",
		.started_ms = start,
		.ended_ms = start + 30000,
	};
	struct diag d;
	diag_init(&d);
	bool ok = log_save_session(log, ks, s, &meta, &d);
	if (!ok)
		print_message("save: %s\n", diag_first(&d, "(no message)"));
	diag_finish(&d);
	return ok;
}

void st_add(struct log *log, const struct keyset *ks, const size_t *kw, const enum pile *piles,
	    size_t n, bool complete)
{
	struct session *s = st_session(kw, piles, n, complete);
	assert_true(st_save(log, ks, s));
	session_destroy(s);
}

int st_fx_setup(void **state)
{
	struct st_fx *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	fx->dir = st_tmpdir();
	fx->path = st_join(fx->dir, "log.sqlite");
	fx->key = st_join(fx->dir, "log.sqlite.key");
	fx->usb = st_join(fx->dir, "usb");
	assert_int_equal(mkdir(fx->usb, 0755), 0);
	fx->tally_path = st_join(fx->dir, "tally.sqlite");
	fx->ks = st_keyset();
	diag_init(&fx->d);
	*state = fx;
	return 0;
}

int st_fx_setup_log(void **state)
{
	st_fx_setup(state);
	struct st_fx *fx = *state;
	fx->log = log_open(fx->path, &fx->d);
	if (!fx->log)
		fail_msg("log_open: %s", diag_first(&fx->d, "(no message)"));
	return 0;
}

int st_fx_setup_tally(void **state)
{
	st_fx_setup_log(state);
	struct st_fx *fx = *state;
	assert_true(export_public_key(fx->log, fx->public_key, &fx->d));
	fx->tally = tally_open(fx->tally_path, &fx->d);
	if (!fx->tally)
		fail_msg("tally_open: %s", diag_first(&fx->d, "(no message)"));
	return 0;
}

int st_fx_teardown(void **state)
{
	struct st_fx *fx = *state;
	tally_close(fx->tally);
	log_close(fx->log);
	chmod(fx->usb, 0755); /* a test may have made the drive read-only */
	st_rmtree(fx->dir);
	keyset_destroy(fx->ks);
	diag_finish(&fx->d);
	free(fx->tally_path);
	free(fx->usb);
	free(fx->key);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return 0;
}

char *st_export(struct st_fx *fx, struct log *log, bool all)
{
	struct export_result r;
	if (export_write(log, fx->usb, all, &r, &fx->d) != EXPORT_WRITTEN)
		fail_msg("export: %s", diag_first(&fx->d, "nothing written"));
	char *path = xstrdup(r.path);
	export_result_finish(&r);
	return path;
}

uint64_t st_unexported(struct st_fx *fx)
{
	struct log_counts c;
	assert_true(log_counts(fx->log, &c, &fx->d));
	return c.unexported;
}

static sqlite3 *st_sql_open(const char *path)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		fail_msg("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
	return db;
}

/* The statement stepped to sql's first row (sqlite3_data_count 0 when
 * there is none); st_sql_done finalizes it and closes its connection. */
static sqlite3_stmt *st_sql_first(const char *path, const char *sql)
{
	sqlite3 *db = st_sql_open(path);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	return st;
}

static void st_sql_done(sqlite3_stmt *st)
{
	sqlite3 *db = sqlite3_db_handle(st);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int64_t st_sql_int(const char *path, const char *sql)
{
	sqlite3_stmt *st = st_sql_first(path, sql);
	int64_t v = sqlite3_data_count(st) ? sqlite3_column_int64(st, 0) : -1;
	st_sql_done(st);
	return v;
}

char *st_sql_text(const char *path, const char *sql)
{
	sqlite3_stmt *st = st_sql_first(path, sql);
	const unsigned char *text = sqlite3_data_count(st) ? sqlite3_column_text(st, 0) : NULL;
	char *v = text ? xstrdup((const char *)text) : NULL;
	st_sql_done(st);
	return v;
}

void st_sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = st_sql_open(path);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "error");
	sqlite3_free(msg);
	sqlite3_close(db);
}
