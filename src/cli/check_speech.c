/* What `visionsort check` says about a language's speech (docs/speech.md): a voice the
 * language file names but espeak-ng lacks, recordings that cannot be played (problems: the
 * kiosk would skip them), recordings named after no text, and, for a language with no voice,
 * the texts nobody recorded (notes: those texts are not spoken). */
#include "cli/check_speech.h"

#include "cli/paths.h"
#include "common/xalloc.h"
#include "common/strbuf.h"
#include "kiosk/recorded.h"
#include "speech/decode.h"
#include "speech/recordings.h"
#include "speech/speech.h"

#include <stdlib.h>
#include <string.h>

/* Texts for staff are read on screen; every other one may be said to a visitor. */
static bool spoken(const char *id)
{
	return strncmp(id, "staff.", 6) != 0;
}

/* Whether id names a text of the catalog, or a keyword's label or description. */
static bool known_text(const struct catalog *cat, const struct keyset *ks, const char *id)
{
	for (size_t k = 0; k < catalog_id_count(cat); k++)
		if (strcmp(catalog_id(cat, k), id) == 0)
			return true;
	if (strncmp(id, "keyword.", 8) != 0)
		return false;
	if (!ks)
		return true; /* no set to compare with: any keyword may be meant */
	const char *kw = id + 8;
	const char *dot = strstr(kw, ".description");
	size_t n = dot && strcmp(dot, ".description") == 0 ? (size_t)(dot - kw) : strlen(kw);
	char *name = xstrndup(kw, n);
	bool found = keyset_find(ks, name) >= 0;
	free(name);
	return found;
}

static void note_missing(const struct recordings *rec, const char *dir, const char *code,
			 const char *id, struct diag *notes)
{
	if (!recordings_find(rec, code, id))
		diag_add(notes,
			 "%s/%s/%s.ogg: no recording, and %s has no voice: \"%s\" is not spoken",
			 dir, code, id, code, id);
}

/* The named recordings of lang (all of them for NULL) decoded as the kiosk would, each into
 * rec (when given) as the one said for its text; returns how many there are. */
static size_t check_named(const struct recorded *named, const char *lang, struct recordings *rec,
			  struct diag *problems)
{
	size_t mine = 0;
	struct diag why;
	diag_init(&why);
	for (size_t i = 0; i < named->count; i++) {
		const struct speech_recording *r = &named->recs[i];
		if (lang && strcmp(r->lang, lang) != 0)
			continue;
		mine++;
		speech_clip_unref(speech_decode_file(r->path, &why));
		for (size_t k = 0; k < why.count; k++)
			diag_add(problems, "%s: %s", named->where[i], why.lines[k]);
		diag_finish(&why);
		if (rec)
			recordings_name(rec, r->lang, r->id, r->path);
	}
	return mine;
}

void check_speech_keyset(const struct keyset *ks, const char *keyset_file, struct diag *problems)
{
	char *assets = paths_in_data_dir("assets");
	struct recorded named;
	recorded_collect(&named, NULL, ks, keyset_file, assets);
	check_named(&named, NULL, NULL, problems);
	recorded_finish(&named);
	free(assets);
}

void check_speech(const struct catalog *cat, size_t lang, const struct keyset *ks,
		  const char *keyset_file, struct diag *problems, struct diag *notes)
{
	const char *code = catalog_code(cat, lang);
	const char *voice = catalog_voice(cat, lang);
	char *dir = paths_in_data_dir("assets/speech");
	struct recordings *rec = recordings_scan(dir, problems);
	struct diag why;
	diag_init(&why);
	bool has_voice = voice && speech_voice_exists(voice, &why);
	if (voice && !has_voice)
		diag_add(notes,
			 "%s: espeak-ng has no voice \"%s\" (%s); %s is spoken only where a "
			 "recording exists",
			 catalog_file(cat, lang), voice, diag_first(&why, "not installed"), code);
	diag_finish(&why);
	size_t mine = 0;
	for (size_t i = 0; i < recordings_count(rec); i++) {
		if (strcmp(recordings_lang(rec, i), code) != 0)
			continue;
		mine++;
		/* decoded as the kiosk would: a file it cannot play is a text not heard */
		speech_clip_unref(speech_decode_file(recordings_path(rec, i), problems));
		if (!known_text(cat, ks, recordings_id(rec, i)))
			diag_add(notes,
				 "%s: no text has the id \"%s\"; name a recording after a text "
				 "id of %s, or keyword.ID",
				 recordings_path(rec, i), recordings_id(rec, i),
				 catalog_file(cat, lang));
	}
	char *assets = paths_in_data_dir("assets");
	struct recorded named;
	recorded_collect(&named, cat, ks, keyset_file, assets);
	mine += check_named(&named, code, rec, problems);
	recorded_finish(&named);
	free(assets);
	if (!has_voice && mine == 0) {
		diag_add(notes,
			 "%s: no voice and no recordings: visitors in %s hear nothing and "
			 "see no speaker buttons (docs/speech.md)",
			 catalog_file(cat, lang), code);
	} else if (!has_voice) {
		for (size_t k = 0; k < catalog_id_count(cat); k++)
			if (spoken(catalog_id(cat, k)))
				note_missing(rec, dir, code, catalog_id(cat, k), notes);
		struct strbuf id;
		sb_init(&id);
		for (size_t i = 0; ks && i < keyset_count(ks); i++) {
			sb_clear(&id);
			sb_appendf(&id, "keyword.%s", keyset_keyword_id(ks, i));
			note_missing(rec, dir, code, id.data, notes);
		}
		sb_finish(&id);
	}
	recordings_destroy(rec);
	free(dir);
}
