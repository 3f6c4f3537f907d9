/* A configuration against the files it names: the language files its languages and wording
 * must match, and the keyword set its cards are dealt from. Apart from config.c, which reads
 * only the configuration itself, because these checks need the other files loaded. */
#include "model/config.h"

#include "common/strbuf.h"

#include <stdarg.h>
#include <string.h>

/* "PATH:LINE: " where the key was given, "PATH: " for a default. */
static void config_where(const struct kiosk_config *cfg, size_t line, struct strbuf *sb)
{
	const char *path = cfg->path ? cfg->path : "the default configuration";
	if (line)
		sb_appendf(sb, "%s:%zu: ", path, line);
	else
		sb_appendf(sb, "%s: ", path);
}

static void config_report(const struct kiosk_config *cfg, size_t line, struct diag *err,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void config_report(const struct kiosk_config *cfg, size_t line, struct diag *err,
			  const char *fmt, ...)
{
	struct strbuf sb;
	sb_init(&sb);
	config_where(cfg, line, &sb);
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(&sb, fmt, ap);
	va_end(ap);
	diag_add(err, "%s", sb.data);
	sb_finish(&sb);
}

bool config_apply(const struct kiosk_config *cfg, struct catalog *cat, struct diag *err)
{
	bool ok = true;
	for (size_t i = 0; i < cfg->nlanguages; i++) {
		if (catalog_find(cat, cfg->languages[i]) < 0) {
			config_report(cfg, cfg->languages_line, err,
				      "languages offers %s, but there is no language file %s.ini "
				      "(see docs/languages.md)",
				      cfg->languages[i], cfg->languages[i]);
			ok = false;
		}
	}
	struct diag why;
	diag_init(&why);
	for (size_t i = 0; i < cfg->ntexts; i++) {
		const struct config_text *t = &cfg->texts[i];
		if (!catalog_check_text(cat, t->id, t->text, &why))
			ok = false;
		for (size_t w = 0; w < why.count; w++)
			config_report(cfg, t->line, err, "[text.%s] %s: %s", t->code, t->id,
				      why.lines[w]);
		diag_finish(&why);
	}
	for (size_t i = 0; ok && i < cfg->ntexts; i++)
		catalog_override(cat, cfg->texts[i].code, cfg->texts[i].id, cfg->texts[i].text);
	return ok;
}

bool config_check_keyset(const struct kiosk_config *cfg, const struct keyset *ks, struct diag *err)
{
	bool ok = true;
	if ((size_t)cfg->cards > keyset_count(ks)) {
		config_report(cfg, cfg->cards_line, err,
			      "cards is %d, but the keyword set has only %zu keywords; deal fewer "
			      "cards or add keywords",
			      cfg->cards, keyset_count(ks));
		ok = false;
	}
	for (size_t i = 0; i < cfg->nlanguages; i++) {
		/* a variant of Swedish (sv-lattlast) is meant to show the Swedish labels */
		bool swedish = strncmp(cfg->languages[i], "sv-", 3) == 0;
		if (!swedish && keyset_language_index(ks, cfg->languages[i]) < 0) {
			const char *code = cfg->languages[i];
			config_report(cfg, cfg->languages_line, err,
				      "the keyword set has no %s column, so visitors who choose "
				      "%s would read the cards in Swedish; add the column to the "
				      "set or remove %s from languages",
				      code, code, code);
			ok = false;
		}
	}
	return ok;
}
