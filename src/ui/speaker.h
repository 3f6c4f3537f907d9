/* Speaker buttons: a round button with a speaker on it beside a text, for visitors who read
 * poorly. A scene only draws it and names the item whose text it reads ("speak:" and that
 * item's id, such as speak:card:trygghet); the app knows what to say and says it. A text
 * with no speech in the visitor's language gets no button, rather than one that does nothing. */
#ifndef VS_SPEAKER_H
#define VS_SPEAKER_H

#include "ui/draw.h"
#include "ui/env.h"
#include "ui/layout.h"

#include <stdbool.h>

#define UI_SPEAKER_PREFIX "speak:"

/* Whether a speaker button for text_id belongs on screen now, in the visitor's language. */
bool ui_speaker_wanted(const struct ui_env *env, const char *text_id);
/* A speaker button that reads item target_id: its icon drawn in icon (a square), a tap
 * anywhere in hit (such as a card's picture, with the icon on its corner). Added to l. */
struct layout_item *ui_speaker(struct draw_list *dl, struct layout *l, const struct ui_env *env,
			       struct rect hit, struct rect icon, const char *target_id);

#endif
