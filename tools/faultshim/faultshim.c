/* A fault seam for tests: an LD_PRELOAD library that makes the Nth call of
 * one kind of file operation fail with a chosen errno, as a full disk, a
 * failing drive or a pulled USB stick would.
 *
 *   FAULT_OP       write | fsync | fdatasync | rename | close | open
 *                  (write: write, pwrite, pwrite64, writev; rename: rename,
 *                  renameat, renameat2; open: open, open64, openat, openat64)
 *   FAULT_N        the call to fail, counting from 1 per kind; unset or 0:
 *                  fail nothing, only count
 *   FAULT_ERRNO    ENOSPC (default), EIO, ENOENT, EROFS, EDQUOT, EFBIG,
 *                  EACCES, EPERM, EMFILE or a number
 *   FAULT_PERSIST  1: every later call of that kind fails too (the drive
 *                  stays gone)
 *   FAULT_COUNTS   a file to which "KIND COUNT" lines are appended at exit,
 *                  so a test learns how many calls a run makes
 *   FAULT_DELAY_MS every fsync and fdatasync takes this many milliseconds
 *                  longer (then succeeds, unless it is the one to fail), as
 *                  on an SD card or a cheap SSD: for benchmarks that must
 *                  show that no frame waits for the disk
 *
 * Calls on standard input, output and error are neither counted nor failed:
 * the program must still be able to say what happened. A failed close()
 * still closes the descriptor, as Linux does. Calls are counted atomically,
 * as the kiosk stores on a thread of its own. Built by
 * tests/durability/meson.build (tests only, never installed). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum fault_kind {
	K_WRITE,
	K_FSYNC,
	K_FDATASYNC,
	K_RENAME,
	K_CLOSE,
	K_OPEN,
	K_COUNT
};

static const char *const fault_names[K_COUNT] = {"write",  "fsync", "fdatasync",
						 "rename", "close", "open"};

static struct {
	int ready;
	int kind; /* -1: none */
	unsigned long n;
	int err;
	int persist;
	long delay_ms;
	unsigned long calls[K_COUNT];
} fault = {.kind = -1};

static int fault_errno(const char *s)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},	     {"ENOENT", ENOENT},
		     {"EROFS", EROFS},	 {"EDQUOT", EDQUOT}, {"EFBIG", EFBIG},
		     {"EACCES", EACCES}, {"EPERM", EPERM},   {"EMFILE", EMFILE}};
	if (!s || !*s)
		return ENOSPC;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].value;
	int v = (int)strtol(s, NULL, 10);
	return v > 0 ? v : ENOSPC;
}

static void fault_setup(void)
{
	if (__atomic_load_n(&fault.ready, __ATOMIC_ACQUIRE))
		return;
	/* Two threads may both get here first: they set the same values. */
	const char *op = getenv("FAULT_OP");
	for (int k = 0; op && k < K_COUNT; k++)
		if (strcmp(op, fault_names[k]) == 0)
			fault.kind = k;
	const char *n = getenv("FAULT_N");
	fault.n = n ? strtoul(n, NULL, 10) : 0;
	fault.err = fault_errno(getenv("FAULT_ERRNO"));
	const char *p = getenv("FAULT_PERSIST");
	fault.persist = p && strcmp(p, "1") == 0;
	const char *d = getenv("FAULT_DELAY_MS");
	fault.delay_ms = d ? strtol(d, NULL, 10) : 0;
	if (fault.delay_ms < 0)
		fault.delay_ms = 0;
	__atomic_store_n(&fault.ready, 1, __ATOMIC_RELEASE);
}

/* The slow disk of FAULT_DELAY_MS, for the calls that wait for one. */
static void fault_delay(void)
{
	fault_setup();
	if (fault.delay_ms <= 0)
		return;
	struct timespec ts = {fault.delay_ms / 1000, (fault.delay_ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Counts one call; true when it must fail (errno is then set). */
static int fault_hit(enum fault_kind k)
{
	fault_setup();
	unsigned long c = __atomic_add_fetch(&fault.calls[k], 1, __ATOMIC_RELAXED);
	if ((int)k != fault.kind || fault.n == 0)
		return 0;
	if (c == fault.n || (fault.persist && c > fault.n)) {
		errno = fault.err;
		return 1;
	}
	return 0;
}

static void *fault_real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f)
		abort(); /* a libc without it: nothing sensible to test */
	return f;
}

#define REAL(type, name) ((type)fault_real(#name))

__attribute__((destructor)) static void fault_report(void)
{
	const char *path = getenv("FAULT_COUNTS");
	if (!path || !*path)
		return;
	int (*ropen)(const char *, int, ...) = REAL(int (*)(const char *, int, ...), open);
	ssize_t (*rwrite)(int, const void *, size_t) = REAL(ssize_t(*)(int, const void *, size_t),
							    write);
	int fd = ropen(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	for (int k = 0; k < K_COUNT; k++) {
		char line[64];
		int len = snprintf(line, sizeof(line), "%s %lu\n", fault_names[k], fault.calls[k]);
		if (len > 0 && rwrite(fd, line, (size_t)len) < 0)
			break;
	}
	REAL(int (*)(int), close)(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd > 2 && fault_hit(K_WRITE))
		return -1;
	return REAL(ssize_t(*)(int, const void *, size_t), write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (fd > 2 && fault_hit(K_WRITE))
		return -1;
	return REAL(ssize_t(*)(int, const void *, size_t, off_t), pwrite)(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	if (fd > 2 && fault_hit(K_WRITE))
		return -1;
	return REAL(ssize_t(*)(int, const void *, size_t, off64_t), pwrite64)(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	if (fd > 2 && fault_hit(K_WRITE))
		return -1;
	return REAL(ssize_t(*)(int, const struct iovec *, int), writev)(fd, iov, cnt);
}

int fsync(int fd)
{
	int e = errno;
	fault_delay();
	errno = e;
	if (fault_hit(K_FSYNC))
		return -1;
	return REAL(int (*)(int), fsync)(fd);
}

int fdatasync(int fd)
{
	int e = errno;
	fault_delay();
	errno = e;
	if (fault_hit(K_FDATASYNC))
		return -1;
	return REAL(int (*)(int), fdatasync)(fd);
}

int rename(const char *from, const char *to)
{
	if (fault_hit(K_RENAME))
		return -1;
	return REAL(int (*)(const char *, const char *), rename)(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	if (fault_hit(K_RENAME))
		return -1;
	return REAL(int (*)(int, const char *, int, const char *), renameat)(fd1, from, fd2, to);
}

int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
	if (fault_hit(K_RENAME))
		return -1;
	return REAL(int (*)(int, const char *, int, const char *, unsigned),
		    renameat2)(fd1, from, fd2, to, flags);
}

int close(int fd)
{
	if (fd > 2 && fault_hit(K_CLOSE)) {
		int e = errno;
		REAL(int (*)(int), close)(fd); /* Linux frees the descriptor anyway */
		errno = e;
		return -1;
	}
	return REAL(int (*)(int), close)(fd);
}

/* The mode argument exists only when the flags create a file. */
static mode_t fault_mode(int flags, va_list ap)
{
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = fault_mode(flags, ap);
	va_end(ap);
	if (fault_hit(K_OPEN))
		return -1;
	return REAL(int (*)(const char *, int, ...), open)(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = fault_mode(flags, ap);
	va_end(ap);
	if (fault_hit(K_OPEN))
		return -1;
	return REAL(int (*)(const char *, int, ...), open64)(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = fault_mode(flags, ap);
	va_end(ap);
	if (fault_hit(K_OPEN))
		return -1;
	return REAL(int (*)(int, const char *, int, ...), openat)(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = fault_mode(flags, ap);
	va_end(ap);
	if (fault_hit(K_OPEN))
		return -1;
	return REAL(int (*)(int, const char *, int, ...), openat64)(dirfd, path, flags, mode);
}
