/* A scene is one screen of the kiosk behind a small table of functions, so
 * the app's loop treats attract, language, sort and the rest alike. */
#ifndef VS_SCENE_H
#define VS_SCENE_H

#include "ui/draw.h"
#include "ui/input.h"
#include "ui/layout.h"

#include <stdbool.h>
#include <stdint.h>

/* What a scene asks of the app, which owns storage, the next deal and the
 * way from one scene to the next. */
enum scene_action {
	SCENE_ACTION_NONE,
	SCENE_ACTION_START,	   /* attract: a visitor touched the screen */
	SCENE_ACTION_LANGUAGE,	   /* language: value = catalog index chosen */
	SCENE_ACTION_INTRO_DONE,   /* intro: start sorting */
	SCENE_ACTION_SESSION_DONE, /* sort: the visitor pressed Done */
	SCENE_ACTION_PROFILE_DONE, /* profile: value = age band + 1 (0 none), value2 = residence + 1 */
	SCENE_ACTION_RESTART,	   /* thanks: back to attract */
	SCENE_ACTION_CONTINUE,	   /* idle: the visitor is still there */
	SCENE_ACTION_TEXT_SIZE,	   /* any scene: the larger-text toggle */
	SCENE_ACTION_STAFF,	   /* staff entry gesture */
	SCENE_ACTION_PIN,	   /* pin pad: a PIN was entered (scene_pin_take) */
	SCENE_ACTION_CLOSE,	   /* pin pad or staff menu: back to attract */
	SCENE_ACTION_EXPORT,	   /* staff menu: value = the drive's index */
	SCENE_ACTION_EXIT,	   /* staff menu: end the kiosk (asked first) */
	SCENE_ACTION_BACK,	   /* language, intro: one step back; confirm: no */
	SCENE_ACTION_CONFIRM,	   /* confirm: yes */
	SCENE_ACTION_CHOOSE_LANGUAGE, /* sort: to the language scene, keeping the piles */
	SCENE_ACTION_START_OVER,      /* sort: the visitor wants to start over (asked first) */
	SCENE_ACTION_FIND_DRIVES,     /* staff menu: export asked for with no drive listed */
	SCENE_ACTION_READ_ALOUD,      /* language: "read everything to me" was toggled */
	SCENE_ACTION_VOLUME,	      /* staff menu: value = +1 louder, -1 quieter */
};

struct scene_result {
	enum scene_action action;
	int value;
	int value2;
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
	struct scene_result (*take_action)(struct scene *sc);
	/* True while the scene animates: the app then draws ~30 frames a second
	 * instead of waiting for input. May be NULL (never animates). */
	bool (*animating)(const struct scene *sc);
};

struct scene {
	const struct scene_ops *ops;
};

#endif
