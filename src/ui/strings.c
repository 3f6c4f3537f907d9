/* Template filling for translated strings: placeholders by name, never
 * printf formats, so a translation can reorder them and cannot crash us. */
#include "ui/strings.h"

#include "common/strbuf.h"

#include <string.h>

char *strings_progress(const char *tmpl, unsigned long placed, unsigned long total)
{
	struct strbuf sb;
	sb_init(&sb);
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "{placed}", 8) == 0) {
			sb_appendf(&sb, "%lu", placed);
			p += 8;
		} else if (strncmp(p, "{total}", 7) == 0) {
			sb_appendf(&sb, "%lu", total);
			p += 7;
		} else {
			sb_appendn(&sb, p, 1);
			p++;
		}
	}
	if (!sb.data)
		sb_append(&sb, "");
	return sb.data;
}

/* Swedish, the kiosk's first language. Kept here until languages are
 * loaded from data files beside the keyword sets. */
static const struct ui_strings swedish = {
	.title = "Vilka ord ska prägla Norrköping 2035?",
	.instruction = "Dra varje kort till en hög. Lägg det viktigaste överst i "
		       "\"Ska prägla\".",
	.pile = {"Kort", "Ska prägla Norrköping 2035", "Ska inte prägla", "Vet inte"},
	.progress = "{placed} av {total}",
	.done = "Klar",
	.rank_hint = "1 = viktigast",
};

const struct ui_strings *strings_builtin_sv(void)
{
	return &swedish;
}
