/* The parsed keyword set: its strings in one pool, the index that finds a keyword by id, and
 * the answers callers ask of a set. */
#include "model/keyset.h"

#include "model/keyset_impl.h"

#include "common/hash.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

char ks_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool ks_eq_nocase(const char *s, size_t n, const char *word)
{
	size_t i = 0;
	for (; i < n && word[i]; i++)
		if (ks_lower(s[i]) != word[i])
			return false;
	return i == n && word[i] == '\0';
}

size_t ks_pool_add(struct strbuf *pool, const char *s, size_t n)
{
	size_t off = pool->len;
	sb_appendn(pool, s, n);
	sb_appendn(pool, "", 1); /* keep the terminator inside the pool */
	return off;
}

size_t ks_index_get(const struct ks_index *ix, const char *pool, const char *s, size_t n)
{
	if (ix->cap == 0)
		return KS_NONE;
	for (size_t i = hash_mix_bytes(HASH_START, s, n) & (ix->cap - 1);;
	     i = (i + 1) & (ix->cap - 1)) {
		const struct ks_slot *sl = &ix->slots[i];
		if (sl->off == KS_NONE)
			return KS_NONE;
		if (sl->len == n && memcmp(pool + sl->off, s, n) == 0)
			return sl->val;
	}
}

static void index_insert(struct ks_slot *slots, size_t cap, const char *pool, struct ks_slot sl)
{
	size_t i = hash_mix_bytes(HASH_START, pool + sl.off, sl.len) & (cap - 1);
	while (slots[i].off != KS_NONE)
		i = (i + 1) & (cap - 1);
	slots[i] = sl;
}

/* Keeps the table at most half full. */
void ks_index_put(struct ks_index *ix, const char *pool, size_t off, size_t len, size_t val)
{
	if (2 * (ix->count + 1) > ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 16;
		struct ks_slot *slots = xmalloc(cap * sizeof(*slots));
		for (size_t i = 0; i < cap; i++)
			slots[i].off = KS_NONE;
		for (size_t i = 0; i < ix->cap; i++)
			if (ix->slots[i].off != KS_NONE)
				index_insert(slots, cap, pool, ix->slots[i]);
		free(ix->slots);
		ix->slots = slots;
		ix->cap = cap;
	}
	index_insert(ix->slots, ix->cap, pool, (struct ks_slot){off, len, val});
	ix->count++;
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
	ks_extra_finish(&ks->descriptions);
	ks_extra_finish(&ks->audio);
	diag_finish(&ks->warnings);
	free(ks);
}

struct keyset_form keyset_form(const struct keyset *ks)
{
	return ks->form;
}

const char *keyset_form_name(struct keyset_form form)
{
	static const char *const names[3][3] = {
		{"tab-separated, UTF-8", "tab-separated, UTF-16 little-endian",
		 "tab-separated, UTF-16 big-endian"},
		{"semicolon-separated, UTF-8", "semicolon-separated, UTF-16 little-endian",
		 "semicolon-separated, UTF-16 big-endian"},
		{"comma-separated, UTF-8", "comma-separated, UTF-16 little-endian",
		 "comma-separated, UTF-16 big-endian"},
	};
	return names[form.separator][form.encoding];
}

const struct diag *keyset_warnings(const struct keyset *ks)
{
	return &ks->warnings;
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
		if (ks_eq_nocase(code, strlen(code), ks->pool + ks->langs[l]))
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
	size_t i = ks_index_get(&ks->ids, ks->pool, keyword_id, strlen(keyword_id));
	return i == KS_NONE ? -1 : (long)i;
}

const char *keyset_label(const struct keyset *ks, size_t i, size_t lang)
{
	if (i >= ks->nrows)
		return NULL;
	const struct ks_row *r = &ks->rows[i];
	if (lang < r->nlabels && ks->labels[r->first_label + lang] != KS_NONE)
		return ks->pool + ks->labels[r->first_label + lang];
	return ks->pool + ks->labels[r->first_label];
}

const char *keyset_image(const struct keyset *ks, size_t i)
{
	if (i >= ks->nrows || ks->rows[i].image == KS_NONE)
		return NULL;
	return ks->pool + ks->rows[i].image;
}

bool keyset_has_label(const struct keyset *ks, size_t i, size_t lang)
{
	if (i >= ks->nrows)
		return false;
	const struct ks_row *r = &ks->rows[i];
	return lang < r->nlabels && ks->labels[r->first_label + lang] != KS_NONE;
}

size_t keyset_line(const struct keyset *ks, size_t i)
{
	return i < ks->nrows ? ks->rows[i].line : 0;
}

void ks_extra_finish(struct ks_extra *x)
{
	free(x->langs);
	free(x->cells);
}

/* Row i's cell in x's column for lang, or NULL. */
static const char *extra_cell(const struct keyset *ks, const struct ks_extra *x, size_t i,
			      const char *lang)
{
	if (i >= ks->nrows || !lang)
		return NULL;
	for (size_t d = 0; d < x->n; d++) {
		size_t off = x->cells[i * x->n + d];
		if (strcmp(ks->pool + x->langs[d], lang) == 0)
			return off == KS_NONE ? NULL : ks->pool + off;
	}
	return NULL;
}

size_t keyset_description_count(const struct keyset *ks)
{
	return ks->descriptions.n;
}

const char *keyset_description_language(const struct keyset *ks, size_t d)
{
	return d < ks->descriptions.n ? ks->pool + ks->descriptions.langs[d] : NULL;
}

const char *keyset_description(const struct keyset *ks, size_t i, const char *lang)
{
	return extra_cell(ks, &ks->descriptions, i, lang);
}

size_t keyset_audio_count(const struct keyset *ks)
{
	return ks->audio.n;
}

const char *keyset_audio_language(const struct keyset *ks, size_t d)
{
	return d < ks->audio.n ? ks->pool + ks->audio.langs[d] : NULL;
}

const char *keyset_audio(const struct keyset *ks, size_t i, const char *lang)
{
	return extra_cell(ks, &ks->audio, i, lang);
}
