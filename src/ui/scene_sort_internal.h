/* Shared by the sort scene's three files (scene_sort.c draws the scene,
 * scene_sort_geometry.c says where everything goes, scene_sort_gestures.c
 * turns pointers into moves); never included from elsewhere. */
#ifndef VS_SCENE_SORT_INTERNAL_H
#define VS_SCENE_SORT_INTERNAL_H

#include "ui/layout.h"
#include "ui/scene_sort.h"

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
};

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
};

/* The piles in the order they are laid out (start side first). */
extern const enum pile sort_zone_order[3];

/* v px at 1080p in the scene's current geometry (at least 1). */
int sort_px(const struct geometry *g, double v);
/* Lays the scene out for a w x h window; nothing is done when the size
 * has not changed since the last call. */
void sort_compute_geometry(struct sort_scene *s, int w, int h);
/* The rectangle a card occupies now, given its pile and position. */
struct rect sort_card_rect(const struct sort_scene *s, size_t card);
/* The pile whose drop area holds (x, y), or the deck, or PILE_COUNT. */
enum pile sort_pile_at(const struct sort_scene *s, int x, int y);
/* Where a card dropped at (x, y) goes in g: before the slot whose upper
 * half is under the pointer, after it for the lower half. */
size_t sort_grid_insert_index(const struct grid *g, int x, int y);

/* The scene's input operation (scene_ops.input). */
bool sort_input(struct scene *sc, const struct input_event *ev);

#endif
