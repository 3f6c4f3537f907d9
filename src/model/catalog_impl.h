/* What catalog.c (the texts and their lookups) shares with catalog_read.c (the files):
 * private to the two, so the struct can change without touching any caller. */
#ifndef VS_CATALOG_IMPL_H
#define VS_CATALOG_IMPL_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CATALOG_NONE SIZE_MAX
#define CATALOG_ID_MAX_BYTES 48
#define CATALOG_NAME_MAX_CHARS 40

struct lang {
	char *code, *name, *file;
	char *voice; /* espeak-ng's voice for it, or NULL */
	bool rtl, arabic_digits;
	bool draft;    /* reviewed = no: no fluent speaker has read the texts yet */
	char **texts;  /* by id index; NULL where the file gives none */
	size_t *lines; /* where each text was given, for messages */
	size_t cap;    /* entries in texts and lines */
	size_t count;  /* texts given */
	/* [audio]: recordings the file names for its texts, in the order given */
	struct lang_audio {
		size_t id;  /* a text id index */
		char *path; /* inside assets/ */
		size_t line;
	} * audio;
	size_t naudio, audio_cap;
};

/* Ids are shared by all languages and found through an open-addressing table, so a text is
 * one hash lookup and an array index, whatever the number of languages. */
struct catalog {
	char **ids;
	size_t nids, ids_cap;
	size_t *slots; /* id index, or CATALOG_NONE */
	size_t nslots;
	struct lang *langs;
	size_t nlangs, langs_cap;
};

/* The index of id, or CATALOG_NONE. */
size_t catalog_id_find(const struct catalog *c, const char *id);
/* The index of id, added when new. */
size_t catalog_id_add(struct catalog *c, const char *id);
/* Whether id is made of a-z, 0-9 and . _ - + and at most CATALOG_ID_MAX_BYTES long. */
bool catalog_valid_id(const char *id);
/* Whether voice has the shape of an espeak-ng voice name: 1 to 40 of a-z A-Z 0-9 - _ + /. */
bool catalog_valid_voice(const char *voice);
/* The index of Swedish, or CATALOG_NONE. */
size_t catalog_sv(const struct catalog *c);

const char *catalog_lang_get(const struct lang *l, size_t id);
/* Sets the text of id, taking ownership of text. */
void catalog_lang_set(struct lang *l, size_t id, char *text, size_t line);
void catalog_lang_finish(struct lang *l);
/* The language at index i, or NULL. */
const struct lang *catalog_lang_at(const struct catalog *c, size_t i);

/* Adds a sentence to why for each way text is unfit; reference is the Swedish text, whose
 * placeholders a translation must keep, or NULL. */
void catalog_text_problems(const char *text, const char *reference, struct diag *why);

#endif
