/* Language files: lenient about layout (comments, long texts over several lines), strict
 * about content, and naming every problem with its line so a translator can fix them all in
 * one go. Swedish is read first because the other files are checked against it. */
#include "model/catalog.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "model/catalog_impl.h"
#include "model/inifile.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum lang_key {
	LK_CODE,
	LK_NAME,
	LK_DIRECTION,
	LK_DIGITS,
	LK_VOICE,
	LK_REVIEWED,
	LK_COUNT
};
static const char *const lang_keys[LK_COUNT] = {"code",	  "name",  "direction",
						"digits", "voice", "reviewed"};

enum section {
	SEC_NONE,
	SEC_LANGUAGE,
	SEC_TEXT,
	SEC_AUDIO,
	SEC_OTHER
};

struct parser {
	struct catalog *c;
	const char *name;
	struct diag *err;
	size_t nerr;
	size_t items; /* sections, keys and continuations seen */
	size_t sv;    /* the Swedish reference, or CATALOG_NONE */
	enum section sec;
	size_t language_line;
	struct strbuf val[LK_COUNT];
	size_t val_line[LK_COUNT];
	struct lang lang;
	enum section last_sec; /* where a continuation line goes: */
	size_t last;	       /* a lang_key or an id index; CATALOG_NONE for nowhere */
};

static void catalog_error(struct parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void catalog_error(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_add_at(p->err, p->name, line, fmt, ap);
	va_end(ap);
	p->nerr++;
}

/* ---- reading one file ---- */

static void catalog_section(struct parser *p, const struct inifile_item *it)
{
	p->last = CATALOG_NONE;
	if (strcmp(it->section, "language") == 0) {
		p->sec = SEC_LANGUAGE;
		if (!p->language_line)
			p->language_line = it->line;
	} else if (strcmp(it->section, "text") == 0) {
		p->sec = SEC_TEXT;
	} else if (strcmp(it->section, "audio") == 0) {
		p->sec = SEC_AUDIO;
	} else {
		catalog_error(p, it->line,
			      "unknown section [%s]; a language file has [language], [text] and "
			      "[audio]",
			      it->section);
		p->sec = SEC_OTHER;
	}
}

static void catalog_language_key(struct parser *p, const struct inifile_item *it)
{
	size_t k = 0;
	while (k < LK_COUNT && strcmp(it->key, lang_keys[k]) != 0)
		k++;
	if (k == LK_COUNT) {
		catalog_error(p, it->line,
			      "unknown key \"%s\" in [language]; it takes code, name, direction, "
			      "digits, voice and reviewed",
			      it->key);
	} else if (p->val_line[k]) {
		catalog_error(p, it->line, "\"%s\" is given twice (first on line %zu); keep one",
			      it->key, p->val_line[k]);
	} else {
		sb_append(&p->val[k], it->value);
		p->val_line[k] = it->line;
		p->last_sec = SEC_LANGUAGE;
		p->last = k;
	}
}

static void catalog_text_key(struct parser *p, const struct inifile_item *it)
{
	if (!catalog_valid_id(it->key)) {
		catalog_error(p, it->line,
			      "\"%s\" is not a text id; ids are made of a-z, 0-9 and . _ - +, "
			      "at most %d of them, such as sort.title",
			      it->key, CATALOG_ID_MAX_BYTES);
		return;
	}
	size_t id = catalog_id_find(p->c, it->key);
	if (p->sv != CATALOG_NONE && !catalog_lang_get(&p->c->langs[p->sv], id)) {
		catalog_error(p, it->line,
			      "\"%s\" is not a text id of sv.ini; check the spelling (sv.ini "
			      "lists every id)",
			      it->key);
		return;
	}
	id = catalog_id_add(p->c, it->key);
	if (catalog_lang_get(&p->lang, id)) {
		catalog_error(p, it->line, "\"%s\" is given twice (first on line %zu); keep one",
			      it->key, p->lang.lines[id]);
		return;
	}
	catalog_lang_set(&p->lang, id, xstrdup(it->value), it->line);
	p->last_sec = SEC_TEXT;
	p->last = id;
}

/* "text-id = path": a recording of that text, a file inside assets/. */
static void catalog_audio_key(struct parser *p, const struct inifile_item *it)
{
	size_t id = catalog_valid_id(it->key) ? catalog_id_find(p->c, it->key) : CATALOG_NONE;
	bool known = id != CATALOG_NONE &&
		     (p->sv == CATALOG_NONE ? catalog_lang_get(&p->lang, id) != NULL
					    : catalog_lang_get(&p->c->langs[p->sv], id) != NULL);
	if (!known) {
		catalog_error(p, it->line,
			      "\"%s\" in [audio] is not a text id of sv.ini; name the text the "
			      "recording says, such as sort.title",
			      it->key);
		return;
	}
	if (!catalog_recording_path_valid(it->value)) {
		catalog_error(p, it->line,
			      "%s: \"%s\" is not an .ogg or .wav file inside assets/; write its "
			      "path there, such as speech/so/sort-title.ogg",
			      it->key, it->value);
		return;
	}
	for (size_t i = 0; i < p->lang.naudio; i++)
		if (p->lang.audio[i].id == id) {
			catalog_error(
				p, it->line,
				"\"%s\" in [audio] is given twice (first on line %zu); keep one",
				it->key, p->lang.audio[i].line);
			return;
		}
	xgrow((void **)&p->lang.audio, &p->lang.audio_cap, p->lang.naudio + 1,
	      sizeof(*p->lang.audio));
	p->lang.audio[p->lang.naudio++] = (struct lang_audio){.id = id,
							      .path = xstrdup(it->value),
							      .line = it->line};
}

/* A long text goes on over lines that start with a space; they join with one space. */
static void catalog_more(struct parser *p, const char *value)
{
	if (p->last == CATALOG_NONE)
		return;
	if (p->last_sec == SEC_LANGUAGE) {
		sb_appendf(&p->val[p->last], " %s", value);
		return;
	}
	/* past the longest text there is no need to keep count, and no need for a fuzzer's
	 * thousands of lines to cost a copy each */
	const char *text = p->lang.texts[p->last];
	if (strlen(text) > CATALOG_TEXT_MAX_BYTES)
		return;
	struct strbuf sb;
	sb_init(&sb);
	sb_appendf(&sb, "%s %s", text, value);
	catalog_lang_set(&p->lang, p->last, sb.data, p->lang.lines[p->last]);
}

static void catalog_on_item(void *user, const struct inifile_item *it)
{
	struct parser *p = user;
	p->items++;
	if (it->kind == INIFILE_SECTION) {
		catalog_section(p, it);
	} else if (!it->section) {
		/* under a broken header, which is the error to report */
	} else if (it->kind == INIFILE_MORE) {
		catalog_more(p, it->value);
	} else if (p->sec == SEC_NONE) {
		catalog_error(p, it->line,
			      "\"%s\" comes before any section; put it under [language] or [text]",
			      it->key);
	} else if (p->sec == SEC_LANGUAGE) {
		catalog_language_key(p, it);
	} else if (p->sec == SEC_TEXT) {
		catalog_text_key(p, it);
	} else if (p->sec == SEC_AUDIO) {
		p->last = CATALOG_NONE; /* a path is one line */
		catalog_audio_key(p, it);
	}
}

/* The [language] values, checked once continuation lines have been joined. */
static void catalog_check_language(struct parser *p, const char *expect)
{
	if (!p->language_line) {
		catalog_error(p, 1,
			      "the file has no [language] section; copy the top of sv.ini and "
			      "fill in code, name, direction and digits");
		return;
	}
	const char *v[LK_COUNT];
	for (int k = 0; k < LK_COUNT; k++)
		v[k] = sb_str(&p->val[k]);
	size_t *line = p->val_line;
	if (!line[LK_CODE])
		catalog_error(p, p->language_line,
			      "[language] has no code; add \"code = xx\", xx the language's "
			      "code such as sv, en, ar or so");
	else if (!catalog_valid_code(v[LK_CODE]))
		catalog_error(p, line[LK_CODE],
			      "code \"%s\" is not a language code; write two or three lower-case "
			      "letters, such as so for Somali",
			      v[LK_CODE]);
	else if (catalog_find(p->c, v[LK_CODE]) >= 0)
		catalog_error(p, line[LK_CODE], "language \"%s\" is loaded already, from %s",
			      v[LK_CODE], p->c->langs[catalog_find(p->c, v[LK_CODE])].file);
	else if (expect && strcmp(expect, v[LK_CODE]) != 0)
		catalog_error(p, line[LK_CODE],
			      "the code is \"%s\" but the file is named %s.ini; name the file "
			      "after its code (%s.ini)",
			      v[LK_CODE], expect, v[LK_CODE]);
	if (!line[LK_NAME] || !*v[LK_NAME])
		catalog_error(p, line[LK_NAME] ? line[LK_NAME] : p->language_line,
			      "[language] needs a name: the language's name in itself, such as "
			      "Svenska or Soomaali, shown on the language button");
	else if (utf8_count(v[LK_NAME], strlen(v[LK_NAME])) > CATALOG_NAME_MAX_CHARS)
		catalog_error(p, line[LK_NAME], "the name is longer than %d characters",
			      CATALOG_NAME_MAX_CHARS);
	if (line[LK_DIRECTION] && strcmp(v[LK_DIRECTION], "ltr") != 0 &&
	    strcmp(v[LK_DIRECTION], "rtl") != 0)
		catalog_error(p, line[LK_DIRECTION],
			      "direction is \"%s\"; write ltr (left to right) or rtl (right to "
			      "left, as Arabic)",
			      v[LK_DIRECTION]);
	if (line[LK_VOICE] && !catalog_valid_voice(v[LK_VOICE]))
		catalog_error(p, line[LK_VOICE],
			      "voice \"%s\" is not a voice name; write espeak-ng's name for the "
			      "language, such as sv, en or ar, or leave the line out when there "
			      "is none",
			      v[LK_VOICE]);
	if (line[LK_REVIEWED] && strcmp(v[LK_REVIEWED], "yes") != 0 &&
	    strcmp(v[LK_REVIEWED], "no") != 0)
		catalog_error(p, line[LK_REVIEWED],
			      "reviewed is \"%s\"; write no while the texts are a draft no fluent "
			      "speaker has read, yes (or leave the line out) once one has",
			      v[LK_REVIEWED]);
	if (line[LK_DIGITS] && strcmp(v[LK_DIGITS], "latin") != 0 &&
	    strcmp(v[LK_DIGITS], "arabic-indic") != 0)
		catalog_error(p, line[LK_DIGITS],
			      "digits is \"%s\"; write latin (0123456789) or arabic-indic "
			      "(٠١٢٣٤٥٦٧٨٩)",
			      v[LK_DIGITS]);
}

static void catalog_check_texts(struct parser *p)
{
	const struct lang *sv = p->sv == CATALOG_NONE ? NULL : &p->c->langs[p->sv];
	struct diag why;
	diag_init(&why);
	for (size_t id = 0; id < p->lang.cap; id++) {
		if (!p->lang.texts[id])
			continue;
		const char *reference = sv ? catalog_lang_get(sv, id) : NULL;
		catalog_text_problems(p->lang.texts[id], reference, &why);
		for (size_t i = 0; i < why.count; i++)
			catalog_error(p, p->lang.lines[id], "%s: %s", p->c->ids[id], why.lines[i]);
		diag_finish(&why);
	}
}

static bool catalog_parse_into(struct catalog *c, const char *buf, size_t len, const char *name,
			       const char *expect, struct diag *err)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.name = name;
	struct diag mine;
	diag_init(&mine);
	p.err = &mine;
	p.last = CATALOG_NONE;
	for (int k = 0; k < LK_COUNT; k++)
		sb_init(&p.val[k]);
	p.sv = catalog_sv(c);
	/* handlers count their own errors meanwhile */
	p.nerr += inifile_parse(buf, len, name, catalog_on_item, &p, &mine);
	/* a file with no line readable at all (UTF-16, say) has said what is wrong with it */
	if (p.items || !p.nerr)
		catalog_check_language(&p, expect);
	/* Swedish checked against itself would only find what it is */
	if (strcmp(sb_str(&p.val[LK_CODE]), "sv") == 0)
		p.sv = CATALOG_NONE;
	catalog_check_texts(&p);
	bool ok = p.nerr == 0;
	if (ok) {
		xgrow((void **)&c->langs, &c->langs_cap, c->nlangs + 1, sizeof(*c->langs));
		p.lang.code = xstrdup(sb_str(&p.val[LK_CODE]));
		p.lang.name = xstrdup(sb_str(&p.val[LK_NAME]));
		p.lang.file = xstrdup(name);
		p.lang.rtl = strcmp(sb_str(&p.val[LK_DIRECTION]), "rtl") == 0;
		p.lang.arabic_digits = strcmp(sb_str(&p.val[LK_DIGITS]), "arabic-indic") == 0;
		p.lang.voice = p.val_line[LK_VOICE] ? xstrdup(sb_str(&p.val[LK_VOICE])) : NULL;
		p.lang.draft = strcmp(sb_str(&p.val[LK_REVIEWED]), "no") == 0;
		c->langs[c->nlangs++] = p.lang;
	} else {
		catalog_lang_finish(&p.lang);
	}
	for (int k = 0; k < LK_COUNT; k++)
		sb_finish(&p.val[k]);
	inifile_sort_into(&mine, name, err);
	return ok;
}

struct catalog *catalog_parse(const char *buf, size_t len, const char *name, struct catalog *into,
			      struct diag *err)
{
	struct catalog *c = into ? into : xcalloc(1, sizeof(*c));
	if (catalog_parse_into(c, buf, len, name, NULL, err))
		return c;
	if (!into)
		catalog_destroy(c);
	return NULL;
}

/* ---- a folder of files ---- */

/* Swedish, then English, then by name: the same indexes on every kiosk, Swedish at 0. */
static int catalog_file_rank(const char *name)
{
	return strcmp(name, "sv.ini") == 0 ? 0 : strcmp(name, "en.ini") == 0 ? 1 : 2;
}

static int catalog_file_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = catalog_file_rank(x), ry = catalog_file_rank(y);
	return rx != ry ? rx - ry : strcmp(x, y);
}

static bool catalog_is_ini(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".ini") == 0;
}

struct catalog *catalog_load_dir(const char *dir, struct diag *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_add(err, "%s: cannot open the folder: %s", dir, strerror(errno));
		return NULL;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (!catalog_is_ini(e->d_name))
			continue;
		xgrow((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), catalog_file_cmp);

	struct catalog *c = xcalloc(1, sizeof(*c));
	bool have_sv = n > 0 && strcmp(names[0], "sv.ini") == 0;
	bool ok = have_sv;
	if (!have_sv)
		diag_add(err,
			 "%s: there is no sv.ini; the Swedish texts are the ones every other "
			 "language is checked against and falls back to",
			 dir);
	/* after a broken file go on, to report every file's problems at once */
	for (size_t i = 0; have_sv && i < n; i++) {
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/%s", dir, names[i]);
		char *buf;
		size_t len;
		if (fs_read_file(path.data, &buf, &len, err)) {
			names[i][strlen(names[i]) - 4] = '\0'; /* the code the file should hold */
			ok &= catalog_parse_into(c, buf, len, path.data, names[i], err);
			free(buf);
		} else {
			ok = false;
		}
		sb_finish(&path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!ok) {
		catalog_destroy(c);
		return NULL;
	}
	return c;
}

static void catalog_first_section(void *user, const struct inifile_item *it)
{
	int *state = user; /* -1 undecided, then 0 or 1 */
	if (*state < 0)
		*state = it->kind == INIFILE_SECTION && strcmp(it->section, "language") == 0;
}

bool catalog_is_language_file(const char *buf, size_t len)
{
	int state = -1;
	inifile_parse(buf, len, "", catalog_first_section, &state, NULL);
	return state == 1;
}
