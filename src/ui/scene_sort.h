/* The sort scene: the dealt cards, the three piles and the Done button.
 * Cards move by dragging, or by tapping a card and then a pile (or a card
 * in a pile, to go before it), for people who cannot drag. */
#ifndef VS_SCENE_SORT_H
#define VS_SCENE_SORT_H

#include "model/session.h"
#include "ui/env.h"
#include "ui/scene.h"

/* env must outlive the scene. */
struct scene *scene_sort_create(const struct ui_env *env);
/* Shows session (not owned; must outlive its use here), dropping any
 * gesture in progress. */
void scene_sort_set_session(struct scene *sc, struct session *s);

#endif
