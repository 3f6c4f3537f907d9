/* The rules of a keyword set: metadata lines above the header, a header naming the columns,
 * one row per keyword. Strict about content, naming every problem with its line so staff
 * can fix them all at once; how lines and cells are read is keyset_read.c's part. */
#include "model/keyset.h"

#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "model/catalog.h"
#include "model/keyset_parser.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ---- */

void keyset_warn(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ks_vadd(&p->warnings, p->rep.name, line, fmt, ap);
	va_end(ap);
}

void report_quote(struct parser *p, size_t line, size_t c)
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
	const char *code = p->pool.data + p->descriptions.langs[d];
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

/* A recording: a path inside assets/ (speech/so/trygghet.ogg), Ogg Vorbis or WAV, as the
 * speech room plays them. */
static void check_audio(struct parser *p, size_t line, size_t d, const char *s)
{
	const char *code = p->pool.data + p->audio.langs[d];
	if (!catalog_recording_path_valid(s))
		ks_error(&p->rep, line,
			 "the %s recording \"%s\" must be an .ogg or .wav file inside assets/, such "
			 "as speech/%s/label.ogg",
			 code, s, code);
}

static void check_image(struct parser *p, size_t line, const char *s, size_t n)
{
	if (s[0] == '.' || memchr(s, '/', n) || memchr(s, '\\', n) || ks_has_control(s, n))
		ks_error(&p->rep, line,
			 "image \"%s\" must be a plain file name inside assets/, such as "
			 "motala.png",
			 s);
}

/* Room for row's cells in x's columns, each empty until a cell fills it. */
static void extra_row(struct ks_extra *x, size_t row)
{
	if (!x->n)
		return;
	xgrow((void **)&x->cells, &x->cap, (row + 1) * x->n, sizeof(*x->cells));
	for (size_t i = 0; i < x->n; i++)
		x->cells[row * x->n + i] = KS_NONE;
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
	extra_row(&p->descriptions, p->nrows);
	extra_row(&p->audio, p->nrows);
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
			p->descriptions.cells[p->nrows * p->descriptions.n + p->col_lang[c]] =
				ks_pool_add(&p->pool, ks_cell_text(&p->rd, c), cl->len);
		} else if (p->kind[c] == COL_AUDIO && cl->len) {
			check_audio(p, line, p->col_lang[c], ks_cell_text(&p->rd, c));
			p->audio.cells[p->nrows * p->audio.n + p->col_lang[c]] =
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
		keyset_parse_comment(p, line);
	else if (!p->header_line)
		keyset_parse_header(p, line);
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
	ks_extra_finish(&p->descriptions);
	ks_extra_finish(&p->audio);
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
	else if (p.nrows > KEYSET_MAX_KEYWORDS)
		ks_error(&p.rep, p.header_line,
			 "the set has %zu keywords, and a keyword set holds at most %d; split it "
			 "into sets of its own",
			 p.nrows, KEYSET_MAX_KEYWORDS);
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
	ks->descriptions = p.descriptions;
	ks->audio = p.audio;
	memset(&p.descriptions, 0, sizeof(p.descriptions));
	memset(&p.audio, 0, sizeof(p.audio));
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
