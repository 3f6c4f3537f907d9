/* Limits no single row shows (model/plausible.h): how many keyword sets and
 * versions a file names, and how many keywords each has, on the file's
 * cards, among its labels and in the tally once the file is in. A signed
 * file of a few thousand sessions, each dealing 36 keywords no other
 * session had, would otherwise give every report a hundred thousand rows.
 * The file's are counted before a row is read, by SQL on the verified
 * bytes; the tally's after the rows are in, inside the import's
 * transaction, so a file that would push a set past the limit changes
 * nothing. */
#include "common/strbuf.h"
#include "store/tally_rows_internal.h"

#define RD "read the export"

/* One integer from sql on db, bound to the text parameters given (NULL
 * where none); ok cleared, a line added, when it fails. */
static int64_t limits_int(struct db *db, const char *sql, const char *a, const char *b,
			  const char *what, bool *ok, struct diag *err)
{
	if (!*ok)
		return 0;
	sqlite3_stmt *st = db_prepare(db, sql, what, err);
	bool row = false;
	*ok = st && (!a || db_bind(db, st, what, err, "ss", a, b)) &&
	      db_step(db, st, &row, what, err);
	int64_t n = *ok && row ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return n;
}

/* The first set and version whose count by sql (set, version, count,
 * HAVING count > ?1) passes the limit: refused, saying how many it has. */
static enum rows_pass limits_per_set(struct rows_job *job, const char *sql, const char *counted)
{
	struct db *src = job->in->src;
	sqlite3_stmt *st = db_prepare(src, sql, RD, job->err);
	bool row = false;
	bool ok = st && db_bind(src, st, RD, job->err, "i", (int64_t)PLAUSIBLE_KEYWORDS_PER_SET) &&
		  db_step(src, st, &row, RD, job->err);
	if (ok && row) {
		const char *set = (const char *)sqlite3_column_text(st, 0);
		const char *version = (const char *)sqlite3_column_text(st, 1);
		/* not yet checked for length: a set id of a megabyte is cut short */
		sb_appendf(&job->why,
			   "keyword set %.64s, version %.16s has %lld keywords %s, and a keyword "
			   "set holds at most %d",
			   set ? set : "?", version ? version : "?",
			   (long long)sqlite3_column_int64(st, 2), counted,
			   PLAUSIBLE_KEYWORDS_PER_SET);
	}
	sqlite3_finalize(st);
	if (!ok)
		return ROWS_FAILED;
	return row ? rows_refuse(job, NULL) : ROWS_DONE;
}

enum rows_pass rows_file_limits(struct rows_job *job)
{
	struct db *src = job->in->src;
	bool ok = true;
	int64_t sets = limits_int(src,
				  "SELECT count(*) FROM (SELECT set_id, set_version FROM sessions "
				  "UNION SELECT set_id, set_version FROM keywords)",
				  NULL, NULL, RD, &ok, job->err);
	if (!ok)
		return ROWS_FAILED;
	if (sets > PLAUSIBLE_SETS_PER_FILE) {
		sb_appendf(&job->why,
			   "it names %lld keyword sets and versions, and a file names at most %d",
			   (long long)sets, PLAUSIBLE_SETS_PER_FILE);
		return rows_refuse(job, NULL);
	}
	enum rows_pass p = limits_per_set(job,
					  "SELECT set_id, set_version, count(*) FROM keywords "
					  "WHERE lang = 'sv' GROUP BY set_id, set_version "
					  "HAVING count(*) > ?1 LIMIT 1",
					  "with a label");
	if (p != ROWS_DONE)
		return p;
	/* the join only when the file's cards could name too many at all */
	int64_t ids = limits_int(src,
				 "SELECT count(*) FROM (SELECT DISTINCT keyword_id FROM cards)",
				 NULL, NULL, RD, &ok, job->err);
	if (!ok)
		return ROWS_FAILED;
	if (ids <= PLAUSIBLE_KEYWORDS_PER_SET)
		return ROWS_DONE;
	return limits_per_set(job,
			      "SELECT s.set_id, s.set_version, count(DISTINCT c.keyword_id) "
			      "FROM cards c JOIN sessions s ON s.uuid = c.session_uuid "
			      "GROUP BY s.set_id, s.set_version "
			      "HAVING count(DISTINCT c.keyword_id) > ?1 LIMIT 1",
			      "on its cards");
}

enum rows_pass rows_tally_limits(struct rows_job *job)
{
	struct db *src = job->in->src;
	/* every set and version the file names (at most PLAUSIBLE_SETS_PER_FILE),
	 * each counted in the tally, which now holds the file's keywords too */
	sqlite3_stmt *st = db_prepare(src,
				      "SELECT set_id, set_version FROM sessions "
				      "UNION SELECT set_id, set_version FROM keywords",
				      RD, job->err);
	bool ok = st != NULL, row = true;
	int64_t n = 0;
	while (ok) {
		ok = db_step(src, st, &row, RD, job->err);
		if (!ok || !row)
			break;
		const char *set = (const char *)sqlite3_column_text(st, 0);
		const char *version = (const char *)sqlite3_column_text(st, 1);
		n = limits_int(
			job->db,
			"SELECT count(*) FROM keywords WHERE set_id = ?1 AND set_version = ?2",
			set ? set : "", version ? version : "", job->in->what, &ok, job->err);
		if (ok && n > PLAUSIBLE_KEYWORDS_PER_SET) {
			sb_appendf(&job->why,
				   "with it, keyword set %s, version %s would have %lld keywords in "
				   "the tally, and a keyword set holds at most %d",
				   set ? set : "?", version ? version : "?", (long long)n,
				   PLAUSIBLE_KEYWORDS_PER_SET);
			break;
		}
	}
	sqlite3_finalize(st);
	if (!ok)
		return ROWS_FAILED;
	return n > PLAUSIBLE_KEYWORDS_PER_SET ? rows_refuse(job, NULL) : ROWS_DONE;
}
