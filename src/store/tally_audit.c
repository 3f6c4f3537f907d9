/* The tally's audit log (tally_audit.h). */
#include "store/tally_audit_internal.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "store/db.h"
#include "store/tally_internal.h"

#include <stdio.h>
#include <string.h>

bool tally_audit(struct tally *t, const char *event, const char *subject, const char *detail,
		 struct diag *err)
{
	const char *what = "write the tally's audit log";
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	bool own = sqlite3_get_autocommit(t->db->h) != 0;
	if (own && !db_begin(t->db, what, err))
		return false;
	bool ok = db_run_sql(t->db,
			     "INSERT INTO audit(at, event, subject, detail) VALUES (?1, ?2, ?3, ?4)",
			     what, err, "ssss", now, event, subject ? subject : "",
			     detail ? detail : "");
	if (own) {
		ok = ok && db_commit(t->db, what, err);
		if (!ok)
			db_rollback(t->db);
	}
	return ok;
}

void tally_audit_key_name(const char *public_key, char out[32])
{
	snprintf(out, 32, "kiosk key %.16s", public_key ? public_key : "");
}

/* The reason in a rejection's line "PATH: [rejected: ]WHY — ADVICE": the
 * advice may name the tally's folder, the path the organizer's. */
static void tally_audit_reason(const char *file, const char *line, struct strbuf *out)
{
	if (!line)
		line = "";
	size_t n = strlen(file);
	if (strncmp(line, file, n) == 0 && strncmp(line + n, ": ", 2) == 0)
		line += n + 2;
	if (strncmp(line, "rejected: ", 10) == 0)
		line += 10;
	const char *dash = strstr(line, " — ");
	sb_appendn(out, line, dash ? (size_t)(dash - line) : strlen(line));
}

void tally_audit_import(struct tally *t, const char *file, const struct export_info *info,
			enum import_status status, const struct import_result *r, const char *line)
{
	if (status == IMPORT_TALLY_FAILED)
		return;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	struct strbuf detail;
	sb_init(&detail);
	if (info->kiosk_id[0])
		sb_appendf(&detail, "kiosk %.8s, ", info->kiosk_id);
	if (info->seq > 0)
		sb_appendf(&detail, "export %lld, ", (long long)info->seq);
	const char *event = "rejected";
	if (status == IMPORT_OK) {
		event = "imported";
		sb_appendf(&detail, "%llu added, %llu duplicates", (unsigned long long)r->added,
			   (unsigned long long)r->duplicates);
	} else if (status == IMPORT_QUARANTINED) {
		event = "quarantined";
		char key[32];
		tally_audit_key_name(info->public_key, key);
		sb_appendf(&detail, "signed by unknown %s", key);
	} else {
		tally_audit_reason(file, line, &detail);
	}
	if (info->file_sha256[0])
		sb_appendf(&detail, ", sha256 %.16s", info->file_sha256);
	struct diag scratch;
	diag_init(&scratch);
	(void)tally_audit(t, event, base, sb_str(&detail), &scratch);
	diag_finish(&scratch);
	sb_finish(&detail);
}

bool tally_audit_list(struct tally *t, void (*fn)(void *ctx, const struct tally_audit_entry *e),
		      void *ctx, struct diag *err)
{
	const char *what = "read the tally";
	sqlite3_stmt *st = db_prepare(t->db,
				      "SELECT at, event, subject, detail FROM audit ORDER BY id",
				      what, err);
	bool ok = st != NULL, row = true;
	while (ok) {
		ok = db_step(t->db, st, &row, what, err);
		if (!ok || !row)
			break;
		struct tally_audit_entry e = {
			.at = (const char *)sqlite3_column_text(st, 0),
			.event = (const char *)sqlite3_column_text(st, 1),
			.subject = (const char *)sqlite3_column_text(st, 2),
			.detail = (const char *)sqlite3_column_text(st, 3),
		};
		fn(ctx, &e);
	}
	sqlite3_finalize(st);
	return ok;
}
