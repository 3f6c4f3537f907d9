/* The pieces every scene is built from: a frame to draw into, labels that
 * fit their box, buttons that are also layout items, and the larger-text
 * toggle each scene shows. Sizes are given at 1080p and scaled by u. */
#ifndef VS_WIDGETS_H
#define VS_WIDGETS_H

#include "ui/draw.h"
#include "ui/input.h"
#include "ui/scene.h"
#include "ui/env.h"
#include "ui/layout.h"
#include "ui/text.h"

struct frame {
	const struct ui_env *env;
	struct draw_list *dl;
	struct layout *l;
	int w, h;
	double u; /* 1.0 at 1920x1080 */
	bool portrait;
};

enum align {
	ALIGN_START,
	ALIGN_CENTER,
	ALIGN_END
};

void frame_init(struct frame *f, const struct ui_env *env, int w, int h, struct draw_list *dl,
		struct layout *l);
/* v px at 1080p in this frame's pixels (at least 1). */
int frame_px(const struct frame *f, double v);
/* A font size: scaled, and larger when the visitor asked for larger text. */
int frame_font(const struct frame *f, double v);

/* The text fitted to a w x h box (largest size in [min, max] within
 * max_lines), remembered in the env's memo; valid until the memo cycles,
 * so use it before fitting many other texts. */
const struct text_block *ui_fit(const struct ui_env *env, const char *text, enum font_face face,
				int min_size, int max_size, int max_lines, int w, int h);

/* Fits text into box (largest size <= max that fits in max_lines) and
 * draws it aligned. Returns the height used. */
int ui_label(struct frame *f, struct rect box, const char *text, enum font_face face,
	     double max_size, int max_lines, enum align align, struct color c);

struct layout_item *ui_button(struct frame *f, const char *id, struct rect r, const char *label,
			      bool enabled);
/* A button that shows a chosen state (profile answers). */
struct layout_item *ui_choice(struct frame *f, const char *id, struct rect r, const char *label,
			      bool selected);
/* The "larger text" toggle: at r, or in the bottom corner when r is NULL. */
void ui_text_toggle(struct frame *f, const struct rect *r);
/* The same at r, its label at text_px (a scene's button size). */
void ui_text_toggle_sized(struct frame *f, struct rect r, int text_px);

#define UI_TEXT_TOGGLE_ID "button:larger-text"

/* A tap on a button: down and up on the same enabled button, by the same
 * pointer. Scenes that are only buttons need nothing more. */
struct tap {
	struct layout hits; /* the last frame's items, what the visitor sees */
	bool armed;
	int64_t pointer;
	char *id;
};

void tap_init(struct tap *t);
void tap_finish(struct tap *t);
/* Copies the frame's items for hit tests. */
void tap_remember(struct tap *t, const struct layout *l);
/* Feeds one event; returns the id of the button tapped (valid until the
 * next call), or NULL. */
const char *tap_input(struct tap *t, const struct input_event *ev);
/* Handles the larger-text toggle: true (and sets r) when id is it. */
bool tap_is_text_toggle(const char *id, struct scene_result *r);

/* Mirrors a finished frame for right-to-left languages: every rectangle is
 * reflected across the vertical axis and every text line keeps its glyph
 * order but moves to the reflected position. Scenes lay out left to right
 * only; the app mirrors their output and reflects input back. */
void ui_mirror(struct draw_list *dl, struct layout *l, int w, const struct text_metrics *tm);

#endif
