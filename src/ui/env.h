/* What every scene reads while it lays out a frame: the fonts' metrics,
 * the keyword set, the texts of the visitor's language and the clock.
 * Owned by the app; scenes keep a pointer and never change it. */
#ifndef VS_ENV_H
#define VS_ENV_H

#include "model/catalog.h"
#include "model/keyset.h"
#include "ui/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fit_memo;
struct fit_memo *fit_memo_create(void);
void fit_memo_destroy(struct fit_memo *m); /* NULL-safe */

struct ui_env {
	const struct text_metrics *tm;
	const struct keyset *ks;
	const struct catalog *cat;
	size_t lang;	  /* the visitor's language in the catalog */
	size_t ks_lang;	  /* the same language's column in the keyword set */
	bool large_text;  /* the visitor asked for larger text */
	int64_t now_ms;	  /* monotonic time of the frame, for animation */
	int64_t scene_ms; /* monotonic time the scene on screen came, for its entrance */
	/* Languages offered on the language screen (catalog indices). */
	const size_t *offered;
	size_t offered_count;
	struct fit_memo *memo;	/* fitted labels, shared by the scenes */
	const char *assets_dir; /* where the keyword set's images are */
	int min_target_px;	/* 9 mm on the configured screen (ui_min_target_px) */
	/* Speech (docs/speech.md), answered by the app, which owns it. speakable says whether
	 * a speaker button reading text_id (a catalog id, or keyword.<id>) in language lang
	 * (a catalog index) would say anything, and with text_id NULL whether lang has any
	 * speech at all; NULL when the kiosk never speaks. */
	bool (*speakable)(const struct ui_env *env, size_t lang, const char *text_id);
	void *speech;		 /* the app's, for speakable */
	bool read_aloud_offered; /* the language screen offers "read everything to me" */
	bool read_aloud;	 /* this visitor chose it (or the config chose it for all) */
};

/* 9 mm in pixels on a screen of diagonal_in inches showing w x h pixels:
 * the smallest touch target a finger hits reliably. */
int ui_min_target_px(int w, int h, double diagonal_in);

/* The text with id in the visitor's language (never NULL). */
const char *ui_text(const struct ui_env *env, const char *id);

#endif
