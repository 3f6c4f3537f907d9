/* The few file-system operations the layers share, each reporting failure
 * as a plain sentence naming the path. */
#ifndef VS_FSUTIL_H
#define VS_FSUTIL_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* The most fs_read_file reads: every text and image the program reads
 * (keyword set, configuration, language file, key, asset) is far smaller. */
#define FS_READ_MAX ((size_t)16 << 20)

/* Opens path for reading if, and only if, it is a regular file (through
 * symlinks, unless flags has FS_OPEN_NOFOLLOW) of at most max bytes.
 * Opened without blocking, so a FIFO or a device never hangs it, and
 * judged by fstat on the open descriptor, so what was checked is what is
 * read. *fd (close it) and *size on success; else one line "PATH: cannot
 * open: WHY" or "PATH: cannot read: WHY", and errno: open's, or EISDIR,
 * EINVAL (not a regular file), EFBIG (over max). */
#define FS_OPEN_NOFOLLOW 1u
bool fs_open_regular(const char *path, unsigned flags, size_t max, int *fd, size_t *size,
		     struct diag *err);
/* Reads the rest of fd (from fs_open_regular, size its fstat size) into
 * *out, NUL-terminated, caller frees; fails, naming path, when it holds
 * more than max bytes (a file that grew). */
bool fs_read_fd(int fd, const char *path, size_t size, size_t max, char **out, size_t *len,
		struct diag *err);
/* fs_read_fd for a reader that may be asked to stop (a watcher told to end
 * while it reads a large file from a slow share): reads in chunks and asks
 * stop(arg) before each; true from it ends the read, false with errno
 * ECANCELED and no line. stop NULL reads as fs_read_fd. */
bool fs_read_fd_until(int fd, const char *path, size_t size, size_t max, bool (*stop)(void *arg),
		      void *arg, char **out, size_t *len, struct diag *err);
/* The two above: a whole regular file of at most max bytes. */
bool fs_read_file_max(const char *path, size_t max, char **out, size_t *len, struct diag *err);
/* fs_read_file_max with FS_READ_MAX. */
bool fs_read_file(const char *path, char **out, size_t *len, struct diag *err);
/* A whole regular file of 1 to max bytes mapped read-only: memory only for
 * the pages read (FreeType reads a small part of a font), shared with the
 * page cache. For files the program ships, which nothing rewrites in place
 * (a package replaces them by rename). fs_unmap_file releases it. */
bool fs_map_file(const char *path, size_t max, const char **out, size_t *len, struct diag *err);
void fs_unmap_file(const char *data, size_t len); /* NULL-safe */
/* mkdir -p; mode 0700 for new folders since session logs are personal data.
 * A file (not a folder) of the name already there is a failure. */
bool fs_mkdirs(const char *path, struct diag *err);
/* mkdir -p for the folder that will hold path. */
bool fs_mkdirs_for(const char *path, struct diag *err);
/* Whether path, relative to some folder, stays inside it: not absolute, no ".." part, no
 * backslash or control character (a file a data file names inside assets/). */
bool fs_path_inside(const char *path);
/* The folder part of path ("." when there is none); caller frees. */
char *fs_dirname(const char *path);

/* fsync a file, or a folder (dir) so that a rename or create in it is
 * durable. A file system that cannot sync folders at all (EINVAL, ENOTSUP)
 * counts as done: its renames are as durable as they will ever be. On
 * failure returns false with errno set. */
bool fs_fsync_path(const char *path, bool dir);

#endif
