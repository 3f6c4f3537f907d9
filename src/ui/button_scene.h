/* The shared body of scenes that are made of buttons (attract, language,
 * intro, profile, thanks, idle): a tap on a button is all they take, so
 * only their drawing and what a tap means differ. */
#ifndef VS_BUTTON_SCENE_H
#define VS_BUTTON_SCENE_H

#include "ui/scene.h"
#include "ui/widgets.h"

struct button_scene;

struct button_scene_def {
	const char *name; /* the trace's "scene" */
	bool animated;	  /* redraw ~30 times a second */
	/* Draws the scene and adds its buttons to f->l. */
	void (*draw)(struct button_scene *bs, struct frame *f);
	/* A button was tapped: set bs->result. The larger-text toggle is
	 * handled before this is called. */
	void (*tapped)(struct button_scene *bs, const char *id);
	void (*finish)(struct button_scene *bs); /* frees the scene's own state; may be NULL */
	/* A key the app passes on (digits, Backspace); may be NULL. True when
	 * the scene changed. */
	bool (*key)(struct button_scene *bs, const struct input_event *ev);
};

struct button_scene {
	struct scene base;
	struct scene_ops ops;
	const struct button_scene_def *def;
	const struct ui_env *env;
	struct tap tap;
	struct scene_result result;
	void *state; /* the concrete scene's own data */
};

struct scene *button_scene_create(const struct button_scene_def *def, const struct ui_env *env,
				  void *state);

/* "Back" (button:back) in the bottom corner on the start side, the row of
 * the larger-text toggle, where a hand finds it on every scene that has it. */
struct layout_item *bs_back_button(struct frame *f);
/* The height of that row, toggle and back button, with its margin. */
int bs_bottom_row_h(const struct frame *f);

#endif
