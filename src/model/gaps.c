/* Finding untranslated labels: a walk over the keywords, one line per gap, in file order so
 * the lines read down the spreadsheet. */
#include "model/gaps.h"

#include <string.h>

size_t gaps_keyset_labels(const struct keyset *ks, size_t lang, const char *file, struct diag *out)
{
	if (lang == 0 || lang >= keyset_language_count(ks))
		return 0;
	size_t missing = 0;
	for (size_t i = 0; i < keyset_count(ks); i++) {
		if (keyset_has_label(ks, i, lang))
			continue;
		diag_add(out, "%s:%zu: the %s label of \"%s\" is empty; it shows in Swedish", file,
			 keyset_line(ks, i), keyset_language(ks, lang), keyset_keyword_id(ks, i));
		missing++;
	}
	return missing;
}

size_t gaps_keyset_language(const struct keyset *ks, const char *code, const char *file,
			    struct diag *out)
{
	int lang = keyset_language_index(ks, code);
	return lang > 0 ? gaps_keyset_labels(ks, (size_t)lang, file, out) : 0;
}
