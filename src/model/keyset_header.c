/* The rules of a keyword set's metadata lines ("# set-id: ...") and of its header row, which
 * names the columns; the rows and the whole file are keyset.c's part. */
#include "model/keyset_parser.h"

#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *const ks_meta_keys[META_COUNT] = {"set-id", "version", "sample", "title", "note"};

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
void keyset_parse_comment(struct parser *p, size_t line)
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
		if (ks_eq_nocase(s, klen, ks_meta_keys[k]))
			key = (enum meta)k;
	if (key == META_COUNT)
		return;
	if (p->meta_line[key]) {
		ks_error(&p->rep, line,
			 "\"%s\" is given twice (first on line %zu); keep one of them",
			 ks_meta_keys[key], p->meta_line[key]);
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

/* "description:CODE" or "audio:CODE" (prefix, with example): the column's index among its
 * kind goes into col_lang. */
static bool header_extra(struct parser *p, size_t line, size_t c, const char *name, size_t n,
			 const char *prefix, const char *example, struct ks_extra *x)
{
	size_t skip = strlen(prefix);
	if (!ks_valid_language(name + skip, n - skip)) {
		char col[16];
		ks_column_letters(c, col);
		ks_error(&p->rep, line,
			 "column %s \"%s\" names no language; write %s and a language code, such "
			 "as %s",
			 col, ks_cell_text(&p->rd, c), prefix, example);
		return false;
	}
	x->langs = xrealloc(x->langs, (x->n + 1) * sizeof(*x->langs));
	p->col_lang[c] = x->n;
	x->langs[x->n++] = ks_pool_add(&p->pool, name + skip, n - skip);
	return true;
}

void keyset_parse_header(struct parser *p, size_t line)
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
			if (!header_extra(p, line, c, name, n, KS_DESCRIPTION_PREFIX,
					  "description:sv-lattlast", &p->descriptions))
				continue;
			kind = COL_DESC;
		} else if (strncmp(name, KS_AUDIO_PREFIX, strlen(KS_AUDIO_PREFIX)) == 0) {
			if (!header_extra(p, line, c, name, n, KS_AUDIO_PREFIX, "audio:so",
					  &p->audio))
				continue;
			kind = COL_AUDIO;
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
