/* INI files read with inih, plus what inih as Debian builds it (r55, INI_MAX_LINE 200, no
 * line numbers for handlers) does not give: the line of every section and key, every
 * syntax error rather than only the first, and a message for a line too long for inih's
 * buffer, which inih would otherwise cut in two without a word. Shared by the language
 * catalogs and the kiosk configuration, so both read and report INI the same way. */
#ifndef VS_INIFILE_H
#define VS_INIFILE_H

#include "common/diag.h"

#include <stddef.h>

/* The longest line, in bytes without its line end, that inih can take whole. */
#define INIFILE_MAX_LINE 198

enum inifile_kind {
	INIFILE_SECTION, /* a [section] header */
	INIFILE_KEY,	 /* key = value */
	INIFILE_MORE,	 /* a line starting with a space: more text for the key above */
};

struct inifile_item {
	enum inifile_kind kind;
	size_t line;
	/* The section the item is in: "" before the first header, NULL after a header too
	 * broken to name one (its keys are then best ignored: the header is the error). */
	const char *section;
	const char *key;   /* KEY and MORE (the key being continued) */
	const char *value; /* KEY and MORE, without surrounding spaces or a " ; comment" */
};

typedef void (*inifile_fn)(void *user, const struct inifile_item *item);

/* Calls fn for every section header, key and continuation of buf[0..len), in file order,
 * and adds one "NAME:LINE: message" to err for each line that is not INI, is not UTF-8,
 * holds control characters or is too long. Returns how many such lines there were. */
size_t inifile_parse(const char *buf, size_t len, const char *name, inifile_fn fn, void *user,
		     struct diag *err);

/* Moves the lines of from, each "NAME:LINE: ...", to the end of to in order of LINE (lines
 * of one line in the order they came), so that a file's problems read top to bottom. */
void inifile_sort_into(struct diag *from, const char *name, struct diag *to);

/* Character count of UTF-8 text (code points), the length a reader sees. */
size_t inifile_chars(const char *s);

#endif
