/* Collecting a kiosk configuration from its INI file: which section a line is in, which key
 * it sets, and where text that goes on over several lines belongs. Nothing is judged here
 * but the file's shape (unknown sections and keys, a key given twice); the values are
 * checked in config.c once the whole file is read. */
#include "model/config_impl.h"

#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct config_key config_keys[K_COUNT] = {
	{"kiosk", "site"},
	{"kiosk", "label"},
	{"kiosk", "languages"},
	{"kiosk", "cards"},
	{"kiosk", "idle_seconds"},
	{"kiosk", "idle_countdown_seconds"},
	{"kiosk", "screen_diagonal_inches"},
	{"kiosk", "keywords"},
	{"kiosk", "compare_min_sessions"},
	{"kiosk", "renderer"},
	{"staff", "pin_hash"},
	{"staff", "pin_tries"},
	{"staff", "pin_lock_seconds"},
	{"speech", "mode"},
	{"speech", "volume_db"},
};

void config_error(struct config_parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_at(p->err, p->name, line, fmt, ap);
	va_end(ap);
	p->nerr++;
}

static void config_section(struct config_parser *p, const struct inifile_item *it)
{
	p->last_kind = LAST_NONE;
	const char *s = it->section;
	if (strcmp(s, "kiosk") == 0 || strcmp(s, "staff") == 0 || strcmp(s, "speech") == 0) {
		p->sec = SEC_NAMED;
		p->sec_name = strcmp(s, "kiosk") == 0	? "kiosk"
			      : strcmp(s, "staff") == 0 ? "staff"
							: "speech";
	} else if (strncmp(s, "text.", 5) == 0 && catalog_valid_code(s + 5)) {
		p->sec = SEC_TEXT;
		xgrow((void **)&p->secs, &p->secs_cap, p->nsecs + 1, sizeof(*p->secs));
		p->secs[p->nsecs++] = (struct config_section_at){xstrdup(s + 5), it->line};
	} else {
		config_error(p, it->line,
			     "unknown section [%s]; a kiosk configuration has [kiosk], [staff], "
			     "[speech] and [text.CODE] with CODE a language code, such as [text.sv]",
			     s);
		p->sec = SEC_OTHER;
	}
}

static void config_named_key(struct config_parser *p, const struct inifile_item *it)
{
	int k = 0;
	while (k < K_COUNT && (strcmp(config_keys[k].section, p->sec_name) != 0 ||
			       strcmp(config_keys[k].name, it->key) != 0))
		k++;
	if (k == K_COUNT) {
		struct strbuf known;
		sb_init(&known);
		for (int i = 0; i < K_COUNT; i++)
			if (strcmp(config_keys[i].section, p->sec_name) == 0)
				sb_appendf(&known, "%s%s", known.len ? ", " : "",
					   config_keys[i].name);
		config_error(p, it->line, "unknown key \"%s\" in [%s]; it takes %s", it->key,
			     p->sec_name, sb_str(&known));
		sb_finish(&known);
	} else if (p->line[k]) {
		config_error(p, it->line, "\"%s\" is given twice (first on line %zu); keep one",
			     it->key, p->line[k]);
	} else {
		sb_append(&p->val[k], it->value);
		p->line[k] = it->line;
		p->last_kind = LAST_KEY;
		p->last = (size_t)k;
	}
}

static void config_text_key(struct config_parser *p, const struct inifile_item *it)
{
	struct kiosk_config *o = p->out;
	xgrow((void **)&o->texts, &p->texts_cap, o->ntexts + 1, sizeof(*o->texts));
	o->texts[o->ntexts] = (struct config_text){xstrdup(p->secs[p->nsecs - 1].code),
						   xstrdup(it->key), xstrdup(it->value), it->line};
	p->last_kind = LAST_TEXT;
	p->last = o->ntexts++;
}

static void config_more(struct config_parser *p, const char *value)
{
	if (p->last_kind == LAST_KEY) {
		sb_appendf(&p->val[p->last], " %s", value);
	} else if (p->last_kind == LAST_TEXT) {
		struct config_text *t = &p->out->texts[p->last];
		if (strlen(t->text) > CATALOG_TEXT_MAX_BYTES)
			return; /* too long already, as config_apply will say */
		struct strbuf sb;
		sb_init(&sb);
		sb_appendf(&sb, "%s %s", t->text, value);
		free(t->text);
		t->text = sb.data;
	}
}

void config_on_item(void *user, const struct inifile_item *it)
{
	struct config_parser *p = user;
	if (it->kind == INIFILE_SECTION)
		config_section(p, it);
	else if (!it->section)
		; /* under a broken header, which is the error to report */
	else if (it->kind == INIFILE_MORE)
		config_more(p, it->value);
	else if (p->sec == SEC_NONE)
		config_error(p, it->line,
			     "\"%s\" comes before any section; put it under [kiosk] or [staff]",
			     it->key);
	else if (p->sec == SEC_NAMED)
		config_named_key(p, it);
	else if (p->sec == SEC_TEXT)
		config_text_key(p, it);
}
