/* The tally's settings file (see tally_config.h): one [tally] section of
 * three keys, read with the same INI reader and the same kind of messages
 * as the kiosk's configuration. */
#include "model/tally_config.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/inifile.h"
#include "model/stats.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum tally_key {
	TK_GROUP,
	TK_SECONDS,
	TK_WINDOW,
	TK_COUNT,
};

static const char *const tally_config_keys[TK_COUNT] = {
	"min_group_sessions",
	"min_seconds_per_card",
	"repeat_window_minutes",
};

struct tally_config_parser {
	const char *name;
	struct diag *err;
	size_t nerr;
	bool in_tally, any_section;
	char *value[TK_COUNT];
	size_t line[TK_COUNT];
};

static void tally_config_error(struct tally_config_parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void tally_config_error(struct tally_config_parser *p, size_t line, const char *fmt, ...)
{
	struct strbuf sb;
	sb_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(&sb, fmt, ap);
	va_end(ap);
	diag_add(p->err, "%s:%zu: %s", p->name, line, sb_str(&sb));
	sb_finish(&sb);
	p->nerr++;
}

static void tally_config_item(void *user, const struct inifile_item *it)
{
	struct tally_config_parser *p = user;
	if (it->kind == INIFILE_SECTION) {
		p->any_section = true;
		p->in_tally = it->section && strcmp(it->section, "tally") == 0;
		if (it->section && !p->in_tally)
			tally_config_error(p, it->line,
					   "[%s] is not a section of the tally's file; it has only "
					   "[tally]",
					   it->section);
		return;
	}
	if (!it->section)
		return; /* under a broken header: the header is the error */
	if (!p->in_tally) {
		if (!p->any_section)
			tally_config_error(p, it->line,
					   "%s is outside a section; put [tally] "
					   "above it",
					   it->key);
		return;
	}
	if (it->kind == INIFILE_MORE) {
		tally_config_error(p, it->line, "%s takes a single number on one line", it->key);
		return;
	}
	for (int k = 0; k < TK_COUNT; k++) {
		if (strcmp(it->key, tally_config_keys[k]) != 0)
			continue;
		if (p->value[k]) {
			tally_config_error(p, it->line, "%s is given twice (also on line %zu)",
					   it->key, p->line[k]);
			return;
		}
		p->value[k] = xstrdup(it->value);
		p->line[k] = it->line;
		return;
	}
	tally_config_error(p, it->line,
			   "%s is not a key of [tally]; the keys are min_group_sessions, "
			   "min_seconds_per_card and repeat_window_minutes",
			   it->key);
}

/* A number from lo to hi, with decimals when allowed ("0.5" or "0,5"). */
static bool tally_config_number(struct tally_config_parser *p, int k, double lo, double hi,
				bool decimals, double *out)
{
	const char *v = p->value[k];
	char buf[32];
	size_t n = strlen(v);
	bool ok = n > 0 && n < sizeof(buf);
	for (size_t i = 0; ok && i < n; i++) {
		buf[i] = v[i] == ',' ? '.' : v[i];
		ok = (buf[i] >= '0' && buf[i] <= '9') || (decimals && buf[i] == '.');
	}
	char *end = NULL;
	if (ok) {
		buf[n] = '\0';
		errno = 0;
		*out = strtod(buf, &end);
		ok = errno == 0 && end && *end == '\0' && *out >= lo && *out <= hi;
	}
	if (!ok)
		tally_config_error(p, p->line[k], "%s is \"%s\"; write a %s from %g to %g",
				   tally_config_keys[k], v, decimals ? "number" : "whole number",
				   lo, hi);
	return ok;
}

void tally_config_defaults(struct tally_config *out)
{
	*out = (struct tally_config){.min_group = STATS_MIN_GROUP_DEFAULT};
	misuse_rules_default(&out->rules);
}

bool tally_config_parse(const char *buf, size_t len, const char *name, struct tally_config *out,
			struct diag *err)
{
	tally_config_defaults(out);
	/* every problem gathered first, then told in the order of the lines */
	struct diag local;
	diag_init(&local);
	struct tally_config_parser p = {.name = name, .err = &local};
	p.nerr += inifile_parse(buf, len, name, tally_config_item, &p, &local);
	struct tally_config c = *out;
	double v = 0;
	if (p.value[TK_GROUP] && tally_config_number(&p, TK_GROUP, STATS_MIN_GROUP_FLOOR,
						     TALLY_CONFIG_GROUP_MAX, false, &v))
		c.min_group = (uint64_t)v;
	if (p.value[TK_SECONDS] &&
	    tally_config_number(&p, TK_SECONDS, 0, TALLY_CONFIG_SECONDS_MAX, true, &v))
		c.rules.min_ms_per_card = (int64_t)llround(v * 1000);
	if (p.value[TK_WINDOW] &&
	    tally_config_number(&p, TK_WINDOW, 0, TALLY_CONFIG_WINDOW_MAX, false, &v))
		c.rules.repeat_window_ms = (int64_t)v * 60000;
	for (int k = 0; k < TK_COUNT; k++)
		free(p.value[k]);
	inifile_sort_into(&local, name, err);
	diag_finish(&local);
	if (p.nerr)
		return false;
	c.path = xstrdup(name);
	*out = c;
	return true;
}

bool tally_config_load(const char *path, struct tally_config *out, struct diag *err)
{
	char *buf = NULL;
	size_t len = 0;
	if (!fs_read_file(path, &buf, &len, err)) {
		tally_config_defaults(out);
		return false;
	}
	bool ok = tally_config_parse(buf, len, path, out, err);
	free(buf);
	return ok;
}

void tally_config_finish(struct tally_config *c)
{
	if (!c)
		return;
	free(c->path);
	c->path = NULL;
}

bool tally_config_is_tally_file(const char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		while (i < len &&
		       (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i < len && buf[i] == '[')
			return len - i >= 7 && memcmp(buf + i, "[tally]", 7) == 0;
		while (i < len && buf[i] != '\n') /* a comment or a key before any section */
			i++;
	}
	return false;
}
