/* Shared fixtures for the store tests: a fresh temp folder per test holding
 * a kiosk's log, a drive and a tally (struct st_fx), a small keyword set,
 * sessions built with the real model, and a side door into the files
 * (plain SQLite) to check what a user or another tool would see. */
#ifndef VS_STORE_TEST_H
#define VS_STORE_TEST_H

#include "common/diag.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/log.h"
#include "store/tally.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Six keywords k1..k6 in set "test-set" version 1, languages sv and en. */
struct keyset *st_keyset(void);
/* Another set ("other-set", keywords o1..o3) for "not this set" checks. */
struct keyset *st_other_keyset(void);

/* A fresh folder under $TMPDIR (or /tmp); st_rmtree removes it. */
char *st_tmpdir(void);
void st_rmtree(const char *dir);
char *st_join(const char *dir, const char *name); /* caller frees */
/* Entries in dir other than "." and ".."; -1 when it cannot be read. */
int st_count_entries(const char *dir);
/* The only entry in dir whose name starts with prefix, or NULL; caller frees. */
char *st_find_entry(const char *dir, const char *prefix);
void st_write_file(const char *path, const char *text);
void st_copy_file(const char *from, const char *to);
/* Whole file contents (NUL-terminated), caller frees; NULL if unreadable. */
char *st_read_file(const char *path, size_t *len);

/* A session over keyword indices kw[0..n): card i goes to piles[i] (in card
 * order, each to the end of its pile, so ranks follow card order); then the
 * session is completed (every pile given) or abandoned. */
struct session *st_session(const size_t *kw, const enum pile *piles, size_t n, bool complete);
/* Saves it with a fresh UUID; returns log_save_session's answer. */
bool st_save(struct log *log, const struct keyset *ks, const struct session *s);
/* Builds, saves and frees one session; asserts it was saved. */
void st_add(struct log *log, const struct keyset *ks, const size_t *kw, const enum pile *piles,
	    size_t n, bool complete);

/* The scene the store tests play in: a kiosk's log, a drive and a tally,
 * all in a fresh folder that the teardown removes. */
struct st_fx {
	char *dir;
	char *path;	  /* dir/log.sqlite: the kiosk's log */
	char *key;	  /* dir/log.sqlite.key: its signing key, once made */
	char *usb;	  /* dir/usb: the drive, an empty folder */
	char *tally_path; /* dir/tally.sqlite */
	struct keyset *ks;
	struct log *log;     /* NULL after st_fx_setup */
	struct tally *tally; /* NULL unless st_fx_setup_tally */
	char public_key[65]; /* the kiosk's, after st_fx_setup_tally */
	struct diag d;
};

/* cmocka setups, *state a struct st_fx: the folder, the keyword set and
 * the drive, nothing opened (st_fx_setup); the log opened too
 * (st_fx_setup_log); and also the kiosk's key made, as at its first start,
 * and an empty tally opened, trusting nobody yet (st_fx_setup_tally). */
int st_fx_setup(void **state);
int st_fx_setup_log(void **state);
int st_fx_setup_tally(void **state);
int st_fx_teardown(void **state);

/* Exports log into the drive; the file written (caller frees), or the test
 * fails with the export's message. */
char *st_export(struct st_fx *fx, struct log *log, bool all);
/* Sessions in the fixture's log not exported yet. */
uint64_t st_unexported(struct st_fx *fx);

/* Plain SQLite on a file, outside the store's code: the first column of
 * the first row as an integer / as text (caller frees; NULL for no row). */
int64_t st_sql_int(const char *path, const char *sql);
char *st_sql_text(const char *path, const char *sql);
void st_sql_exec(const char *path, const char *sql);

#endif
