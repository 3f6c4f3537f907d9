/* INI through inih with line numbers. inih pulls lines through a reader function; ours hands
 * it one line of the buffer per call, so our count is the line inih is working on when it
 * calls the handler. Lines inih gives no handler call for are classified here, in the same
 * order of rules as inih's ini_parse_stream, to tell comments and headers from mistakes. */
#include "model/inifile.h"

#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <ini.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *buf;
	size_t len, pos;
	const char *name;
	struct diag *err;
	size_t nerr;
	inifile_fn fn;
	void *user;

	size_t line;
	bool indented; /* the line starts with a space or tab */
	bool pending;  /* only a handler call for this line makes it valid */
	bool section_ok;
	struct strbuf section;
	struct strbuf prev_key; /* inih continues this key on indented lines; "" for none */
};

static void inifile_error(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void inifile_error(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_at(r->err, r->name, r->line, fmt, ap);
	va_end(ap);
	r->nerr++;
}

size_t inifile_chars(const char *s)
{
	size_t count = 0;
	for (; *s; s++)
		count += ((unsigned char)*s & 0xc0) != 0x80;
	return count;
}

static bool inifile_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether a line can be handed to inih as it is; reports why not. */
static bool inifile_line_ok(struct reader *r, const char *s, size_t n, size_t room)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad = utf8_valid_prefix(u, n);
	if (bad < n) {
		inifile_error(r,
			      "not valid UTF-8 text (byte %zu of the line is 0x%02X); save the "
			      "file with the encoding UTF-8",
			      bad + 1, u[bad]);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
			inifile_error(r,
				      "the line holds a control character (byte %zu is 0x%02X); "
				      "delete it",
				      i + 1, u[i]);
			return false;
		}
	}
	if (n > room) {
		inifile_error(r,
			      "the line is %zu bytes long, more than the %zu that can be read; go "
			      "on with the text on the next line, starting that line with a space",
			      n, room);
		return false;
	}
	return true;
}

/* Where inih would find the ']' of a header: a ';' after a space starts a comment first. */
static size_t inifile_header_end(const char *s, size_t from, size_t n)
{
	bool was_space = false;
	for (size_t i = from; i < n; i++) {
		if (s[i] == ']')
			return i;
		if (was_space && s[i] == ';')
			return n;
		was_space = inifile_blank(s[i]);
	}
	return n;
}

static void inifile_header(struct reader *r, const char *s, size_t i, size_t n)
{
	size_t end = inifile_header_end(s, i + 1, n);
	if (end == n) {
		inifile_error(r, "the section header has no closing ]; write it as [name]");
		r->section_ok = false;
		return;
	}
	size_t rest = end + 1;
	while (rest < n && inifile_blank(s[rest]))
		rest++;
	if (rest < n && s[rest] != ';' && s[rest] != '#')
		inifile_error(r, "only a comment may follow the ] of a section header");
	sb_clear(&r->section);
	sb_appendn(&r->section, s + i + 1, end - i - 1);
	r->section_ok = true;
	sb_clear(&r->prev_key);
	struct inifile_item it = {INIFILE_SECTION, r->line, sb_str(&r->section), NULL, NULL};
	r->fn(r->user, &it);
}

/* inih's order: comment, continuation, header, key = value. */
static void inifile_classify(struct reader *r, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && inifile_blank(s[i]))
		i++;
	r->indented = i > 0;
	if (i == n || s[i] == ';' || s[i] == '#')
		return;
	if (r->indented && r->prev_key.len > 0)
		r->pending = true;
	else if (s[i] == '[')
		inifile_header(r, s, i, n);
	else
		r->pending = true;
}

/* A line that needed a handler call and got none was no "key = value". */
static void inifile_settle(struct reader *r)
{
	if (!r->pending)
		return;
	r->pending = false;
	inifile_error(r,
		      "this line is neither \"key = value\", a [section] nor a comment; text that "
		      "goes on from the line above must start with a space");
}

static char *inifile_read(char *str, int num, void *stream)
{
	struct reader *r = stream;
	inifile_settle(r);
	if (r->pos >= r->len)
		return NULL;
	const char *s = r->buf + r->pos;
	const char *nl = memchr(s, '\n', r->len - r->pos);
	size_t n = nl ? (size_t)(nl - s) : r->len - r->pos;
	r->pos += n + 1;
	while (n > 0 && s[n - 1] == '\r')
		n--;
	r->line++;
	/* room for the line end and the terminator inih needs */
	if (!inifile_line_ok(r, s, n, (size_t)num - 2)) {
		r->indented = false;
		memcpy(str, "\n", 2);
		return str;
	}
	inifile_classify(r, s, n);
	memcpy(str, s, n);
	memcpy(str + n, "\n", 2);
	return str;
}

/* A continuation that reads "word = ..." or "[word]" is far likelier a key or a header
 * indented by mistake than text. */
static bool inifile_looks_like_key(const char *v)
{
	if (*v == '[')
		return v[strlen(v) - 1] == ']';
	if (!(*v >= 'a' && *v <= 'z'))
		return false;
	while ((*v >= 'a' && *v <= 'z') || (*v >= '0' && *v <= '9') || (*v && strchr("._+-", *v)))
		v++;
	while (inifile_blank(*v))
		v++;
	return *v == '=' || *v == ':';
}

static int inifile_on_pair(void *user, const char *section, const char *name, const char *value)
{
	struct reader *r = user;
	r->pending = false;
	struct inifile_item it = {INIFILE_KEY, r->line, r->section_ok ? sb_str(&r->section) : NULL,
				  name, value};
	if (r->indented && r->prev_key.len > 0) {
		if (inifile_looks_like_key(value)) {
			inifile_error(r,
				      "this line starts with a space, so it goes on with the text "
				      "of \"%s\" above; if it is a key or a section of its own, "
				      "delete the spaces before it",
				      sb_str(&r->prev_key));
			return 1;
		}
		it.kind = INIFILE_MORE;
		it.key = sb_str(&r->prev_key);
	} else {
		sb_clear(&r->prev_key);
		sb_append(&r->prev_key, name);
	}
	r->fn(r->user, &it);
	return 1;
}

size_t inifile_parse(const char *buf, size_t len, const char *name, inifile_fn fn, void *user,
		     struct diag *err)
{
	struct reader r;
	memset(&r, 0, sizeof(r));
	r.buf = buf;
	r.len = len;
	r.name = name;
	r.err = err;
	r.fn = fn;
	r.user = user;
	r.section_ok = true;
	sb_init(&r.section);
	sb_init(&r.prev_key);

	const unsigned char *u = (const unsigned char *)buf;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		/* every line would be wrong; say it once */
		r.line = 1;
		inifile_error(&r, "the file is UTF-16 text; save it with the encoding UTF-8");
		return r.nerr;
	}
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		r.pos = 3;
	/* Handlers never fail and our reader reports every syntax error itself, so inih's
	 * return value (the first line it disliked) tells nothing new. */
	(void)ini_parse_stream(inifile_read, &r, inifile_on_pair, &r);
	sb_finish(&r.section);
	sb_finish(&r.prev_key);
	return r.nerr;
}

struct inifile_msg {
	size_t line, seq;
	const char *text;
};

static int inifile_msg_cmp(const void *a, const void *b)
{
	const struct inifile_msg *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void inifile_sort_into(struct diag *from, const char *name, struct diag *to)
{
	size_t prefix = strlen(name) + 1;
	struct inifile_msg *m = xmalloc((from->count + 1) * sizeof(*m));
	for (size_t i = 0; i < from->count; i++)
		m[i] = (struct inifile_msg){(size_t)strtoul(from->lines[i] + prefix, NULL, 10), i,
					    from->lines[i]};
	/* qsort is not stable; the sequence number makes it so */
	qsort(m, from->count, sizeof(*m), inifile_msg_cmp);
	for (size_t i = 0; i < from->count; i++)
		diag_add(to, "%s", m[i].text);
	free(m);
	diag_finish(from);
}
