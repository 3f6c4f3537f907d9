/* What the tally holds of each kiosk's numbered exports, in words: one
 * line per kiosk when all is there, one per run of missing exports ("export
 * 4 of 6 missing — sessions from 12 to 19 March not counted"), and one for
 * every export that came twice or does not follow the one before. The same
 * lines in `tally --imports`, the live view and the HTML report. */
#ifndef VS_REPORT_CHAIN_H
#define VS_REPORT_CHAIN_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "store/tally.h"
#include "store/tally_chain.h"

#include <stdbool.h>
#include <stddef.h>

enum report_lang {
	REPORT_SV,
	REPORT_EN,
};

/* Appends the lines about c, each ended by '\n'. */
void report_chain_text(struct strbuf *sb, const struct tally_chain *c, enum report_lang lang);
/* Whether anything is missing or wrong in c. */
bool report_chain_trouble(const struct tally_chain *c);

/* Every kiosk's lines (report_chain_text) of the tally in one buffer, or
 * with trouble_only those of the kiosks with something missing or wrong
 * (what is published names no kiosk that is in order: a small site's name
 * is not to be singled out); *lines: how many lines, *kiosks: how many
 * kiosks sent numbered exports (either may be NULL). */
bool report_chain_all(struct tally *t, enum report_lang lang, bool trouble_only, struct strbuf *sb,
		      size_t *lines, size_t *kiosks, struct diag *err);

#endif
