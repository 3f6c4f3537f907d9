/* The recordings a language file names in its [audio] section (docs/speech.md): read by
 * catalog_read.c, answered here. */
#include "model/catalog.h"

#include "common/fsutil.h"
#include "model/catalog_impl.h"

#include <string.h>
#include <strings.h>

bool catalog_recording_path_valid(const char *path)
{
	size_t n = strlen(path);
	/* what the speech room decodes: Ogg Vorbis or WAV, by name as it finds them */
	bool kind = n > 4 && (strcasecmp(path + n - 4, ".ogg") == 0 ||
			      strcasecmp(path + n - 4, ".wav") == 0);
	return kind && fs_path_inside(path);
}

size_t catalog_audio_count(const struct catalog *c, size_t lang)
{
	const struct lang *l = catalog_lang_at(c, lang);
	return l ? l->naudio : 0;
}

const char *catalog_audio_id(const struct catalog *c, size_t lang, size_t i)
{
	const struct lang *l = catalog_lang_at(c, lang);
	return l && i < l->naudio ? c->ids[l->audio[i].id] : NULL;
}

const char *catalog_audio_path(const struct catalog *c, size_t lang, size_t i)
{
	const struct lang *l = catalog_lang_at(c, lang);
	return l && i < l->naudio ? l->audio[i].path : NULL;
}

size_t catalog_audio_line(const struct catalog *c, size_t lang, size_t i)
{
	const struct lang *l = catalog_lang_at(c, lang);
	return l && i < l->naudio ? l->audio[i].line : 0;
}
