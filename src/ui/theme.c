/* The kiosk's palette: calm, high-contrast, with pile colours that differ
 * in lightness as well as hue so they stay apart for colour-blind visitors. */
#include "ui/theme.h"

#include "model/session.h"

#include <math.h>

#define RGB(hex)                                                        \
	{                                                               \
		(hex) >> 16 & 0xff, (hex) >> 8 & 0xff, (hex)&0xff, 0xff \
	}

static const struct theme default_theme = {
	.background = RGB(0xF3F0E8),
	.header_bg = RGB(0x0B3A66),
	.header_text = RGB(0xFFFFFF),
	.text = RGB(0x1B1B1B),
	.text_muted = RGB(0x4A4A4A),
	.card_bg = RGB(0xFFFFFF),
	.card_border = RGB(0x8A8F98),
	.card_text = RGB(0x1B1B1B),
	.card_shadow = {0, 0, 0, 60},
	.deck_bg = RGB(0xE6E1D6),
	.zone_bg = {RGB(0xE6E1D6), RGB(0xDCEFE2), RGB(0xF7DEDB), RGB(0xE3E6EE)},
	.zone_border = {RGB(0x8A8F98), RGB(0x1E6B3A), RGB(0xA1281E), RGB(0x3D4A63)},
	.zone_title = {RGB(0x1B1B1B), RGB(0x155029), RGB(0x8A1F16), RGB(0x2E3850)},
	.badge_bg = RGB(0x1E6B3A),
	.badge_text = RGB(0xFFFFFF),
	.top_bg = RGB(0xF2C230),
	.top_text = RGB(0x1B1B1B),
	.top_card_bg = RGB(0xFFF8E1),
	.button_bg = RGB(0x0B3A66),
	.button_text = RGB(0xFFFFFF),
	.button_off_bg = RGB(0xC9CCD1),
	.button_off_text = RGB(0x3F3F3F),
	.focus = RGB(0xD9820B),
};

const struct theme *theme_default(void)
{
	return &default_theme;
}

double theme_unit(int w, int h)
{
	double u = w >= h ? fmin(w / 1920.0, h / 1080.0) : fmin(w / 1080.0, h / 1920.0);
	return u > 0.1 ? u : 0.1;
}

static double channel(uint8_t v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double theme_contrast(struct color a, struct color b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

size_t theme_contrast_pairs(const struct theme *t, struct theme_pair *out, size_t max)
{
	struct theme_pair all[] = {
		{"header text", t->header_text, t->header_bg},
		{"body text", t->text, t->background},
		{"muted text", t->text_muted, t->background},
		{"card text", t->card_text, t->card_bg},
		{"badge", t->badge_text, t->badge_bg},
		{"top-three badge", t->top_text, t->top_bg},
		{"top-three card", t->card_text, t->top_card_bg},
		{"button", t->button_text, t->button_bg},
		{"disabled button", t->button_off_text, t->button_off_bg},
		{"deck title", t->zone_title[PILE_DECK], t->zone_bg[PILE_DECK]},
		{"yes title", t->zone_title[PILE_YES], t->zone_bg[PILE_YES]},
		{"no title", t->zone_title[PILE_NO], t->zone_bg[PILE_NO]},
		{"neutral title", t->zone_title[PILE_NEUTRAL], t->zone_bg[PILE_NEUTRAL]},
	};
	size_t n = sizeof(all) / sizeof(all[0]);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = all[i];
	return n;
}
