/* Constructors of the kiosk's scenes besides sort (scene_sort.h). Each
 * lives in its own file; env must outlive the scene. */
#ifndef VS_SCENES_H
#define VS_SCENES_H

#include "ui/env.h"
#include "ui/scene.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Drifting keyword cards and "touch to start" in every offered language. */
struct scene *scene_attract_create(const struct ui_env *env);
/* One button per offered language, each named in its own language. */
struct scene *scene_language_create(const struct ui_env *env);
/* Whether offered language i asks "choose a language" in the words of an earlier one (lättläst
 * as Swedish): the screen shows, and the voice says, each wording once. */
bool scene_language_prompt_repeats(const struct ui_env *env, size_t i);
/* The question in plain words and an animated card showing the gesture. */
struct scene *scene_intro_create(const struct ui_env *env);
/* Optional age band and residence; skippable with one tap. */
struct scene *scene_profile_create(const struct ui_env *env);
/* Thanks: the visitor's own top choices shown back to them, with how
 * many earlier visitors here chose each one too. */
struct scene *scene_thanks_create(const struct ui_env *env);
#define THANKS_TOP 3
struct thanks_choice {
	size_t keyword; /* keyset index */
	/* Of total earlier visitors who were shown the word, count put it in
	 * "yes" too; total 0: too few earlier visitors to compare with. */
	unsigned count, total;
};
/* Copies the first THANKS_TOP of top (the "yes" pile, in rank order);
 * min_sessions is the kiosk's threshold, named when nothing compares yet. */
void scene_thanks_set(struct scene *sc, const struct thanks_choice *top, size_t n,
		      int min_sessions);
/* "Are you still there?" with a countdown to deadline_ms (monotonic). */
struct scene *scene_idle_create(const struct ui_env *env);
void scene_idle_set_deadline(struct scene *sc, int64_t deadline_ms);

/* One question before a step that cannot be undone: button:confirm does
 * it, button:cancel keeps things as they are. The texts are catalog ids,
 * so they follow the language on screen; they must outlive the scene. */
struct scene *scene_confirm_create(const struct ui_env *env);
void scene_confirm_set(struct scene *sc, const char *title_id, const char *body_id,
		       const char *yes_id, const char *no_id);

/* The staff PIN pad: digits, erase, cancel, OK. */
struct scene *scene_pin_create(const struct ui_env *env);
/* Copies the entered digits (NUL-terminated) and clears them. */
void scene_pin_take(struct scene *sc, char *out, size_t outlen);
/* A line under the pad ("wrong PIN", "locked"), copied; NULL clears it. */
void scene_pin_set_message(struct scene *sc, const char *text);

/* The staff menu: facts about the kiosk, export to a drive, close (the
 * main action) and exit. With no drive listed, export asks the app to
 * look again (SCENE_ACTION_FIND_DRIVES). */
struct staff_view {
	const char *const *lines; /* facts, already in the visitor-independent language */
	size_t nlines;
	const char *const *drives; /* mounted drives' folders */
	size_t ndrives;
	const char *message; /* the last export's outcome; may be NULL */
	bool problem;	     /* the message says something went wrong */
};
struct scene *scene_staff_create(const struct ui_env *env);
/* Copies everything in v. */
void scene_staff_set(struct scene *sc, const struct staff_view *v);
/* The speech volume's line (copied; NULL: none), with buttons to step it when adjustable. */
void scene_staff_set_volume(struct scene *sc, const char *line, bool adjustable);

/* Profile answers, in the order the profile scene offers them; the stored
 * codes are in docs/export-format.md. */
extern const char *const profile_age_codes[];
extern const size_t profile_age_count;
extern const char *const profile_residence_codes[];
extern const size_t profile_residence_count;

#endif
