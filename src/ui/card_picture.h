/* How big a card's picture may be beside its label. As big as the card is tall, but never
 * so big that the label's longest word stops fitting beside it at the smallest legible size:
 * a word broken in two reads worse than a smaller picture, and a visitor who reads poorly
 * still needs the picture, so it shrinks before it goes. */
#ifndef VS_CARD_PICTURE_H
#define VS_CARD_PICTURE_H

#include "ui/text.h"

/* The picture's side in px for label on a card whose text area is label_w wide (before the
 * picture takes its share) and whose picture may be up to max_side; gap separates the two.
 * 0 when less than half of max_side would be left: the card then shows the label alone. */
int card_picture_side(const struct text_metrics *tm, const char *label, int min_size, int max_side,
		      int label_w, int gap);
/* The widest word of label in the cards' bold face at size: a box narrower breaks it. */
int card_widest_word(const struct text_metrics *tm, const char *label, int size);

#endif
