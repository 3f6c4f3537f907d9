/* Colours and proportions shared by every scene. Text colours are chosen
 * against their backgrounds for at least 4.5:1 contrast (WCAG 2.2 AA);
 * tests/ui checks the pairs listed in theme_contrast_pairs. */
#ifndef VS_THEME_H
#define VS_THEME_H

#include "ui/draw.h"

#include <stddef.h>

struct theme {
	struct color background;
	struct color header_bg, header_text;
	struct color text, text_muted;
	struct color card_bg, card_border, card_text, card_shadow;
	struct color deck_bg;
	struct color zone_bg[4], zone_border[4], zone_title[4]; /* by enum pile */
	struct color badge_bg, badge_text;
	struct color top_bg, top_text, top_card_bg; /* the top three of "yes" */
	struct color button_bg, button_text, button_off_bg, button_off_text;
	struct color focus;
};

const struct theme *theme_default(void);

/* The scale of a window: 1.0 at 1920x1080 landscape (1080x1920 portrait). */
double theme_unit(int w, int h);

/* Contrast ratio between two colours, per WCAG 2.2 (1 to 21). */
double theme_contrast(struct color a, struct color b);

struct theme_pair {
	const char *what;
	struct color fg, bg;
};
/* Every text-on-background pair the scenes draw. */
size_t theme_contrast_pairs(const struct theme *t, struct theme_pair *out, size_t max);

#endif
