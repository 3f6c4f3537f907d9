/* The card picture's size, from the widest word of the label in the face cards use. */
#include "ui/card_picture.h"

#include <string.h>

int card_widest_word(const struct text_metrics *tm, const char *label, int size)
{
	int widest = 0;
	for (const char *p = label; *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			int w = tm->width(tm->ctx, FONT_BOLD, size, p, n);
			widest = w > widest ? w : widest;
		}
		p += n;
		p += strspn(p, " ");
	}
	return widest;
}

int card_picture_side(const struct text_metrics *tm, const char *label, int min_size, int max_side,
		      int label_w, int gap)
{
	int room = label_w - gap - card_widest_word(tm, label, min_size);
	int side = room < max_side ? room : max_side;
	return side * 2 >= max_side ? side : 0;
}
