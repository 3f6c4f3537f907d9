/* The item list behind hit tests and the layout trace. */
#include "ui/layout.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

void layout_init(struct layout *l)
{
	l->items = NULL;
	l->count = 0;
	l->cap = 0;
}

void layout_clear(struct layout *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].id);
		free(l->items[i].say);
	}
	l->count = 0;
}

void layout_finish(struct layout *l)
{
	layout_clear(l);
	free(l->items);
	layout_init(l);
}

struct layout_item *layout_add(struct layout *l, const char *id, enum item_role role, struct rect r)
{
	xgrow((void **)&l->items, &l->cap, l->count + 1, sizeof(*l->items));
	struct layout_item *it = &l->items[l->count++];
	*it = (struct layout_item){.id = xstrdup(id),
				   .role = role,
				   .r = r,
				   .enabled = -1,
				   .selected = -1};
	return it;
}

const struct layout_item *layout_hit(const struct layout *l, enum item_role role, int x, int y)
{
	for (size_t i = l->count; i-- > 0;) {
		const struct layout_item *it = &l->items[i];
		if (it->role == role && rect_contains(it->r, x, y))
			return it;
	}
	return NULL;
}

void layout_say(struct layout_item *it, const char *text)
{
	free(it->say);
	it->say = text ? xstrdup(text) : NULL;
}

const struct layout_item *layout_find(const struct layout *l, const char *id)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}
