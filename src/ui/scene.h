/* A scene is one screen of the kiosk behind a small table of functions, so
 * the app's loop treats attract, language, sort and the rest alike. */
#ifndef VS_SCENE_H
#define VS_SCENE_H

#include "ui/draw.h"
#include "ui/input.h"
#include "ui/layout.h"

#include <stdbool.h>
#include <stdint.h>

/* What a scene asks of the app, which owns storage and the next deal. */
enum scene_action {
	SCENE_ACTION_NONE,
	SCENE_ACTION_SESSION_DONE, /* the visitor pressed Done */
};

struct scene;

struct scene_ops {
	const char *name; /* the "scene" of the layout trace */
	void (*destroy)(struct scene *sc);
	/* Returns true when the screen must be redrawn. */
	bool (*input)(struct scene *sc, const struct input_event *ev);
	/* Lays out and draws the whole screen for a w x h window. */
	void (*build)(struct scene *sc, int w, int h, struct draw_list *dl, struct layout *l);
	/* True mid-gesture (a drag): the layout is not final, so not traced. */
	bool (*busy)(const struct scene *sc);
	/* The pending action, cleared by the call. */
	enum scene_action (*take_action)(struct scene *sc);
};

struct scene {
	const struct scene_ops *ops;
};

#endif
