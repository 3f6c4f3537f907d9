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

char *paths_data_dir(void)
{
	const char *env = getenv("VISIONSORT_DATADIR");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *bin = fs_dirname(exe);
		struct strbuf sb;
		sb_init(&sb);
		sb_appendf(&sb, "%s/../share/visionsort", bin);
		free(bin);
		if (has_fonts(sb.data))
			return sb.data;
		sb_finish(&sb);
	}
	return xstrdup(VS_SOURCE_DATADIR);
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
