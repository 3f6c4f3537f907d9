/* The organizers' side of trust: the kiosk keys they registered, and the
 * import log they read back (what came in, from which kiosk, what was
 * quarantined or rejected, and why). */
#include "common/clock.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/tally_internal.h"

#include <stdlib.h>
#include <string.h>

bool tally_trust(struct tally *t, const char *public_key, const char *site, bool *known,
		 struct diag *err)
{
	unsigned char pk[KEYS_PUBLIC_BYTES];
	*known = false;
	if (!keys_unhex(public_key, pk, sizeof(pk))) {
		diag_add(err, "%s: a kiosk key is 64 lower-case hex digits, not '%s'", t->db->path,
			 public_key);
		return false;
	}
	const char *what = "trust the kiosk key";
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	if (!db_begin(t->db, what, err))
		return false;
	int64_t had = 0;
	sqlite3_stmt *st = db_prepare(t->db, "SELECT count(*) FROM kiosks WHERE public_key = ?1",
				      what, err);
	bool row = false;
	bool ok = st && db_bind(t->db, st, what, err, "s", public_key) &&
		  db_step(t->db, st, &row, what, err);
	if (ok && row)
		had = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* Trusting again is how an organizer says "this kiosk's log was
	 * replaced": the key may then sign for a new kiosk id. The site stays
	 * unless a new one is given. */
	ok = ok &&
	     db_run_sql(t->db,
			"INSERT INTO kiosks(public_key, site, trusted_at) VALUES (?1, ?2, ?3) "
			"ON CONFLICT(public_key) DO UPDATE SET kiosk_id = NULL, "
			"site = coalesce(excluded.site, kiosks.site), "
			"trusted_at = excluded.trusted_at",
			what, err, "sss", public_key, site, now) &&
	     db_commit(t->db, what, err);
	if (!ok) {
		db_rollback(t->db);
		return false;
	}
	*known = had > 0;
	return true;
}

static const char *tally_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

bool tally_kiosks(struct tally *t, void (*fn)(void *ctx, const struct tally_kiosk *k), void *ctx,
		  struct diag *err)
{
	const char *what = "read the tally";
	sqlite3_stmt *st = db_prepare(t->db,
				      "SELECT public_key, kiosk_id, site, trusted_at FROM kiosks "
				      "ORDER BY trusted_at, public_key",
				      what, err);
	bool ok = st != NULL, row = true;
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct tally_kiosk k = {
			.public_key = tally_text(st, 0),
			.kiosk_id = tally_text(st, 1),
			.site = tally_text(st, 2),
			.trusted_at = tally_text(st, 3),
		};
		fn(ctx, &k);
	}
	sqlite3_finalize(st);
	return ok;
}

bool tally_imports(struct tally *t, void (*fn)(void *ctx, const struct tally_import_entry *e),
		   void *ctx, struct diag *err)
{
	const char *what = "read the tally";
	sqlite3_stmt *st = db_prepare(t->db,
				      "SELECT imported_at, status, file_name, file_sha256, "
				      "kiosk_id, site, reason, added, duplicates FROM imports "
				      "ORDER BY id",
				      what, err);
	bool ok = st != NULL, row = true;
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct tally_import_entry e = {
			.imported_at = tally_text(st, 0),
			.status = tally_text(st, 1),
			.file_name = tally_text(st, 2),
			.file_sha256 = tally_text(st, 3),
			.kiosk_id = tally_text(st, 4),
			.site = tally_text(st, 5),
			.reason = tally_text(st, 6),
			.added = (uint64_t)sqlite3_column_int64(st, 7),
			.duplicates = (uint64_t)sqlite3_column_int64(st, 8),
		};
		fn(ctx, &e);
	}
	sqlite3_finalize(st);
	return ok;
}
