/* visionsort check: tells whoever edits a keyword set, a kiosk configuration or a language
 * file whether the kiosk will load it, before it stands in a library and refuses to start,
 * and whether its fonts draw every text in it, so that no visitor meets empty boxes. */
#include "cli/cli.h"

#include "cli/check_speech.h"
#include "cli/paths.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "kiosk/drawable.h"
#include "model/catalog.h"
#include "model/config.h"
#include "model/gaps.h"
#include "model/inifile.h"
#include "model/keyset.h"
#include "model/tally_config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Gaps are allowed (the Swedish text shows) but worth knowing about: after the ok line. */
static void print_notes(const struct diag *notes)
{
	for (size_t i = 0; i < notes->count; i++)
		printf("note: %s\n", notes->lines[i]);
}

/* A draft reaches visitors as it is written: whoever checks it should know to have it read. */
static void note_draft(const struct catalog *cat, size_t lang, struct diag *notes)
{
	if (catalog_draft(cat, lang))
		diag_add(notes,
			 "%s: its texts are a draft no fluent speaker has read yet (reviewed = "
			 "no); have one read them all, then write reviewed = yes",
			 catalog_file(cat, lang));
}

/* The problems are the report the editor asked for: stdout. */
static int check_failed(struct diag *err)
{
	for (size_t i = 0; i < err->count; i++)
		printf("%s\n", err->lines[i]);
	diag_finish(err);
	return EXIT_FAIL;
}

/* The bundled fonts, to hold the texts against: NULL with the line saying which font is
 * missing (the kiosk would not start either). */
static struct drawable *open_fonts(struct diag *err)
{
	char *fonts = paths_in_data_dir("fonts");
	struct drawable *d = drawable_create(fonts, err);
	free(fonts);
	return d;
}

/* A label that would reach visitors as boxes is as wrong as one too long: the problems, the
 * set's warnings among them, in the order of the file. */
static int keyset_boxes(struct keyset *ks, const char *path, struct diag *err)
{
	const struct diag *warnings = keyset_warnings(ks);
	for (size_t i = 0; i < warnings->count; i++)
		diag_add(err, "%s", warnings->lines[i]);
	struct diag sorted;
	diag_init(&sorted);
	inifile_sort_into(err, path, &sorted);
	keyset_destroy(ks);
	return check_failed(&sorted);
}

static int check_keyset(const char *path)
{
	struct diag err;
	diag_init(&err);
	struct keyset *ks = keyset_load(path, &err);
	if (!ks)
		return check_failed(&err);
	struct drawable *fonts = open_fonts(&err);
	if (!fonts) {
		keyset_destroy(ks);
		return check_failed(&err);
	}
	size_t boxes = drawable_keyset(fonts, ks, path, NULL, 0, &err);
	drawable_destroy(fonts);
	if (boxes)
		return keyset_boxes(ks, path, &err);
	/* a recording the set names that the kiosk could not play is a label not heard */
	check_speech_keyset(ks, path, &err);
	if (err.count) {
		keyset_destroy(ks);
		return check_failed(&err);
	}
	struct strbuf langs;
	sb_init(&langs);
	for (size_t i = 0; i < keyset_language_count(ks); i++)
		sb_appendf(&langs, "%s%s", i ? "," : "", keyset_language(ks, i));
	printf("ok: %zu keywords, languages: %s\n", keyset_count(ks), sb_str(&langs));
	sb_finish(&langs);
	/* tab-separated UTF-8 is the format's own and says nothing more, as it always did */
	struct keyset_form form = keyset_form(ks);
	if (form.separator != KEYSET_TAB || form.encoding != KEYSET_UTF8)
		printf("read: %s\n", keyset_form_name(form));
	const struct diag *warnings = keyset_warnings(ks);
	for (size_t i = 0; i < warnings->count; i++)
		printf("%s\n", warnings->lines[i]);
	for (size_t i = 1; i < keyset_language_count(ks); i++)
		gaps_keyset_labels(ks, i, path, &err);
	print_notes(&err);
	keyset_destroy(ks);
	diag_finish(&err);
	return EXIT_OK;
}

/* The texts of the language file at path that would reach visitors as boxes, one line each
 * into err; a font or the file that cannot be read is one line too. Returns how many. */
static size_t language_boxes_with(struct drawable *fonts, const char *path, struct diag *err)
{
	char *buf;
	size_t len;
	if (!fs_read_file(path, &buf, &len, err))
		return 1;
	size_t boxes = drawable_language(fonts, buf, len, path, err);
	free(buf);
	return boxes;
}

static size_t language_boxes(const char *path, struct diag *err)
{
	struct drawable *fonts = open_fonts(err);
	if (!fonts)
		return 1;
	size_t boxes = language_boxes_with(fonts, path, err);
	drawable_destroy(fonts);
	return boxes;
}

/* A language file is checked with the folder it is in, as the kiosk reads them: against the
 * Swedish file beside it, and named after its code. */
static int check_language(const char *path)
{
	struct diag err;
	diag_init(&err);
	char *dir = fs_dirname(path);
	struct catalog *cat = catalog_load_dir(dir, &err);
	free(dir);
	if (!cat)
		return check_failed(&err);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *code = xstrndup(base, strlen(base) - strlen(".ini"));
	int lang = catalog_find(cat, code);
	free(code);
	if (lang < 0) { /* a hidden file: the kiosk skips it */
		diag_add(&err, "%s: the kiosk skips files whose name starts with '.'", path);
		catalog_destroy(cat);
		return check_failed(&err);
	}
	if (language_boxes(path, &err)) {
		catalog_destroy(cat);
		return check_failed(&err);
	}
	note_draft(cat, (size_t)lang, &err);
	size_t missing = catalog_missing(cat, (size_t)lang, &err);
	struct diag problems;
	diag_init(&problems);
	check_speech(cat, (size_t)lang, NULL, NULL, &problems, &err);
	if (problems.count) { /* recordings the kiosk could not play */
		diag_finish(&err);
		catalog_destroy(cat);
		return check_failed(&problems);
	}
	diag_finish(&problems);
	printf("ok: language %s \"%s\", %s, %zu of %zu texts\n", catalog_code(cat, (size_t)lang),
	       catalog_name(cat, (size_t)lang),
	       catalog_rtl(cat, (size_t)lang) ? "right to left" : "left to right",
	       catalog_text_count(cat, 0) - missing, catalog_text_count(cat, 0));
	print_notes(&err);
	catalog_destroy(cat);
	diag_finish(&err);
	return EXIT_OK;
}

/* What this configuration's visitors would meet as boxes: its own wording, the language
 * files it offers (and the Swedish one, which shows where a text is missing) and its
 * keywords in those languages. */
static bool config_drawable(const struct kiosk_config *cfg, const struct catalog *cat,
			    const struct keyset *ks, const char *keywords, struct diag *err)
{
	struct drawable *fonts = open_fonts(err);
	if (!fonts)
		return false;
	size_t boxes = drawable_config(fonts, cfg, err);
	for (size_t lang = 0; lang < catalog_count(cat); lang++) {
		bool offered = lang == 0;
		for (size_t i = 0; i < cfg->nlanguages; i++)
			offered |= strcmp(cfg->languages[i], catalog_code(cat, lang)) == 0;
		if (offered)
			boxes += language_boxes_with(fonts, catalog_file(cat, lang), err);
	}
	boxes += drawable_keyset(fonts, ks, keywords, cfg->languages, cfg->nlanguages, err);
	drawable_destroy(fonts);
	return boxes == 0;
}

/* A configuration is checked with what it names: the bundled language files and its keyword
 * set, so that every problem the kiosk would meet at start shows here. */
static int check_config(const char *path)
{
	struct diag err;
	diag_init(&err);
	struct kiosk_config cfg;
	if (!config_load(path, &cfg, &err)) {
		config_finish(&cfg);
		return check_failed(&err);
	}
	char *data = paths_data_dir();
	struct strbuf dir;
	sb_init(&dir);
	sb_appendf(&dir, "%s/data/lang", data);
	free(data);
	struct catalog *cat = catalog_load_dir(dir.data, &err);
	sb_finish(&dir);
	bool ok = cat && config_apply(&cfg, cat, &err);
	char *keywords = cfg.keywords ? xstrdup(cfg.keywords) : paths_sample_keywords();
	struct keyset *ks = keyset_load(keywords, &err);
	ok = ks && config_check_keyset(&cfg, ks, &err) && ok;
	ok = ok && config_drawable(&cfg, cat, ks, keywords, &err);
	if (ok) {
		struct strbuf langs;
		sb_init(&langs);
		for (size_t i = 0; i < cfg.nlanguages; i++)
			sb_appendf(&langs, "%s%s", i ? "," : "", cfg.languages[i]);
		/* every language the visitors are offered, as they will see it */
		struct diag notes, problems;
		diag_init(&notes);
		diag_init(&problems);
		for (size_t i = 0; i < cfg.nlanguages; i++) {
			int lang = catalog_find(cat, cfg.languages[i]);
			if (lang >= 0) {
				note_draft(cat, (size_t)lang, &notes);
				catalog_missing(cat, (size_t)lang, &notes);
			}
			gaps_keyset_language(ks, cfg.languages[i], keywords, &notes);
			if (lang >= 0 && cfg.speech != CONFIG_SPEECH_OFF)
				check_speech(cat, (size_t)lang, ks, keywords, &problems, &notes);
		}
		if (problems.count) {
			ok = false;
			diag_finish(&notes);
			for (size_t i = 0; i < problems.count; i++)
				diag_add(&err, "%s", problems.lines[i]);
		} else {
			printf("ok: config, site \"%s\", languages %s\n", cfg.site, sb_str(&langs));
			print_notes(&notes);
		}
		sb_finish(&langs);
		diag_finish(&notes);
		diag_finish(&problems);
	}
	free(keywords);
	keyset_destroy(ks);
	catalog_destroy(cat);
	config_finish(&cfg);
	if (!ok)
		return check_failed(&err);
	diag_finish(&err);
	return EXIT_OK;
}

/* The tally's settings stand alone: nothing else to read. */
static int check_tally(const char *path)
{
	struct diag err;
	diag_init(&err);
	struct tally_config cfg;
	if (!tally_config_load(path, &cfg, &err)) {
		tally_config_finish(&cfg);
		return check_failed(&err);
	}
	printf("ok: tally settings, groups of at least %llu sessions, at least %.1f s per card, "
	       "repeats within %lld minutes\n",
	       (unsigned long long)cfg.min_group, (double)cfg.rules.min_ms_per_card / 1000,
	       (long long)(cfg.rules.repeat_window_ms / 60000));
	tally_config_finish(&cfg);
	diag_finish(&err);
	return EXIT_OK;
}

int cmd_check(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
	optind = 0;
	int c = cli_next_option(cmd, argc, argv, opts);
	if (c != -1)
		return c < 0 ? cli_option_exit(c) : cli_usage_error(cmd, "unexpected option");
	if (argc - optind != 1)
		return cli_usage_error(cmd, "give exactly one file");

	const char *path = argv[optind];
	size_t n = strlen(path);
	if (n < 4 || strcmp(path + n - 4, ".ini") != 0)
		return check_keyset(path);
	struct diag err;
	diag_init(&err);
	char *buf;
	size_t len;
	if (!fs_read_file(path, &buf, &len, &err))
		return check_failed(&err);
	bool language = catalog_is_language_file(buf, len);
	bool tally = tally_config_is_tally_file(buf, len);
	free(buf);
	diag_finish(&err);
	if (tally)
		return check_tally(path);
	return language ? check_language(path) : check_config(path);
}
