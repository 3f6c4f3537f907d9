/* What the files of the keyword set share, private to them: keyset_read.c reads records and
 * cells the way spreadsheets write them, keyset_names.c knows what ids, column names and dates
 * look like, keyset.c holds the rules of a keyword set, and keyset_lookup.c keeps the parsed
 * set and answers the callers' questions about it. */
#ifndef VS_KEYSET_IMPL_H
#define VS_KEYSET_IMPL_H

#include "common/diag.h"
#include "common/strbuf.h"
#include "model/keyset.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KS_NONE SIZE_MAX
/* A column "description:CODE" holds simpler texts in language CODE (keyset_description); a
 * column "audio:CODE" a recording of each label in CODE, a file under assets/ (keyset_audio). */
#define KS_DESCRIPTION_PREFIX "description:"
#define KS_AUDIO_PREFIX "audio:"

/* ---- messages ---- */

struct ks_report {
	const char *name; /* the file, as messages name it */
	struct diag *err;
	size_t nerr;
};

/* Adds "NAME:LINE: message" to d (which may be NULL), always on one line. */
void ks_vadd(struct diag *d, const char *name, size_t line, const char *fmt, va_list ap);
/* ks_vadd to rep->err, counted. */
void ks_error(struct ks_report *rep, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Spreadsheet column letters (A, B, ..., Z, AA, ...), so messages match what staff see. */
void ks_column_letters(size_t col, char out[16]);

/* ---- the reader: lines and cells (keyset_read.c) ---- */

enum ks_quote {
	QUOTE_NONE,	/* unquoted, or quoted and closed properly */
	QUOTE_OPEN,	/* a quote opened and never closed: the text is kept as written */
	QUOTE_TRAILING, /* text after the closing quote: kept as written */
};

struct ks_cell {
	size_t off, len; /* into the reader's scratch, NUL-terminated there */
	enum ks_quote quote;
};

struct ks_reader {
	const char *buf; /* UTF-8: the file itself, or decoded from UTF-16 */
	size_t len, pos, start;
	char *decoded;
	struct keyset_form form;
	char sep;
	size_t line;	  /* where the record last read starts; counts every line of the file */
	size_t next_line; /* the line at pos */
	bool quiet;	  /* while looking for the separator, report nothing */
	size_t utf8_errors;
	struct ks_report *rep;
	char *scratch;
	size_t scratch_len, scratch_cap;
	struct ks_cell *cells;
	size_t ncells, cells_cap;
};

/* Starts reading buf[0..len): finds the encoding and, from the header row, the separator.
 * UTF-16 that does not decode is reported here, each with its line. */
void ks_reader_init(struct ks_reader *r, const char *buf, size_t len, struct ks_report *rep);
/* Reads the next record (a line, or more when a quoted cell holds line breaks) into cells;
 * false at the end. Reports lines that are not UTF-8. */
bool ks_reader_next(struct ks_reader *r);
void ks_reader_finish(struct ks_reader *r);

static inline const struct ks_cell *ks_cell(const struct ks_reader *r, size_t c)
{
	return &r->cells[c];
}

static inline const char *ks_cell_text(const struct ks_reader *r, size_t c)
{
	return r->scratch + r->cells[c].off;
}

/* Index of the last cell with text, or KS_NONE (a blank record). A badly quoted cell keeps
 * its text, so it counts. */
size_t ks_last_used_cell(const struct ks_reader *r);
/* "tabs", "semicolons" or "commas", as messages name a separator. */
const char *ks_separator_plural(char sep);
/* A separator other than the file's in s[0..n), or 0: a sign that a row or the header was
 * written with another one. */
char ks_other_separator(const struct ks_reader *r, const char *s, size_t n);
/* Whether the record is a comment: its first cell, properly quoted or not quoted, starts
 * with '#'. */
bool ks_record_is_comment(const struct ks_reader *r);

/* ---- the parsed set ---- */

/* Strings live in one pool and are referred to by offset, because the pool moves while it
 * grows during parsing; KS_NONE stands for an empty cell. */
struct ks_row {
	size_t id, image;
	size_t first_label, nlabels; /* labels[first_label + lang] for lang < nlabels */
	size_t line;
};

/* Columns of one kind with a language each (description:CODE, audio:CODE): cells[row * n + d],
 * pool offsets or KS_NONE where empty; langs[d] is column d's language. */
struct ks_extra {
	size_t *langs, n;
	size_t *cells;
	size_t cap; /* while parsing: cells allocated */
};

/* Open addressing over pool offsets: ids must be found fast even in a fuzzer's huge file. */
struct ks_slot {
	size_t off, len, val;
};
struct ks_index {
	struct ks_slot *slots;
	size_t cap, count;
};

struct keyset {
	char *pool;
	size_t set_id, version;
	bool sample;
	size_t *langs;
	size_t nlang;
	struct ks_row *rows;
	size_t nrows;
	size_t *labels;
	struct ks_index ids;
	struct keyset_form form;
	struct diag warnings;
	struct ks_extra descriptions, audio;
};

void ks_extra_finish(struct ks_extra *x);

/* Adds s[0..n) and its terminator to the pool; returns its offset. */
size_t ks_pool_add(struct strbuf *pool, const char *s, size_t n);
/* The value stored with s[0..n), or KS_NONE. */
size_t ks_index_get(const struct ks_index *ix, const char *pool, const char *s, size_t n);
/* Adds pool[off..off+len) as a key known to be absent. */
void ks_index_put(struct ks_index *ix, const char *pool, size_t off, size_t len, size_t val);

/* ASCII letters in lower case; what a keyword set compares names by. */
char ks_lower(char c);
/* Whether s[0..n) is word in any case of ASCII letters (word in lower case). */
bool ks_eq_nocase(const char *s, size_t n, const char *word);

/* ---- names and cells (keyset_names.c) ---- */

/* [a-z0-9] then any of [a-z0-9] and the characters in extra. */
bool ks_valid_name(const char *s, size_t n, const char *extra);
/* [a-z]{2,3}(-[a-z0-9]{1,8})*, the shape of BCP 47 tags in lower case. */
bool ks_valid_language(const char *s, size_t n);
/* Whether a header cell names a column the rules know, in any case: id, sv, image, note, a
 * language code, or description: or audio: and a language code. */
bool ks_known_column(const char *s, size_t n);
bool ks_has_control(const char *s, size_t n);
/* Whether a cell reads as a date a spreadsheet wrote (2035-01-02, 1/2/35, 2-Jan): what its
 * type detection makes of "1-2" or "1/2" typed into a cell not set to Text. */
bool ks_looks_like_date(const char *s, size_t n);

#endif
