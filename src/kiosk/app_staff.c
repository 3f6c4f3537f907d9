/* Staff access: PIN, facts, drives and export (app_staff.h). */
#include "kiosk/app_staff.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/export.h"
#include "store/log_audit.h"
#include "store/log_visit.h"
#include "store/pin_hash.h"
#include "ui/scenes.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_DRIVES 16

void staff_init(struct staff_access *sa, const char *pin_hash, const char *label, unsigned tries,
		unsigned lock_seconds)
{
	memset(sa, 0, sizeof(*sa));
	sa->pin_hash = pin_hash;
	sa->label = label;
	sa->wall_ms = clock_wall_ms;
	pin_guard_init(&sa->guard, tries, lock_seconds);
}

bool staff_attach_log(struct staff_access *sa, struct log *log, int64_t now_wall, int64_t now_mono,
		      struct diag *err)
{
	sa->log = log;
	int64_t *wrong = NULL;
	size_t n = 0;
	uint64_t locked = 0;
	if (!log_audit_staff_tries(log, &wrong, &n, &locked, err))
		return false;
	pin_guard_replay(&sa->guard, wrong, n, now_wall, now_mono);
	free(wrong);
	return true;
}

/* The try in the audit log, best effort: staff must not be kept out of
 * the menu that shows the log is failing. */
static void staff_record(struct staff_access *sa, enum log_event e, const char *detail)
{
	if (!sa->log)
		return;
	struct diag err;
	diag_init(&err);
	(void)log_audit(sa->log, e, sa->wall_ms(), detail, &err);
	diag_finish(&err);
}

/* How many tries came since the last right PIN, before this one. */
static uint64_t staff_tries_before(struct staff_access *sa)
{
	int64_t *wrong = NULL;
	size_t n = 0;
	uint64_t locked = 0;
	struct diag err;
	diag_init(&err);
	bool ok = sa->log && log_audit_staff_tries(sa->log, &wrong, &n, &locked, &err);
	diag_finish(&err);
	free(wrong);
	return ok ? n + locked : 0;
}

struct drive_list {
	char **v;
	size_t n;
};

static void clear_drives(struct drive_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void staff_finish(struct staff_access *sa)
{
	clear_drives(&(struct drive_list){sa->drives, sa->ndrives});
	free(sa->message);
	memset(sa, 0, sizeof(*sa));
}

bool staff_check(struct staff_access *sa, const struct catalog *cat, size_t lang, const char *pin,
		 int64_t now_ms, char **message)
{
	*message = NULL;
	if (!sa->pin_hash) {
		*message = xstrdup(catalog_text(cat, lang, "staff.no_pin"));
		return false;
	}
	unsigned locked = pin_guard_locked_for(&sa->guard, now_ms);
	/* While locked the PIN is not even looked at, so guessing gains nothing. */
	bool ok = !locked && pin_verify(sa->pin_hash, pin);
	enum pin_result r = locked ? PIN_LOCKED : pin_guard_try(&sa->guard, now_ms, ok);
	if (r == PIN_ACCEPTED) {
		sa->failed_before = staff_tries_before(sa);
		staff_record(sa, LOG_EVENT_STAFF_OK, NULL);
		return true;
	}
	if (locked) {
		staff_record(sa, LOG_EVENT_STAFF_LOCKED, NULL);
	} else {
		staff_record(sa, LOG_EVENT_STAFF_WRONG, NULL);
		if (r == PIN_LOCKED) {
			char detail[64];
			snprintf(detail, sizeof(detail), "locked for %lld s",
				 (long long)(pin_guard_lock_length(&sa->guard) / 1000));
			staff_record(sa, LOG_EVENT_STAFF_LOCKOUT, detail);
		}
	}
	if (r == PIN_LOCKED) {
		/* a lock of hours is said in minutes */
		unsigned left = pin_guard_locked_for(&sa->guard, now_ms);
		bool minutes = left > 120;
		char *num = catalog_number(cat, lang, (long)(minutes ? (left + 59) / 60 : left));
		*message = minutes ? catalog_format(cat, lang, "staff.pin_locked_minutes",
						    "minutes", num, (const char *)NULL)
				   : catalog_format(cat, lang, "staff.pin_locked", "seconds", num,
						    (const char *)NULL);
		free(num);
	} else {
		*message = xstrdup(catalog_text(cat, lang, "staff.pin_wrong"));
	}
	return false;
}

static bool is_dir(const char *path, struct stat *st)
{
	return stat(path, st) == 0 && S_ISDIR(st->st_mode);
}

static void add_drive(struct drive_list *l, const char *path)
{
	if (l->n >= MAX_DRIVES)
		return;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(path);
}

/* Mount points directly under dir, or one level deeper (/media/USER/LABEL
 * as udisks2 mounts them for udiskie and desktops, /media/LABEL with
 * usbmount). A folder on the same device as its parent is only an empty
 * mount point, not a drive. */
static void scan(struct drive_list *l, const char *dir, int depth)
{
	struct stat parent, st;
	DIR *d = opendir(dir);
	if (!d || !is_dir(dir, &parent)) {
		if (d)
			closedir(d);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", dir, e->d_name);
		if (is_dir(path.data, &st)) {
			if (st.st_dev != parent.st_dev)
				add_drive(l, path.data);
			else if (depth > 0)
				scan(l, path.data, depth - 1);
		}
		sb_finish(&path);
	}
	closedir(d);
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* VISIONSORT_DRIVES (folders separated by ':') names drives directly: for
 * kiosks that mount sticks elsewhere, and for tests without real media. */
static void find_drives(struct drive_list *l)
{
	const char *env = getenv("VISIONSORT_DRIVES");
	if (env && *env) {
		char *copy = xstrdup(env);
		for (char *save = NULL, *p = strtok_r(copy, ":", &save); p;
		     p = strtok_r(NULL, ":", &save))
			add_drive(l, p);
		free(copy);
		return;
	}
	scan(l, "/media", 1);
	scan(l, "/run/media", 1);
	/* readdir's order changes as sticks come and go; staff should find a
	 * button where it was. */
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), compare_paths);
}

static void take_drives(struct staff_access *sa, int64_t now_ms)
{
	clear_drives(&(struct drive_list){sa->drives, sa->ndrives});
	struct drive_list l = {0};
	find_drives(&l);
	sa->drives = l.v;
	sa->ndrives = l.n;
	sa->drives_seen_ms = now_ms;
}

bool staff_drives_changed(struct staff_access *sa, int64_t now_ms)
{
	if (now_ms - sa->drives_seen_ms < STAFF_DRIVES_POLL_MS)
		return false;
	sa->drives_seen_ms = now_ms;
	struct drive_list l = {0};
	find_drives(&l);
	bool changed = l.n != sa->ndrives;
	for (size_t i = 0; !changed && i < l.n; i++)
		changed = strcmp(l.v[i], sa->drives[i]) != 0;
	clear_drives(&l);
	return changed;
}

static char *fmt_n(const struct catalog *cat, size_t lang, const char *id, const char *name,
		   const char *value)
{
	return catalog_format(cat, lang, id, name, value, (const char *)NULL);
}

static char *fmt_count(const struct catalog *cat, size_t lang, const char *id, uint64_t n)
{
	char *num = catalog_number(cat, lang, (long)n);
	char *s = fmt_n(cat, lang, id, "n", num);
	free(num);
	return s;
}

void staff_refresh(struct staff_access *sa, struct log *log, const struct catalog *cat, size_t lang,
		   struct scene *menu)
{
	take_drives(sa, clock_mono_ms());
	char *lines[7];
	size_t n = 0;
	struct log_counts counts = {0};
	struct diag err, counted;
	diag_init(&err);
	diag_init(&counted);
	/* "Today" is the kiosk's local day, as staff count it. */
	uint64_t today = 0;
	bool have_counts = log_counts(log, &counts, &counted) &&
			   log_sessions_since(log, clock_local_day_start_ms(clock_wall_ms()),
					      &today, &counted);
	char hex[65] = "";
	if (!export_public_key(log, hex, &err))
		hex[0] = '\0';
	diag_finish(&err);
	struct strbuf id;
	sb_init(&id);
	sb_appendf(&id, "%s%s%s", log_kiosk_id(log), sa->label && *sa->label ? " – " : "",
		   sa->label ? sa->label : "");
	lines[n++] = fmt_n(cat, lang, "staff.kiosk_id", "id", id.data);
	sb_finish(&id);
	lines[n++] = fmt_n(cat, lang, "staff.public_key", "key", hex);
	if (have_counts) {
		lines[n++] = fmt_count(cat, lang, "staff.sessions_today", today);
		lines[n++] = fmt_count(cat, lang, "staff.sessions_unexported", counts.unexported);
		lines[n++] = fmt_count(cat, lang, "staff.sessions_total", counts.total);
	} else {
		/* never "0 not exported" when the count is unknown: staff would
		 * take it as nothing left to export */
		lines[n++] = fmt_n(cat, lang, "staff.counts_failed", "reason",
				   diag_first(&counted, "unknown error"));
	}
	diag_finish(&counted);
	lines[n++] = fmt_count(cat, lang, "staff.failed_pins", sa->failed_before);
	struct staff_view v = {(const char *const *)lines,
			       n,
			       (const char *const *)sa->drives,
			       sa->ndrives,
			       sa->message,
			       sa->problem};
	scene_staff_set(menu, &v);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

void staff_set_message(struct staff_access *sa, const char *message)
{
	free(sa->message);
	sa->message = message ? xstrdup(message) : NULL;
	sa->problem = false;
}

void staff_set_problem(struct staff_access *sa, const char *message)
{
	staff_set_message(sa, message);
	sa->problem = message != NULL;
}

uint64_t staff_export(struct staff_access *sa, struct log *log, const struct catalog *cat,
		      size_t lang, size_t drive, char **path_out)
{
	*path_out = NULL;
	if (drive >= sa->ndrives)
		return 0;
	struct diag err;
	diag_init(&err);
	struct export_result res = {0};
	enum export_status st = export_write(log, sa->drives[drive], false, &res, &err);
	free(sa->message);
	sa->problem = st != EXPORT_WRITTEN && st != EXPORT_NOTHING_NEW;
	uint64_t written = 0;
	if (st == EXPORT_WRITTEN) {
		char *count = catalog_number(cat, lang, (long)res.sessions);
		sa->message = catalog_format(cat, lang, "staff.exported", "count", count, "file",
					     res.path, (const char *)NULL);
		free(count);
		written = res.sessions;
		*path_out = xstrdup(res.path);
	} else if (st == EXPORT_NOTHING_NEW) {
		sa->message = fmt_count(cat, lang, "staff.sessions_unexported", 0);
	} else {
		/* EXPORT_DRIVE_FAILED or EXPORT_LOG_FAILED: both are shown with their
		 * reason, which names the drive (staff may try another) or the log */
		sa->message = fmt_n(cat, lang, "staff.export_failed", "reason",
				    diag_first(&err, "unknown error"));
	}
	export_result_finish(&res);
	diag_finish(&err);
	return written;
}
