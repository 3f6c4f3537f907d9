/* What config.c (checking the values, the interface) shares with config_read.c (collecting
 * them from the INI file): private to the two. */
#ifndef VS_CONFIG_IMPL_H
#define VS_CONFIG_IMPL_H

#include "common/strbuf.h"
#include "model/config.h"
#include "model/inifile.h"

#include <stddef.h>

enum config_key_id {
	K_SITE,
	K_LABEL,
	K_LANGUAGES,
	K_CARDS,
	K_IDLE,
	K_COUNTDOWN,
	K_DIAGONAL,
	K_KEYWORDS,
	K_COMPARE_MIN,
	K_RENDERER,
	K_PIN_HASH,
	K_PIN_TRIES,
	K_PIN_LOCK,
	K_SPEECH_MODE,
	K_VOLUME,
	K_COUNT
};

/* Where a key belongs and what it is called, by enum config_key_id. */
struct config_key {
	const char *section, *name;
};
extern const struct config_key config_keys[K_COUNT];

enum config_section {
	SEC_NONE,
	SEC_NAMED,
	SEC_TEXT,
	SEC_OTHER
};

/* A [text.CODE] header and its line. */
struct config_section_at {
	char *code;
	size_t line;
};

/* Collected from the file (config_read.c), then checked (config.c). */
struct config_parser {
	const char *name;
	struct diag *err;
	size_t nerr;
	struct kiosk_config *out;
	enum config_section sec;
	const char *sec_name; /* "kiosk", "staff" or "speech" for SEC_NAMED */
	struct strbuf val[K_COUNT];
	size_t line[K_COUNT];
	struct config_section_at *secs; /* [text.CODE] headers, for messages */
	size_t nsecs, secs_cap;
	size_t texts_cap;
	enum {
		LAST_NONE,
		LAST_KEY,
		LAST_TEXT
	} last_kind; /* where continuation lines go */
	size_t last;
};

/* Adds "NAME:LINE: message" and counts it. */
void config_error(struct config_parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The inifile_fn that collects the file into p: values by key, wording into p->out. */
void config_on_item(void *user, const struct inifile_item *it);

#endif
