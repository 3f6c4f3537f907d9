/* What a language still lacks in a keyword set: the labels that will show in Swedish. For
 * `visionsort check`, so that a translator finds every gap before visitors do (the texts of
 * the language files have catalog_missing). */
#ifndef VS_GAPS_H
#define VS_GAPS_H

#include "common/diag.h"
#include "model/keyset.h"

#include <stddef.h>

/* Adds "FILE:LINE: the CODE label of \"id\" is empty; it shows in Swedish" to out for each
 * keyword without its own label in language lang (a column index), and returns how many.
 * file is the keyword set's name in messages. */
size_t gaps_keyset_labels(const struct keyset *ks, size_t lang, const char *file, struct diag *out);
/* The same for a language by code, as a kiosk configuration offers it. Nothing for Swedish,
 * which never lacks a label, nor for a code without a column (config_check_keyset says
 * whether that is allowed). */
size_t gaps_keyset_language(const struct keyset *ks, const char *code, const char *file,
			    struct diag *out);

#endif
