/* Texts held against the bundled fonts, the way the kiosk would draw them (platform.h's
 * platform_fonts_undrawable, so the check and the screen agree on what a font lacks). Both
 * weights are asked: which one a text is drawn in is the scene's choice, and may change. */
#include "kiosk/drawable.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/inifile.h"
#include "platform/platform.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct drawable {
	struct platform_fonts *fonts;
	uint32_t *found; /* the undrawable characters of the text last asked about */
	size_t nfound, found_cap;
	uint32_t *face_found; /* one weight's, before they join found */
	size_t face_cap;
	struct strbuf line;
};

struct drawable *drawable_create(const char *font_dir, struct diag *err)
{
	struct platform_fonts *fonts = platform_fonts_create(font_dir, err);
	if (!fonts)
		return NULL;
	struct drawable *d = xcalloc(1, sizeof(*d));
	d->fonts = fonts;
	sb_init(&d->line);
	return d;
}

void drawable_destroy(struct drawable *d)
{
	if (!d)
		return;
	platform_fonts_destroy(d->fonts);
	free(d->found);
	free(d->face_found);
	sb_finish(&d->line);
	free(d);
}

/* The characters of text that no font of some weight draws, each once, in the order of the
 * text (a character only one weight lacks comes after the others). */
static size_t undrawable(struct drawable *d, const char *text)
{
	d->nfound = 0;
	for (int face = 0; face < FONT_FACE_COUNT; face++) {
		size_t n = platform_fonts_undrawable(d->fonts, (enum font_face)face, text, NULL, 0);
		if (!n)
			continue;
		xgrow((void **)&d->face_found, &d->face_cap, n, sizeof(*d->face_found));
		platform_fonts_undrawable(d->fonts, (enum font_face)face, text, d->face_found, n);
		for (size_t i = 0; i < n; i++) {
			size_t j = 0;
			while (j < d->nfound && d->found[j] != d->face_found[i])
				j++;
			if (j < d->nfound)
				continue;
			xgrow((void **)&d->found, &d->found_cap, d->nfound + 1, sizeof(*d->found));
			d->found[d->nfound++] = d->face_found[i];
		}
	}
	return d->nfound;
}

static void append_utf8(struct strbuf *sb, uint32_t c)
{
	char u[4];
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
	for (size_t k = n; k > 1; k--, c >>= 6)
		u[k - 1] = (char)(0x80 | (c & 0x3F));
	u[0] = (char)(n == 1 ? c : (lead[n] | c));
	sb_appendn(sb, u, n);
}

/* One line for text at NAME:LINE when it has characters no font draws; what names the text
 * for people ("the ti label of \"peace\""). Returns whether it reported. */
static bool check_text(struct drawable *d, const char *text, const char *name, size_t line,
		       const char *what, struct diag *out)
{
	size_t n = undrawable(d, text);
	if (!n)
		return false;
	sb_clear(&d->line);
	for (size_t i = 0; i < n; i++) {
		sb_appendf(&d->line, "%sU+%04" PRIX32 " ", i ? ", " : "", d->found[i]);
		append_utf8(&d->line, d->found[i]);
	}
	diag_add(out,
		 "%s:%zu: %s has characters no bundled font can draw, which visitors would see as "
		 "empty boxes: %s; remove them, or ask the developers for a font that has them",
		 name, line, what, sb_str(&d->line));
	return true;
}

static bool offered(char *const *languages, size_t nlanguages, const char *code)
{
	if (!languages)
		return true;
	for (size_t i = 0; i < nlanguages; i++)
		if (strcmp(languages[i], code) == 0)
			return true;
	return false;
}

size_t drawable_keyset(struct drawable *d, const struct keyset *ks, const char *name,
		       char *const *languages, size_t nlanguages, struct diag *out)
{
	size_t reported = 0;
	struct strbuf what;
	sb_init(&what);
	for (size_t i = 0; i < keyset_count(ks); i++) {
		const char *id = keyset_keyword_id(ks, i);
		size_t line = keyset_line(ks, i);
		/* Swedish always: every language without a label of its own shows it */
		for (size_t lang = 0; lang < keyset_language_count(ks); lang++) {
			const char *code = keyset_language(ks, lang);
			if ((lang > 0 && !offered(languages, nlanguages, code)) ||
			    !keyset_has_label(ks, i, lang))
				continue;
			sb_clear(&what);
			sb_appendf(&what, "the %s label of \"%s\"", code, id);
			reported += check_text(d, keyset_label(ks, i, lang), name, line, what.data,
					       out);
		}
		for (size_t k = 0; k < keyset_description_count(ks); k++) {
			const char *code = keyset_description_language(ks, k);
			const char *text = keyset_description(ks, i, code);
			if (!text || !offered(languages, nlanguages, code))
				continue;
			sb_clear(&what);
			sb_appendf(&what, "the %s description of \"%s\"", code, id);
			reported += check_text(d, text, name, line, what.data, out);
		}
	}
	sb_finish(&what);
	return reported;
}

struct language_walk {
	struct drawable *d;
	const char *name;
	struct diag *out;
	size_t reported;
	struct strbuf what;
};

/* The language's own name (on the language screen) and every line of every text. */
static void language_item(void *user, const struct inifile_item *item)
{
	struct language_walk *w = user;
	if (item->kind == INIFILE_SECTION || !item->section)
		return;
	sb_clear(&w->what);
	if (strcmp(item->section, "language") == 0 && strcmp(item->key, "name") == 0)
		sb_append(&w->what, "the language's name");
	else if (strcmp(item->section, "text") == 0)
		sb_appendf(&w->what, "the text %s", item->key);
	else
		return;
	w->reported += check_text(w->d, item->value, w->name, item->line, w->what.data, w->out);
}

size_t drawable_language(struct drawable *d, const char *buf, size_t len, const char *name,
			 struct diag *out)
{
	struct language_walk w = {d, name, out, 0, {0}};
	sb_init(&w.what);
	/* the catalog has read the file and said what is wrong with its lines */
	struct diag ignored;
	diag_init(&ignored);
	inifile_parse(buf, len, name, language_item, &w, &ignored);
	diag_finish(&ignored);
	sb_finish(&w.what);
	return w.reported;
}

size_t drawable_config(struct drawable *d, const struct kiosk_config *cfg, struct diag *out)
{
	size_t reported = 0;
	struct strbuf what;
	sb_init(&what);
	for (size_t i = 0; i < cfg->ntexts; i++) {
		const struct config_text *t = &cfg->texts[i];
		sb_clear(&what);
		sb_appendf(&what, "the %s text %s", t->code, t->id);
		reported += check_text(d, t->text, cfg->path ? cfg->path : "", t->line, what.data,
				       out);
	}
	sb_finish(&what);
	return reported;
}
