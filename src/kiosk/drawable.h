/* What the kiosk would show, held against the fonts it draws with: a text with a character
 * no bundled font has (an emoji, a script such as Ge'ez) reaches visitors as empty boxes.
 * For `visionsort check`, which asks before a kiosk stands in a library; opens the fonts
 * without a window. Format characters (ZWSP, ZWNJ, ZWJ, a BOM) draw as nothing and are
 * never reported. */
#ifndef VS_DRAWABLE_H
#define VS_DRAWABLE_H

#include "common/diag.h"
#include "model/config.h"
#include "model/keyset.h"

#include <stddef.h>

struct drawable;

/* Opens the bundled fonts in font_dir; NULL with one diag line when one cannot be read. */
struct drawable *drawable_create(const char *font_dir, struct diag *err);
void drawable_destroy(struct drawable *d); /* NULL-safe */

/* Each of these adds one "NAME:LINE: ..." line to out per text that has characters no
 * bundled font draws, naming each such character (as U+XXXX and itself), in file order,
 * and returns how many texts it reported. */

/* The labels and descriptions of ks, read from the file NAME. languages: the codes visitors
 * are offered (their labels, the Swedish ones they fall back to, and their descriptions);
 * NULL for every column of the file. */
size_t drawable_keyset(struct drawable *d, const struct keyset *ks, const char *name,
		       char *const *languages, size_t nlanguages, struct diag *out);
/* A language file's name and texts, buf[0..len) read from the file NAME. */
size_t drawable_language(struct drawable *d, const char *buf, size_t len, const char *name,
			 struct diag *out);
/* The site wording of a configuration ([text.CODE] lines). */
size_t drawable_config(struct drawable *d, const struct kiosk_config *cfg, struct diag *out);

#endif
