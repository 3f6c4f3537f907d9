/* Reading a keyword set file as spreadsheets save it: UTF-8 with or without a byte-order
 * mark or UTF-16 ("Unicode text"), cells separated by tabs, semicolons or commas (whichever
 * splits the header row into the columns a keyword set has), RFC 4180 quoting, CRLF or
 * CR CR LF line ends, and spaces around cells. A cell quoted wrongly keeps its text as
 * written and its own line, so the rules can name it and one stray quote costs one message,
 * not the rest of the file. */
#include "model/keyset.h"

#include "model/keyset_impl.h"

#include "common/fsutil.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A quoted cell may hold line breaks, as RFC 4180 allows (a note written on two lines).
 * It is taken to do so only when its closing quote comes this soon, on a line with no quote
 * before it: otherwise a quote opened by mistake would swallow the lines below it. */
#define QUOTED_LINES_MAX 20

/* After this many lines that are not UTF-8, the file as a whole is: say that once. */
#define UTF8_ERRORS_MAX 3

void ks_vadd(struct diag *d, const char *name, size_t line, const char *fmt, va_list ap)
{
	diag_add_at(d, name, line, fmt, ap);
	/* a quoted cell may hold a line break, and a message quoting it must stay one line */
	if (d && d->count)
		for (char *c = d->lines[d->count - 1]; (c = strchr(c, '\n')); c++)
			*c = ' ';
}

void ks_error(struct ks_report *rep, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ks_vadd(rep->err, rep->name, line, fmt, ap);
	va_end(ap);
	rep->nerr++;
}

void ks_column_letters(size_t col, char out[16])
{
	char rev[16];
	size_t n = 0;
	for (size_t c = col + 1; c > 0; c = (c - 1) / 26)
		rev[n++] = (char)('A' + (c - 1) % 26);
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/* ---- encodings ---- */

static void put_utf8(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	sb_appendn(out, b, n);
}

/* UTF-16 to UTF-8. Half a surrogate pair is reported on its line and becomes U+FFFD, so the
 * lines after it are still read and checked. */
static void decode_utf16(struct ks_reader *r, const unsigned char *u, size_t len, bool be)
{
	struct strbuf out;
	sb_init(&out);
	size_t line = 1, col = 0, reported = 0;
	size_t i = 0;
	for (; i + 1 < len; i += 2) {
		uint32_t c = be ? (uint32_t)(u[i] << 8 | u[i + 1])
				: (uint32_t)(u[i] | u[i + 1] << 8);
		col++;
		if (c >= 0xd800 && c <= 0xdbff && i + 3 < len) {
			uint32_t lo = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
					 : (uint32_t)(u[i + 2] | u[i + 3] << 8);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				put_utf8(&out, 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00));
				i += 2;
				continue;
			}
		}
		if (c >= 0xd800 && c <= 0xdfff) {
			if (reported != line)
				ks_error(r->rep, line,
					 "not valid UTF-16 text (character %zu of the line is 0x%04X, "
					 "half of a pair); save the file again",
					 col, (unsigned)c);
			reported = line;
			c = 0xfffd;
		}
		put_utf8(&out, c);
		if (c == '\n')
			line++, col = 0;
	}
	if (i < len)
		ks_error(r->rep, line,
			 "the file ends in the middle of a UTF-16 character; save the file again");
	r->decoded = out.data ? out.data : xstrdup("");
	r->buf = r->decoded;
	r->len = out.len;
}

/* The byte-order marks spreadsheets write; UTF-16 without one is told by its zero bytes,
 * since every keyword set starts with ASCII ('#' or a column name). */
static void find_encoding(struct ks_reader *r, const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	r->buf = buf;
	r->len = len;
	r->form.encoding = KEYSET_UTF8;
	size_t skip = 0;
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		r->form.encoding = KEYSET_UTF16LE, skip = 2;
	else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		r->form.encoding = KEYSET_UTF16BE, skip = 2;
	else if (len >= 4 && u[0] && !u[1] && u[2] && !u[3])
		r->form.encoding = KEYSET_UTF16LE;
	else if (len >= 4 && !u[0] && u[1] && !u[2] && u[3])
		r->form.encoding = KEYSET_UTF16BE;
	else if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		r->start = 3;
	if (r->form.encoding != KEYSET_UTF8)
		decode_utf16(r, u + skip, len - skip, r->form.encoding == KEYSET_UTF16BE);
}

/* ---- lines ---- */

struct span {
	size_t start, end; /* the line's text, without its line end */
	size_t next;	   /* where the next line starts */
};

static struct span line_at(const struct ks_reader *r, size_t at)
{
	const char *s = r->buf + at;
	const char *nl = memchr(s, '\n', r->len - at);
	size_t n = nl ? (size_t)(nl - s) : r->len - at;
	struct span sp = {at, at + n, at + n + 1};
	/* CR CR LF comes from converting line ends twice; take it as one */
	while (sp.end > sp.start && r->buf[sp.end - 1] == '\r')
		sp.end--;
	return sp;
}

/* Counts the line at sp and reports it when it holds a NUL byte (which every C string of it
 * would end at; cells carry it as U+FFFD, ks_copy) or is not UTF-8. */
static void enter_line(struct ks_reader *r, struct span sp)
{
	size_t line = r->next_line++;
	const unsigned char *s = (const unsigned char *)r->buf + sp.start;
	size_t n = sp.end - sp.start;
	const unsigned char *nul = memchr(s, '\0', n);
	if (nul) {
		if (!r->quiet)
			ks_error(r->rep, line,
				 "the line holds a control character (byte %zu is 0x00); delete it",
				 (size_t)(nul - s) + 1);
		return;
	}
	size_t bad = utf8_valid_prefix(s, n);
	if (bad == n || r->quiet)
		return;
	if (++r->utf8_errors <= UTF8_ERRORS_MAX)
		ks_error(r->rep, line,
			 "not valid UTF-8 text (byte %zu of the line is 0x%02X); save the file with "
			 "the character set Unicode (UTF-8)",
			 bad + 1, s[bad]);
	else if (r->utf8_errors == UTF8_ERRORS_MAX + 1)
		ks_error(r->rep, line,
			 "this line and the ones below are not UTF-8 either: the file was saved with "
			 "another character set; save it with Unicode (UTF-8)");
}

/* ---- cells ---- */

static bool blank(char c)
{
	return c == ' ';
}

/* Whether a quote is closed properly at b[q]: only spaces before the separator or the end. */
static bool closes_cleanly(const struct ks_reader *r, size_t q, size_t end)
{
	size_t i = q + 1;
	while (i < end && blank(r->buf[i]))
		i++;
	return i == end || r->buf[i] == r->sep;
}

/* Whether a quoted cell still open at the end of the line at sp goes on over the next lines:
 * its first quote that is not doubled closes it cleanly, within QUOTED_LINES_MAX lines. */
static bool goes_on(const struct ks_reader *r, struct span sp)
{
	for (size_t k = 0; k < QUOTED_LINES_MAX && sp.next < r->len; k++) {
		sp = line_at(r, sp.next);
		for (size_t i = sp.start; i < sp.end; i++) {
			if (r->buf[i] != '"')
				continue;
			if (i + 1 < sp.end && r->buf[i + 1] == '"') {
				i++;
				continue;
			}
			return closes_cleanly(r, i, sp.end);
		}
	}
	return false;
}

static struct ks_cell *new_cell(struct ks_reader *r, size_t room)
{
	xgrow((void **)&r->cells, &r->cells_cap, r->ncells + 1, sizeof(*r->cells));
	xgrow((void **)&r->scratch, &r->scratch_cap, r->scratch_len + room + 1, 1);
	struct ks_cell *c = &r->cells[r->ncells++];
	c->off = r->scratch_len;
	c->quote = QUOTE_NONE;
	return c;
}

/* Appends one byte of a cell at scratch[c->off + *len]: a NUL as U+FFFD, so that no message
 * quoting the cell stops at it and quotes a shorter, valid-looking text. */
static void ks_copy(struct ks_reader *r, const struct ks_cell *c, size_t *len, char b)
{
	xgrow((void **)&r->scratch, &r->scratch_cap, c->off + *len + 4, 1);
	if (b) {
		r->scratch[c->off + (*len)++] = b;
		return;
	}
	memcpy(r->scratch + c->off + *len, "\xEF\xBF\xBD", 3);
	*len += 3;
}

/* Stores b[from..to) without the spaces around it as the cell's text. */
static void cell_as_written(struct ks_reader *r, struct ks_cell *c, size_t from, size_t to)
{
	while (from < to && blank(r->buf[from]))
		from++;
	while (to > from && blank(r->buf[to - 1]))
		to--;
	size_t len = 0;
	for (size_t i = from; i < to; i++)
		ks_copy(r, c, &len, r->buf[i]);
	xgrow((void **)&r->scratch, &r->scratch_cap, c->off + len + 1, 1);
	c->len = len;
}

static size_t next_sep(const struct ks_reader *r, size_t i, size_t end)
{
	while (i < end && r->buf[i] != r->sep)
		i++;
	return i;
}

/* Reads the quoted cell whose quote is at *i; "" stands for a quote. Returns false when the
 * quote is never closed, leaving *i and *sp as they were. */
static bool quoted_cell(struct ks_reader *r, struct ks_cell *c, size_t *i, struct span *sp)
{
	struct span at = *sp;
	size_t j = *i + 1;
	size_t len = 0;
	bool checked = false;
	for (;;) {
		if (j == at.end) {
			if (!checked && !goes_on(r, at))
				return false;
			checked = true;
			at = line_at(r, at.next);
			enter_line(r, at);
			xgrow((void **)&r->scratch, &r->scratch_cap, c->off + len + 2, 1);
			r->scratch[c->off + len++] = '\n';
			j = at.start;
			continue;
		}
		if (r->buf[j] == '"' && j + 1 < at.end && r->buf[j + 1] == '"') {
			ks_copy(r, c, &len, '"');
			j += 2;
		} else if (r->buf[j] == '"') {
			break;
		} else {
			ks_copy(r, c, &len, r->buf[j++]);
		}
	}
	if (!closes_cleanly(r, j, at.end)) {
		/* text after the closing quote: the whole cell as written, for the message */
		c->quote = QUOTE_TRAILING;
		*i = next_sep(r, j + 1, at.end);
		return true;
	}
	/* spaces just inside the quotes are as insignificant as those outside */
	size_t from = 0;
	char *t = r->scratch + c->off;
	while (from < len && blank(t[from]))
		from++;
	while (len > from && blank(t[len - 1]))
		len--;
	memmove(t, t + from, len - from);
	c->len = len - from;
	*i = next_sep(r, j + 1, at.end);
	*sp = at;
	return true;
}

/* Splits the record starting at r->pos into cells. */
static void split_record(struct ks_reader *r)
{
	r->ncells = 0;
	r->scratch_len = 0;
	r->line = r->next_line;
	struct span sp = line_at(r, r->pos);
	enter_line(r, sp);
	size_t i = sp.start;
	for (;;) {
		size_t from = i;
		while (i < sp.end && blank(r->buf[i]))
			i++;
		struct ks_cell *c = new_cell(r, sp.end - from);
		bool done = false;
		if (i < sp.end && r->buf[i] == '"') {
			size_t quote = i;
			done = quoted_cell(r, c, &i, &sp);
			if (done && c->quote == QUOTE_TRAILING)
				cell_as_written(r, c, quote, i);
			if (!done) /* never closed: the cell ends at the next separator */
				c->quote = QUOTE_OPEN;
		}
		if (!done) {
			i = next_sep(r, i, sp.end);
			cell_as_written(r, c, from, i);
		}
		r->scratch[c->off + c->len] = '\0';
		r->scratch_len = c->off + c->len + 1;
		if (i >= sp.end)
			break;
		i++; /* the separator */
	}
	r->pos = sp.next;
}

size_t ks_last_used_cell(const struct ks_reader *r)
{
	for (size_t c = r->ncells; c > 0; c--)
		if (r->cells[c - 1].len > 0)
			return c - 1;
	return KS_NONE;
}

const char *ks_separator_plural(char sep)
{
	return sep == '\t' ? "tabs" : sep == ';' ? "semicolons" : "commas";
}

char ks_other_separator(const struct ks_reader *r, const char *s, size_t n)
{
	for (const char *sep = "\t;,"; *sep; sep++)
		if (*sep != r->sep && memchr(s, *sep, n))
			return *sep;
	return 0;
}

bool ks_record_is_comment(const struct ks_reader *r)
{
	return r->ncells > 0 && r->cells[0].quote == QUOTE_NONE && ks_cell_text(r, 0)[0] == '#';
}

/* ---- the separator ---- */

static const struct {
	char sep;
	enum keyset_separator kind;
} separators[] = {{'\t', KEYSET_TAB}, {';', KEYSET_SEMICOLON}, {',', KEYSET_COMMA}};

/* How well sep splits the file's header row: columns it names that a keyword set has, then
 * columns at all. Comments and blank records come first, and what is blank depends on sep
 * too (";;;" is a blank row of a semicolon-separated file). */
static size_t header_score(struct ks_reader *r, char sep)
{
	r->sep = sep;
	r->pos = r->start;
	r->next_line = 1;
	while (r->pos < r->len) {
		split_record(r);
		if (ks_last_used_cell(r) == KS_NONE || ks_record_is_comment(r))
			continue;
		size_t known = 0;
		for (size_t c = 0; c < r->ncells; c++)
			known += r->cells[c].quote == QUOTE_NONE &&
				 ks_known_column(ks_cell_text(r, c), r->cells[c].len);
		return known * 4096 + (r->ncells < 4096 ? r->ncells : 4095);
	}
	return 0;
}

void ks_reader_init(struct ks_reader *r, const char *buf, size_t len, struct ks_report *rep)
{
	memset(r, 0, sizeof(*r));
	r->rep = rep;
	find_encoding(r, buf, len);
	/* a tie goes to the earlier separator, tab first: the format's own */
	r->quiet = true;
	size_t best = 0, best_score = 0;
	for (size_t k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
		size_t score = header_score(r, separators[k].sep);
		if (score > best_score)
			best = k, best_score = score;
	}
	r->quiet = false;
	r->sep = separators[best].sep;
	r->form.separator = separators[best].kind;
	r->pos = r->start;
	r->next_line = 1;
}

bool ks_reader_next(struct ks_reader *r)
{
	if (r->pos >= r->len)
		return false;
	split_record(r);
	return true;
}

void ks_reader_finish(struct ks_reader *r)
{
	free(r->decoded);
	free(r->scratch);
	free(r->cells);
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
