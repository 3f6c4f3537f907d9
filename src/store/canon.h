/* The export's canonical content and signed message (docs/export-format.md):
 * what content_sha256 and the signature cover, computed the same way by the
 * export that writes a file and by everything that checks one. */
#ifndef VS_CANON_H
#define VS_CANON_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "store/db.h"
#include "store/keys.h"

#include <sodium.h>
#include <stdbool.h>

enum canon_status {
	CANON_OK,
	CANON_BAD_VALUE, /* a value the format does not allow (real, blob, a line break...) */
	CANON_DB_ERROR,	 /* SQLite could not read the file; db->last_* says why */
};

/* A SHA-256 fed one canonical line at a time, never the whole text. */
struct canon {
	crypto_hash_sha256_state state;
	struct strbuf line;
};

void canon_init(struct canon *c);
/* Adds raw bytes (a "#TABLE\n" line). */
void canon_text(struct canon *c, const char *s);
/* Adds the current row of st: its columns joined by tabs, escaped, "\n".
 * false when a column is neither NULL, integer nor text. */
bool canon_row(struct canon *c, sqlite3_stmt *st);
/* A value of a row read earlier (and reordered since), for canon_values. */
struct canon_value {
	enum {
		CANON_NULL,
		CANON_INTEGER,
		CANON_TEXT
	} type;
	int64_t integer;
	const char *text; /* CANON_TEXT: len bytes */
	size_t len;
};
/* Adds the line canon_row would add for a row of these values. */
void canon_values(struct canon *c, const struct canon_value *v, int n);
/* Writes the digest and frees the line buffer. */
void canon_final(struct canon *c, unsigned char out[KEYS_HASH_BYTES]);

/* The export's four tables: {name, CREATE TABLE text as sqlite_schema
 * keeps it}, in the order they are created. */
#define CANON_TABLES 4
extern const char *const canon_schema[CANON_TABLES][2];

/* The columns of each export table in CREATE TABLE order, for SELECTs. */
#define CANON_SESSION_COLUMNS                                                         \
	"uuid, kiosk_id, site, set_id, set_version, language, started_at, ended_at, " \
	"outcome, age_band, residence"
#define CANON_CARD_COLUMNS "session_uuid, keyword_id, deal_pos, pile, rank"

/* The digest of the canonical content of the export tables in schema
 * ("main" for a file opened on its own, "x" for one attached). */
enum canon_status canon_content_sha256(struct db *db, const char *schema,
				       unsigned char out[KEYS_HASH_BYTES], struct diag *err);

/* The signed message from schema's manifest, appended to out. */
enum canon_status canon_signed_message(struct db *db, const char *schema, struct strbuf *out,
				       struct diag *err);

#endif
