/* Shared by the sort scene's three files (scene_sort.c draws the scene,
 * scene_sort_geometry.c says where everything goes, scene_sort_gestures.c
 * turns pointers into moves); never included from elsewhere. */
#ifndef VS_SCENE_SORT_INTERNAL_H
#define VS_SCENE_SORT_INTERNAL_H

#include "ui/layout.h"
#include "ui/scene_sort.h"
#include "ui/widgets.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots of equal size in an area, filled row by row (the deck) or column by
 * column (a pile, so that rank 1..n reads down like a list). */
struct grid {
	struct rect area;
	int cols, rows, cw, ch, gap;
	bool column_major;
};

struct geometry {
	int w, h, u_px10; /* u * 10, for sizes that scale */
	double u;
	int margin, gap, radius, border;
	struct rect header, title, instruction, progress, done, toggle;
	struct rect deck;
	struct rect zone[PILE_COUNT];	/* the drop area of each pile (deck: the deck) */
	struct rect ztitle[PILE_COUNT]; /* the title strip inside each zone */
	struct grid grid[PILE_COUNT];
	/* Within reach at the bottom (docs/reach.md): start over, language,
	 * progress, Done and the larger-text toggle. */
	struct rect bar, start_over, language;
};

/* The scene's buttons besides the larger-text toggle. */
enum sort_button {
	SORT_BUTTON_DONE,
	SORT_BUTTON_LANGUAGE,
	SORT_BUTTON_START_OVER,
	SORT_BUTTON_COUNT
};
extern const char *const sort_button_ids[SORT_BUTTON_COUNT];

struct sort_scene {
	struct scene base;
	const struct ui_env *env;
	struct session *session;

	struct geometry geo;
	struct layout hits; /* what the visitor saw last; hit tests use it */

	bool dragging;
	int64_t drag_pointer;
	size_t drag_card;
	int grab_dx, grab_dy, px, py;

	/* A press on a card becomes a drag only once it moves this far; a
	 * press that lets go before is a tap that selects the card. */
	bool pressed;
	int64_t press_pointer;
	size_t press_card;
	int press_x, press_y;
	bool has_selection;
	size_t selected;

	bool done_armed;
	int64_t done_pointer;
	struct scene_result result;

	char *progress_text;

	/* While dragging: where the card lands if let go now, a pile and the
	 * index among that pile's other cards (PILE_COUNT: back where it was).
	 * The pile shows a gap there, so what is drawn is what a drop does. */
	enum pile target_pile;
	size_t target_index;
	/* The card that just landed is marked for SORT_LANDED_MS; the times
	 * are the frame's clock, SORT_NEXT_FRAME until the next frame sets it. */
	size_t landed;
	int64_t landed_ms; /* 0: none */
	/* A tap on Done while cards are left: for SORT_LEFT_MS the scene says
	 * how many and points at them. */
	int64_t left_ms;	       /* 0: not shown */
	enum sort_button armed_button; /* with done_armed: which button is pressed */
};

#define SORT_LANDED_MS 1500
#define SORT_LEFT_MS 5000
#define SORT_NEXT_FRAME INT64_MIN

/* The piles in the order they are laid out (start side first). */
extern const enum pile sort_zone_order[3];

/* v px at 1080p in the scene's current geometry (at least 1). */
int sort_px(const struct geometry *g, double v);
/* Lays the scene out for a w x h window; nothing is done when the size
 * has not changed since the last call. */
void sort_compute_geometry(struct sort_scene *s, int w, int h);
/* The rectangle a card occupies now: in a pile by its position, in the
 * deck by its place in the deal, which never changes (a card leaving the
 * deck leaves a gap, so nobody loses their place). While a card is
 * dragged, the piles show it gone from its slot and a gap where it would
 * land (sort_gap_rect); the dragged card itself gets the slot it left. */
struct rect sort_card_rect(const struct sort_scene *s, size_t card);
/* While dragging: the slot the card would land in; false when a drop
 * there would put it back where it was. */
bool sort_gap_rect(const struct sort_scene *s, struct rect *out);
/* The pile whose drop area holds (x, y), or the deck, or PILE_COUNT. */
enum pile sort_pile_at(const struct sort_scene *s, int x, int y);
/* Where a card dropped at (x, y) goes in g: before the slot whose upper
 * half is under the pointer, after it for the lower half. */
size_t sort_grid_insert_index(const struct grid *g, int x, int y);

/* scene_sort_bar.c: the bar at the bottom and what the scene says and
 * marks for a moment. */
/* Sets the times of marks raised since the last frame, ends old ones. */
void sort_start_frame(struct sort_scene *s);
/* True while something is marked for a moment (the scene animates). */
bool sort_marking(const struct sort_scene *s);
/* True when the card on its way (selected, or dragged) may go to pile p. */
bool sort_is_target(const struct sort_scene *s, enum pile p);
/* Marks drawn over the card at r: just landed, or still to be placed. */
void sort_draw_mark(const struct sort_scene *s, struct draw_list *dl, size_t card, struct rect r);
/* While dragging: the gap where the card would land. */
void sort_draw_gap(const struct sort_scene *s, struct draw_list *dl);
/* Start over, language, progress, Done and the larger-text toggle, and the
 * messages: how many cards are left, or that all are sorted. */
void sort_build_bar(struct sort_scene *s, struct frame *f);

/* The scene's input operation (scene_ops.input). */
bool sort_input(struct scene *sc, const struct input_event *ev);

#endif
