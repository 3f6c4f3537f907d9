/* The organizers' side of trust: the kiosk keys they registered (and which
 * took over from which), and the import log they read back (what came in,
 * from which kiosk, what was quarantined or rejected, and why). */
#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/tally_audit_internal.h"
#include "store/tally_internal.h"

#include <stdlib.h>
#include <string.h>

/* The predecessor named with successor_of: a trusted key, not the new one
 * itself, and not one that already descends from the new one (no loops). */
static bool tally_trust_predecessor(struct tally *t, const char *key, const char *old,
				    const char *what, struct diag *err)
{
	unsigned char pk[KEYS_PUBLIC_BYTES];
	int64_t known = 0, loop = 0;
	if (!keys_unhex(old, pk, sizeof(pk)) || strcmp(old, key) == 0) {
		diag_add(err,
			 "%s: --successor-of wants the old kiosk key (64 lower-case hex "
			 "digits), another than the new one",
			 t->db->path);
		return false;
	}
	sqlite3_stmt *st = db_prepare(t->db,
				      "WITH RECURSIVE up(k) AS (SELECT ?1 UNION "
				      "  SELECT predecessor FROM kiosks JOIN up ON public_key = k "
				      "  WHERE predecessor IS NOT NULL) "
				      "SELECT (SELECT count(*) FROM kiosks WHERE public_key = ?1), "
				      "(SELECT count(*) FROM up WHERE k = ?2)",
				      what, err);
	bool row = false;
	bool ok = st && db_bind(t->db, st, what, err, "ss", old, key) &&
		  db_step(t->db, st, &row, what, err) && row;
	if (ok) {
		known = sqlite3_column_int64(st, 0);
		loop = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (ok && !known)
		diag_add(err,
			 "%s: kiosk key %.16s... is not trusted — a successor continues a kiosk "
			 "the tally knows; see 'visionsort tally --kiosks'",
			 t->db->path, old);
	else if (ok && loop)
		diag_add(err, "%s: kiosk key %.16s... already took over from this key", t->db->path,
			 old);
	return ok && known && !loop;
}

bool tally_trust_key(struct tally *t, const char *public_key, const struct tally_trust_options *o,
		     bool *known, struct diag *err)
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
	bool ok = !o->successor_of ||
		  tally_trust_predecessor(t, public_key, o->successor_of, what, err);
	sqlite3_stmt *st = ok ? db_prepare(t->db,
					   "SELECT count(*) FROM kiosks WHERE public_key = ?1",
					   what, err)
			      : NULL;
	bool row = false;
	ok = st && db_bind(t->db, st, what, err, "s", public_key) &&
	     db_step(t->db, st, &row, what, err);
	if (ok && row)
		had = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* Trusting again renames the site and keeps the key bound to its
	 * kiosk: only log_replaced lets it sign for another kiosk id (a kiosk
	 * whose log was replaced, key kept). A successor takes its
	 * predecessor's site unless given one. */
	ok = ok &&
	     db_run_sql(t->db,
			"INSERT INTO kiosks(public_key, site, trusted_at, predecessor) "
			"VALUES (?1, coalesce(?2, (SELECT site FROM kiosks WHERE public_key = ?4)), "
			"?3, ?4) "
			"ON CONFLICT(public_key) DO UPDATE SET "
			"kiosk_id = CASE WHEN ?5 THEN NULL ELSE kiosks.kiosk_id END, "
			"site = coalesce(excluded.site, kiosks.site), "
			"predecessor = coalesce(excluded.predecessor, kiosks.predecessor), "
			"trusted_at = excluded.trusted_at",
			what, err, "ssssi", public_key, o->site, now, o->successor_of,
			(int64_t)o->log_replaced);
	struct strbuf detail;
	sb_init(&detail);
	sb_append(&detail, had ? "trusted again" : "trusted");
	if (o->site)
		sb_appendf(&detail, ", site %s", o->site);
	if (o->successor_of)
		sb_appendf(&detail, ", successor of kiosk key %.16s", o->successor_of);
	if (o->log_replaced)
		sb_append(&detail, ", its kiosk's log replaced");
	char name[32];
	tally_audit_key_name(public_key, name);
	ok = ok && tally_audit(t, "trusted", name, sb_str(&detail), err) &&
	     db_commit(t->db, what, err);
	sb_finish(&detail);
	if (!ok) {
		db_rollback(t->db);
		return false;
	}
	*known = had > 0;
	return true;
}

bool tally_trust(struct tally *t, const char *public_key, const char *site, bool *known,
		 struct diag *err)
{
	struct tally_trust_options o = {.site = site};
	return tally_trust_key(t, public_key, &o, known, err);
}

bool tally_trust_stranger(struct tally *t, const char *public_key, const char *kiosk_id,
			  char **other, const char *what, struct diag *err)
{
	*other = NULL;
	/* another key bound to the kiosk id, that this key does not descend
	 * from through its predecessors */
	sqlite3_stmt *st = db_prepare(t->db,
				      "WITH RECURSIVE up(k) AS (SELECT ?1 UNION "
				      "  SELECT predecessor FROM kiosks JOIN up ON public_key = k "
				      "  WHERE predecessor IS NOT NULL) "
				      "SELECT public_key FROM kiosks WHERE kiosk_id = ?2 "
				      "AND public_key NOT IN (SELECT k FROM up) "
				      "ORDER BY trusted_at LIMIT 1",
				      what, err);
	bool row = false;
	bool ok = st && db_bind(t->db, st, what, err, "ss", public_key, kiosk_id) &&
		  db_step(t->db, st, &row, what, err);
	if (ok && row)
		*other = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return ok;
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
				      "SELECT public_key, kiosk_id, site, trusted_at, predecessor "
				      "FROM kiosks ORDER BY trusted_at, public_key",
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
			.predecessor = tally_text(st, 4),
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
