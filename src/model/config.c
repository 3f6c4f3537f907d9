/* Kiosk configuration files: the values collected by config_read.c, checked once the whole
 * file is read, because a long text may go on over several lines and because some checks
 * (the countdown shorter than the idle time, wording given in every language) span keys. */
#include "model/config_impl.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "model/pin.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SITE_MAX_CHARS 60
#define LABEL_MAX_CHARS 30

/* A whole number in [min, max]. */
static bool config_int(const char *s, long min, long max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* A decimal number with a point or, as Swedish writes it, a comma. By hand rather than with
 * strtod, whose decimal separator follows the process locale. */
static bool config_decimal(const char *s, double *out)
{
	double v = 0, scale = 1;
	bool digits = false;
	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		v = v * 10 + (*s - '0');
	if (*s == '.' || *s == ',')
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true)
			v += (*s - '0') * (scale /= 10);
	if (!digits || *s)
		return false;
	*out = v;
	return true;
}

static void config_check_string(struct config_parser *p, enum config_key_id k, size_t max_chars,
				char **out)
{
	const char *v = sb_str(&p->val[k]);
	if (!*v)
		config_error(p, p->line[k], "%s is empty; write it or delete the line",
			     config_keys[k].name);
	else if (utf8_count(v, strlen(v)) > max_chars)
		config_error(p, p->line[k], "%s is longer than %zu characters", config_keys[k].name,
			     max_chars);
	else if (strchr(v, '\t'))
		config_error(p, p->line[k], "%s holds a tab; use spaces", config_keys[k].name);
	else {
		free(*out);
		*out = xstrdup(v);
	}
}

static void config_check_languages(struct config_parser *p)
{
	struct kiosk_config *o = p->out;
	size_t line = p->line[K_LANGUAGES];
	char **list = NULL;
	size_t n = 0, cap = 0, before = p->nerr;
	const char *s = sb_str(&p->val[K_LANGUAGES]);
	size_t commas = 0;
	for (const char *c = s; (c = strchr(c, ',')); c++)
		commas++;
	if (commas >= CONFIG_LANGUAGES_MAX) {
		config_error(p, line,
			     "languages names more than %d languages; the language screen has no "
			     "room for them",
			     CONFIG_LANGUAGES_MAX);
		return;
	}
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
		while (len > 0 && *s == ' ')
			s++, len--;
		char *code = xstrndup(s, len);
		bool twice = false;
		for (size_t i = 0; i < n; i++)
			twice |= strcmp(list[i], code) == 0;
		if (!*code)
			config_error(p, line,
				     "languages has an empty entry; write codes separated by "
				     "commas, such as sv,en,ar");
		else if (!catalog_valid_code(code))
			config_error(p, line,
				     "\"%s\" in languages is not a language code; write codes "
				     "such as sv, en, ar or so, separated by commas",
				     code);
		else if (twice)
			config_error(p, line, "languages names \"%s\" twice", code);
		xgrow((void **)&list, &cap, n + 1, sizeof(*list));
		list[n++] = code;
		if (!comma)
			break;
		s = comma + 1;
	}
	if (p->nerr == before) {
		for (size_t i = 0; i < o->nlanguages; i++)
			free(o->languages[i]);
		free(o->languages);
		o->languages = list;
		o->nlanguages = n;
		return;
	}
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void config_check_number(struct config_parser *p, enum config_key_id k, long min, long max,
				int *out)
{
	if (!config_int(sb_str(&p->val[k]), min, max, out))
		config_error(p, p->line[k], "%s is \"%s\"; write a whole number from %ld to %ld",
			     config_keys[k].name, sb_str(&p->val[k]), min, max);
}

static void config_check_keys(struct config_parser *p)
{
	struct kiosk_config *o = p->out;
	if (p->line[K_SITE])
		config_check_string(p, K_SITE, SITE_MAX_CHARS, &o->site);
	if (p->line[K_LABEL])
		config_check_string(p, K_LABEL, LABEL_MAX_CHARS, &o->label);
	if (p->line[K_LANGUAGES])
		config_check_languages(p);
	if (p->line[K_CARDS])
		config_check_number(p, K_CARDS, CONFIG_CARDS_MIN, CONFIG_CARDS_MAX, &o->cards);
	size_t before = p->nerr;
	if (p->line[K_IDLE])
		config_check_number(p, K_IDLE, CONFIG_IDLE_MIN, CONFIG_IDLE_MAX, &o->idle_seconds);
	if (p->line[K_COUNTDOWN])
		config_check_number(p, K_COUNTDOWN, CONFIG_COUNTDOWN_MIN, CONFIG_COUNTDOWN_MAX,
				    &o->idle_countdown_seconds);
	if (p->nerr == before && o->idle_countdown_seconds >= o->idle_seconds)
		config_error(p, p->line[K_COUNTDOWN] ? p->line[K_COUNTDOWN] : p->line[K_IDLE],
			     "the countdown (%d s) must be shorter than idle_seconds (%d s): it "
			     "runs in the last seconds of the idle time",
			     o->idle_countdown_seconds, o->idle_seconds);
	const char *v = sb_str(&p->val[K_DIAGONAL]);
	if (p->line[K_DIAGONAL] && (!config_decimal(v, &o->screen_diagonal_inches) ||
				    o->screen_diagonal_inches < CONFIG_DIAGONAL_MIN ||
				    o->screen_diagonal_inches > CONFIG_DIAGONAL_MAX))
		config_error(p, p->line[K_DIAGONAL],
			     "screen_diagonal_inches is \"%s\"; write the screen's diagonal in "
			     "inches, from %g to %g, such as 23.8",
			     v, CONFIG_DIAGONAL_MIN, CONFIG_DIAGONAL_MAX);
	if (p->line[K_COMPARE_MIN])
		config_check_number(p, K_COMPARE_MIN, CONFIG_COMPARE_MIN, CONFIG_COMPARE_MAX,
				    &o->compare_min_sessions);
	v = sb_str(&p->val[K_KEYWORDS]);
	if (p->line[K_KEYWORDS] && !*v) {
		config_error(p, p->line[K_KEYWORDS],
			     "keywords is empty; name the keyword file, or delete the line to use "
			     "the bundled sample");
	} else if (p->line[K_KEYWORDS]) {
		/* relative to the configuration, so a folder of both can move as one */
		char *dir = fs_dirname(p->name);
		struct strbuf path;
		sb_init(&path);
		if (*v == '/' || strcmp(dir, ".") == 0)
			sb_append(&path, v);
		else
			sb_appendf(&path, "%s/%s", dir, v);
		free(dir);
		o->keywords = path.data;
	}
	v = sb_str(&p->val[K_PIN_HASH]);
	if (p->line[K_PIN_HASH] && (strncmp(v, PIN_HASH_PREFIX, strlen(PIN_HASH_PREFIX)) != 0 ||
				    strlen(v) >= PIN_HASH_BYTES || strpbrk(v, " \t")))
		config_error(p, p->line[K_PIN_HASH],
			     "pin_hash is not an Argon2id hash; run `visionsort pin`, type the "
			     "PIN, and paste the line it prints here");
	else if (p->line[K_PIN_HASH])
		o->pin_hash = xstrdup(v);
	if (p->line[K_PIN_TRIES])
		config_check_number(p, K_PIN_TRIES, CONFIG_PIN_TRIES_MIN, CONFIG_PIN_TRIES_MAX,
				    &o->pin_tries);
	if (p->line[K_PIN_LOCK])
		config_check_number(p, K_PIN_LOCK, CONFIG_PIN_LOCK_MIN, CONFIG_PIN_LOCK_MAX,
				    &o->pin_lock_seconds);
	v = sb_str(&p->val[K_SPEECH_MODE]);
	if (p->line[K_SPEECH_MODE] && strcmp(v, "off") == 0)
		o->speech = CONFIG_SPEECH_OFF;
	else if (p->line[K_SPEECH_MODE] && strcmp(v, "offer") == 0)
		o->speech = CONFIG_SPEECH_OFFER;
	else if (p->line[K_SPEECH_MODE] && strcmp(v, "on") == 0)
		o->speech = CONFIG_SPEECH_ON;
	else if (p->line[K_SPEECH_MODE])
		config_error(p, p->line[K_SPEECH_MODE],
			     "mode is \"%s\"; write off (never speak), offer (speak when a visitor "
			     "asks) or on (read every visit aloud)",
			     v);
	if (p->line[K_VOLUME])
		config_check_number(p, K_VOLUME, CONFIG_VOLUME_MIN_DB, CONFIG_VOLUME_MAX_DB,
				    &o->volume_db);
	v = sb_str(&p->val[K_RENDERER]);
	if (p->line[K_RENDERER] && !config_renderer_valid(v)) {
		config_error(p, p->line[K_RENDERER],
			     "renderer is \"%s\"; write auto, software or opengl (auto is right "
			     "unless the benchmark in docs/PERFORMANCE.md says otherwise)",
			     v);
	} else if (p->line[K_RENDERER]) {
		free(o->renderer);
		o->renderer = xstrdup(v);
	}
}

bool config_renderer_valid(const char *name)
{
	return strcmp(name, "auto") == 0 || strcmp(name, "software") == 0 ||
	       strcmp(name, "opengl") == 0;
}

static bool config_offers(const struct kiosk_config *o, const char *code)
{
	for (size_t i = 0; i < o->nlanguages; i++)
		if (strcmp(o->languages[i], code) == 0)
			return true;
	return false;
}

static int config_text_cmp(const void *a, const void *b)
{
	const struct config_text *x = *(const struct config_text *const *)a;
	const struct config_text *y = *(const struct config_text *const *)b;
	int c = strcmp(x->id, y->id);
	if (!c)
		c = strcmp(x->code, y->code);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Wording must come in every offered language: a site that asks its own question in Swedish
 * only would ask visitors in other languages a different one, and the answers would not add
 * up. Sorted by id, so that a fuzzer's many lines cost n log n. */
static void config_check_texts(struct config_parser *p)
{
	const struct kiosk_config *o = p->out;
	for (size_t i = 0; i < p->nsecs; i++)
		if (!config_offers(o, p->secs[i].code))
			config_error(p, p->secs[i].line,
				     "[text.%s] gives wording for %s, which languages does not "
				     "offer; add %s to languages or delete the section",
				     p->secs[i].code, p->secs[i].code, p->secs[i].code);
	const struct config_text **sorted = xmalloc((o->ntexts + 1) * sizeof(*sorted));
	size_t n = 0;
	for (size_t i = 0; i < o->ntexts; i++)
		if (config_offers(o, o->texts[i].code))
			sorted[n++] = &o->texts[i];
	qsort(sorted, n, sizeof(*sorted), config_text_cmp);
	struct strbuf missing;
	sb_init(&missing);
	for (size_t i = 0, end; i < n; i = end) {
		size_t first_line = sorted[i]->line;
		for (end = i + 1; end < n && strcmp(sorted[end]->id, sorted[i]->id) == 0; end++) {
			const struct config_text *t = sorted[end], *before = sorted[end - 1];
			if (strcmp(t->code, before->code) == 0)
				config_error(p, t->line,
					     "%s is given twice for %s (first on line %zu); keep "
					     "one",
					     t->id, t->code, before->line);
			if (t->line < first_line)
				first_line = t->line;
		}
		sb_clear(&missing);
		for (size_t l = 0; l < o->nlanguages; l++) {
			bool found = false;
			for (size_t k = i; k < end; k++)
				found |= strcmp(sorted[k]->code, o->languages[l]) == 0;
			if (!found)
				sb_appendf(&missing, "%s[text.%s]", missing.len ? ", " : "",
					   o->languages[l]);
		}
		if (missing.len)
			config_error(p, first_line,
				     "%s is changed for some languages but not under %s; give it "
				     "in every language offered, so that every visitor is asked "
				     "the same",
				     sorted[i]->id, sb_str(&missing));
	}
	sb_finish(&missing);
	free(sorted);
}

/* ---- the interface ---- */

void config_defaults(struct kiosk_config *out)
{
	static const char *const langs[] = {"sv", "en", "ar"};
	memset(out, 0, sizeof(*out));
	out->site = xstrdup("");
	out->label = xstrdup("");
	out->nlanguages = sizeof(langs) / sizeof(langs[0]);
	out->languages = xmalloc(out->nlanguages * sizeof(*out->languages));
	for (size_t i = 0; i < out->nlanguages; i++)
		out->languages[i] = xstrdup(langs[i]);
	out->cards = 12;
	out->idle_seconds = 90;
	out->idle_countdown_seconds = 15;
	out->screen_diagonal_inches = 24.0;
	out->speech = CONFIG_SPEECH_OFFER;
	out->volume_db = -6;
	out->compare_min_sessions = 10;
	out->renderer = xstrdup("auto");
	out->pin_tries = PIN_GUARD_MAX_TRIES;
	out->pin_lock_seconds = PIN_GUARD_LOCK_SECONDS;
}

void config_finish(struct kiosk_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->site);
	free(cfg->label);
	for (size_t i = 0; i < cfg->nlanguages; i++)
		free(cfg->languages[i]);
	free(cfg->languages);
	free(cfg->keywords);
	free(cfg->pin_hash);
	free(cfg->renderer);
	for (size_t i = 0; i < cfg->ntexts; i++) {
		free(cfg->texts[i].code);
		free(cfg->texts[i].id);
		free(cfg->texts[i].text);
	}
	free(cfg->texts);
	memset(cfg, 0, sizeof(*cfg));
}

bool config_parse(const char *buf, size_t len, const char *name, struct kiosk_config *out,
		  struct diag *err)
{
	config_defaults(out);
	struct config_parser p;
	memset(&p, 0, sizeof(p));
	p.name = name;
	struct diag mine;
	diag_init(&mine);
	p.err = &mine;
	p.out = out;
	for (int k = 0; k < K_COUNT; k++)
		sb_init(&p.val[k]);
	/* handlers count their own errors meanwhile */
	p.nerr += inifile_parse(buf, len, name, config_on_item, &p, &mine);
	size_t before = p.nerr;
	config_check_keys(&p);
	/* against a list that failed its own check, every section would be reported as well */
	if (p.nerr == before || !p.line[K_LANGUAGES])
		config_check_texts(&p);
	for (int k = 0; k < K_COUNT; k++)
		sb_finish(&p.val[k]);
	for (size_t i = 0; i < p.nsecs; i++)
		free(p.secs[i].code);
	free(p.secs);
	inifile_sort_into(&mine, name, err);
	if (p.nerr) {
		config_finish(out);
		config_defaults(out);
		return false;
	}
	out->path = xstrdup(name);
	out->languages_line = p.line[K_LANGUAGES];
	out->cards_line = p.line[K_CARDS];
	out->keywords_line = p.line[K_KEYWORDS];
	return true;
}

bool config_load(const char *path, struct kiosk_config *out, struct diag *err)
{
	char *buf;
	size_t len;
	if (!fs_read_file(path, &buf, &len, err)) {
		config_defaults(out);
		return false;
	}
	bool ok = config_parse(buf, len, path, out, err);
	free(buf);
	return ok;
}
