/* Internal to store/: the session log's parts that log.c, log_session.c and
 * keys.c share. Nothing outside store/ sees struct log's fields. */
#ifndef VS_STORE_LOG_INTERNAL_H
#define VS_STORE_LOG_INTERNAL_H

#include "common/diag.h"
#include "store/db.h"
#include "store/log.h"

#include <stdbool.h>

struct log {
	struct db *db;
	char kiosk_id[37];
	int lock_fd; /* <path>.lock, flock()ed shared while open; -1 without one */
	struct log_recovery recovery;
	bool sync_full; /* the connection's synchronous level right now */
	/* prepared once: saving a session is the kiosk's hot path */
	sqlite3_stmt *has_set;
	sqlite3_stmt *put_set;
	sqlite3_stmt *put_label;
	sqlite3_stmt *put_session;
	sqlite3_stmt *drop_cards;
	sqlite3_stmt *put_card;
};

/* A set file without a version line is the set's first version. */
const char *log_set_version(const struct keyset *ks);
/* Writes the set and its labels; the caller holds the transaction. */
bool log_put_keyset(struct log *log, const struct keyset *ks, struct diag *err);

/* meta(key, value): *value is NULL when the key is absent; caller frees. */
bool log_meta_get(struct log *log, const char *key, char **value, struct diag *err);
/* Inserts or replaces one meta row in its own transaction. */
bool log_meta_set(struct log *log, const char *key, const char *value, struct diag *err);

/* Prepares the statements log_session.c uses; false with a diag line. */
bool log_session_prepare(struct log *log, struct diag *err);
void log_session_finalize(struct log *log);
/* Closes what a crash left open (see log.h); only called by log_open when
 * no other process has the log open. */
bool log_session_recover(struct log *log, struct diag *err);

#endif
