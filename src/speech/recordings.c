/* Finding recordings: one readdir per language folder at start, then a sorted array that
 * a binary search answers from. */
#include "speech/recordings.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "speech/decode.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct rec {
	char *lang, *id, *path;
};

struct recordings {
	struct rec *recs;
	size_t count, cap;
};

static int rec_cmp_parts(const char *lang_a, const char *id_a, const char *lang_b, const char *id_b)
{
	int c = strcmp(lang_a, lang_b);
	return c ? c : strcmp(id_a, id_b);
}

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c = rec_cmp_parts(x->lang, x->id, y->lang, y->id);
	return c ? c : strcmp(x->path, y->path);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void scan_language(struct recordings *r, const char *dir, const char *lang, struct diag *err)
{
	struct strbuf path;
	sb_init(&path);
	sb_appendf(&path, "%s/%s", dir, lang);
	DIR *d = opendir(path.data);
	if (!d) {
		diag_add(err, "%s: cannot open the folder: %s", path.data, strerror(errno));
		sb_finish(&path);
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.' || !speech_is_recording_name(e->d_name))
			continue;
		xgrow((void **)&r->recs, &r->cap, r->count + 1, sizeof(*r->recs));
		struct rec *rec = &r->recs[r->count++];
		rec->lang = xstrdup(lang);
		rec->id = xstrndup(e->d_name, strlen(e->d_name) - 4);
		struct strbuf file;
		sb_init(&file);
		sb_appendf(&file, "%s/%s", path.data, e->d_name);
		rec->path = file.data;
	}
	closedir(d);
	sb_finish(&path);
}

static void rec_free(struct rec *rec)
{
	free(rec->lang);
	free(rec->id);
	free(rec->path);
}

struct recordings *recordings_scan(const char *dir, struct diag *err)
{
	struct recordings *r = xcalloc(1, sizeof(*r));
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d) {
		if (dir && errno != ENOENT)
			diag_add(err, "%s: cannot open the folder: %s", dir, strerror(errno));
		return r;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		struct strbuf sub;
		sb_init(&sub);
		sb_appendf(&sub, "%s/%s", dir, e->d_name);
		if (is_dir(sub.data))
			scan_language(r, dir, e->d_name, err);
		sb_finish(&sub);
	}
	closedir(d);
	if (r->count)
		qsort(r->recs, r->count, sizeof(*r->recs), rec_cmp);
	/* kiosk.ogg beside kiosk.wav: which one plays would be an accident, so say it */
	size_t kept = 0;
	for (size_t i = 0; i < r->count; i++) {
		struct rec *prev = kept ? &r->recs[kept - 1] : NULL;
		if (prev &&
		    rec_cmp_parts(prev->lang, prev->id, r->recs[i].lang, r->recs[i].id) == 0) {
			diag_add(err, "%s: %s is a recording of the same text; keep one of them",
				 r->recs[i].path, prev->path);
			rec_free(&r->recs[i]);
			continue;
		}
		r->recs[kept++] = r->recs[i];
	}
	r->count = kept;
	return r;
}

void recordings_destroy(struct recordings *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		rec_free(&r->recs[i]);
	free(r->recs);
	free(r);
}

/* The first index whose (lang, id) is not below the given one. */
static size_t lower_bound(const struct recordings *r, const char *lang, const char *id)
{
	size_t lo = 0, hi = r->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rec *m = &r->recs[mid];
		int c = id ? rec_cmp_parts(m->lang, m->id, lang, id) : strcmp(m->lang, lang);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void recordings_name(struct recordings *r, const char *lang, const char *id, const char *path)
{
	size_t i = lower_bound(r, lang, id);
	if (i < r->count && strcmp(r->recs[i].lang, lang) == 0 && strcmp(r->recs[i].id, id) == 0) {
		free(r->recs[i].path);
		r->recs[i].path = xstrdup(path);
		return;
	}
	xgrow((void **)&r->recs, &r->cap, r->count + 1, sizeof(*r->recs));
	memmove(&r->recs[i + 1], &r->recs[i], (r->count - i) * sizeof(*r->recs));
	r->recs[i] = (struct rec){xstrdup(lang), xstrdup(id), xstrdup(path)};
	r->count++;
}

const char *recordings_find(const struct recordings *r, const char *lang, const char *id)
{
	if (!lang || !id)
		return NULL;
	size_t i = lower_bound(r, lang, id);
	if (i < r->count && strcmp(r->recs[i].lang, lang) == 0 && strcmp(r->recs[i].id, id) == 0)
		return r->recs[i].path;
	return NULL;
}

bool recordings_any(const struct recordings *r, const char *lang)
{
	if (!lang)
		return false;
	size_t i = lower_bound(r, lang, NULL);
	return i < r->count && strcmp(r->recs[i].lang, lang) == 0;
}

size_t recordings_count(const struct recordings *r)
{
	return r->count;
}

const char *recordings_lang(const struct recordings *r, size_t i)
{
	return i < r->count ? r->recs[i].lang : NULL;
}

const char *recordings_id(const struct recordings *r, size_t i)
{
	return i < r->count ? r->recs[i].id : NULL;
}

const char *recordings_path(const struct recordings *r, size_t i)
{
	return i < r->count ? r->recs[i].path : NULL;
}
