/* Shared by the sort scene's files (scene_sort.c draws the scene,
 * scene_sort_geometry.c says where everything goes, scene_sort_places.c
 * where each card is now, scene_sort_type.c how
 * big its text is, scene_sort_gestures.c turns pointers into moves); never
 * included from elsewhere. */
#ifndef VS_SCENE_SORT_INTERNAL_H
#define VS_SCENE_SORT_INTERNAL_H

#include "ui/layout.h"
#include "ui/scene_sort.h"
#include "ui/widgets.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots of equal size in an area, filled row by row: a pile reads left to
 * right, then down, like the lines of a list. */
struct grid {
	struct rect area;
	int cols, rows, cw, ch, gap;
};

/* The scene's text roles: every text of a role is drawn at one size, the
 * same for every card, for a window size, text setting and language. */
enum sort_role {
	SORT_TITLE,	  /* the question in the header */
	SORT_INSTRUCTION, /* the line under it */
	SORT_DECK_LABEL,  /* a card's label in the deck (and while lifted) */
	SORT_PILE_LABEL,  /* a card's label in a pile */
	SORT_PILE_HEADER, /* the piles' names, and the yes pile's rank hint */
	SORT_BUTTON,	  /* Done, the progress beside it, the larger-text toggle */
	SORT_ROLE_COUNT
};

/* The languages the geometry is made for: every language a visitor can
 * choose (the current one first), so that the deck and the piles stand in
 * the same places in all of them and only the text sizes differ. */
#define SORT_MAX_LANGS 8
struct sort_langs {
	size_t count;
	size_t cat[SORT_MAX_LANGS]; /* the catalog's language */
	size_t col[SORT_MAX_LANGS]; /* its column in the keyword set */
};
struct geometry {
	/* What the geometry was made for: it is made again when any changes. */
	int w, h;
	bool large_text;
	size_t lang, cards;
	int min_target;
	bool speakers; /* the visitor's language is spoken: speaker buttons have their room */

	double u;
	int margin, gap, radius, border;
	struct rect header, title, instruction, progress, done, toggle;
	struct rect title_speaker;	  /* the question's speaker button, when speakers */
	struct rect zspeaker[PILE_COUNT]; /* each pile's, at the end of its name strip */
	struct rect deck;
	struct rect piles; /* where the three piles stand, one under another */
	int strip_h;	   /* a pile's name strip */
	bool strip_one_line;
	int pile_cols, cell_w, cell_h, pile_gap; /* a pile's slots */
	/* Placed for the cards in each pile (sort_place_piles): */
	struct rect zone[PILE_COUNT];	/* the drop area of each pile (deck: the deck) */
	struct rect ztitle[PILE_COUNT]; /* the name strip inside each zone */
	struct rect hint;		/* the rank hint beside or under the yes pile's name */
	struct grid grid[PILE_COUNT];	/* the deck's slots, and each pile's */
	int role_px[SORT_ROLE_COUNT];
	int role_cap[SORT_ROLE_COUNT]; /* 0, or the most a role may take */
	/* The same for card labels in the deck [0] and the piles [1], in each
	 * language the geometry is made for (struct sort_langs, in order). */
	int label_cap[2][SORT_MAX_LANGS];
	int label_px[2][SORT_MAX_LANGS]; /* what card labels got in the last layout */
	int role_lines[SORT_ROLE_COUNT]; /* the most lines a text of the role may take */
	/* Within reach at the bottom (docs/reach.md): start over, language,
	 * progress, Done and the larger-text toggle. */
	struct rect bar, start_over, language;
	struct rect language_icon, language_label; /* the globe and the word, inside language */
	struct rect start_over_label;		   /* the words, inside start_over */
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
	bool selected_described; /* this frame shows the selected card's description on it */

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
/* Lays the scene out for a w x h window; nothing is done when neither the
 * size, the text setting, the language nor the deal's size has changed. */
void sort_compute_geometry(struct sort_scene *s, int w, int h);
/* Places the piles for the cards they hold now: each as tall as its cards
 * and one free row need, the last one down to the bottom. */
void sort_place_piles(struct sort_scene *s);

/* The box a card's label takes in a card at r in pile p (with_image: the
 * card shows its picture, after the rank in the yes pile; speaker: the card
 * has a speaker button, which takes the picture's place). */
struct rect sort_label_box(const struct sort_scene *s, struct rect r, enum pile p, bool with_image,
			   bool speaker);
/* Whether catalog language lang has speech, so its cards keep room for a speaker button. */
bool sort_speaks(const struct sort_scene *s, size_t lang);
/* A speaker button's side in a box h high: a finger's 9 mm at least, about 40 px at 1080p,
 * never more than h. */
int sort_speaker_side(const struct sort_scene *s, int h);
/* Where a card at r in pile p shows its picture (after the rank in the yes pile); in a
 * spoken language this square is also the card's speaker button, a speaker on its corner. */
struct rect sort_picture_rect(const struct sort_scene *s, struct rect r, enum pile p);
/* Where the speaker is drawn on a card's picture pic (with_image), or in its place. */
struct rect sort_speaker_icon(const struct sort_scene *s, struct rect pic, bool with_image);
/* The badge's side on a card at r in the yes pile. */
int sort_badge_side(const struct geometry *g, struct rect r);
/* The picture's side on a card at r (at its start, after the rank; centred). */
int sort_image_side(const struct geometry *g, struct rect r);
/* The label of card (an index into the session's deal) in the visitor's
 * language. */
const char *sort_card_label(const struct sort_scene *s, size_t card);
void sort_languages(const struct sort_scene *s, struct sort_langs *out);
/* The largest size at which every keyword label of the set, in language l
 * of langs, fits a card of the given size in pile p (the deck, or
 * any pile); one under the role's smallest size when none does. Without
 * exact, from estimated widths (fast, for comparing layouts). */
int sort_fit_labels(struct sort_scene *s, enum pile p, int cw, int ch,
		    const struct sort_langs *langs, size_t l, bool exact);
/* How many of the set's descriptions, in the languages of langs that have them, fit under
 * their labels on a deck card cw x ch, the labels at label_px (one size per language); from
 * estimated widths, for comparing layouts. */
size_t sort_count_described(const struct sort_scene *s, const struct sort_langs *langs, int cw,
			    int ch, const int *label_px);
/* The smallest and largest size of a role in the current geometry; the
 * size no role should need to go below (24 px at 1080p). */
int sort_role_min(const struct sort_scene *s);
int sort_role_floor(const struct sort_scene *s);
int sort_role_max(const struct sort_scene *s, enum sort_role role);
/* Sets the header and pile name roles (title, instruction, pile header,
 * button) from the geometry's boxes. */
void sort_fit_header_roles(struct sort_scene *s);
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
/* The bar's height in rows of buttons, and the least width it takes in one
 * row and in two. */
int sort_bar_h(const struct sort_scene *s, int rows);
int sort_bar_row_min_w(const struct sort_scene *s);
int sort_bar_two_rows_min_w(const struct sort_scene *s);
/* Places the bar's buttons in area: in one row across it, or in two (under
 * a deck that stands at the side). */
void sort_place_bar_row(struct sort_scene *s, struct rect area);
void sort_place_bar_two_rows(struct sort_scene *s, struct rect area);
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
