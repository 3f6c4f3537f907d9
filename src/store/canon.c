/* Canonical content and signed message of an export file: rows streamed
 * into SHA-256 a line at a time, in an order fixed by explicit BINARY
 * collations, so the digest depends on the rows and nothing else (not the
 * page layout, not a VACUUM, not a collation someone declared). */
#include "store/canon.h"

#include <string.h>

/* The export's tables, byte for byte as the export creates them and as
 * SQLite keeps them in sqlite_schema (it drops the "x." the export writes
 * them under). The verifier compares the file's schema with this text. */
const char *const canon_schema[CANON_TABLES][2] = {
	{"manifest", "CREATE TABLE manifest(\n"
		     "  key TEXT PRIMARY KEY,\n"
		     "  value TEXT NOT NULL)"},
	{"keywords", "CREATE TABLE keywords(\n"
		     "  set_id TEXT NOT NULL,\n"
		     "  set_version TEXT NOT NULL,\n"
		     "  keyword_id TEXT NOT NULL,\n"
		     "  lang TEXT NOT NULL,\n"
		     "  label TEXT NOT NULL,\n"
		     "  PRIMARY KEY(set_id, set_version, keyword_id, lang))"},
	{"sessions", "CREATE TABLE sessions(\n"
		     "  uuid TEXT PRIMARY KEY,\n"
		     "  kiosk_id TEXT NOT NULL,\n"
		     "  site TEXT,\n"
		     "  set_id TEXT NOT NULL,\n"
		     "  set_version TEXT NOT NULL,\n"
		     "  language TEXT,\n"
		     "  started_at TEXT NOT NULL,\n"
		     "  ended_at TEXT NOT NULL,\n"
		     "  outcome TEXT NOT NULL CHECK(outcome IN ('completed', 'abandoned')),\n"
		     "  age_band TEXT,\n"
		     "  residence TEXT)"},
	{"cards", "CREATE TABLE cards(\n"
		  "  session_uuid TEXT NOT NULL REFERENCES sessions(uuid),\n"
		  "  keyword_id TEXT NOT NULL,\n"
		  "  deal_pos INTEGER NOT NULL,\n"
		  "  pile TEXT CHECK(pile IN ('yes', 'no', 'neutral')),\n"
		  "  rank INTEGER,\n"
		  "  PRIMARY KEY(session_uuid, keyword_id))"},
};

void canon_init(struct canon *c)
{
	crypto_hash_sha256_init(&c->state);
	sb_init(&c->line);
}

void canon_text(struct canon *c, const char *s)
{
	crypto_hash_sha256_update(&c->state, (const unsigned char *)s, strlen(s));
}

static void canon_escape(struct strbuf *sb, const unsigned char *s, size_t n)
{
	size_t run = 0; /* bytes copied as they are, flushed before an escape */
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		switch (s[i]) {
		case '\\':
			esc = "\\\\";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		default:
			continue;
		}
		sb_appendn(sb, (const char *)s + run, i - run);
		sb_append(sb, esc);
		run = i + 1;
	}
	sb_appendn(sb, (const char *)s + run, n - run);
}

/* Decimal, as "%lld" writes it, without printf's cost on every card. */
static void canon_integer(struct strbuf *sb, int64_t v)
{
	char buf[24];
	size_t at = sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		buf[--at] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--at] = '-';
	sb_appendn(sb, buf + at, sizeof(buf) - at);
}

bool canon_row(struct canon *c, sqlite3_stmt *st)
{
	sb_clear(&c->line);
	int n = sqlite3_column_count(st);
	for (int j = 0; j < n; j++) {
		if (j > 0)
			sb_append(&c->line, "\t");
		switch (sqlite3_column_type(st, j)) {
		case SQLITE_NULL:
			sb_append(&c->line, "\\N");
			break;
		case SQLITE_INTEGER:
			canon_integer(&c->line, sqlite3_column_int64(st, j));
			break;
		case SQLITE_TEXT: {
			const unsigned char *s = sqlite3_column_text(st, j);
			size_t len = (size_t)sqlite3_column_bytes(st, j);
			canon_escape(&c->line, s ? s : (const unsigned char *)"", s ? len : 0);
			break;
		}
		default:
			return false; /* real or blob: not a value the format has */
		}
	}
	sb_append(&c->line, "\n");
	crypto_hash_sha256_update(&c->state, (const unsigned char *)c->line.data, c->line.len);
	return true;
}

void canon_values(struct canon *c, const struct canon_value *v, int n)
{
	sb_clear(&c->line);
	for (int j = 0; j < n; j++) {
		if (j > 0)
			sb_append(&c->line, "\t");
		if (v[j].type == CANON_NULL)
			sb_append(&c->line, "\\N");
		else if (v[j].type == CANON_INTEGER)
			canon_integer(&c->line, v[j].integer);
		else
			canon_escape(&c->line, (const unsigned char *)v[j].text, v[j].len);
	}
	sb_append(&c->line, "\n");
	crypto_hash_sha256_update(&c->state, (const unsigned char *)c->line.data, c->line.len);
}

void canon_final(struct canon *c, unsigned char out[KEYS_HASH_BYTES])
{
	crypto_hash_sha256_final(&c->state, out);
	sb_finish(&c->line);
}

/* "#TABLE\n" and every row of one query. */
static enum canon_status canon_table(struct canon *c, struct db *db, const char *table,
				     const char *sql, struct diag *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, "read the export", err);
	if (!st)
		return CANON_DB_ERROR;
	canon_text(c, "#");
	canon_text(c, table);
	canon_text(c, "\n");
	enum canon_status status = CANON_OK;
	for (;;) {
		bool row = false;
		if (!db_step(db, st, &row, "read the export", err)) {
			status = CANON_DB_ERROR;
			break;
		}
		if (!row)
			break;
		if (!canon_row(c, st)) {
			status = CANON_BAD_VALUE;
			break;
		}
	}
	sqlite3_finalize(st);
	return status;
}

enum canon_status canon_content_sha256(struct db *db, const char *schema,
				       unsigned char out[KEYS_HASH_BYTES], struct diag *err)
{
	static const struct {
		const char *table, *columns, *order;
	} tables[] = {
		{"keywords", "set_id, set_version, keyword_id, lang, label",
		 "set_id COLLATE BINARY, set_version COLLATE BINARY, keyword_id COLLATE BINARY, "
		 "lang COLLATE BINARY"},
		{"sessions", CANON_SESSION_COLUMNS, "uuid COLLATE BINARY"},
		{"cards", CANON_CARD_COLUMNS,
		 "session_uuid COLLATE BINARY, keyword_id COLLATE BINARY"},
	};
	struct canon c;
	canon_init(&c);
	enum canon_status status = CANON_OK;
	struct strbuf sql;
	sb_init(&sql);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && status == CANON_OK; i++) {
		sb_clear(&sql);
		sb_appendf(&sql, "SELECT %s FROM %s.%s ORDER BY %s", tables[i].columns, schema,
			   tables[i].table, tables[i].order);
		status = canon_table(&c, db, tables[i].table, sb_str(&sql), err);
	}
	sb_finish(&sql);
	canon_final(&c, out);
	return status;
}

/* A manifest key or value that would make two manifests read as one
 * message: keys are [a-z0-9_], values have no line breaks. */
static bool canon_manifest_ok(const unsigned char *key, const unsigned char *value)
{
	if (!key || !*key || !value)
		return false;
	for (const unsigned char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return strchr((const char *)value, '\n') == NULL;
}

enum canon_status canon_signed_message(struct db *db, const char *schema, struct strbuf *out,
				       struct diag *err)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_appendf(&sql,
		   "SELECT key, value, typeof(key) = 'text' AND typeof(value) = 'text' "
		   "FROM %s.manifest WHERE key <> 'signature' ORDER BY key COLLATE BINARY",
		   schema);
	sqlite3_stmt *st = db_prepare(db, sb_str(&sql), "read the export", err);
	sb_finish(&sql);
	if (!st)
		return CANON_DB_ERROR;
	sb_append(out, "visionsort-export\n");
	enum canon_status status = CANON_OK;
	for (;;) {
		bool row = false;
		if (!db_step(db, st, &row, "read the export", err)) {
			status = CANON_DB_ERROR;
			break;
		}
		if (!row)
			break;
		const unsigned char *key = sqlite3_column_text(st, 0);
		const unsigned char *value = sqlite3_column_text(st, 1);
		if (!sqlite3_column_int(st, 2) || !canon_manifest_ok(key, value) ||
		    strlen((const char *)value) != (size_t)sqlite3_column_bytes(st, 1)) {
			status = CANON_BAD_VALUE;
			break;
		}
		sb_appendf(out, "%s=%s\n", (const char *)key, (const char *)value);
	}
	sqlite3_finalize(st);
	return status;
}
