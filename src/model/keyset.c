/* The rules of a keyword set: metadata lines above the header, a header naming the columns,
 * one row per keyword. Strict about content, naming every problem with its line so staff
 * can fix them all at once; how lines and cells are read is keyset_read.c's part. */
#include "model/keyset.h"

#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "model/keyset_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
static const char *const meta_keys[META_COUNT] = {"set-id", "version", "sample", "title", "note"};

enum col_kind {
	COL_ID,
	COL_LANG,
	COL_IMAGE,
	COL_NOTE,
	COL_DESC, /* description:CODE, an optional simpler text shown and spoken after the label */
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
	size_t data_lines;	   /* rows seen, including rejected ones */
	size_t *desc_langs, ndesc; /* col_lang holds the description index for COL_DESC */
	size_t *descriptions;
	size_t descriptions_cap;

	struct strbuf text;
	struct diag warnings;
};

/* ---- messages ---- */

static void keyset_warn(struct parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void keyset_warn(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ks_vadd(&p->warnings, p->rep.name, line, fmt, ap);
	va_end(ap);
}

static void report_quote(struct parser *p, size_t line, size_t c)
{
	char col[16];
	ks_column_letters(c, col);
	if (ks_cell(&p->rd, c)->quote == QUOTE_OPEN)
		ks_error(&p->rep, line,
			 "column %s starts with a double quote but has no closing quote; "
			 "end the text with \" or remove the opening one",
			 col);
	else
		ks_error(&p->rep, line,
			 "column %s has text after its closing double quote; write a quote "
			 "inside quoted text twice (\"\")",
			 col);
}

/* ---- metadata ---- */

static void metadata_value(struct parser *p, size_t line, enum meta key, const char *v, size_t n)
{
	switch (key) {
	case META_SET_ID:
		if (!ks_valid_name(v, n, "_.-")) {
			ks_error(&p->rep, line,
				 "set-id \"%.*s\" may only use lower-case letters a-z, digits, "
				 "'-', '_' and '.', starting with a letter or digit",
				 (int)n, v);
			return;
		}
		break;
	case META_VERSION: {
		bool ok = n > 0 && n <= VERSION_MAX_DIGITS && v[0] >= '1' && v[0] <= '9';
		for (size_t i = 1; ok && i < n; i++)
			ok = v[i] >= '0' && v[i] <= '9';
		if (!ok) {
			ks_error(&p->rep, line,
				 "version \"%.*s\" is not a whole number; write 1 for the first "
				 "version and raise it by one for each new one",
				 (int)n, v);
			return;
		}
		break;
	}
	case META_SAMPLE:
		if (ks_eq_nocase(v, n, "yes") || ks_eq_nocase(v, n, "true") ||
		    ks_eq_nocase(v, n, "1")) {
			p->meta_val[key] = ks_pool_add(&p->pool, "yes", 3);
			return;
		}
		if (n != 0 && !ks_eq_nocase(v, n, "no") && !ks_eq_nocase(v, n, "false") &&
		    !ks_eq_nocase(v, n, "0"))
			ks_error(&p->rep, line,
				 "sample is \"%.*s\"; write yes for invented test data or no "
				 "for a real keyword set",
				 (int)n, v);
		return;
	default:
		break;
	}
	p->meta_val[key] = ks_pool_add(&p->pool, v, n);
}

/* "# key: value"; anything else starting with # is a plain comment. Only lines above the
 * header describe the set, so a "# note:" between keyword rows stays a comment. */
static void parse_comment(struct parser *p, size_t line)
{
	if (p->header_line)
		return;
	const char *s = ks_cell_text(&p->rd, 0) + 1;
	const char *colon = strchr(s, ':');
	if (!colon)
		return;
	while (s < colon && *s == ' ')
		s++;
	size_t klen = (size_t)(colon - s);
	while (klen > 0 && s[klen - 1] == ' ')
		klen--;
	enum meta key = META_COUNT;
	for (int k = 0; k < META_COUNT; k++)
		if (ks_eq_nocase(s, klen, meta_keys[k]))
			key = (enum meta)k;
	if (key == META_COUNT)
		return;
	if (p->meta_line[key]) {
		ks_error(&p->rep, line,
			 "\"%s\" is given twice (first on line %zu); keep one of them",
			 meta_keys[key], p->meta_line[key]);
		return;
	}
	p->meta_line[key] = line;

	/* A value may go on into more cells when it held the separator; empty cells the
	 * spreadsheet added at the end are not part of it. */
	sb_clear(&p->text);
	sb_appendn(&p->text, colon + 1,
		   ks_cell(&p->rd, 0)->len - (size_t)(colon + 1 - ks_cell_text(&p->rd, 0)));
	size_t last = ks_last_used_cell(&p->rd);
	for (size_t c = 1; c <= last; c++) {
		sb_appendn(&p->text, &p->rd.sep, 1);
		sb_appendn(&p->text, ks_cell_text(&p->rd, c), ks_cell(&p->rd, c)->len);
	}
	/* cells are trimmed already, and the last one is not empty: only the start needs it */
	const char *v = sb_str(&p->text);
	size_t n = p->text.len;
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	metadata_value(p, line, key, v, n);
}

/* ---- header row ---- */

/* "description:CODE": the column's description index goes into col_lang. */
static bool header_description(struct parser *p, size_t line, size_t c, const char *name, size_t n)
{
	size_t skip = strlen(KS_DESCRIPTION_PREFIX);
	if (!ks_valid_language(name + skip, n - skip)) {
		char col[16];
		ks_column_letters(c, col);
		ks_error(&p->rep, line,
			 "column %s \"%s\" names no language; write description: and a language "
			 "code, such as description:sv-lattlast",
			 col, ks_cell_text(&p->rd, c));
		return false;
	}
	p->desc_langs = xrealloc(p->desc_langs, (p->ndesc + 1) * sizeof(*p->desc_langs));
	p->col_lang[c] = p->ndesc;
	p->desc_langs[p->ndesc++] = ks_pool_add(&p->pool, name + skip, n - skip);
	return true;
}

static void parse_header(struct parser *p, size_t line)
{
	p->header_line = line;
	p->ncols = ks_last_used_cell(&p->rd) + 1;
	p->kind = xmalloc(p->ncols * sizeof(*p->kind));
	p->col_lang = xmalloc(p->ncols * sizeof(*p->col_lang));
	p->nlang = 1;
	xgrow((void **)&p->langs, &p->langs_cap, 1, sizeof(*p->langs));
	p->langs[0] = ks_pool_add(&p->pool, "sv", 2);

	for (size_t c = 0; c < p->ncols; c++) {
		char col[16];
		ks_column_letters(c, col);
		const struct ks_cell *cl = ks_cell(&p->rd, c);
		const char *written = ks_cell_text(&p->rd, c);
		size_t n = cl->len;
		/* matched in lower case, quoted in messages as the spreadsheet shows it */
		sb_clear(&p->text);
		for (size_t i = 0; i < n; i++) {
			char lower = ks_lower(written[i]);
			sb_appendn(&p->text, &lower, 1);
		}
		const char *name = sb_str(&p->text);
		p->kind[c] = COL_BAD;
		p->col_lang[c] = KS_NONE;
		if (cl->quote != QUOTE_NONE) {
			report_quote(p, line, c);
			continue;
		}
		if (n == 0) {
			ks_error(&p->rep, line,
				 "column %s has no name; name it with a language code such as en, "
				 "or delete the column",
				 col);
			continue;
		}
		size_t earlier = ks_index_get(&p->cols, p->pool.data, name, n);
		if (earlier != KS_NONE) {
			char first[16];
			ks_column_letters(earlier, first);
			ks_error(&p->rep, line,
				 "column %s \"%s\" repeats column %s; delete one of them", col,
				 written, first);
			continue;
		}
		enum col_kind kind = COL_LANG;
		if (ks_eq_nocase(name, n, "id")) {
			kind = COL_ID;
			p->id_col = c;
		} else if (ks_eq_nocase(name, n, "sv")) {
			p->sv_col = c;
			p->col_lang[c] = 0;
		} else if (ks_eq_nocase(name, n, "image")) {
			kind = COL_IMAGE;
		} else if (ks_eq_nocase(name, n, "note")) {
			kind = COL_NOTE;
		} else if (strncmp(name, KS_DESCRIPTION_PREFIX, strlen(KS_DESCRIPTION_PREFIX)) ==
			   0) {
			if (!header_description(p, line, c, name, n))
				continue;
			kind = COL_DESC;
		} else if (ks_valid_language(name, n)) {
			xgrow((void **)&p->langs, &p->langs_cap, p->nlang + 1, sizeof(*p->langs));
			p->col_lang[c] = p->nlang;
			p->langs[p->nlang++] = ks_pool_add(&p->pool, name, n);
		} else {
			bool mixed = ks_other_separator(&p->rd, name, n) != 0;
			ks_error(&p->rep, line,
				 "column %s \"%s\" is not id, sv, image, note or a language code "
				 "such as en or ar%s%s",
				 col, written,
				 mixed ? "; the header row mixes separators, separate all its "
					 "columns by "
				       : "",
				 mixed ? ks_separator_plural(p->rd.sep) : "");
			continue;
		}
		p->kind[c] = kind;
		size_t off = ks_pool_add(&p->pool, name, n);
		ks_index_put(&p->cols, p->pool.data, off, n, c);
	}
	if (p->id_col == KS_NONE)
		ks_error(&p->rep, line,
			 "the header row has no \"id\" column; add one holding each keyword's "
			 "permanent id");
	if (p->sv_col == KS_NONE)
		ks_error(&p->rep, line,
			 "the header row has no \"sv\" column; add one holding the Swedish labels");
}

/* ---- keyword rows ---- */

/* True when the id is well-formed and new, so later rows must not repeat it. */
static bool check_id(struct parser *p, size_t line, const char *id, size_t n)
{
	if (n == 0) {
		ks_error(&p->rep, line,
			 "the row has no id; give it a permanent id such as kunskapsstad");
	} else if (memchr(id, '\n', n)) {
		ks_error(&p->rep, line, "the id holds a line break; write it on one line");
	} else if (!ks_valid_name(id, n, "_-") && ks_looks_like_date(id, n)) {
		ks_error(&p->rep, line,
			 "id \"%s\" is a date, which a spreadsheet may have made of the id typed; "
			 "set the id column's type to Text and type the id again",
			 id);
	} else if (!ks_valid_name(id, n, "_-")) {
		ks_error(&p->rep, line,
			 "id \"%s\" may only use lower-case letters a-z, digits, '-' and '_' "
			 "(no spaces, capitals or å ä ö), starting with a letter or digit",
			 id);
	} else if (n > ID_MAX_BYTES) {
		/* only ASCII gets here, so bytes are characters */
		ks_error(&p->rep, line, "id \"%s\" is %zu characters long; use at most %d", id, n,
			 ID_MAX_BYTES);
	} else {
		size_t earlier = ks_index_get(&p->ids, p->pool.data, id, n);
		if (earlier == KS_NONE && ks_looks_like_date(id, n))
			keyset_warn(
				p, line,
				"warning: id \"%s\" looks like a date; if a spreadsheet changed the "
				"id typed, set the id column's type to Text and type it again",
				id);
		if (earlier == KS_NONE)
			return true;
		ks_error(&p->rep, line, "duplicate id \"%s\" (first on line %zu)", id,
			 p->rows[earlier].line);
	}
	return false;
}

static void check_label(struct parser *p, size_t line, size_t lang, const char *s, size_t n)
{
	const char *code = p->pool.data + p->langs[lang];
	size_t chars = utf8_count(s, n);
	if (chars > LABEL_MAX_CHARS)
		ks_error(&p->rep, line,
			 "the %s label is %zu characters long; at most %d fit on a card, "
			 "shorten it",
			 code, chars, LABEL_MAX_CHARS);
	if (memchr(s, '\n', n))
		ks_error(&p->rep, line, "the %s label holds a line break; write it on one line",
			 code);
	else if (ks_has_control(s, n))
		ks_error(&p->rep, line, "the %s label contains a control character; remove it",
			 code);
	else if (ks_looks_like_date(s, n))
		keyset_warn(
			p, line,
			"warning: the %s label \"%s\" looks like a date; if a spreadsheet changed "
			"the text typed, set the column's type to Text and type it again",
			code, s);
}

static void check_description(struct parser *p, size_t line, size_t d, const char *s, size_t n)
{
	const char *code = p->pool.data + p->desc_langs[d];
	size_t chars = utf8_count(s, n);
	if (chars > DESCRIPTION_MAX_CHARS)
		ks_error(&p->rep, line,
			 "the %s description is %zu characters long; keep it to %d, a sentence or "
			 "two",
			 code, chars, DESCRIPTION_MAX_CHARS);
	if (ks_has_control(s, n))
		ks_error(&p->rep, line,
			 "the %s description contains a control character or line break; remove it",
			 code);
}

static void check_image(struct parser *p, size_t line, const char *s, size_t n)
{
	if (s[0] == '.' || memchr(s, '/', n) || memchr(s, '\\', n) || ks_has_control(s, n))
		ks_error(&p->rep, line,
			 "image \"%s\" must be a plain file name inside assets/, such as "
			 "motala.png",
			 s);
}

static void parse_row(struct parser *p, size_t line)
{
	p->data_lines++;
	size_t last = ks_last_used_cell(&p->rd);
	char other = last == 0 && p->ncols > 1 ? ks_other_separator(&p->rd, ks_cell_text(&p->rd, 0),
								    ks_cell(&p->rd, 0)->len)
					       : 0;
	if (other) {
		/* its cells would each be reported wrong, for one cause */
		ks_error(&p->rep, line,
			 "the row is one cell separated by %s, but the header row by %s; "
			 "separate this row's cells by %s too",
			 ks_separator_plural(other), ks_separator_plural(p->rd.sep),
			 ks_separator_plural(p->rd.sep));
		return;
	}
	size_t used = last + 1 < p->ncols ? last + 1 : p->ncols;
	if (last + 1 > p->ncols) {
		char col[16];
		ks_column_letters(last, col);
		ks_error(&p->rep, line,
			 "the row has text in column %s, but the header row names only %zu "
			 "columns; delete that text or name its column",
			 col, p->ncols);
	}
	for (size_t c = 0; c < used; c++)
		if (ks_cell(&p->rd, c)->quote != QUOTE_NONE)
			report_quote(p, line, c);
	if (p->id_col == KS_NONE || p->sv_col == KS_NONE)
		return;

	const char *id = p->id_col < used ? ks_cell_text(&p->rd, p->id_col) : "";
	size_t id_len = p->id_col < used ? ks_cell(&p->rd, p->id_col)->len : 0;
	bool fresh = check_id(p, line, id, id_len);
	const char *sv = p->sv_col < used ? ks_cell_text(&p->rd, p->sv_col) : "";
	if (!*sv)
		ks_error(&p->rep, line,
			 "the Swedish label (column sv) is empty; every keyword needs one");

	xgrow((void **)&p->rows, &p->rows_cap, p->nrows + 1, sizeof(*p->rows));
	struct ks_row *r = &p->rows[p->nrows];
	r->line = line;
	r->image = KS_NONE;
	r->first_label = p->nlabels;
	r->nlabels = 0;
	if (p->ndesc) {
		/* room for this row's descriptions, one per description column */
		xgrow((void **)&p->descriptions, &p->descriptions_cap, (p->nrows + 1) * p->ndesc,
		      sizeof(*p->descriptions));
		for (size_t i = 0; i < p->ndesc; i++)
			p->descriptions[p->nrows * p->ndesc + i] = KS_NONE;
	}
	for (size_t c = 0; c < used; c++) {
		const struct ks_cell *cl = ks_cell(&p->rd, c);
		if (p->kind[c] == COL_LANG) {
			size_t lang = p->col_lang[c];
			check_label(p, line, lang, ks_cell_text(&p->rd, c), cl->len);
			xgrow((void **)&p->labels, &p->labels_cap, r->first_label + lang + 1,
			      sizeof(*p->labels));
			/* languages other than sv follow column order, so the ones a short row
			 * reaches are a prefix and its labels stay contiguous */
			while (r->nlabels <= lang)
				p->labels[r->first_label + r->nlabels++] = KS_NONE;
			if (cl->len)
				p->labels[r->first_label + lang] =
					ks_pool_add(&p->pool, ks_cell_text(&p->rd, c), cl->len);
		} else if (p->kind[c] == COL_DESC && cl->len) {
			check_description(p, line, p->col_lang[c], ks_cell_text(&p->rd, c),
					  cl->len);
			p->descriptions[p->nrows * p->ndesc + p->col_lang[c]] =
				ks_pool_add(&p->pool, ks_cell_text(&p->rd, c), cl->len);
		} else if (p->kind[c] == COL_IMAGE && cl->len) {
			check_image(p, line, ks_cell_text(&p->rd, c), cl->len);
			r->image = ks_pool_add(&p->pool, ks_cell_text(&p->rd, c), cl->len);
		}
	}
	p->nlabels = r->first_label + r->nlabels;
	r->id = ks_pool_add(&p->pool, id, id_len);
	if (fresh)
		ks_index_put(&p->ids, p->pool.data, r->id, id_len, p->nrows);
	p->nrows++;
}

/* ---- the whole file ---- */

static void parse_line(struct parser *p, size_t line)
{
	if (ks_last_used_cell(&p->rd) == KS_NONE)
		return;
	if (ks_record_is_comment(&p->rd))
		parse_comment(p, line);
	else if (!p->header_line)
		parse_header(p, line);
	else
		parse_row(p, line);
}

static void parser_finish(struct parser *p)
{
	sb_finish(&p->pool);
	sb_finish(&p->text);
	free(p->kind);
	free(p->col_lang);
	free(p->langs);
	free(p->rows);
	free(p->labels);
	free(p->ids.slots);
	free(p->cols.slots);
	free(p->desc_langs);
	free(p->descriptions);
	diag_finish(&p->warnings);
	ks_reader_finish(&p->rd);
}

struct keyset *keyset_parse(const char *buf, size_t len, const char *name, struct diag *err)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.rep.name = name;
	p.rep.err = err;
	p.id_col = p.sv_col = KS_NONE;
	for (int k = 0; k < META_COUNT; k++)
		p.meta_val[k] = KS_NONE;

	diag_init(&p.warnings);
	ks_reader_init(&p.rd, buf, len, &p.rep);
	while (ks_reader_next(&p.rd))
		parse_line(&p, p.rd.line);

	if (!p.meta_line[META_SET_ID])
		ks_error(&p.rep, 1,
			 "the file has no set-id; add a line \"# set-id: NAME\" at the top, NAME in "
			 "lower-case letters, digits and '-'");
	if (!p.header_line)
		ks_error(&p.rep, 1,
			 "the file has no header row; add a line naming the columns, such as id, sv "
			 "and en separated by tabs");
	else if (p.data_lines == 0)
		ks_error(&p.rep, p.header_line,
			 "there are no keywords; add one row per keyword below the header row");
	if (p.rep.nerr) {
		parser_finish(&p);
		return NULL;
	}

	struct keyset *ks = xcalloc(1, sizeof(*ks));
	if (p.meta_val[META_VERSION] == KS_NONE)
		p.meta_val[META_VERSION] = ks_pool_add(&p.pool, "1", 1);
	ks->set_id = p.meta_val[META_SET_ID];
	ks->version = p.meta_val[META_VERSION];
	ks->sample = p.meta_val[META_SAMPLE] != KS_NONE;
	ks->pool = p.pool.data;
	ks->langs = p.langs;
	ks->nlang = p.nlang;
	ks->rows = p.rows;
	ks->nrows = p.nrows;
	ks->labels = p.labels;
	ks->ids = p.ids;
	ks->form = p.rd.form;
	ks->desc_langs = p.desc_langs;
	ks->ndesc = p.ndesc;
	ks->descriptions = p.descriptions;
	p.desc_langs = NULL;
	p.descriptions = NULL;
	ks->warnings = p.warnings;
	diag_init(&p.warnings);
	p.pool.data = NULL;
	p.langs = NULL;
	p.rows = NULL;
	p.labels = NULL;
	p.ids.slots = NULL;
	parser_finish(&p);
	return ks;
}
