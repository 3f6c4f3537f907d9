/* The draw list: a flat array of commands plus a pool for their text. */
#include "ui/draw.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

void draw_list_init(struct draw_list *dl)
{
	dl->cmds = NULL;
	dl->count = 0;
	dl->cap = 0;
	sb_init(&dl->pool);
}

void draw_list_finish(struct draw_list *dl)
{
	free(dl->cmds);
	sb_finish(&dl->pool);
	draw_list_init(dl);
}

void draw_list_clear(struct draw_list *dl)
{
	dl->count = 0;
	sb_clear(&dl->pool);
}

static struct draw_cmd *push(struct draw_list *dl, enum draw_kind kind, struct rect r,
			     struct color c)
{
	xgrow((void **)&dl->cmds, &dl->cap, dl->count + 1, sizeof(*dl->cmds));
	struct draw_cmd *cmd = &dl->cmds[dl->count++];
	*cmd = (struct draw_cmd){.kind = kind, .r = r, .color = c};
	return cmd;
}

void draw_fill(struct draw_list *dl, struct rect r, struct color c, int radius)
{
	push(dl, DRAW_FILL, r, c)->radius = radius;
}

void draw_outline(struct draw_list *dl, struct rect r, struct color c, int thickness, int radius)
{
	struct draw_cmd *cmd = push(dl, DRAW_OUTLINE, r, c);
	cmd->thickness = thickness;
	cmd->radius = radius;
}

void draw_text(struct draw_list *dl, int x, int y, enum font_face face, int size, struct color c,
	       const char *text, size_t len)
{
	struct draw_cmd *cmd = push(dl, DRAW_TEXT, (struct rect){x, y, 0, 0}, c);
	cmd->face = face;
	cmd->size = size;
	cmd->text = dl->pool.len;
	cmd->text_len = len;
	sb_appendn(&dl->pool, text, len);
	sb_appendn(&dl->pool, "", 1); /* keeps each string NUL-terminated in the pool */
}

void draw_image(struct draw_list *dl, struct rect r, const char *path)
{
	struct draw_cmd *cmd = push(dl, DRAW_IMAGE, r, (struct color){255, 255, 255, 255});
	cmd->text = dl->pool.len;
	cmd->text_len = strlen(path);
	sb_appendn(&dl->pool, path, cmd->text_len);
	sb_appendn(&dl->pool, "", 1);
}

const char *draw_cmd_text(const struct draw_list *dl, const struct draw_cmd *cmd)
{
	return dl->pool.data + cmd->text;
}

bool rect_contains(struct rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

struct rect rect_inset(struct rect r, int d)
{
	return (struct rect){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}
