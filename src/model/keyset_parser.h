/* The keyword-set parser's state, shared by the rules of its metadata and header
 * (keyset_header.c) and of its rows and the whole file (keyset.c). Private to them. */
#ifndef VS_KEYSET_PARSER_H
#define VS_KEYSET_PARSER_H

#include "common/strbuf.h"
#include "model/keyset_impl.h"

#include <stddef.h>

#define ID_MAX_BYTES 64
#define LABEL_MAX_CHARS 60
#define DESCRIPTION_MAX_CHARS 200
#define VERSION_MAX_DIGITS 9

enum meta {
	META_SET_ID,
	META_VERSION,
	META_SAMPLE,
	META_TITLE,
	META_NOTE,
	META_COUNT
};
/* The metadata keys, in enum meta order. */
extern const char *const ks_meta_keys[META_COUNT];

enum col_kind {
	COL_ID,
	COL_LANG,
	COL_IMAGE,
	COL_NOTE,
	COL_DESC,  /* description:CODE, an optional simpler text shown and spoken after the label */
	COL_AUDIO, /* audio:CODE, a recording of the label in CODE, said instead of synthesis */
	COL_BAD
};

struct parser {
	struct ks_report rep;
	struct ks_reader rd;
	struct strbuf pool;

	size_t meta_line[META_COUNT];
	size_t meta_val[META_COUNT];

	size_t header_line;
	size_t ncols;
	enum col_kind *kind;
	size_t *col_lang;
	size_t id_col, sv_col;
	struct ks_index cols;
	size_t *langs;
	size_t nlang, langs_cap;

	struct ks_row *rows;
	size_t nrows, rows_cap;
	size_t *labels;
	size_t nlabels, labels_cap;
	struct ks_index ids;
	size_t data_lines; /* rows seen, including rejected ones */
	/* col_lang holds the column's index among its kind for COL_DESC and COL_AUDIO */
	struct ks_extra descriptions, audio;

	struct strbuf text;
	struct diag warnings;
};

/* A warning (FILE:LINE: warning: ...) that does not stop the set loading. */
void keyset_warn(struct parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The problem with column c's quotes on this line. */
void report_quote(struct parser *p, size_t line, size_t c);
/* A metadata line ("# key: value") or a comment above the header. */
void keyset_parse_comment(struct parser *p, size_t line);
/* The header row naming the columns. */
void keyset_parse_header(struct parser *p, size_t line);

#endif
