/* The quarantine (tally_quarantine.h): distinct files by their SHA-256,
 * the verified bytes themselves, a total size limit. */
#include "store/tally_quarantine.h"

#include "store/db.h"

int64_t tally_quarantine_max(const struct tally *t)
{
	return t->quarantine_max > 0 ? t->quarantine_max : TALLY_QUARANTINE_MAX;
}

enum tally_quarantine_room tally_quarantine_room(struct tally *t, const struct export_info *info,
						 const char *what, int64_t *kept_as,
						 struct diag *err)
{
	struct db *db = t->db;
	*kept_as = 0;
	/* length() of a blob is read from its header, not its pages */
	sqlite3_stmt *st = db_prepare(db,
				      "SELECT (SELECT min(q.import_id) FROM quarantine q "
				      "        JOIN imports i ON i.id = q.import_id "
				      "        WHERE i.file_sha256 = ?1), "
				      "(SELECT coalesce(sum(length(file)), 0) FROM quarantine)",
				      what, err);
	bool row = false;
	bool ok = st && db_bind(db, st, what, err, "s", info->file_sha256) &&
		  db_step(db, st, &row, what, err) && row;
	int64_t same = ok ? sqlite3_column_int64(st, 0) : 0;
	int64_t used = ok ? sqlite3_column_int64(st, 1) : 0;
	sqlite3_finalize(st);
	if (!ok)
		return QUARANTINE_FAILED;
	if (same > 0) {
		*kept_as = same;
		return QUARANTINE_ALREADY;
	}
	if (used + (int64_t)info->len > tally_quarantine_max(t))
		return QUARANTINE_FULL;
	return QUARANTINE_ROOM;
}

bool tally_quarantine_keep(struct tally *t, int64_t import_id, const struct export_info *info,
			   const char *what, struct diag *err)
{
	struct db *db = t->db;
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO quarantine(import_id, file) VALUES (?1, ?2)",
				      what, err);
	/* SQLITE_STATIC: the bytes outlive the statement, and are not copied
	 * once more on the way in */
	bool ok = st && sqlite3_bind_int64(st, 1, import_id) == SQLITE_OK &&
		  sqlite3_bind_blob64(st, 2, info->bytes, info->len, SQLITE_STATIC) == SQLITE_OK;
	if (st && !ok)
		db_fail(db, what, err);
	ok = ok && db_run(db, st, what, err);
	sqlite3_finalize(st);
	return ok;
}
