/* INI files, read by a small reader of our own: the line of every section and key, every
 * syntax error rather than only the first, each "NAME:LINE: message", and lines of any
 * length. Shared by the language catalogs and the kiosk configuration, so both read and
 * report INI the same way.
 *
 * The rules, line by line: a line is first checked for UTF-8 and control characters. Blank
 * lines and lines starting with ';' or '#' are comments. A line that starts with a space or
 * tab, after a key, goes on with that key's text. "[name]" starts a section. Otherwise the
 * line is "key = value" (or "key: value"). Anywhere, a ';' after a space or tab starts a
 * comment that runs to the end of the line (so "[a ;b]" has no closing ']'); a '#' only at
 * the start of a line. Keys and values lose the spaces and tabs around them. These are the
 * rules the files were first read by (inih's), so that files written then mean the same. */
#ifndef VS_INIFILE_H
#define VS_INIFILE_H

#include "common/diag.h"

#include <stddef.h>

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
 * and adds one "NAME:LINE: message" to err for each line that is not INI, is not UTF-8 or
 * holds control characters. Returns how many such lines there were. */
size_t inifile_parse(const char *buf, size_t len, const char *name, inifile_fn fn, void *user,
		     struct diag *err);

/* Moves the lines of from, each "NAME:LINE: ...", to the end of to in order of LINE (lines
 * of one line in the order they came), so that a file's problems read top to bottom. */
void inifile_sort_into(struct diag *from, const char *name, struct diag *to);

#endif
