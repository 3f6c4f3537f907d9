/* Internal to store/: the small SQLite helpers that the log, the export and
 * the tally share, so every call is checked and every error reads the same. */
#ifndef VS_STORE_DB_H
#define VS_STORE_DB_H

#include "common/diag.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct log;
struct tally;

/* One connection and the path it was opened with (for messages). */
struct db {
	sqlite3 *h;
	char *path;
	/* The last failure seen by a db_* helper, for callers that word their
	 * own message (the export names the folder, not the log). */
	int last_code;	/* extended SQLite result code */
	int last_errno; /* the system errno behind it, 0 when none */
	char *last_msg; /* SQLite's message, owned */
};

/* Opens path with SQLite open flags; sets extended result codes and a busy
 * timeout. NULL with "PATH: cannot open: reason" on failure. */
struct db *db_open(const char *path, int flags, struct diag *err);
void db_close(struct db *db); /* NULL-safe */

/* Records the connection's current error in db->last_* and adds
 * "PATH: cannot WHAT: reason". */
void db_fail(struct db *db, const char *what, struct diag *err);
/* The reason text for db->last_*: strerror() when the system gave one. */
const char *db_reason(const struct db *db);

/* Runs one or more statements that return nothing the caller needs. */
bool db_exec(struct db *db, const char *sql, const char *what, struct diag *err);
sqlite3_stmt *db_prepare(struct db *db, const char *sql, const char *what, struct diag *err);
/* Binds parameters 1.. from a type string: 's' const char * (NULL binds
 * NULL), 'i' int64_t, 'n' NULL (no argument). Clears earlier bindings. */
bool db_bind(struct db *db, sqlite3_stmt *st, const char *what, struct diag *err, const char *types,
	     ...);
/* Prepares sql, binds as db_bind, runs it to completion and finalizes it:
 * for a statement used once. */
bool db_run_sql(struct db *db, const char *sql, const char *what, struct diag *err,
		const char *types, ...);
/* Steps once: true with *row set when a row came (or DONE), false on error. */
bool db_step(struct db *db, sqlite3_stmt *st, bool *row, const char *what, struct diag *err);
/* Steps a statement that returns no rows to completion and resets it. */
bool db_run(struct db *db, sqlite3_stmt *st, const char *what, struct diag *err);
/* Resets a statement whose error (if any) was already reported. */
void db_reset(sqlite3_stmt *st);
/* First column of the first row of sql as an integer (a PRAGMA, a count). */
bool db_int(struct db *db, const char *sql, int64_t *out, const char *what, struct diag *err);

/* PRAGMA synchronous FULL (a WAL commit is fsync'd before it returns) or
 * NORMAL (fsync'd at the next FULL commit or checkpoint; in WAL mode still
 * consistent after a crash, and kept by the OS through a kill -9). */
bool db_synchronous(struct db *db, bool full, const char *what, struct diag *err);
bool db_begin(struct db *db, const char *what, struct diag *err); /* BEGIN IMMEDIATE */
bool db_commit(struct db *db, const char *what, struct diag *err);
/* Rolls back an open transaction, if any; never fails the caller. */
void db_rollback(struct db *db);

/* The application databases (log, tally): what kind of file and how to
 * build its schema. steps[v] upgrades schema version v to v+1. */
struct db_kind {
	uint32_t application_id;
	const char *noun;	/* "session log", "tally" (in messages) */
	const char *short_noun; /* "log", "tally" ("this log was written by ...") */
	const char *const *steps;
	size_t nsteps;
	/* more sqlite3_open_v2 flags: SQLITE_OPEN_NOMUTEX for a connection
	 * that only ever one thread uses, sparing a lock per call */
	int open_flags;
};

/* Opens or creates an application database: refuses foreign files and
 * newer schemas, turns on WAL, synchronous=FULL and foreign keys, and runs
 * the migrations. One diag line naming the file on failure. */
struct db *db_open_app(const char *path, const struct db_kind *kind, struct diag *err);

/* The log's connection, for the export (which writes through it). */
struct db *log_db(struct log *log);
/* The tally's connection, for the statistics queries in tally_stats.c. */
struct db *tally_db(struct tally *t);

#endif
