/* Reading a keyword set file as spreadsheets write it: a byte-order mark, CRLF or CR CR LF
 * line ends, cells in double quotes with "" for a quote, and spaces around cells. A cell
 * quoted wrongly keeps its text as written, so the rules can name it. */
#include "model/keyset_impl.h"

#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void ks_error(struct ks_report *rep, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_at(rep->err, rep->name, line, fmt, ap);
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

static void add_cell(struct ks_reader *r, const char *raw, size_t n)
{
	while (n > 0 && raw[0] == ' ')
		raw++, n--;
	while (n > 0 && raw[n - 1] == ' ')
		n--;
	xgrow((void **)&r->cells, &r->cells_cap, r->ncells + 1, sizeof(*r->cells));
	xgrow((void **)&r->scratch, &r->scratch_cap, r->scratch_len + n + 1, 1);
	struct ks_cell *c = &r->cells[r->ncells++];
	c->off = r->scratch_len;
	c->quote = QUOTE_NONE;
	char *out = r->scratch + c->off;
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
	r->scratch_len += len + 1;
}

static void split_line(struct ks_reader *r, const char *line, size_t n)
{
	r->ncells = 0;
	r->scratch_len = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || line[i] == '\t') {
			add_cell(r, line + start, i - start);
			start = i + 1;
		}
	}
}

size_t ks_last_used_cell(const struct ks_reader *r)
{
	for (size_t c = r->ncells; c > 0; c--)
		if (r->cells[c - 1].len > 0)
			return c - 1;
	return KS_NONE;
}

bool ks_reader_init(struct ks_reader *r, const char *buf, size_t len, struct ks_report *rep)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	r->rep = rep;
	const unsigned char *u = (const unsigned char *)buf;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		/* what Excel's "Unicode Text" writes; every line would be wrong, so say it once */
		ks_error(rep, 1,
			 "the file is UTF-16 text; open it in a text editor and save it with the "
			 "encoding UTF-8");
		return false;
	}
	r->pos = len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
	return true;
}

bool ks_reader_next(struct ks_reader *r)
{
	if (r->pos >= r->len)
		return false;
	const char *s = r->buf + r->pos;
	const char *nl = memchr(s, '\n', r->len - r->pos);
	size_t n = nl ? (size_t)(nl - s) : r->len - r->pos;
	r->pos += n + 1;
	/* CR CR LF comes from converting line ends twice; take it as one */
	while (n > 0 && s[n - 1] == '\r')
		n--;
	r->line++;
	size_t bad = utf8_valid_prefix((const unsigned char *)s, n);
	if (bad < n)
		ks_error(r->rep, r->line,
			 "not valid UTF-8 text (byte %zu of the line is 0x%02X); save the file with "
			 "the character set Unicode (UTF-8)",
			 bad + 1, (unsigned char)s[bad]);
	split_line(r, s, n);
	return true;
}

void ks_reader_finish(struct ks_reader *r)
{
	free(r->scratch);
	free(r->cells);
}
