/* `visionsort check` on speech: what a language offers, and recordings that do not play. */
#ifndef VS_CHECK_SPEECH_H
#define VS_CHECK_SPEECH_H

#include "common/diag.h"
#include "model/catalog.h"
#include "model/keyset.h"

/* Looks at language lang's speech with the recordings under the data folder's
 * assets/speech and those its file and ks (read from keyset_file; may be NULL) name: a
 * recording that cannot be decoded is a "PATH: problem" line in problems (a named one that is
 * missing too, after the FILE:LINE that names it); a voice espeak-ng lacks, a recording of no
 * text, and (for a language without a voice) each text without a recording are notes. ks
 * gives the keywords to look for. */
void check_speech(const struct catalog *cat, size_t lang, const struct keyset *ks,
		  const char *keyset_file, struct diag *problems, struct diag *notes);
/* The recordings ks's audio: columns name, decoded as the kiosk would: one missing or
 * unreadable is a "FILE:LINE: PATH: problem" line in problems. */
void check_speech_keyset(const struct keyset *ks, const char *keyset_file, struct diag *problems);

#endif
