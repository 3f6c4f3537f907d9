/* The recordings a keyword set (audio:CODE columns) and the language files ([audio]
 * sections) name, gathered the one way the kiosk plays them and `check` checks them
 * (docs/speech.md). */
#ifndef VS_RECORDED_H
#define VS_RECORDED_H

#include "model/catalog.h"
#include "model/keyset.h"
#include "speech/speech.h"

#include <stddef.h>

struct recorded {
	struct speech_recording *recs; /* lang, id and path (under assets_dir) of each */
	char **where;		       /* "FILE:LINE" that names each, for messages */
	size_t count;
};

/* Every recording cat's languages and ks (read from keyset_file; ks may be NULL) name, with
 * paths under assets_dir. The languages' own strings are borrowed: cat and ks must outlive
 * out. */
void recorded_collect(struct recorded *out, const struct catalog *cat, const struct keyset *ks,
		      const char *keyset_file, const char *assets_dir);
void recorded_finish(struct recorded *r);

#endif
