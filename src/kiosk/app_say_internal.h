/* What the files of the kiosk's voice share (app_speech_say.c the scenes, app_say_look.c the
 * changes it confirms, app_say_input.c the keys and presses that belong to speech): the
 * pieces every utterance is made of (app_say_parts.c), so that a label or a place is worded
 * the same whichever of them says it. Only for src/kiosk/. */
#ifndef VS_APP_SAY_INTERNAL_H
#define VS_APP_SAY_INTERNAL_H

#include "kiosk/app_internal.h"

#include <stdbool.h>
#include <stddef.h>

#define VOLUME_STEP_DB 3

size_t say_lang(const struct app *a);
const char *say_string(const struct app *a, const char *id);
void say_begin(struct app *a, const char *why, const char *id);
void say_part_text(struct app *a, const char *id);
void say_part_format(struct app *a, const char *id, const char *k1, const char *v1, const char *k2,
		     const char *v2, const char *k3, const char *v3);
void say_part_number(struct app *a, const char *id, const char *key, long n);
long say_keyword_of(const struct app *a, const char *card_id);
void say_part_keyword(struct app *a, size_t kw, const char *after, bool described);
const char *say_pile_title_id(enum pile p);
void say_part_place(struct app *a, size_t card);
void say_item(struct app *a, const struct layout_item *it, const char *why);
void say_text(struct app *a, const char *why, const char *id);
const struct layout_item *say_selected_card(const struct app *a);

/* app_speech_say.c */
void say_scene(struct app *a);

/* app_say_look.c: once per loop, with the scene on screen */
void say_look(struct app *a);

/* app_say_input.c: the attract screen held long enough starts the visit read aloud */
void say_hold_update(struct app *a);

#endif
