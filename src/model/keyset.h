/* A keyword set: the cards visitors sort, with a label per language.
 *
 * Read from a text file a spreadsheet can edit (format in docs/keyword-format.md): tab-,
 * semicolon- or comma-separated, UTF-8 or UTF-16, as spreadsheets save it. Parsing takes a
 * buffer and a length so that the same code serves files, tests and fuzzers. */
#ifndef VS_KEYSET_H
#define VS_KEYSET_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>

struct keyset;

/* The most keywords one set holds: ten times any real set's (the kiosk
 * deals at most CONFIG_CARDS_MAX of them). The tally refuses an export
 * whose cards name more keywords of one set and version than this
 * (model/plausible.h), so its reports stay a size anyone can read. */
#define KEYSET_MAX_KEYWORDS 500

/* Parses buf[0..len). On success returns the set; on failure NULL with one
 * diag line per problem, each "NAME:LINE: what is wrong" (NAME is the
 * file name to report). */
struct keyset *keyset_parse(const char *buf, size_t len, const char *name, struct diag *err);
/* Reads and parses a file; errors as keyset_parse, or one line naming the
 * file when it cannot be read. */
struct keyset *keyset_load(const char *path, struct diag *err);
void keyset_destroy(struct keyset *ks); /* NULL-safe */

/* How the file was written, as the reader found it. */
enum keyset_separator {
	KEYSET_TAB,
	KEYSET_SEMICOLON,
	KEYSET_COMMA,
};
enum keyset_encoding {
	KEYSET_UTF8, /* with or without a byte-order mark */
	KEYSET_UTF16LE,
	KEYSET_UTF16BE,
};
struct keyset_form {
	enum keyset_separator separator;
	enum keyset_encoding encoding;
};
struct keyset_form keyset_form(const struct keyset *ks);
/* "semicolon-separated, UTF-8", for people. */
const char *keyset_form_name(struct keyset_form form);
/* Cells that look changed by a spreadsheet (a date where an id or a label was expected), one
 * "NAME:LINE: warning: ..." each. They do not stop the set from loading. */
const struct diag *keyset_warnings(const struct keyset *ks);

const char *keyset_id(const struct keyset *ks);	     /* "set-id" metadata */
const char *keyset_version(const struct keyset *ks); /* "version" metadata */
bool keyset_is_sample(const struct keyset *ks);	     /* "sample: yes" metadata */

size_t keyset_count(const struct keyset *ks);
/* Languages in column order; index 0 is always "sv". */
size_t keyset_language_count(const struct keyset *ks);
const char *keyset_language(const struct keyset *ks, size_t lang);
/* Index of a language code, or -1. */
int keyset_language_index(const struct keyset *ks, const char *code);

const char *keyset_keyword_id(const struct keyset *ks, size_t i);
/* Index of a keyword id, or -1. */
long keyset_find(const struct keyset *ks, const char *keyword_id);
/* The label in language lang; falls back to Swedish when that cell is empty. */
const char *keyset_label(const struct keyset *ks, size_t i, size_t lang);
/* Image file name relative to assets/, or NULL. */
const char *keyset_image(const struct keyset *ks, size_t i);
/* Whether keyword i has its own label in lang (else keyset_label shows the Swedish one). */
bool keyset_has_label(const struct keyset *ks, size_t i, size_t lang);
/* The file line keyword i was read from, for messages about it. */
size_t keyset_line(const struct keyset *ks, size_t i);

/* Descriptions: optional simpler texts (a "description:CODE" column, such as
 * description:sv-lattlast), shown under the label and spoken after it. A description
 * belongs to its language alone: no fallback. */
size_t keyset_description_count(const struct keyset *ks); /* description columns */
const char *keyset_description_language(const struct keyset *ks, size_t d);
/* Keyword i's description in language lang ("sv-lattlast"), or NULL when it has none. */
const char *keyset_description(const struct keyset *ks, size_t i, const char *lang);

/* Recordings: an "audio:CODE" column names, for each keyword, a recording of its label in
 * CODE: a path inside assets/ (speech/so/trygghet.ogg), said instead of synthesis
 * (docs/speech.md). No fallback either. */
size_t keyset_audio_count(const struct keyset *ks); /* audio columns */
const char *keyset_audio_language(const struct keyset *ks, size_t d);
/* Keyword i's recording in lang, relative to assets/, or NULL. */
const char *keyset_audio(const struct keyset *ks, size_t i, const char *lang);

#endif
