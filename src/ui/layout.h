/* The interactive elements on screen: one list feeds hit testing, drawing
 * and the --trace-layout lines, so what a test drives is what a visitor
 * sees and touches. */
#ifndef VS_LAYOUT_H
#define VS_LAYOUT_H

#include "ui/draw.h"

#include <stdbool.h>
#include <stddef.h>

enum item_role {
	ROLE_CARD,
	ROLE_ZONE,
	ROLE_BUTTON,
	ROLE_TEXT, /* a message a visitor reads but cannot touch; Tab skips it */
	/* a speaker button: reads the item named after "speak:" aloud; keyboard focus passes
	 * it by, since focusing that item reads it already */
	ROLE_SPEAKER
};

struct layout_item {
	char *id; /* "card:<keyword id>", "zone:yes", "button:done" */
	enum item_role role;
	struct rect r;
	const char *zone; /* cards: "deck", "yes", "no", "neutral" */
	int rank;	  /* cards in a zone other than the deck: 1 = top; else 0 */
	int enabled;	  /* buttons: 1 or 0; others -1 (not reported) */
	int selected;	  /* chosen answers and the tapped card: 1 or 0; -1 not reported */
	bool focused;	  /* the keyboard focus is on it */
	int text_px;	  /* the font size its text is drawn at; 0: it shows no text */
	int lines;	  /* the lines that text takes */
	size_t ref;	  /* the scene's own index (card number, pile, button) */
	/* A number the item shows, and out of how many: cards left of those
	 * dealt, visitors who agree of those asked. 0: not reported. */
	int count, total;
	bool target; /* piles: a card on its way (selected, dragged) may go here */
	char *say;   /* what reading it aloud says (a button's label); owned, may be NULL */
};

struct layout {
	struct layout_item *items;
	size_t count;
	size_t cap;
};

void layout_init(struct layout *l);
void layout_finish(struct layout *l);
void layout_clear(struct layout *l);
struct layout_item *layout_add(struct layout *l, const char *id, enum item_role role,
			       struct rect r);
/* The topmost item of role under (x, y): the last added wins, as it is drawn last. */
const struct layout_item *layout_hit(const struct layout *l, enum item_role role, int x, int y);
const struct layout_item *layout_find(const struct layout *l, const char *id);
/* Sets what reading the item aloud says (copied). */
void layout_say(struct layout_item *it, const char *text);

#endif
