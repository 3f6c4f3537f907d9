/* File helpers: whole-file reads, recursive mkdir and explicit fsyncs. */
#include "common/fsutil.h"

#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool fs_read_file(const char *path, char **out, size_t *len, struct diag *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_add(err, "%s: cannot open: %s", path, strerror(errno));
		return false;
	}
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		xgrow((void **)&buf, &cap, n + 65536, 1);
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	bool ok = !ferror(f);
	if (!ok)
		diag_add(err, "%s: cannot read: %s", path, strerror(errno));
	fclose(f);
	if (!ok) {
		free(buf);
		return false;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return true;
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
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			diag_add(err, "%s: cannot create folder: %s", p, strerror(errno));
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
