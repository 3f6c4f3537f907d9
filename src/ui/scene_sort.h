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
/* While a card is dragged: where it lands if let go now, as drawn (the
 * pile and the 1-based rank, rank 0 for the deck; *gap the slot shown for
 * it). False when not dragging, or when a drop would put it back where it
 * was (*zone NULL then too). */
bool scene_sort_drop_target(const struct scene *sc, const char **zone, int *rank, struct rect *gap);

#endif
