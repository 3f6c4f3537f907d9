/* Keyword set files: lenient about what spreadsheets write (BOM, CRLF, quotes, stray tabs),
 * strict about content, and naming every problem with its line so staff can fix them all. */
#include "model/keyset.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX_BYTES 64
#define LABEL_MAX_CHARS 60
#define DESCRIPTION_MAX_CHARS 200
#define DESCRIPTION_PREFIX "description:"
#define VERSION_MAX_DIGITS 9
#define NONE SIZE_MAX

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

enum quote {
	QUOTE_NONE,
	QUOTE_OPEN,
	QUOTE_TRAILING
};

/* Strings live in one pool and are referred to by offset, because the pool moves while it grows
 * during parsing; NONE stands for an empty cell. */
struct kwrow {
	size_t id, image;
	size_t first_label, nlabels; /* labels[first_label + lang] for lang < nlabels */
	size_t line;
};

/* Open addressing over pool offsets: ids must be found fast even in a fuzzer's huge file. */
struct slot {
	size_t off, len, val;
};
struct index {
	struct slot *slots;
	size_t cap, count;
};

struct keyset {
	char *pool;
	size_t set_id, version;
	bool sample;
	size_t *langs;
	size_t nlang;
	struct kwrow *rows;
	size_t nrows;
	size_t *labels;
	struct index ids;
	/* descriptions[row * ndesc + d], NONE where empty; desc_langs[d] is the language code */
	size_t *desc_langs, ndesc;
	size_t *descriptions;
};

struct cell {
	size_t off, len; /* into the line scratch, NUL-terminated there */
	enum quote quote;
};

struct parser {
	const char *name;
	struct diag *err;
	size_t nerr;
	struct strbuf pool;

	size_t meta_line[META_COUNT];
	size_t meta_val[META_COUNT];

	size_t header_line;
	size_t ncols;
	enum col_kind *kind;
	size_t *col_lang;
	size_t id_col, sv_col;
	struct index cols;
	size_t *langs;
	size_t nlang, langs_cap;

	struct kwrow *rows;
	size_t nrows, rows_cap;
	size_t *labels;
	size_t nlabels, labels_cap;
	struct index ids;
	size_t data_lines;	   /* rows seen, including rejected ones */
	size_t *desc_langs, ndesc; /* col_lang holds the description index for COL_DESC */
	size_t *descriptions;
	size_t descriptions_cap;

	char *scratch;
	size_t scratch_len, scratch_cap;
	struct cell *cells;
	size_t ncells, cells_cap;
	struct strbuf text;
};

static void keyset_error(struct parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void keyset_error(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_at(p->err, p->name, line, fmt, ap);
	va_end(ap);
	p->nerr++;
}

/* ---- small text helpers ---- */

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool eq_nocase(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n && word[i]; i++)
		if (ascii_lower(s[i]) != word[i])
			return false;
	return i == n && word[i] == '\0';
}

/* [a-z0-9] then any of [a-z0-9] and the characters in extra. */
static bool valid_name(const char *s, size_t n, const char *extra)
{
	if (n == 0 || !is_lower_alnum(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_lower_alnum(s[i]) && (s[i] == '\0' || !strchr(extra, s[i])))
			return false;
	return true;
}

/* [a-z]{2,3}(-[a-z0-9]{1,8})*, the shape of BCP 47 tags in lower case. */
static bool valid_language(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	while (i < n) {
		if (s[i] != '-')
			return false;
		size_t start = ++i;
		while (i < n && is_lower_alnum(s[i]))
			i++;
		if (i == start || i - start > 8)
			return false;
	}
	return true;
}

/* Characters as a reader counts them: code points, so Arabic and å ä ö count once. */
static size_t utf8_length(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xc0) != 0x80;
	return count;
}

static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* Spreadsheet column letters (A, B, ..., Z, AA, ...), so messages match what staff see. */
static void column_letters(size_t col, char out[16])
{
	char rev[16];
	size_t n = 0;
	for (size_t c = col + 1; c > 0; c = (c - 1) / 26)
		rev[n++] = (char)('A' + (c - 1) % 26);
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/* ---- the string pool and its index ---- */

static size_t pool_add(struct strbuf *pool, const char *s, size_t n)
{
	size_t off = pool->len;
	sb_appendn(pool, s, n);
	sb_appendn(pool, "", 1); /* keep the terminator inside the pool */
	return off;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static size_t index_get(const struct index *ix, const char *pool, const char *s, size_t n)
{
	if (ix->cap == 0)
		return NONE;
	for (size_t i = hash_bytes(s, n) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
		const struct slot *sl = &ix->slots[i];
		if (sl->off == NONE)
			return NONE;
		if (sl->len == n && memcmp(pool + sl->off, s, n) == 0)
			return sl->val;
	}
}

static void index_insert(struct slot *slots, size_t cap, const char *pool, struct slot sl)
{
	size_t i = hash_bytes(pool + sl.off, sl.len) & (cap - 1);
	while (slots[i].off != NONE)
		i = (i + 1) & (cap - 1);
	slots[i] = sl;
}

/* Adds pool[off..off+len) as a key known to be absent; keeps the table at most half full. */
static void index_put(struct index *ix, const char *pool, size_t off, size_t len, size_t val)
{
	if (2 * (ix->count + 1) > ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 16;
		struct slot *slots = xmalloc(cap * sizeof(*slots));
		for (size_t i = 0; i < cap; i++)
			slots[i].off = NONE;
		for (size_t i = 0; i < ix->cap; i++)
			if (ix->slots[i].off != NONE)
				index_insert(slots, cap, pool, ix->slots[i]);
		free(ix->slots);
		ix->slots = slots;
		ix->cap = cap;
	}
	index_insert(ix->slots, ix->cap, pool, (struct slot){off, len, val});
	ix->count++;
}

/* ---- splitting a line into cells ---- */

static struct cell *cell_at(struct parser *p, size_t c)
{
	return &p->cells[c];
}

static const char *cell_text(const struct parser *p, size_t c)
{
	return p->scratch + p->cells[c].off;
}

static void add_cell(struct parser *p, const char *raw, size_t n)
{
	while (n > 0 && raw[0] == ' ')
		raw++, n--;
	while (n > 0 && raw[n - 1] == ' ')
		n--;
	xgrow((void **)&p->cells, &p->cells_cap, p->ncells + 1, sizeof(*p->cells));
	xgrow((void **)&p->scratch, &p->scratch_cap, p->scratch_len + n + 1, 1);
	struct cell *c = &p->cells[p->ncells++];
	c->off = p->scratch_len;
	c->quote = QUOTE_NONE;
	char *out = p->scratch + c->off;
	size_t len = 0;
	bool quoted = n > 0 && raw[0] == '"';
	if (quoted) {
		/* "" is a literal quote, as spreadsheets write it */
		size_t i = 1;
		c->quote = QUOTE_OPEN;
		while (i < n) {
			if (raw[i] == '"' && i + 1 < n && raw[i + 1] == '"') {
				out[len++] = '"';
				i += 2;
			} else if (raw[i] == '"') {
				c->quote = ++i < n ? QUOTE_TRAILING : QUOTE_NONE;
				break;
			} else {
				out[len++] = raw[i++];
			}
		}
		if (c->quote == QUOTE_NONE) {
			size_t start = 0;
			while (start < len && out[start] == ' ')
				start++;
			while (len > start && out[len - 1] == ' ')
				len--;
			memmove(out, out + start, len - start);
			len -= start;
		}
	}
	if (!quoted || c->quote != QUOTE_NONE) {
		/* unquoted, or quoted wrongly: keep the text as written for the message */
		memcpy(out, raw, n);
		len = n;
	}
	out[len] = '\0';
	c->len = len;
	p->scratch_len += len + 1;
}

static void split_line(struct parser *p, const char *line, size_t n)
{
	p->ncells = 0;
	p->scratch_len = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || line[i] == '\t') {
			add_cell(p, line + start, i - start);
			start = i + 1;
		}
	}
}

/* Index of the last cell with text, or NONE. A badly quoted cell keeps its text, so it counts. */
static size_t last_used_cell(const struct parser *p)
{
	for (size_t c = p->ncells; c > 0; c--)
		if (p->cells[c - 1].len > 0)
			return c - 1;
	return NONE;
}

static void report_quote(struct parser *p, size_t line, size_t c)
{
	char col[16];
	column_letters(c, col);
	if (cell_at(p, c)->quote == QUOTE_OPEN)
		keyset_error(p, line,
			     "column %s starts with a double quote but has no closing quote; "
			     "end the text with \" or remove the opening one",
			     col);
	else
		keyset_error(p, line,
			     "column %s has text after its closing double quote; write a quote "
			     "inside quoted text twice (\"\")",
			     col);
}

/* ---- metadata ---- */

static void metadata_value(struct parser *p, size_t line, enum meta key, const char *v, size_t n)
{
	switch (key) {
	case META_SET_ID:
		if (!valid_name(v, n, "_.-")) {
			keyset_error(p, line,
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
			keyset_error(p, line,
				     "version \"%.*s\" is not a whole number; write 1 for the first "
				     "version and raise it by one for each new one",
				     (int)n, v);
			return;
		}
		break;
	}
	case META_SAMPLE:
		if (eq_nocase(v, n, "yes") || eq_nocase(v, n, "true") || eq_nocase(v, n, "1")) {
			p->meta_val[key] = pool_add(&p->pool, "yes", 3);
			return;
		}
		if (n != 0 && !eq_nocase(v, n, "no") && !eq_nocase(v, n, "false") &&
		    !eq_nocase(v, n, "0"))
			keyset_error(p, line,
				     "sample is \"%.*s\"; write yes for invented test data or no "
				     "for a real keyword set",
				     (int)n, v);
		return;
	default:
		break;
	}
	p->meta_val[key] = pool_add(&p->pool, v, n);
}

/* "# key: value"; anything else starting with # is a plain comment. Only lines above the
 * header describe the set, so a "# note:" between keyword rows stays a comment. */
static void parse_comment(struct parser *p, size_t line)
{
	if (p->header_line)
		return;
	const char *s = cell_text(p, 0) + 1;
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
		if (eq_nocase(s, klen, meta_keys[k]))
			key = (enum meta)k;
	if (key == META_COUNT)
		return;
	if (p->meta_line[key]) {
		keyset_error(p, line, "\"%s\" is given twice (first on line %zu); keep one of them",
			     meta_keys[key], p->meta_line[key]);
		return;
	}
	p->meta_line[key] = line;

	/* A value may go on into more cells when it held a tab; empty cells the spreadsheet
	 * added at the end are not part of it. */
	sb_clear(&p->text);
	sb_appendn(&p->text, colon + 1, cell_at(p, 0)->len - (size_t)(colon + 1 - cell_text(p, 0)));
	size_t last = last_used_cell(p);
	for (size_t c = 1; c <= last; c++) {
		sb_append(&p->text, "\t");
		sb_appendn(&p->text, cell_text(p, c), cell_at(p, c)->len);
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
	size_t skip = strlen(DESCRIPTION_PREFIX);
	if (!valid_language(name + skip, n - skip)) {
		char col[16];
		column_letters(c, col);
		keyset_error(p, line,
			     "column %s \"%s\" names no language; write description: and a "
			     "language code, such as description:sv-lattlast",
			     col, cell_text(p, c));
		return false;
	}
	p->desc_langs = xrealloc(p->desc_langs, (p->ndesc + 1) * sizeof(*p->desc_langs));
	p->col_lang[c] = p->ndesc;
	p->desc_langs[p->ndesc++] = pool_add(&p->pool, name + skip, n - skip);
	return true;
}

static void parse_header(struct parser *p, size_t line)
{
	p->header_line = line;
	p->ncols = last_used_cell(p) + 1;
	p->kind = xmalloc(p->ncols * sizeof(*p->kind));
	p->col_lang = xmalloc(p->ncols * sizeof(*p->col_lang));
	p->nlang = 1;
	xgrow((void **)&p->langs, &p->langs_cap, 1, sizeof(*p->langs));
	p->langs[0] = pool_add(&p->pool, "sv", 2);

	for (size_t c = 0; c < p->ncols; c++) {
		char col[16];
		column_letters(c, col);
		struct cell *cl = cell_at(p, c);
		const char *written = cell_text(p, c);
		size_t n = cl->len;
		/* matched in lower case, quoted in messages as the spreadsheet shows it */
		sb_clear(&p->text);
		for (size_t i = 0; i < n; i++) {
			char lower = ascii_lower(written[i]);
			sb_appendn(&p->text, &lower, 1);
		}
		const char *name = sb_str(&p->text);
		p->kind[c] = COL_BAD;
		p->col_lang[c] = NONE;
		if (cl->quote != QUOTE_NONE) {
			report_quote(p, line, c);
			continue;
		}
		if (n == 0) {
			keyset_error(
				p, line,
				"column %s has no name; name it with a language code such as en, "
				"or delete the column",
				col);
			continue;
		}
		size_t earlier = index_get(&p->cols, p->pool.data, name, n);
		if (earlier != NONE) {
			char first[16];
			column_letters(earlier, first);
			keyset_error(p, line,
				     "column %s \"%s\" repeats column %s; delete one of them", col,
				     written, first);
			continue;
		}
		enum col_kind kind = COL_LANG;
		if (eq_nocase(name, n, "id")) {
			kind = COL_ID;
			p->id_col = c;
		} else if (eq_nocase(name, n, "sv")) {
			p->sv_col = c;
			p->col_lang[c] = 0;
		} else if (eq_nocase(name, n, "image")) {
			kind = COL_IMAGE;
		} else if (eq_nocase(name, n, "note")) {
			kind = COL_NOTE;
		} else if (strncmp(name, DESCRIPTION_PREFIX, strlen(DESCRIPTION_PREFIX)) == 0) {
			if (!header_description(p, line, c, name, n))
				continue;
			kind = COL_DESC;
		} else if (valid_language(name, n)) {
			xgrow((void **)&p->langs, &p->langs_cap, p->nlang + 1, sizeof(*p->langs));
			p->col_lang[c] = p->nlang;
			p->langs[p->nlang++] = pool_add(&p->pool, name, n);
		} else {
			bool commas = memchr(name, ',', n) || memchr(name, ';', n);
			keyset_error(p, line,
				     "column %s \"%s\" is not id, sv, image, note or a language code "
				     "such as en or ar%s",
				     col, written,
				     commas ? "; the file seems to be separated by commas or "
					      "semicolons, save it tab-separated"
					    : "");
			continue;
		}
		p->kind[c] = kind;
		size_t off = pool_add(&p->pool, name, n);
		index_put(&p->cols, p->pool.data, off, n, c);
	}
	if (p->id_col == NONE)
		keyset_error(p, line,
			     "the header row has no \"id\" column; add one holding each keyword's "
			     "permanent id");
	if (p->sv_col == NONE)
		keyset_error(
			p, line,
			"the header row has no \"sv\" column; add one holding the Swedish labels");
}

/* ---- keyword rows ---- */

/* True when the id is well-formed and new, so later rows must not repeat it. */
static bool check_id(struct parser *p, size_t line, const char *id, size_t n)
{
	if (n == 0) {
		keyset_error(p, line,
			     "the row has no id; give it a permanent id such as kunskapsstad");
	} else if (!valid_name(id, n, "_-")) {
		keyset_error(p, line,
			     "id \"%s\" may only use lower-case letters a-z, digits, '-' and '_' "
			     "(no spaces, capitals or å ä ö), starting with a letter or digit",
			     id);
	} else if (n > ID_MAX_BYTES) {
		/* only ASCII gets here, so bytes are characters */
		keyset_error(p, line, "id \"%s\" is %zu characters long; use at most %d", id, n,
			     ID_MAX_BYTES);
	} else {
		size_t earlier = index_get(&p->ids, p->pool.data, id, n);
		if (earlier == NONE)
			return true;
		keyset_error(p, line, "duplicate id \"%s\" (first on line %zu)", id,
			     p->rows[earlier].line);
	}
	return false;
}

static void check_label(struct parser *p, size_t line, size_t lang, const char *s, size_t n)
{
	const char *code = p->pool.data + p->langs[lang];
	size_t chars = utf8_length(s, n);
	if (chars > LABEL_MAX_CHARS)
		keyset_error(p, line,
			     "the %s label is %zu characters long; at most %d fit on a card, "
			     "shorten it",
			     code, chars, LABEL_MAX_CHARS);
	if (has_control(s, n))
		keyset_error(p, line, "the %s label contains a control character; remove it", code);
}

static void check_description(struct parser *p, size_t line, size_t d, const char *s, size_t n)
{
	const char *code = p->pool.data + p->desc_langs[d];
	size_t chars = utf8_length(s, n);
	if (chars > DESCRIPTION_MAX_CHARS)
		keyset_error(p, line,
			     "the %s description is %zu characters long; keep it to %d, a sentence "
			     "or two",
			     code, chars, DESCRIPTION_MAX_CHARS);
	if (has_control(s, n))
		keyset_error(p, line, "the %s description contains a control character; remove it",
			     code);
}

static void check_image(struct parser *p, size_t line, const char *s, size_t n)
{
	if (s[0] == '.' || memchr(s, '/', n) || memchr(s, '\\', n) || has_control(s, n))
		keyset_error(p, line,
			     "image \"%s\" must be a plain file name inside assets/, such as "
			     "motala.png",
			     s);
}

/* Room for this row's descriptions, one per description column. */
static size_t *xgrow_descriptions(struct parser *p)
{
	xgrow((void **)&p->descriptions, &p->descriptions_cap, (p->nrows + 1) * p->ndesc,
	      sizeof(*p->descriptions));
	return p->descriptions + p->nrows * p->ndesc;
}

static void parse_row(struct parser *p, size_t line)
{
	p->data_lines++;
	size_t last = last_used_cell(p);
	size_t used = last + 1 < p->ncols ? last + 1 : p->ncols;
	if (last + 1 > p->ncols) {
		char col[16];
		column_letters(last, col);
		keyset_error(p, line,
			     "the row has text in column %s, but the header row names only %zu "
			     "columns; delete that text or name its column",
			     col, p->ncols);
	}
	for (size_t c = 0; c < used; c++)
		if (cell_at(p, c)->quote != QUOTE_NONE)
			report_quote(p, line, c);
	if (p->id_col == NONE || p->sv_col == NONE)
		return;

	const char *id = p->id_col < used ? cell_text(p, p->id_col) : "";
	size_t id_len = p->id_col < used ? cell_at(p, p->id_col)->len : 0;
	bool fresh = check_id(p, line, id, id_len);
	const char *sv = p->sv_col < used ? cell_text(p, p->sv_col) : "";
	if (!*sv)
		keyset_error(p, line,
			     "the Swedish label (column sv) is empty; every keyword needs one");

	xgrow((void **)&p->rows, &p->rows_cap, p->nrows + 1, sizeof(*p->rows));
	struct kwrow *r = &p->rows[p->nrows];
	r->line = line;
	r->image = NONE;
	r->first_label = p->nlabels;
	r->nlabels = 0;
	if (p->ndesc) {
		size_t *d = xgrow_descriptions(p);
		for (size_t i = 0; i < p->ndesc; i++)
			d[i] = NONE;
	}
	for (size_t c = 0; c < used; c++) {
		const struct cell *cl = cell_at(p, c);
		if (p->kind[c] == COL_LANG) {
			size_t lang = p->col_lang[c];
			check_label(p, line, lang, cell_text(p, c), cl->len);
			xgrow((void **)&p->labels, &p->labels_cap, r->first_label + lang + 1,
			      sizeof(*p->labels));
			/* languages other than sv follow column order, so the ones a short row
			 * reaches are a prefix and its labels stay contiguous */
			while (r->nlabels <= lang)
				p->labels[r->first_label + r->nlabels++] = NONE;
			if (cl->len)
				p->labels[r->first_label + lang] = pool_add(&p->pool,
									    cell_text(p, c),
									    cl->len);
		} else if (p->kind[c] == COL_DESC && cl->len) {
			check_description(p, line, p->col_lang[c], cell_text(p, c), cl->len);
			p->descriptions[p->nrows * p->ndesc + p->col_lang[c]] =
				pool_add(&p->pool, cell_text(p, c), cl->len);
		} else if (p->kind[c] == COL_IMAGE && cl->len) {
			check_image(p, line, cell_text(p, c), cl->len);
			r->image = pool_add(&p->pool, cell_text(p, c), cl->len);
		}
	}
	p->nlabels = r->first_label + r->nlabels;
	r->id = pool_add(&p->pool, id, id_len);
	if (fresh)
		index_put(&p->ids, p->pool.data, r->id, id_len, p->nrows);
	p->nrows++;
}

/* ---- the whole file ---- */

static void parse_line(struct parser *p, size_t line, const char *s, size_t n)
{
	size_t bad = utf8_valid_prefix((const unsigned char *)s, n);
	if (bad < n)
		keyset_error(p, line,
			     "not valid UTF-8 text (byte %zu of the line is 0x%02X); save the file "
			     "with the character set Unicode (UTF-8)",
			     bad + 1, (unsigned char)s[bad]);
	split_line(p, s, n);
	if (last_used_cell(p) == NONE)
		return;
	if (cell_at(p, 0)->quote == QUOTE_NONE && cell_text(p, 0)[0] == '#')
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
	free(p->scratch);
	free(p->cells);
	free(p->desc_langs);
	free(p->descriptions);
}

struct keyset *keyset_parse(const char *buf, size_t len, const char *name, struct diag *err)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.err = err;
	p.id_col = p.sv_col = NONE;
	for (int k = 0; k < META_COUNT; k++)
		p.meta_val[k] = NONE;

	const unsigned char *u = (const unsigned char *)buf;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		/* what Excel's "Unicode Text" writes; every line would be wrong, so say it once */
		keyset_error(&p, 1,
			     "the file is UTF-16 text; open it in a text editor and save it with "
			     "the encoding UTF-8");
		parser_finish(&p);
		return NULL;
	}
	size_t pos = len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
	size_t line = 0;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		/* CR CR LF comes from converting line ends twice; take it as one */
		while (n > 0 && s[n - 1] == '\r')
			n--;
		parse_line(&p, ++line, s, n);
	}

	if (!p.meta_line[META_SET_ID])
		keyset_error(&p, 1,
			     "the file has no set-id; add a line \"# set-id: NAME\" at the top, "
			     "NAME in lower-case letters, digits and '-'");
	if (!p.header_line)
		keyset_error(&p, 1,
			     "the file has no header row; add a line naming the columns, such as "
			     "id, sv and en separated by tabs");
	else if (p.data_lines == 0)
		keyset_error(&p, p.header_line,
			     "there are no keywords; add one row per keyword below the header row");
	if (p.nerr) {
		parser_finish(&p);
		return NULL;
	}

	struct keyset *ks = xcalloc(1, sizeof(*ks));
	if (p.meta_val[META_VERSION] == NONE)
		p.meta_val[META_VERSION] = pool_add(&p.pool, "1", 1);
	ks->set_id = p.meta_val[META_SET_ID];
	ks->version = p.meta_val[META_VERSION];
	ks->sample = p.meta_val[META_SAMPLE] != NONE;
	ks->pool = p.pool.data;
	ks->langs = p.langs;
	ks->nlang = p.nlang;
	ks->rows = p.rows;
	ks->nrows = p.nrows;
	ks->labels = p.labels;
	ks->ids = p.ids;
	ks->desc_langs = p.desc_langs;
	ks->ndesc = p.ndesc;
	ks->descriptions = p.descriptions;
	p.desc_langs = NULL;
	p.descriptions = NULL;
	p.pool.data = NULL;
	p.langs = NULL;
	p.rows = NULL;
	p.labels = NULL;
	p.ids.slots = NULL;
	parser_finish(&p);
	return ks;
}

struct keyset *keyset_load(const char *path, struct diag *err)
{
	char *buf;
	size_t len;
	if (!fs_read_file(path, &buf, &len, err))
		return NULL;
	struct keyset *ks = keyset_parse(buf, len, path, err);
	free(buf);
	return ks;
}

void keyset_destroy(struct keyset *ks)
{
	if (!ks)
		return;
	free(ks->pool);
	free(ks->langs);
	free(ks->rows);
	free(ks->labels);
	free(ks->ids.slots);
	free(ks->desc_langs);
	free(ks->descriptions);
	free(ks);
}

const char *keyset_id(const struct keyset *ks)
{
	return ks->pool + ks->set_id;
}

const char *keyset_version(const struct keyset *ks)
{
	return ks->pool + ks->version;
}

bool keyset_is_sample(const struct keyset *ks)
{
	return ks->sample;
}

size_t keyset_count(const struct keyset *ks)
{
	return ks->nrows;
}

size_t keyset_language_count(const struct keyset *ks)
{
	return ks->nlang;
}

const char *keyset_language(const struct keyset *ks, size_t lang)
{
	return lang < ks->nlang ? ks->pool + ks->langs[lang] : NULL;
}

int keyset_language_index(const struct keyset *ks, const char *code)
{
	if (!code)
		return -1;
	for (size_t l = 0; l < ks->nlang; l++)
		if (eq_nocase(code, strlen(code), ks->pool + ks->langs[l]))
			return (int)l;
	return -1;
}

const char *keyset_keyword_id(const struct keyset *ks, size_t i)
{
	return i < ks->nrows ? ks->pool + ks->rows[i].id : NULL;
}

long keyset_find(const struct keyset *ks, const char *keyword_id)
{
	if (!keyword_id)
		return -1;
	size_t i = index_get(&ks->ids, ks->pool, keyword_id, strlen(keyword_id));
	return i == NONE ? -1 : (long)i;
}

const char *keyset_label(const struct keyset *ks, size_t i, size_t lang)
{
	if (i >= ks->nrows)
		return NULL;
	const struct kwrow *r = &ks->rows[i];
	if (lang < r->nlabels && ks->labels[r->first_label + lang] != NONE)
		return ks->pool + ks->labels[r->first_label + lang];
	return ks->pool + ks->labels[r->first_label];
}

const char *keyset_image(const struct keyset *ks, size_t i)
{
	if (i >= ks->nrows || ks->rows[i].image == NONE)
		return NULL;
	return ks->pool + ks->rows[i].image;
}

bool keyset_has_label(const struct keyset *ks, size_t i, size_t lang)
{
	if (i >= ks->nrows)
		return false;
	const struct kwrow *r = &ks->rows[i];
	return lang < r->nlabels && ks->labels[r->first_label + lang] != NONE;
}

size_t keyset_line(const struct keyset *ks, size_t i)
{
	return i < ks->nrows ? ks->rows[i].line : 0;
}

size_t keyset_description_count(const struct keyset *ks)
{
	return ks->ndesc;
}

const char *keyset_description_language(const struct keyset *ks, size_t d)
{
	return d < ks->ndesc ? ks->pool + ks->desc_langs[d] : NULL;
}

const char *keyset_description(const struct keyset *ks, size_t i, const char *lang)
{
	if (i >= ks->nrows || !lang)
		return NULL;
	for (size_t d = 0; d < ks->ndesc; d++) {
		size_t off = ks->descriptions[i * ks->ndesc + d];
		if (strcmp(ks->pool + ks->desc_langs[d], lang) == 0)
			return off == NONE ? NULL : ks->pool + off;
	}
	return NULL;
}
