/* The sort scene: the dealt cards, the three piles and the Done button. */
#ifndef VS_SCENE_SORT_H
#define VS_SCENE_SORT_H

#include "model/keyset.h"
#include "model/session.h"
#include "ui/scene.h"
#include "ui/strings.h"
#include "ui/text.h"

#include <stddef.h>

struct ui_env {
	const struct text_metrics *tm;
	const struct keyset *ks;
	size_t lang; /* index into the keyset's languages */
	const struct ui_strings *str;
};

/* env must outlive the scene. */
struct scene *scene_sort_create(const struct ui_env *env);
/* Shows session (not owned; must outlive its use here), dropping any
 * gesture in progress. */
void scene_sort_set_session(struct scene *sc, struct session *s);

#endif
