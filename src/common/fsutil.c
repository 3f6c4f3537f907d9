/* File helpers: whole-file reads that only ever read a regular file, and
 * only so much of it (an input path may name a FIFO, /dev/zero or a huge
 * file, through a symlink or a config), recursive mkdir and explicit
 * fsyncs. */
#include "common/fsutil.h"

#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* What kind of thing path is, for the message that refuses it. */
static const char *fs_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a named pipe";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "something else";
}

/* "16 MB" for whole megabytes, else bytes: limits are round numbers. */
static void fs_size_text(size_t n, char *buf, size_t cap)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, cap, "%zu MB", n >> 20);
	else
		snprintf(buf, cap, "%zu bytes", n);
}

/* One line naming path, with errno left at e for the caller. */
static bool fs_refuse(int e, struct diag *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool fs_refuse(int e, struct diag *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = NULL;
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	diag_add(err, "%s", line ? line : "cannot read a file");
	free(line);
	errno = e;
	return false;
}

static bool fs_too_large(const char *path, size_t max, struct diag *err)
{
	char limit[32];
	fs_size_text(max, limit, sizeof(limit));
	return fs_refuse(EFBIG, err, "%s: cannot read: larger than %s — is it the right file?",
			 path, limit);
}

bool fs_open_regular(const char *path, unsigned flags, size_t max, int *fd, size_t *size,
		     struct diag *err)
{
	*fd = -1;
	*size = 0;
	/* O_NONBLOCK: opening a FIFO without a writer, or a device, returns
	 * at once instead of waiting; a regular file ignores the flag. */
	int f = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
				   (flags & FS_OPEN_NOFOLLOW ? O_NOFOLLOW : 0));
	if (f < 0) {
		int e = errno;
		return fs_refuse(e, err, "%s: cannot open: %s", path, strerror(e));
	}
	/* the descriptor, not the path: what is judged is what will be read */
	struct stat st;
	int e = fstat(f, &st) == 0 ? 0 : errno;
	if (!e && S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!e && !S_ISREG(st.st_mode))
		e = EINVAL;
	else if (!e && (st.st_size < 0 || (uint64_t)st.st_size > max))
		e = EFBIG;
	if (!e) {
		*fd = f;
		*size = (size_t)st.st_size;
		return true;
	}
	close(f);
	if (e == EINVAL)
		return fs_refuse(e, err, "%s: cannot read: %s, not a file", path,
				 fs_kind(st.st_mode));
	if (e == EFBIG)
		return fs_too_large(path, max, err);
	return fs_refuse(e, err, "%s: cannot read: %s", path, strerror(e));
}

/* How much one read takes when the reader may be asked to stop: a
 * mebibyte comes off even a slow USB stick in a fraction of a second. */
#define FS_READ_CHUNK ((size_t)1 << 20)

bool fs_read_fd(int fd, const char *path, size_t size, size_t max, char **out, size_t *len,
		struct diag *err)
{
	return fs_read_fd_until(fd, path, size, max, NULL, NULL, out, len, err);
}

bool fs_read_fd_until(int fd, const char *path, size_t size, size_t max, bool (*stop)(void *arg),
		      void *arg, char **out, size_t *len, struct diag *err)
{
	/* size is what fstat said; a file that grows meanwhile is read on, up
	 * to max, so the limit holds whatever the file does */
	size_t cap = (size < max ? size : max) + 2, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 == cap) {
			if (n > max)
				break;
			xgrow((void **)&buf, &cap, cap + 65536, 1);
		}
		if (stop && stop(arg)) {
			free(buf);
			errno = ECANCELED;
			return false;
		}
		size_t want = cap - n - 1;
		if (stop && want > FS_READ_CHUNK)
			want = FS_READ_CHUNK;
		ssize_t got = read(fd, buf + n, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_add(err, "%s: cannot read: %s", path, strerror(errno));
			free(buf);
			return false;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		free(buf);
		return fs_too_large(path, max, err);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return true;
}

bool fs_read_file_max(const char *path, size_t max, char **out, size_t *len, struct diag *err)
{
	int fd;
	size_t size;
	if (!fs_open_regular(path, 0, max, &fd, &size, err))
		return false;
	bool ok = fs_read_fd(fd, path, size, max, out, len, err);
	close(fd);
	return ok;
}

bool fs_read_file(const char *path, char **out, size_t *len, struct diag *err)
{
	return fs_read_file_max(path, FS_READ_MAX, out, len, err);
}

bool fs_map_file(const char *path, size_t max, const char **out, size_t *len, struct diag *err)
{
	int fd;
	size_t size;
	if (!fs_open_regular(path, 0, max, &fd, &size, err))
		return false;
	void *p = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	int e = errno;
	close(fd);
	if (p == MAP_FAILED) {
		diag_add(err, "%s: cannot read: %s", path,
			 size ? strerror(e) : "the file is empty");
		return false;
	}
	*out = p;
	*len = size;
	return true;
}

void fs_unmap_file(const char *data, size_t len)
{
	if (data)
		munmap((void *)(uintptr_t)data, len);
}

bool fs_mkdirs(const char *path, struct diag *err)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		/* EEXIST is success only when what exists is a folder: a file of
		 * that name would take whatever was meant to go into it */
		struct stat st;
		int e = mkdir(p, 0700) == 0 ? 0 : errno;
		if (e == EEXIST)
			e = stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (e) {
			diag_add(err, "%s: cannot create folder: %s", p,
				 e == ENOTDIR ? "a file of that name is in the way" : strerror(e));
			ok = false;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return ok;
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

bool fs_mkdirs_for(const char *path, struct diag *err)
{
	char *dir = fs_dirname(path);
	bool ok = fs_mkdirs(dir, err);
	free(dir);
	return ok;
}

bool fs_fsync_path(const char *path, bool dir)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	if (!ok && dir && (errno == EINVAL || errno == ENOTSUP))
		ok = true;
	int e = errno;
	if (close(fd) != 0 && ok)
		return false;
	errno = e;
	return ok;
}

bool fs_path_inside(const char *path)
{
	if (!path[0] || path[0] == '/')
		return false;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	/* ".." as a whole part: at the start, between slashes or at the end */
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return false;
	return true;
}
