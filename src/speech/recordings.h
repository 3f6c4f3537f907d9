/* The recordings a kiosk has: assets/speech/<lang>/<text-id>.ogg (or .wav), a person's voice
 * saying one text, for languages espeak-ng has no voice for or where a voice reads a text
 * badly. Found once, at start, so that asking whether a text has one touches no disk. */
#ifndef VS_SPEECH_RECORDINGS_H
#define VS_SPEECH_RECORDINGS_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>

struct recordings;

/* Lists dir/<lang>/<id>.{ogg,wav}. A missing dir means no recordings (not an error); a
 * folder that cannot be read, and two recordings of one text, add a line to err and the
 * rest is still used. Never NULL. */
struct recordings *recordings_scan(const char *dir, struct diag *err);
void recordings_destroy(struct recordings *r); /* NULL-safe */
/* Makes path the recording of text id in lang, in place of one found in the folder: a
 * keyword set or a language file named it. */
void recordings_name(struct recordings *r, const char *lang, const char *id, const char *path);

/* The path of the recording of text id in lang, or NULL. */
const char *recordings_find(const struct recordings *r, const char *lang, const char *id);
/* Whether lang has any recording at all. */
bool recordings_any(const struct recordings *r, const char *lang);

size_t recordings_count(const struct recordings *r);
const char *recordings_lang(const struct recordings *r, size_t i);
const char *recordings_id(const struct recordings *r, size_t i);
const char *recordings_path(const struct recordings *r, size_t i);

#endif
