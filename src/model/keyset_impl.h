/* What the three files of the keyword set share, private to them: keyset_read.c reads lines
 * and cells the way spreadsheets write them, keyset.c holds the rules of a keyword set, and
 * keyset_lookup.c keeps the parsed set and answers the callers' questions about it. */
#ifndef VS_KEYSET_IMPL_H
#define VS_KEYSET_IMPL_H

#include "common/diag.h"
#include "common/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KS_NONE SIZE_MAX

/* ---- messages ---- */

struct ks_report {
	const char *name; /* the file, as messages name it */
	struct diag *err;
	size_t nerr;
};

/* Adds "NAME:LINE: message" and counts it. */
void ks_error(struct ks_report *rep, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Spreadsheet column letters (A, B, ..., Z, AA, ...), so messages match what staff see. */
void ks_column_letters(size_t col, char out[16]);

/* ---- the reader: lines and cells ---- */

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
	const char *buf;
	size_t len, pos;
	size_t line; /* of the cells last read; counts every line of the file */
	struct ks_report *rep;
	char *scratch;
	size_t scratch_len, scratch_cap;
	struct ks_cell *cells;
	size_t ncells, cells_cap;
};

/* Starts reading buf[0..len); false (with the message) when it cannot be read at all. */
bool ks_reader_init(struct ks_reader *r, const char *buf, size_t len, struct ks_report *rep);
/* Reads the next line into cells; false at the end. Reports text that is not UTF-8. */
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

/* Index of the last cell with text, or KS_NONE. A badly quoted cell keeps its text, so it
 * counts. */
size_t ks_last_used_cell(const struct ks_reader *r);

/* ---- the parsed set ---- */

/* Strings live in one pool and are referred to by offset, because the pool moves while it
 * grows during parsing; KS_NONE stands for an empty cell. */
struct ks_row {
	size_t id, image;
	size_t first_label, nlabels; /* labels[first_label + lang] for lang < nlabels */
	size_t line;
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
};

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

#endif
