/* The live tally (see tally_view.h). The watched folder is scanned every
 * quarter second rather than watched with inotify, because the folder is
 * often a network share or a synced folder where inotify sees nothing. A
 * file is imported only once its size and time have stood still for a scan
 * and it is half a second old, so a copy still in progress is not taken for
 * a damaged file. After each import the file is moved, so a restart never
 * imports it twice (and the tally would skip it as duplicates anyway). */
#include "report/tally_view.h"

#include "common/clock.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/tally_config.h"
#include "platform/platform.h"
#include "report/report_chain.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "ui/scene_tally.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TALLY_VIEW_SCAN_MS 250
#define TALLY_VIEW_SETTLE_MS 500 /* a file this much older than its last change is done */
#define TALLY_VIEW_RETRY_MS 10000
/* NAME-2 ... NAME-1000: past that, the file stays where it is */
#define TALLY_VIEW_MAX_NAMES 1000

/* A file seen in the folder, as it was at the last scan. */
struct tally_view_file {
	char *name;
	off_t size;
	struct timespec mtime;
	bool stuck;	  /* could not be moved away: not imported again, not logged again */
	int64_t retry_at; /* monotonic ms; after a failure of the tally's own */
	bool seen;	  /* present in the current scan */
};

struct tally_view {
	const struct tally_view_options *o;
	struct tally *t;
	struct platform *p; /* NULL when headless */
	struct scene *scene;
	struct draw_list dl;
	struct layout layout;
	struct tally_view_file *files;
	size_t file_count, file_cap;
	int64_t data_version;
	bool dirty;
	/* SIGTERM and SIGINT, blocked and read here, in whichever mode */
	int sfd;
	bool stop;
};

/* Whether SIGTERM or SIGINT came, waiting up to wait_ms for one. Asked
 * between any two files and between scans, so a stop never waits for more
 * than the one import in progress. A wait that fails stops the watch too,
 * rather than spin. */
static bool tally_view_stopping(struct tally_view *v, int wait_ms)
{
	if (v->stop)
		return true;
	struct pollfd pfd = {.fd = v->sfd, .events = POLLIN};
	int n = poll(&pfd, 1, wait_ms);
	if (n > 0) {
		/* taken, so it is not delivered as a kill once unblocked */
		struct signalfd_siginfo si;
		if (read(v->sfd, &si, sizeof(si)) < 0)
			si.ssi_signo = 0;
		v->stop = true;
	} else if (n < 0 && errno != EINTR) {
		v->stop = true;
	}
	return v->stop;
}

static void tally_view_log(const char *verb, const char *name, const char *detail)
{
	char now[25];
	clock_iso8601(clock_wall_ms(), now);
	printf("%s %s %s: %s\n", now, verb, name, detail);
	fflush(stdout);
}

static char *tally_view_join(const char *dir, const char *sub, const char *name)
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
	if (st != IMPORT_TALLY_FAILED) {
		dest.path = tally_view_subfolder(dir, where)
				    ? tally_view_free_name(dir, where, name)
				    : NULL;
		dest.errno_found = errno;
	}
	enum tally_view_outcome out;
	if (st == IMPORT_TALLY_FAILED) {
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

/* One look at the folder: imports what has settled since the last look. */
static void tally_view_scan(struct tally_view *v)
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

/* Reads the tally into the scene: the main keyword set, places with their
 * intervals and tiers, sites too small to show left out (with the rest of
 * the tally's outputs), the flagged sessions named in the note. */
static bool tally_view_refresh(struct tally_view *v, struct diag *err)
{
	struct tally_stats st;
	struct tally_stats_groups total, sites;
	tally_stats_init(&st);
	tally_stats_groups_init(&total);
	tally_stats_groups_init(&sites);
	struct tally_query q = {
		.include_abandoned = v->o->include_abandoned,
		.include_flagged = v->o->include_flagged,
		.min_group = v->o->config ? v->o->config->min_group : STATS_MIN_GROUP_DEFAULT,
		.rank_intervals = true,
	};
	struct tally_query by_site = q;
	by_site.by = TALLY_BY_SITE;
	bool ok = tally_stats_query(v->t, &q, &st, err) &&
		  tally_stats_groups(v->t, &q, &total, err) &&
		  tally_stats_groups(v->t, &by_site, &sites, err);
	if (ok) {
		struct scene_tally_row *rows = xcalloc(st.count + 1, sizeof(*rows));
		struct stats_rank *ranks = xcalloc(st.count + 1, sizeof(*ranks));
		for (size_t i = 0; i < st.count; i++) {
			rows[i] = (struct scene_tally_row){st.rows[i].label, st.rows[i].counts,
							   st.rows[i].stats};
			ranks[i] = st.rows[i].rank;
		}
		struct scene_tally_site *site = xcalloc(sites.count + 1, sizeof(*site));
		for (size_t i = 0; i < sites.count; i++) {
			/* the screen is Swedish; the CSV keeps TALLY_NOT_GIVEN */
			const char *name = strcmp(sites.items[i].segment, TALLY_NOT_GIVEN) == 0
						   ? "utan plats"
						   : sites.items[i].segment;
			site[i] = (struct scene_tally_site){name, sites.items[i].sessions};
		}
		/* local time: it is read off a wall in the room */
		struct strbuf note;
		sb_init(&note);
		char clock_text[64] = "";
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			strftime(clock_text, sizeof(clock_text), "uppdaterad %H:%M:%S", &tm);
		sb_append(&note, clock_text);
		if (st.set_id)
			sb_appendf(&note, " · %s v%s", st.set_id, st.set_version);
		const struct tally_stats_group *w = total.count ? &total.items[0] : NULL;
		if (w && w->flagged)
			sb_appendf(&note, " · %llu flaggade %s", (unsigned long long)w->flagged,
				   v->o->include_flagged ? "medräknade" : "ej medräknade");
		if (sites.hidden.small)
			sb_appendf(&note, " · %zu små platser dolda",
				   sites.hidden.small + sites.hidden.secondary);
		/* the first thing missing of the kiosks' exports, if any: the
		 * screen has room for one line, `tally --imports` lists all */
		struct strbuf chain;
		sb_init(&chain);
		size_t lines = 0;
		ok = report_chain_all(v->t, REPORT_SV, true, &chain, &lines, NULL, err);
		char *nl = lines ? strchr(chain.data, '\n') : NULL;
		if (nl) {
			*nl = '\0';
			chain.len = (size_t)(nl - chain.data);
		}
		if (lines > 1)
			sb_appendf(&chain, " · och %zu till (se 'tally --imports')", lines - 1);
		struct scene_tally_data d = {
			.title = "Vad ska prägla Norrköping 2035?",
			.rows = rows,
			.row_count = st.count,
			.ranks = ranks,
			.sites = site,
			.site_count = sites.count,
			.sessions = w ? w->sessions : 0,
			.kiosks = w ? w->kiosks : 0,
			.note = sb_str(&note),
			.warning = lines ? sb_str(&chain) : NULL,
		};
		scene_tally_set_data(v->scene, &d);
		sb_finish(&chain);
		free(rows);
		free(ranks);
		free(site);
		sb_finish(&note);
	}
	tally_stats_finish(&st);
	tally_stats_groups_finish(&total);
	tally_stats_groups_finish(&sites);
	return ok;
}

/* After a scan: true when the tally changed, by us or by another program
 * (an organizer running `visionsort import` by hand). */
static bool tally_view_changed(struct tally_view *v)
{
	int64_t version = v->data_version;
	struct diag err;
	diag_init(&err);
	bool ok = tally_stats_data_version(v->t, &version, &err);
	diag_finish(&err);
	bool changed = v->dirty || (ok && version != v->data_version);
	v->data_version = version;
	v->dirty = false;
	return changed;
}

static void tally_view_render(struct tally_view *v)
{
	int w, h;
	platform_size(v->p, &w, &h);
	draw_list_clear(&v->dl);
	layout_clear(&v->layout);
	v->scene->ops->build(v->scene, w, h, &v->dl, &v->layout);
	platform_present(v->p, &v->dl);
}

static bool tally_view_show(struct tally_view *v, struct diag *err)
{
	struct platform_options po = {.title = "visionsort tally",
				      .fullscreen = v->o->fullscreen,
				      .width = v->o->width,
				      .height = v->o->height,
				      .font_dir = v->o->font_dir};
	v->p = platform_create(&po, err);
	if (!v->p)
		return false;
	v->scene = scene_tally_create(platform_text_metrics(v->p), false);
	printf("watching %s\n", v->o->watch_dir);
	fflush(stdout);
	bool ok = true;
	bool draw = true;
	int64_t next_scan = clock_mono_ms();
	while (!tally_view_stopping(v, 0)) {
		int64_t now = clock_mono_ms();
		if (now >= next_scan) {
			tally_view_scan(v);
			next_scan = now + TALLY_VIEW_SCAN_MS;
			if (tally_view_changed(v) || draw) {
				if (!tally_view_refresh(v, err)) {
					ok = false;
					break;
				}
				draw = true;
			}
		}
		if (draw)
			tally_view_render(v);
		draw = false;
		int64_t left = next_scan - clock_mono_ms();
		struct input_event ev;
		if (!platform_next_event(v->p, left > 0 ? (int)left : 0, &ev))
			continue;
		if (ev.kind == INPUT_TERMINATE)
			break;
		draw = v->scene->ops->input(v->scene, &ev);
	}
	return ok;
}

/* Headless: a scan, then a wait for the next one that a signal ends at
 * once (tally_view_stopping). */
static bool tally_view_headless(struct tally_view *v)
{
	printf("watching %s (Ctrl+C to stop)\n", v->o->watch_dir);
	fflush(stdout);
	while (!tally_view_stopping(v, 0)) {
		tally_view_scan(v);
		if (tally_view_stopping(v, TALLY_VIEW_SCAN_MS))
			break;
	}
	return true;
}

/* The folders the watcher files into must be its own: a symlink planted
 * in their place would take exports (and .reason files) elsewhere. */
static bool tally_view_own_folder(const char *path, struct diag *err)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	diag_add(err, "%s: not a folder of its own (a link or a file is in its place) — remove it",
		 path);
	return false;
}

/* SIGTERM and SIGINT are blocked before any thread starts (SDL's inherit
 * the mask) and read from a signalfd, in both modes: no handler runs
 * asynchronously, and the loop ends between two imports, never inside
 * one. */
static bool tally_view_signals(struct tally_view *v, sigset_t *set, struct diag *err)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	if (sigprocmask(SIG_BLOCK, set, NULL) != 0 ||
	    (v->sfd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		diag_add(err, "cannot watch for signals: %s", strerror(errno));
		return false;
	}
	return true;
}

bool tally_view_run(const struct tally_view_options *o, struct diag *err)
{
	struct tally_view v = {.o = o, .data_version = -1, .sfd = -1};
	sigset_t signals;
	sigemptyset(&signals);
	draw_list_init(&v.dl);
	layout_init(&v.layout);
	bool ok = false;
	char *imported = tally_view_join(o->watch_dir, "imported", NULL);
	char *rejected = tally_view_join(o->watch_dir, "rejected", NULL);
	char *quarantined = tally_view_join(o->watch_dir, "quarantined", NULL);
	struct stat st;
	if (stat(o->watch_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(err, "%s: no such folder to watch", o->watch_dir);
	} else if (fs_mkdirs(imported, err) && fs_mkdirs(rejected, err) &&
		   (!o->accept_unknown || fs_mkdirs(quarantined, err)) &&
		   tally_view_own_folder(imported, err) && tally_view_own_folder(rejected, err) &&
		   (!o->accept_unknown || tally_view_own_folder(quarantined, err)) &&
		   fs_mkdirs_for(o->tally_path, err) && tally_view_signals(&v, &signals, err)) {
		v.t = tally_open(o->tally_path, err);
		bool rejudged = false;
		/* rules from a settings file are the tally's from now on */
		if (v.t && o->config && o->config->path &&
		    !tally_set_misuse_rules(v.t, &o->config->rules, &rejudged, err)) {
			tally_close(v.t);
			v.t = NULL;
		}
		if (rejudged)
			tally_view_log("rejudged", o->config->path,
				       "every session judged again by these rules");
		if (v.t) {
			tally_accept_unknown(v.t, o->accept_unknown);
			ok = o->show ? tally_view_show(&v, err) : tally_view_headless(&v);
		}
	}
	if (v.scene)
		v.scene->ops->destroy(v.scene);
	platform_destroy(v.p);
	if (v.sfd >= 0) {
		close(v.sfd);
		sigprocmask(SIG_UNBLOCK, &signals, NULL);
	}
	tally_close(v.t);
	for (size_t i = 0; i < v.file_count; i++)
		free(v.files[i].name);
	free(v.files);
	draw_list_finish(&v.dl);
	layout_finish(&v.layout);
	free(imported);
	free(rejected);
	free(quarantined);
	return ok;
}
