/* The live tally's watched folder (see tally_view.h). It is scanned every
 * quarter second rather than watched with inotify, because the folder is
 * often a network share or a synced folder where inotify sees nothing. A
 * file is imported only once its size and time have stood still for a scan
 * and it is half a second old, so a copy still in progress is not taken for
 * a damaged file. After each import the file is moved, so a restart never
 * imports it twice (and the tally would skip it as duplicates anyway). */
#include "report/tally_view_internal.h"

#include "common/clock.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/tally.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TALLY_VIEW_SETTLE_MS 500 /* a file this much older than its last change is done */
#define TALLY_VIEW_RETRY_MS 10000
/* NAME-2 ... NAME-1000: past that, the file stays where it is */
#define TALLY_VIEW_MAX_NAMES 1000

void tally_view_log(const char *verb, const char *name, const char *detail)
{
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	printf("%s %s %s: %s\n", now, verb, name, detail);
	fflush(stdout);
}

char *tally_view_join(const char *dir, const char *sub, const char *name)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, dir);
	if (sub)
		sb_appendf(&sb, "/%s", sub);
	if (name)
		sb_appendf(&sb, "/%s", name);
	char *s = xstrdup(sb_str(&sb));
	sb_finish(&sb);
	return s;
}

/* Whether nothing at all is at path (not even a dangling symlink): 1 yes,
 * 0 something is, -1 cannot tell (errno: the share gone, a file where a
 * folder should be, no permission). */
static int tally_view_vacant(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return 0;
	return errno == ENOENT ? 1 : -1;
}

/* DIR/SUB/NAME, or NAME-2.sqlite, NAME-3.sqlite ... when it is taken (an
 * organizer may drop the same file twice, and both are kept), with
 * NAME.reason free too, so nothing already there is ever written through.
 * NULL, errno set, when the folder cannot be looked into: the caller
 * leaves the file where it is rather than ask again and again. */
static char *tally_view_free_name(const char *dir, const char *sub, const char *name)
{
	const char *ext = strrchr(name, '.');
	size_t stem = ext ? (size_t)(ext - name) : strlen(name);
	for (unsigned n = 1; n <= TALLY_VIEW_MAX_NAMES; n++) {
		struct strbuf sb;
		sb_init(&sb);
		sb_appendf(&sb, "%s/%s/", dir, sub);
		sb_appendn(&sb, name, stem);
		if (n > 1)
			sb_appendf(&sb, "-%u", n);
		sb_append(&sb, ext ? ext : "");
		char *path = xstrdup(sb_str(&sb));
		sb_append(&sb, ".reason");
		int file = tally_view_vacant(path);
		int reason = file < 0 ? -1 : tally_view_vacant(sb_str(&sb));
		int e = errno;
		sb_finish(&sb);
		if (file == 1 && reason == 1)
			return path;
		free(path);
		if (file < 0 || reason < 0) {
			errno = e;
			return NULL;
		}
	}
	errno = EEXIST;
	return NULL;
}

/* Whether DIR/SUB is still a folder of the watcher's own, checked before each file is filed:
 * a symlink put in its place meanwhile would take the file (and its .reason) elsewhere. One
 * that went missing (a share that came back empty) is made again. False, errno set, when it
 * cannot be used. */
static bool tally_view_subfolder(const char *dir, const char *sub)
{
	char *path = tally_view_join(dir, sub, NULL);
	struct stat st;
	int e = lstat(path, &st) == 0 ? (S_ISDIR(st.st_mode) ? 0 : ENOTDIR) : errno;
	/* only the subfolder, never the watched folder above it (a share's
	 * empty mount point is not where files go) */
	if (e == ENOENT)
		e = mkdir(path, 0700) == 0 ? 0 : errno;
	free(path);
	errno = e;
	return e == 0;
}

/* A new file only: O_EXCL and O_NOFOLLOW, so a name planted in the folder
 * (a symlink to the tally, say) is refused, never written through. */
static bool tally_view_write_reason(const char *path, const char *reason)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	size_t len = strlen(reason);
	bool ok = write(fd, reason, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
	return close(fd) == 0 && ok;
}

enum tally_view_outcome {
	TALLY_VIEW_FILED, /* imported, quarantined or rejected, and moved away */
	TALLY_VIEW_STUCK, /* could not be moved: left alone while this view runs */
	TALLY_VIEW_RETRY, /* the tally failed, not the file: try again later */
};

/* Where an outcome's file goes, and whether a free name was found there. */
struct tally_view_dest {
	const char *sub; /* "imported", "rejected", "quarantined" */
	char *path;	 /* NULL when none could be found */
	int errno_found; /* why not */
};

/* Moves path to dest, never over anything there (RENAME_NOREPLACE where
 * the file system has it); logs and says so when it cannot. */
static bool tally_view_move(const char *dir, const char *path, const struct tally_view_dest *dest,
			    const char *name)
{
	int e = dest->errno_found;
	if (dest->path) {
		if (renameat2(AT_FDCWD, path, AT_FDCWD, dest->path, RENAME_NOREPLACE) == 0)
			return true;
		e = errno;
		if ((e == EINVAL || e == ENOSYS) && rename(path, dest->path) == 0)
			return true;
		if (e == EINVAL || e == ENOSYS)
			e = errno;
	}
	struct strbuf line;
	sb_init(&line);
	sb_appendf(&line, "cannot move it to %s/%s/: %s — it stays where it is", dir, dest->sub,
		   strerror(e));
	tally_view_log("stuck", name, sb_str(&line));
	sb_finish(&line);
	return false;
}

/* A file at fault (IMPORT_FILE_*): its line "PATH: why" goes beside it in
 * rejected/. */
static enum tally_view_outcome tally_view_reject(const char *dir, const char *path,
						 const struct tally_view_dest *dest,
						 const char *name, const struct diag *err)
{
	const char *reason = diag_first(err, "cannot import");
	size_t plen = strlen(path);
	if (strncmp(reason, path, plen) == 0 && strncmp(reason + plen, ": ", 2) == 0)
		reason += plen + 2; /* the path names a folder the file is about to leave */
	if (strncmp(reason, "rejected: ", 10) == 0)
		reason += 10; /* the log line and the folder say so already */
	tally_view_log("rejected", name, reason);
	struct strbuf why;
	sb_init(&why);
	sb_appendf(&why, "%s.reason", dest->path ? dest->path : "");
	bool noted = dest->path && tally_view_write_reason(sb_str(&why), reason);
	bool moved = tally_view_move(dir, path, dest, name);
	if (!moved && noted)
		remove(sb_str(&why)); /* ours (O_EXCL), and beside nothing */
	sb_finish(&why);
	return moved ? TALLY_VIEW_FILED : TALLY_VIEW_STUCK;
}

/* Imports one settled file and files it away. */
static enum tally_view_outcome tally_view_import(struct tally_view *v, const char *name)
{
	char *path = tally_view_join(v->o->watch_dir, NULL, name);
	struct import_result r = {0};
	struct diag err;
	diag_init(&err);
	enum import_status st = tally_import(v->t, path, &r, &err);
	const char *where = st == IMPORT_OK	       ? "imported"
			    : st == IMPORT_QUARANTINED ? "quarantined"
						       : "rejected";
	const char *dir = v->o->watch_dir;
	struct tally_view_dest dest = {where, NULL, 0};
	if (st != IMPORT_TALLY_FAILED && st != IMPORT_STOPPED) {
		dest.path = tally_view_subfolder(dir, where)
				    ? tally_view_free_name(dir, where, name)
				    : NULL;
		dest.errno_found = errno;
	}
	enum tally_view_outcome out;
	if (st == IMPORT_STOPPED) {
		/* SIGTERM came mid-import: the file stays for the next start */
		tally_view_log("stopped", name,
			       "nothing from it was counted; it stays where it is");
		out = TALLY_VIEW_RETRY;
	} else if (st == IMPORT_TALLY_FAILED) {
		/* the tally's disk or a lock another program holds: the file
		 * may be fine, so it is kept for another try */
		tally_view_log("retrying", name, diag_first(&err, "cannot import"));
		out = TALLY_VIEW_RETRY;
	} else if (st == IMPORT_FILE_BAD || st == IMPORT_FILE_UNTRUSTED) {
		out = tally_view_reject(dir, path, &dest, name, &err);
	} else if (st == IMPORT_QUARANTINED) {
		tally_view_log("quarantined", name,
			       "signed by a kiosk key the tally does not trust; kept aside, not "
			       "counted (see 'visionsort tally --imports')");
		out = tally_view_move(dir, path, &dest, name) ? TALLY_VIEW_FILED : TALLY_VIEW_STUCK;
	} else {
		struct strbuf line;
		sb_init(&line);
		sb_appendf(&line, "%llu added, %llu duplicates skipped",
			   (unsigned long long)r.added, (unsigned long long)r.duplicates);
		tally_view_log("imported", name, sb_str(&line));
		sb_finish(&line);
		v->dirty = true;
		out = tally_view_move(dir, path, &dest, name) ? TALLY_VIEW_FILED : TALLY_VIEW_STUCK;
	}
	diag_finish(&err);
	free(dest.path);
	free(path);
	return out;
}

static bool tally_view_candidate(const char *name)
{
	size_t n = strlen(name);
	/* dot files are temporaries of copy tools; -journal/-wal are not ours to take */
	return name[0] != '.' && n > 7 && strcmp(name + n - 7, ".sqlite") == 0;
}

static struct tally_view_file *tally_view_find(struct tally_view *v, const char *name)
{
	for (size_t i = 0; i < v->file_count; i++)
		if (strcmp(v->files[i].name, name) == 0)
			return &v->files[i];
	return NULL;
}

void tally_view_scan(struct tally_view *v)
{
	DIR *d = opendir(v->o->watch_dir);
	if (!d)
		return; /* a share that went away for a moment; the next scan retries */
	for (size_t i = 0; i < v->file_count; i++)
		v->files[i].seen = false;
	int64_t now_ms = clock_wall_ms();
	struct dirent *e;
	while (!tally_view_stopping(v, 0) && (e = readdir(d))) {
		struct stat st;
		if (!tally_view_candidate(e->d_name) ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		struct tally_view_file *f = tally_view_find(v, e->d_name);
		if (!f) {
			xgrow((void **)&v->files, &v->file_cap, v->file_count + 1,
			      sizeof(*v->files));
			f = &v->files[v->file_count++];
			*f = (struct tally_view_file){.name = xstrdup(e->d_name),
						      .size = st.st_size,
						      .mtime = st.st_mtim,
						      .seen = true};
			continue;
		}
		f->seen = true;
		bool same = f->size == st.st_size && f->mtime.tv_sec == st.st_mtim.tv_sec &&
			    f->mtime.tv_nsec == st.st_mtim.tv_nsec;
		int64_t age = now_ms -
			      ((int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000);
		f->size = st.st_size;
		f->mtime = st.st_mtim;
		if (same && !f->stuck && age >= TALLY_VIEW_SETTLE_MS &&
		    clock_mono_ms() >= f->retry_at) {
			enum tally_view_outcome out = tally_view_import(v, f->name);
			f->stuck = out == TALLY_VIEW_STUCK;
			f->seen = out != TALLY_VIEW_FILED; /* a file filed away is forgotten */
			f->retry_at = out == TALLY_VIEW_RETRY
					      ? clock_mono_ms() + TALLY_VIEW_RETRY_MS
					      : 0;
		}
	}
	closedir(d);
	/* forget what is gone (imported, or taken away by someone) */
	size_t kept = 0;
	for (size_t i = 0; i < v->file_count; i++) {
		if (v->files[i].seen)
			v->files[kept++] = v->files[i];
		else
			free(v->files[i].name);
	}
	v->file_count = kept;
}
