/* The staff PIN pad. Digits show as dots; the check itself (argon2id and
 * the lock-out after five wrong tries) is the app's, so this scene only
 * collects digits. Typing digits on a keyboard works too. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIN_MAX 12

struct pin {
	char digits[PIN_MAX + 1];
	char *message;
};

static void pin_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	struct pin *p = bs->state;
	int key = frame_px(f, 120), gap = frame_px(f, 16);
	int pad_w = 3 * key + 2 * gap;
	int x0 = (f->w - pad_w) / 2;
	int y = frame_px(f, 30);
	ui_label(f, (struct rect){frame_px(f, 40), y, f->w - frame_px(f, 80), frame_px(f, 70)},
		 ui_text(bs->env, "staff.pin_title"), FONT_BOLD, 44, 1, ALIGN_CENTER, t->text);
	y += frame_px(f, 80);
	/* One large dot per digit typed, on a line that shows where they go:
	 * staff see at arm's length that a press counted. */
	size_t n = strlen(p->digits);
	int dot = frame_px(f, 34), dot_gap = frame_px(f, 18);
	int dots_w = (int)n * dot + (n ? (int)(n - 1) * dot_gap : 0);
	int dx = (f->w - dots_w) / 2, dy = y + (frame_px(f, 70) - dot) / 2;
	for (size_t i = 0; i < n; i++)
		draw_fill(f->dl, (struct rect){dx + (int)i * (dot + dot_gap), dy, dot, dot},
			  t->text, dot / 2);
	draw_fill(f->dl,
		  (struct rect){x0, y + frame_px(f, 70) - frame_px(f, 4), pad_w, frame_px(f, 4)},
		  t->card_border, 0);
	y += frame_px(f, 80);
	static const char *const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
	for (int i = 0; i < 12; i++) {
		struct rect r = {x0 + (i % 3) * (key + gap), y + (i / 3) * (key + gap), key, key};
		char id[32];
		if (i < 9) {
			snprintf(id, sizeof(id), "button:digit-%s", keys[i]);
			ui_choice(f, id, r, keys[i], false)->selected = -1;
		} else if (i == 9) {
			ui_choice(f, "button:pin-erase", r, ui_text(bs->env, "staff.pin_erase"),
				  false)
				->selected = -1;
		} else if (i == 10) {
			ui_choice(f, "button:digit-0", r, "0", false)->selected = -1;
		} else {
			ui_button(f, "button:pin-ok", r, "OK", p->digits[0] != '\0');
		}
	}
	y += 4 * (key + gap);
	if (p->message)
		ui_label(f,
			 (struct rect){frame_px(f, 40), y, f->w - frame_px(f, 80), frame_px(f, 60)},
			 p->message, FONT_BOLD, 34, 1, ALIGN_CENTER, t->zone_title[2]);
	int bw = frame_px(f, 300), bh = frame_px(f, 90);
	ui_choice(f, "button:pin-cancel",
		  (struct rect){(f->w - bw) / 2, f->h - bh - frame_px(f, 30), bw, bh},
		  ui_text(bs->env, "common.back"), false)
		->selected = -1;
}

static void add_digit(struct pin *p, char d)
{
	size_t n = strlen(p->digits);
	if (n < PIN_MAX) {
		p->digits[n] = d;
		p->digits[n + 1] = '\0';
	}
}

static void pin_tapped(struct button_scene *bs, const char *id)
{
	struct pin *p = bs->state;
	if (strncmp(id, "button:digit-", 13) == 0)
		add_digit(p, id[13]);
	else if (strcmp(id, "button:pin-erase") == 0 && p->digits[0])
		p->digits[strlen(p->digits) - 1] = '\0';
	else if (strcmp(id, "button:pin-ok") == 0)
		bs->result.action = SCENE_ACTION_PIN;
	else if (strcmp(id, "button:pin-cancel") == 0)
		bs->result.action = SCENE_ACTION_CLOSE;
}

static bool pin_key(struct button_scene *bs, const struct input_event *ev)
{
	struct pin *p = bs->state;
	if (ev->key == KEY_DIGIT)
		add_digit(p, (char)('0' + ev->digit));
	else if (ev->key == KEY_BACKSPACE && p->digits[0])
		p->digits[strlen(p->digits) - 1] = '\0';
	else
		return false;
	return true;
}

static void pin_finish(struct button_scene *bs)
{
	struct pin *p = bs->state;
	free(p->message);
	free(p);
}

static const struct button_scene_def pin_def = {
	.name = "staff-pin",
	.draw = pin_draw,
	.tapped = pin_tapped,
	.finish = pin_finish,
	.key = pin_key,
};

struct scene *scene_pin_create(const struct ui_env *env)
{
	return button_scene_create(&pin_def, env, xcalloc(1, sizeof(struct pin)));
}

void scene_pin_take(struct scene *sc, char *out, size_t outlen)
{
	struct pin *p = ((struct button_scene *)sc)->state;
	snprintf(out, outlen, "%s", p->digits);
	memset(p->digits, 0, sizeof(p->digits));
}

void scene_pin_set_message(struct scene *sc, const char *text)
{
	struct pin *p = ((struct button_scene *)sc)->state;
	free(p->message);
	p->message = text ? xstrdup(text) : NULL;
}
