/* Gathering named recordings: each language file's [audio] entries and the keyword set's
 * audio: cells, each with the FILE:LINE naming it, since `check` must point there. */
#include "kiosk/recorded.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void add(struct recorded *r, size_t *cap, const char *lang, const char *id,
		const char *assets_dir, const char *path, const char *file, size_t line)
{
	xgrow((void **)&r->recs, cap, r->count + 1, sizeof(*r->recs));
	r->where = xrealloc(r->where, *cap * sizeof(*r->where));
	struct strbuf full, where;
	sb_init(&full);
	sb_init(&where);
	sb_appendf(&full, "%s/%s", assets_dir, path);
	sb_appendf(&where, "%s:%zu", file, line);
	r->recs[r->count] = (struct speech_recording){lang, xstrdup(id), full.data};
	r->where[r->count++] = where.data;
}

void recorded_collect(struct recorded *out, const struct catalog *cat, const struct keyset *ks,
		      const char *keyset_file, const char *assets_dir)
{
	*out = (struct recorded){0};
	size_t cap = 0;
	for (size_t l = 0; l < catalog_count(cat); l++)
		for (size_t i = 0; i < catalog_audio_count(cat, l); i++)
			add(out, &cap, catalog_code(cat, l), catalog_audio_id(cat, l, i),
			    assets_dir, catalog_audio_path(cat, l, i), catalog_file(cat, l),
			    catalog_audio_line(cat, l, i));
	struct strbuf id;
	sb_init(&id);
	for (size_t d = 0; ks && d < keyset_audio_count(ks); d++) {
		const char *lang = keyset_audio_language(ks, d);
		for (size_t i = 0; i < keyset_count(ks); i++) {
			const char *path = keyset_audio(ks, i, lang);
			if (!path)
				continue;
			sb_clear(&id);
			sb_appendf(&id, "keyword.%s", keyset_keyword_id(ks, i));
			add(out, &cap, lang, id.data, assets_dir, path, keyset_file,
			    keyset_line(ks, i));
		}
	}
	sb_finish(&id);
}

void recorded_finish(struct recorded *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free((char *)r->recs[i].id);
		free((char *)r->recs[i].path);
		free(r->where[i]);
	}
	free(r->recs);
	free(r->where);
	*r = (struct recorded){0};
}
