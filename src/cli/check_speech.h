/* `visionsort check` on speech: what a language offers, and recordings that do not play. */
#ifndef VS_CHECK_SPEECH_H
#define VS_CHECK_SPEECH_H

#include "common/diag.h"
#include "model/catalog.h"
#include "model/keyset.h"

/* Looks at language lang's speech with the recordings under the data folder's
 * assets/speech: a recording that cannot be decoded is a "PATH: problem" line in problems;
 * a voice espeak-ng lacks, a recording of no text, and (for a language without a voice) each
 * text without a recording are notes. ks (may be NULL) gives the keywords to look for. */
void check_speech(const struct catalog *cat, size_t lang, const struct keyset *ks,
		  struct diag *problems, struct diag *notes);

#endif
