/* The texts a visitor reads, in one language. Scenes take them from here
 * and never spell a visible word themselves, so that a language is data. */
#ifndef VS_STRINGS_H
#define VS_STRINGS_H

#include "model/session.h"

struct ui_strings {
	const char *title;           /* the question on the sort scene */
	const char *instruction;     /* one line on how to sort */
	const char *pile[PILE_COUNT]; /* zone titles, by enum pile */
	const char *progress;        /* "{placed} av {total}" */
	const char *done;            /* the Done button */
	const char *rank_hint;       /* under the yes title: "1 = viktigast" */
};

/* Replaces {placed} and {total} in tmpl; caller frees. */
char *strings_progress(const char *tmpl, unsigned long placed, unsigned long total);

/* The built-in Swedish texts. */
const struct ui_strings *strings_builtin_sv(void);

#endif
