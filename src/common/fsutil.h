/* The few file-system operations the layers share, each reporting failure
 * as a plain sentence naming the path. */
#ifndef VS_FSUTIL_H
#define VS_FSUTIL_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file; *out is NUL-terminated and owned by the caller. */
bool fs_read_file(const char *path, char **out, size_t *len, struct diag *err);
/* mkdir -p; mode 0700 for new folders since session logs are personal data. */
bool fs_mkdirs(const char *path, struct diag *err);
/* mkdir -p for the folder that will hold path. */
bool fs_mkdirs_for(const char *path, struct diag *err);
/* The folder part of path ("." when there is none); caller frees. */
char *fs_dirname(const char *path);

/* fsync a file, or a folder (dir) so that a rename or create in it is
 * durable. A file system that cannot sync folders at all (EINVAL, ENOTSUP)
 * counts as done: its renames are as durable as they will ever be. On
 * failure returns false with errno set. */
bool fs_fsync_path(const char *path, bool dir);

#endif
