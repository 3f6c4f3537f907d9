/* The texts visitors and staff read, in every language the kiosk offers.
 *
 * One INI file per language, data/lang/<code>.ini (format in docs/languages.md), so that
 * adding a language is adding a file. Swedish is the reference: sv.ini defines every text
 * id, other languages fall back to it, and a translation must keep its {placeholders}.
 * Parsing takes a buffer and a length so that files, tests and fuzzers share the code. */
#ifndef VS_CATALOG_H
#define VS_CATALOG_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>

struct catalog;

/* The longest text, in characters, and so in UTF-8 bytes at most. */
#define CATALOG_TEXT_MAX_CHARS 300
#define CATALOG_TEXT_MAX_BYTES (4 * CATALOG_TEXT_MAX_CHARS)

/* Reads every *.ini in dir (but hidden files): sv.ini first, then en.ini, then the rest by
 * file name. sv.ini must be there, and each file must be named after its code. On failure
 * NULL, with one "FILE:LINE: message" per problem in every file, each file's in line order. */
struct catalog *catalog_load_dir(const char *dir, struct diag *err);
/* Adds the language in buf[0..len) to into, or to a new catalog when into is NULL, and
 * returns the catalog. When into holds Swedish already, the file may only use its ids and
 * must keep the placeholders of each Swedish text. On failure NULL with "NAME:LINE:
 * message" lines; into is then as it was (and still the caller's to destroy). */
struct catalog *catalog_parse(const char *buf, size_t len, const char *name, struct catalog *into,
			      struct diag *err);
void catalog_destroy(struct catalog *c); /* NULL-safe */
/* Whether buf looks like a language file (its first section is [language]), so that
 * `visionsort check` can tell one from a kiosk configuration. */
bool catalog_is_language_file(const char *buf, size_t len);

/* Languages in load order; i is an index below catalog_count. */
size_t catalog_count(const struct catalog *c);
const char *catalog_code(const struct catalog *c, size_t i);  /* "sv"; NULL out of range */
const char *catalog_name(const struct catalog *c, size_t i);  /* "Svenska", in itself */
const char *catalog_file(const struct catalog *c, size_t i);  /* the NAME it was read as */
bool catalog_rtl(const struct catalog *c, size_t i);	      /* laid out right to left */
size_t catalog_text_count(const struct catalog *c, size_t i); /* texts its file gives */
/* The espeak-ng voice the language's file names ("sv"), or NULL: it has none, and is spoken
 * only where a recording exists (src/speech/speech.h). */
const char *catalog_voice(const struct catalog *c, size_t i);
/* Whether the language's file says its texts are a draft no fluent speaker has read yet
 * ([language] reviewed = no), as a machine-drafted translation is until someone has. */
bool catalog_draft(const struct catalog *c, size_t i);
/* The text ids, in the order first read (Swedish's): for whoever checks every text, such as
 * `check` looking for recordings. k is an index below catalog_id_count. */
size_t catalog_id_count(const struct catalog *c);
const char *catalog_id(const struct catalog *c, size_t k);
/* Recordings the language's file names in its [audio] section, "text-id = path", each said
 * instead of synthesis (docs/speech.md): how many, and each one's text id, path (inside
 * assets/) and line in the file. i is an index below catalog_audio_count. */
size_t catalog_audio_count(const struct catalog *c, size_t lang);
const char *catalog_audio_id(const struct catalog *c, size_t lang, size_t i);
const char *catalog_audio_path(const struct catalog *c, size_t lang, size_t i);
size_t catalog_audio_line(const struct catalog *c, size_t lang, size_t i);
/* Whether path may name a recording: an .ogg or .wav file inside assets/ (relative, no ".."
 * part), as the keyword set's audio: columns and the [audio] sections give them. */
bool catalog_recording_path_valid(const char *path);
/* Index of a language code, or -1. */
int catalog_find(const struct catalog *c, const char *code);
/* Whether code has the shape of a language code: [a-z]{2,3}(-[a-z0-9]{1,8})*, e.g. "so". */
bool catalog_valid_code(const char *code);

/* The text id in language lang; else the Swedish text; else id itself. Never NULL. */
const char *catalog_text(const struct catalog *c, size_t lang, const char *id);
/* The text with its placeholders filled: the arguments after id are pairs of placeholder
 * name and value, ended by NULL, e.g. (c, lang, "sort.progress", "placed", "3", "total",
 * "12", NULL). Placeholders without a value stay as written. Values are put in as they are:
 * pass numbers through catalog_number so they use the language's digits. Caller frees. */
char *catalog_format(const struct catalog *c, size_t lang, const char *id, ...)
	__attribute__((sentinel));
/* n written with the digits of language lang (Arabic-Indic for digits = arabic-indic).
 * Caller frees. */
char *catalog_number(const struct catalog *c, size_t lang, long n);

/* Whether text may stand for id in this catalog: not empty, short enough, placeholders
 * well formed and, when Swedish is loaded, id one of its ids and the placeholders those
 * of the Swedish text. Adds one plain sentence (no file or line) to why per problem. */
bool catalog_check_text(const struct catalog *c, const char *id, const char *text,
			struct diag *why);
/* Replaces the text of id in language code, for site-specific wording from the kiosk
 * configuration. False, changing nothing, when code is not loaded or catalog_check_text
 * refuses the text. */
bool catalog_override(struct catalog *c, const char *code, const char *id, const char *text);
/* Adds one "FILE: message" to out for each Swedish id that language lang has no text for
 * (those show in Swedish), and returns how many. */
size_t catalog_missing(const struct catalog *c, size_t lang, struct diag *out);

#endif
