/* The visitor's other screens hold the type scale's floor too: at 1080p,
 * in either orientation, every language and either text setting, no text
 * a visitor sees is drawn below 24 px. With the real fonts and language
 * files, without a window. */
#include "real_assets.h"
#include "ui/scenes.h"
#include "ui/widgets.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_scene(struct scene *sc, const struct ui_env *env, const char *lang, int w, int h)
{
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	sc->ops->build(sc, w, h, &dl, &l);
	for (size_t i = 0; i < dl.count; i++) {
		const struct draw_cmd *c = &dl.cmds[i];
		if (c->kind != DRAW_TEXT)
			continue;
		const char *t = draw_cmd_text(&dl, c);
		if (c->size < 24)
			fail_msg("%s %s at %dx%d%s: '%s' is drawn at %d px, under 24 px",
				 sc->ops->name, lang, w, h, env->large_text ? " (larger text)" : "",
				 t, c->size);
	}
	for (size_t i = 0; i < l.count; i++)
		if (l.items[i].text_px > 0 && l.items[i].text_px < 24)
			fail_msg("%s %s at %dx%d: %s says text_px %d", sc->ops->name, lang, w, h,
				 l.items[i].id, l.items[i].text_px);
	draw_list_finish(&dl);
	layout_finish(&l);
}

static void test_no_text_under_24px_at_1080p(void **state)
{
	(void)state;
	struct real_assets a = real_assets_load();
	struct platform_fonts *fonts = a.fonts;
	struct keyset *ks = a.ks;
	struct catalog *cat = a.cat;
	size_t offered[8], n = 0;
	for (size_t i = 0; i < catalog_count(cat) && n < 8; i++)
		offered[n++] = i;
	static const int sizes[][2] = {{1920, 1080}, {1080, 1920}};
	for (size_t s = 0; s < 2; s++)
		for (size_t lang = 0; lang < n; lang++)
			for (int large = 0; large < 2; large++) {
				struct ui_env env = {.tm = platform_fonts_metrics(fonts),
						     .ks = ks,
						     .cat = cat,
						     .lang = lang,
						     .large_text = large,
						     .offered = offered,
						     .offered_count = n,
						     .memo = fit_memo_create(),
						     .assets_dir = "assets",
						     .min_target_px = 35};
				int col = keyset_language_index(ks, catalog_code(cat, lang));
				env.ks_lang = col >= 0 ? (size_t)col : 0;
				struct scene *scenes[] = {
					scene_attract_create(&env), scene_language_create(&env),
					scene_intro_create(&env),   scene_profile_create(&env),
					scene_thanks_create(&env),  scene_idle_create(&env),
					scene_thanks_create(&env),  scene_confirm_create(&env),
				};
				/* Thanks with the top three, two compared; and with no
				 * comparison yet, which says when they come. */
				const struct thanks_choice top[] = {{0, 8, 14},
								    {1, 0, 0},
								    {2, 1, 12}};
				scene_thanks_set(scenes[4], top, 3, 10);
				const struct thanks_choice alone[] = {{3, 0, 0}};
				scene_thanks_set(scenes[6], alone, 1, 10);
				scene_confirm_set(scenes[7], "sort.start_over_title",
						  "sort.start_over_body", "sort.start_over_yes",
						  "sort.start_over_no");
				/* The intro's card moves: at its start, midway and in the pile. */
				for (int64_t t = 0; t < 3200; t += 1100) {
					env.now_ms = t;
					for (size_t k = 0; k < sizeof(scenes) / sizeof(scenes[0]);
					     k++)
						check_scene(scenes[k], &env,
							    catalog_code(cat, lang), sizes[s][0],
							    sizes[s][1]);
				}
				for (size_t k = 0; k < sizeof(scenes) / sizeof(scenes[0]); k++)
					scenes[k]->ops->destroy(scenes[k]);
				fit_memo_destroy(env.memo);
			}
	real_assets_free(&a);
}

/* The language screen asks in every language offered, but once per wording: lättläst asks
 * "Välj språk" as Swedish does, and a second line saying it again reads as a mistake. */
static void test_language_prompt_once_per_wording(void **state)
{
	(void)state;
	struct real_assets a = real_assets_load();
	struct platform_fonts *fonts = a.fonts;
	struct catalog *cat = a.cat;
	static const char *const codes[] = {"sv", "sv-lattlast", "en", "ar", "so"};
	size_t offered[5];
	for (size_t i = 0; i < 5; i++)
		offered[i] = (size_t)catalog_find(cat, codes[i]);
	struct ui_env env = {.tm = platform_fonts_metrics(fonts),
			     .cat = cat,
			     .lang = offered[0],
			     .offered = offered,
			     .offered_count = 5,
			     .memo = fit_memo_create(),
			     .min_target_px = 35};
	struct scene *sc = scene_language_create(&env);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	sc->ops->build(sc, 1920, 1080, &dl, &l);
	for (size_t k = 0; k < 5; k++) {
		const char *prompt = catalog_text(cat, offered[k], "language.prompt");
		size_t seen = 0;
		for (size_t i = 0; i < dl.count; i++)
			seen += dl.cmds[i].kind == DRAW_TEXT &&
				strcmp(draw_cmd_text(&dl, &dl.cmds[i]), prompt) == 0;
		if (seen != 1)
			fail_msg("\"%s\" (%s) is shown %zu times", prompt, codes[k], seen);
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	sc->ops->destroy(sc);
	fit_memo_destroy(env.memo);
	real_assets_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_text_under_24px_at_1080p),
		cmocka_unit_test(test_language_prompt_once_per_wording),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
