/* What to draw, apart from how: scenes append commands to a draw list and
 * the platform layer turns the list into pixels. Text is copied into the
 * list's own pool so scenes never worry about string lifetimes. */
#ifndef VS_DRAW_H
#define VS_DRAW_H

#include "common/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rect {
	int x, y, w, h;
};

struct color {
	uint8_t r, g, b, a;
};

enum font_face {
	FONT_REGULAR,
	FONT_BOLD,
	FONT_FACE_COUNT
};

enum draw_kind {
	DRAW_FILL,    /* filled rectangle with optional rounded corners */
	DRAW_OUTLINE, /* border of thickness px inside r */
	DRAW_TEXT,    /* one line of text with its top-left at r.x, r.y */
	DRAW_IMAGE,   /* an image file scaled to fit r, aspect kept; path in the text pool */
};

struct draw_cmd {
	enum draw_kind kind;
	struct rect r;
	struct color color;
	int radius;	     /* FILL, OUTLINE: corner radius in px */
	int thickness;	     /* OUTLINE */
	enum font_face face; /* TEXT */
	int size;	     /* TEXT: font size in px */
	size_t text;	     /* TEXT: offset into the list's text pool */
	size_t text_len;
	/* TEXT: the visitor's language reads right to left (set by
	 * ui_mirror), so a line with Arabic in it is a right-to-left
	 * paragraph even when it starts with a Latin word. */
	bool rtl;
};

struct draw_list {
	struct draw_cmd *cmds;
	size_t count;
	size_t cap;
	struct strbuf pool;
};

void draw_list_init(struct draw_list *dl);
void draw_list_finish(struct draw_list *dl);
void draw_list_clear(struct draw_list *dl);

void draw_fill(struct draw_list *dl, struct rect r, struct color c, int radius);
void draw_outline(struct draw_list *dl, struct rect r, struct color c, int thickness, int radius);
void draw_text(struct draw_list *dl, int x, int y, enum font_face face, int size, struct color c,
	       const char *text, size_t len);
/* An image file (a card's picture) fitted into r. */
void draw_image(struct draw_list *dl, struct rect r, const char *path);
/* The NUL-terminated text of a TEXT command (the path of an IMAGE). */
const char *draw_cmd_text(const struct draw_list *dl, const struct draw_cmd *cmd);

bool rect_contains(struct rect r, int x, int y);
struct rect rect_inset(struct rect r, int d);

#endif
