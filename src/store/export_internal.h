/* Internal to store/: one export in progress, shared by export.c (the
 * folder, the file's life and the log) and export_fill.c (what goes into
 * the file, and its signature). */
#ifndef VS_STORE_EXPORT_INTERNAL_H
#define VS_STORE_EXPORT_INTERNAL_H

#include "common/diag.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/log.h"

#include <stdbool.h>
#include <stdint.h>

struct export_job {
	struct log *log;
	struct db *db; /* the log's connection */
	const char *dir;
	bool all;
	struct diag *err;
	struct diag scratch; /* db_* helper messages; we word our own */
	int64_t now_ms;
	int64_t sessions; /* chosen */
	int64_t cards;
	/* the chain (docs/export-format.md): this export's number on this
	 * kiosk, and the previous export's identity and time ("" for the
	 * first); export_sha256 is this one's, once signed */
	int64_t seq;
	char previous_sha256[65];
	char previous_created_at[25];
	char export_sha256[65];
	struct kiosk_key key; /* wiped when the export ends */
	char *site;	      /* for the manifest */
	char *name;	      /* final file name, without the folder */
	char *tmp;	      /* full paths */
	char *final;
	bool attached;
	bool tmp_exists;
	bool final_exists;
};

/* "DIR: cannot write the export: REASON — ADVICE" for a system error. */
void export_fail_errno(struct export_job *job, int e);
/* The same for an SQLite error on the log connection while writing. */
void export_fail_db(struct export_job *job);

/* The manifest's site into job->site, read from the log; one diag line
 * on failure. */
bool export_pick_site(struct export_job *job);

/* Fills job->tmp with the chosen sessions, the manifest and its signature
 * through the log's own connection; the file is closed when this returns,
 * whatever happened. One diag line on failure. */
bool export_fill_tmp(struct export_job *job);

#endif
