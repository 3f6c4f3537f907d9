/* The INI reader: one pass over the buffer, one line at a time, in the order of rules that
 * inifile.h describes. Every line is judged on its own, so one mistake never hides the next,
 * and its number is known wherever a message is made. */
#include "model/inifile.h"

#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *name;
	struct diag *err;
	size_t nerr;
	inifile_fn fn;
	void *user;

	size_t line;
	bool section_ok; /* false after a header too broken to name its section */
	struct strbuf section;
	struct strbuf prev_key; /* indented lines go on with this key; "" for none */
	struct strbuf key, value;
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

static bool inifile_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether a line is text at all; reports why not. */
static bool inifile_line_ok(struct reader *r, const char *s, size_t n)
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
	return true;
}

/* The first of stop in s[from..n), or where a ';' after a blank starts a comment, or n. A
 * blank just before from does not count: "a =;b" has the value ";b". */
static size_t inifile_find(const char *s, size_t from, size_t n, const char *stop)
{
	bool was_blank = false;
	for (size_t i = from; i < n; i++) {
		if ((stop && strchr(stop, s[i])) || (was_blank && s[i] == ';'))
			return i;
		was_blank = inifile_blank(s[i]);
	}
	return n;
}

/* s[from..to) without the blanks around it, into out. */
static const char *inifile_trimmed(struct strbuf *out, const char *s, size_t from, size_t to)
{
	while (from < to && inifile_blank(s[from]))
		from++;
	while (to > from && inifile_blank(s[to - 1]))
		to--;
	sb_clear(out);
	sb_appendn(out, s + from, to - from);
	return sb_str(out);
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

static void inifile_more(struct reader *r, const char *s, size_t i, size_t n)
{
	const char *value = inifile_trimmed(&r->value, s, i, inifile_find(s, i, n, NULL));
	if (inifile_looks_like_key(value)) {
		inifile_error(r,
			      "this line starts with a space, so it goes on with the text of \"%s\" "
			      "above; if it is a key or a section of its own, delete the spaces "
			      "before it",
			      sb_str(&r->prev_key));
		return;
	}
	struct inifile_item it = {INIFILE_MORE, r->line, r->section_ok ? sb_str(&r->section) : NULL,
				  sb_str(&r->prev_key), value};
	r->fn(r->user, &it);
}

static void inifile_header(struct reader *r, const char *s, size_t i, size_t n)
{
	size_t end = inifile_find(s, i + 1, n, "]");
	if (end == n || s[end] != ']') {
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

static void inifile_pair(struct reader *r, const char *s, size_t i, size_t n)
{
	size_t sep = inifile_find(s, i, n, "=:");
	if (sep == n || (s[sep] != '=' && s[sep] != ':')) {
		inifile_error(r, "this line is neither \"key = value\", a [section] nor a comment; "
				 "text that goes on from the line above must start with a space");
		return;
	}
	const char *key = inifile_trimmed(&r->key, s, i, sep);
	const char *value = inifile_trimmed(&r->value, s, sep + 1,
					    inifile_find(s, sep + 1, n, NULL));
	sb_clear(&r->prev_key);
	sb_append(&r->prev_key, key);
	struct inifile_item it = {INIFILE_KEY, r->line, r->section_ok ? sb_str(&r->section) : NULL,
				  key, value};
	r->fn(r->user, &it);
}

static void inifile_line(struct reader *r, const char *s, size_t n)
{
	if (!inifile_line_ok(r, s, n))
		return;
	size_t i = 0;
	while (i < n && inifile_blank(s[i]))
		i++;
	if (i == n || s[i] == ';' || s[i] == '#')
		return;
	if (i > 0 && r->prev_key.len > 0)
		inifile_more(r, s, i, n);
	else if (s[i] == '[')
		inifile_header(r, s, i, n);
	else
		inifile_pair(r, s, i, n);
}

size_t inifile_parse(const char *buf, size_t len, const char *name, inifile_fn fn, void *user,
		     struct diag *err)
{
	struct reader r = {.name = name, .err = err, .fn = fn, .user = user, .section_ok = true};
	sb_init(&r.section);
	sb_init(&r.prev_key);
	sb_init(&r.key);
	sb_init(&r.value);

	const unsigned char *u = (const unsigned char *)buf;
	size_t pos = 0;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		/* every line would be wrong; say it once */
		r.line = 1;
		inifile_error(&r, "the file is UTF-16 text; save it with the encoding UTF-8");
		pos = len;
	} else if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		pos = 3;
	}
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		while (n > 0 && s[n - 1] == '\r')
			n--;
		r.line++;
		inifile_line(&r, s, n);
	}
	sb_finish(&r.section);
	sb_finish(&r.prev_key);
	sb_finish(&r.key);
	sb_finish(&r.value);
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
