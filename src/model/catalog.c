/* The texts of every language and how they are looked up, filled in and checked. Swedish
 * is the reference: the id set is its, and it is the text shown wherever a translation has
 * a gap, so that a visitor never sees an empty button. */
#include "model/catalog.h"

#include "common/hash.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "model/catalog_impl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PLACEHOLDER_MAX 32

/* ---- ids ---- */

static size_t catalog_hash(const char *s)
{
	return (size_t)hash_mix_str(HASH_START, s);
}

size_t catalog_id_find(const struct catalog *c, const char *id)
{
	if (!c || !id || c->nslots == 0)
		return CATALOG_NONE;
	for (size_t i = catalog_hash(id) & (c->nslots - 1);; i = (i + 1) & (c->nslots - 1)) {
		size_t v = c->slots[i];
		if (v == CATALOG_NONE || strcmp(c->ids[v], id) == 0)
			return v;
	}
}

static void catalog_slot_put(struct catalog *c, size_t v)
{
	size_t i = catalog_hash(c->ids[v]) & (c->nslots - 1);
	while (c->slots[i] != CATALOG_NONE)
		i = (i + 1) & (c->nslots - 1);
	c->slots[i] = v;
}

/* The table stays at most half full. */
size_t catalog_id_add(struct catalog *c, const char *id)
{
	size_t v = catalog_id_find(c, id);
	if (v != CATALOG_NONE)
		return v;
	if (2 * (c->nids + 1) > c->nslots) {
		free(c->slots);
		c->nslots = c->nslots ? 2 * c->nslots : 64;
		c->slots = xmalloc(c->nslots * sizeof(*c->slots));
		for (size_t i = 0; i < c->nslots; i++)
			c->slots[i] = CATALOG_NONE;
		for (size_t i = 0; i < c->nids; i++)
			catalog_slot_put(c, i);
	}
	xgrow((void **)&c->ids, &c->ids_cap, c->nids + 1, sizeof(*c->ids));
	c->ids[c->nids] = xstrdup(id);
	catalog_slot_put(c, c->nids);
	return c->nids++;
}

const char *catalog_lang_get(const struct lang *l, size_t id)
{
	return id < l->cap ? l->texts[id] : NULL;
}

void catalog_lang_set(struct lang *l, size_t id, char *text, size_t line)
{
	if (id >= l->cap) {
		size_t cap = l->cap ? l->cap : 64;
		while (cap <= id)
			cap *= 2;
		l->texts = xrealloc(l->texts, cap * sizeof(*l->texts));
		l->lines = xrealloc(l->lines, cap * sizeof(*l->lines));
		for (size_t i = l->cap; i < cap; i++)
			l->texts[i] = NULL;
		l->cap = cap;
	}
	if (l->texts[id])
		free(l->texts[id]);
	else
		l->count++;
	l->texts[id] = text;
	l->lines[id] = line;
}

void catalog_lang_finish(struct lang *l)
{
	free(l->code);
	free(l->name);
	free(l->file);
	free(l->voice);
	for (size_t i = 0; i < l->cap; i++)
		free(l->texts[i]);
	free(l->texts);
	free(l->lines);
	for (size_t i = 0; i < l->naudio; i++)
		free(l->audio[i].path);
	free(l->audio);
}

bool catalog_valid_voice(const char *voice)
{
	size_t n = strlen(voice);
	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = voice[i];
		if (!(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && !strchr("-_+/", ch))
			return false;
	}
	return true;
}

size_t catalog_sv(const struct catalog *c)
{
	int sv = catalog_find(c, "sv");
	return sv < 0 ? CATALOG_NONE : (size_t)sv;
}

/* ---- text checks ---- */

/* Length of the placeholder "{name}" at s, or 0 when s does not start one. */
static size_t placeholder_len(const char *s)
{
	if (*s != '{')
		return 0;
	size_t n = 1;
	while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_')
		n++;
	return s[n] == '}' && n > 1 && n - 1 <= PLACEHOLDER_MAX ? n + 1 : 0;
}

/* Whether text holds the placeholder of n bytes at ph (braces included). */
static bool has_placeholder(const char *text, const char *ph, size_t n)
{
	for (const char *s = text; *s; s++)
		if (placeholder_len(s) == n && memcmp(s, ph, n) == 0)
			return true;
	return false;
}

/* Whether the placeholder at s appeared in text before s, so it is reported once. */
static bool seen_before(const char *text, const char *s, size_t n)
{
	for (const char *t = text; t < s; t++)
		if (placeholder_len(t) == n && memcmp(t, s, n) == 0)
			return true;
	return false;
}

void catalog_text_problems(const char *text, const char *reference, struct diag *why)
{
	if (!*text) {
		diag_add(why, "the text is empty; write it after the = or delete the line");
		return;
	}
	if (utf8_count(text, strlen(text)) > CATALOG_TEXT_MAX_CHARS) {
		/* and its placeholders are not worth the time a fuzzer's megabyte would take */
		diag_add(why,
			 "the text is longer than %d characters; shorten it so that it fits on "
			 "the screen",
			 CATALOG_TEXT_MAX_CHARS);
		return;
	}
	if (strchr(text, '\t'))
		diag_add(why, "the text holds a tab; use spaces");
	for (const char *s = text; *s; s++) {
		size_t n = placeholder_len(s);
		if (n) {
			s += n - 1;
		} else if (*s == '{' || *s == '}') {
			diag_add(why,
				 "the '%c' at character %zu is not part of a placeholder; a "
				 "placeholder is a name in a-z and _ between braces, like {n}",
				 *s, utf8_count(text, (size_t)(s - text)) + 1);
			return;
		}
	}
	if (!reference)
		return;
	for (const char *s = reference; *s; s++) {
		size_t n = placeholder_len(s);
		if (n && !seen_before(reference, s, n) && !has_placeholder(text, s, n))
			diag_add(why, "the Swedish text has %.*s; this one must have it too",
				 (int)n, s);
	}
	for (const char *s = text; *s; s++) {
		size_t n = placeholder_len(s);
		if (n && !seen_before(text, s, n) && !has_placeholder(reference, s, n))
			diag_add(why,
				 "%.*s is not in the Swedish text, so nothing would fill it; use "
				 "only the placeholders the Swedish text has",
				 (int)n, s);
	}
}

/* Whether id is one the kiosk uses: in Swedish when Swedish is loaded, else in any file. */
static bool catalog_id_known(const struct catalog *c, size_t id)
{
	if (id == CATALOG_NONE)
		return false;
	size_t sv = catalog_sv(c);
	if (sv != CATALOG_NONE)
		return catalog_lang_get(&c->langs[sv], id) != NULL;
	for (size_t l = 0; l < c->nlangs; l++)
		if (catalog_lang_get(&c->langs[l], id))
			return true;
	return false;
}

bool catalog_check_text(const struct catalog *c, const char *id, const char *text, struct diag *why)
{
	size_t before = why->count;
	size_t idx = catalog_id_find(c, id);
	if (!catalog_id_known(c, idx)) {
		diag_add(why, "\"%s\" is not a text id of sv.ini; check the spelling", id);
		return false;
	}
	size_t sv = catalog_sv(c);
	const char *reference = sv == CATALOG_NONE ? NULL : catalog_lang_get(&c->langs[sv], idx);
	catalog_text_problems(text, reference, why);
	return why->count == before;
}

bool catalog_valid_code(const char *s)
{
	size_t i = 0;
	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	while (s[i]) {
		if (s[i] != '-')
			return false;
		size_t start = ++i;
		while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			i++;
		if (i == start || i - start > 8)
			return false;
	}
	return true;
}

bool catalog_valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > CATALOG_ID_MAX_BYTES)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= '0' && s[i] <= '9') &&
		    !strchr("._-+", s[i]))
			return false;
	return true;
}

void catalog_destroy(struct catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nids; i++)
		free(c->ids[i]);
	free(c->ids);
	free(c->slots);
	for (size_t l = 0; l < c->nlangs; l++)
		catalog_lang_finish(&c->langs[l]);
	free(c->langs);
	free(c);
}

/* ---- looking up ---- */

size_t catalog_count(const struct catalog *c)
{
	return c ? c->nlangs : 0;
}

const struct lang *catalog_lang_at(const struct catalog *c, size_t i)
{
	return c && i < c->nlangs ? &c->langs[i] : NULL;
}

static const struct lang *catalog_lang(const struct catalog *c, size_t i)
{
	return catalog_lang_at(c, i);
}

const char *catalog_code(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l ? l->code : NULL;
}

const char *catalog_name(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l ? l->name : NULL;
}

const char *catalog_file(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l ? l->file : NULL;
}

bool catalog_rtl(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l && l->rtl;
}

const char *catalog_voice(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l ? l->voice : NULL;
}

bool catalog_draft(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l && l->draft;
}

size_t catalog_text_count(const struct catalog *c, size_t i)
{
	const struct lang *l = catalog_lang(c, i);
	return l ? l->count : 0;
}

size_t catalog_id_count(const struct catalog *c)
{
	return c->nids;
}

const char *catalog_id(const struct catalog *c, size_t k)
{
	return k < c->nids ? c->ids[k] : NULL;
}

int catalog_find(const struct catalog *c, const char *code)
{
	for (size_t l = 0; code && l < catalog_count(c); l++)
		if (strcmp(c->langs[l].code, code) == 0)
			return (int)l;
	return -1;
}

const char *catalog_text(const struct catalog *c, size_t lang, const char *id)
{
	size_t idx = catalog_id_find(c, id);
	if (idx != CATALOG_NONE) {
		const struct lang *l = catalog_lang(c, lang);
		if (l && catalog_lang_get(l, idx))
			return catalog_lang_get(l, idx);
		size_t sv = catalog_sv(c);
		if (sv != CATALOG_NONE && catalog_lang_get(&c->langs[sv], idx))
			return catalog_lang_get(&c->langs[sv], idx);
	}
	return id ? id : "";
}

/* The value given for the placeholder name[0..n), or NULL. */
static const char *catalog_value(const char *name, size_t n, va_list pairs)
{
	va_list ap;
	va_copy(ap, pairs);
	const char *found = NULL;
	for (const char *key; !found && (key = va_arg(ap, const char *));) {
		const char *value = va_arg(ap, const char *);
		if (!value)
			break;
		if (strlen(key) == n && memcmp(key, name, n) == 0)
			found = value;
	}
	va_end(ap);
	return found;
}

char *catalog_format(const struct catalog *c, size_t lang, const char *id, ...)
{
	va_list pairs;
	va_start(pairs, id);
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, "");
	for (const char *s = catalog_text(c, lang, id); *s;) {
		size_t n = placeholder_len(s);
		const char *value = n ? catalog_value(s + 1, n - 2, pairs) : NULL;
		if (value) {
			sb_append(&sb, value);
			s += n;
		} else {
			sb_appendn(&sb, s, 1);
			s++;
		}
	}
	va_end(pairs);
	return sb.data;
}

char *catalog_number(const struct catalog *c, size_t lang, long n)
{
	const struct lang *l = catalog_lang(c, lang);
	bool arabic = l && l->arabic_digits;
	/* through unsigned, so that LONG_MIN has a magnitude */
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	char rev[32];
	size_t k = 0;
	do {
		rev[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	struct strbuf sb;
	sb_init(&sb);
	sb_append(&sb, n < 0 ? "-" : "");
	while (k-- > 0) {
		/* U+0660 ARABIC-INDIC DIGIT ZERO is D9 A0 in UTF-8, and the others follow it */
		char arabic_digit[3] = {(char)0xd9, (char)(0xa0 + (rev[k] - '0')), '\0'};
		sb_append(&sb, arabic ? arabic_digit : (char[]){rev[k], '\0'});
	}
	return sb.data;
}

/* ---- changing and comparing ---- */

bool catalog_override(struct catalog *c, const char *code, const char *id, const char *text)
{
	int l = catalog_find(c, code);
	if (l < 0)
		return false;
	struct diag why;
	diag_init(&why);
	bool ok = catalog_check_text(c, id, text, &why);
	diag_finish(&why);
	if (ok)
		catalog_lang_set(&c->langs[l], catalog_id_find(c, id), xstrdup(text), 0);
	return ok;
}

size_t catalog_missing(const struct catalog *c, size_t lang, struct diag *out)
{
	size_t sv = catalog_sv(c);
	const struct lang *l = catalog_lang(c, lang);
	if (sv == CATALOG_NONE || !l || lang == sv)
		return 0;
	size_t missing = 0;
	for (size_t id = 0; id < c->nids; id++) {
		if (catalog_lang_get(&c->langs[sv], id) && !catalog_lang_get(l, id)) {
			diag_add(out, "%s: no text for \"%s\"; visitors see the Swedish text",
				 l->file, c->ids[id]);
			missing++;
		}
	}
	return missing;
}
