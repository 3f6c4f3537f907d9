/* Locating bundled data and the default session log. */
#include "cli/paths.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_fonts(const char *dir)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_appendf(&sb, "%s/fonts/NotoSans-Regular.ttf", dir);
	struct stat st;
	bool ok = stat(sb.data, &st) == 0;
	sb_finish(&sb);
	return ok;
}

static bool same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The folder of the running executable; NULL if /proc cannot tell. */
static char *exe_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	return fs_dirname(exe);
}

char *paths_data_dir(void)
{
	const char *env = getenv("VISIONSORT_DATADIR");
	if (env && *env)
		return xstrdup(env);
	char *bin = exe_dir();
	if (!bin)
		return xstrdup(VS_INSTALL_DATADIR);
	/* Only the binary in its own build tree may use the source tree: an
	 * installed one that did would work on the build machine and fail on
	 * every kiosk. */
	if (same_dir(bin, VS_BUILD_ROOT)) {
		free(bin);
		return xstrdup(VS_SOURCE_DATADIR);
	}
	if (*VS_DATADIR_FROM_BINDIR) {
		struct strbuf sb;
		sb_init(&sb);
		sb_appendf(&sb, "%s/%s", bin, VS_DATADIR_FROM_BINDIR);
		if (has_fonts(sb.data)) {
			free(bin);
			return sb.data;
		}
		sb_finish(&sb);
	}
	free(bin);
	return xstrdup(VS_INSTALL_DATADIR);
}

char *paths_default_db(void)
{
	struct strbuf sb;
	sb_init(&sb);
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		sb_appendf(&sb, "%s/visionsort/sessions.db", xdg);
	else
		sb_appendf(&sb, "%s/.local/share/visionsort/sessions.db",
			   home && *home ? home : ".");
	return sb.data;
}

char *paths_in_data_dir(const char *sub)
{
	char *dir = paths_data_dir();
	struct strbuf sb;
	sb_init(&sb);
	sb_appendf(&sb, "%s/%s", dir, sub);
	free(dir);
	return sb.data;
}

char *paths_sample_keywords(void)
{
	return paths_in_data_dir("data/norrkoping-2035-sample.tsv");
}
