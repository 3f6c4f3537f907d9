/* The staff menu, behind the PIN: what the kiosk holds, one button per
 * mounted drive to export to, and the only way out of the kiosk. Closing
 * the menu is its main action (staff mostly look and leave); ending the
 * kiosk is the quiet one, and asks first. "No USB stick" is only said,
 * in red, once staff asked to export. The app gathers the facts and does
 * the export; this scene shows them. */
#include "ui/button_scene.h"
#include "ui/scenes.h"
#include "ui/theme.h"

#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct staff {
	char **lines;
	size_t nlines;
	char **drives;
	size_t ndrives;
	char *message;
	char *volume; /* the speech volume's line, or NULL */
	bool adjustable;
	bool problem;
};

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static char **copy_list(const char *const *src, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(src[i]);
	return out;
}

static void staff_draw(struct button_scene *bs, struct frame *f)
{
	const struct theme *t = theme_default();
	struct staff *st = bs->state;
	int m = frame_px(f, 40), line_h = frame_px(f, 48);
	draw_fill(f->dl, (struct rect){0, 0, f->w, frame_px(f, 100)}, t->header_bg, 0);
	ui_label(f, (struct rect){m, 0, f->w - 2 * m, frame_px(f, 100)},
		 ui_text(bs->env, "staff.menu_title"), FONT_BOLD, 48, 1, ALIGN_START,
		 t->header_text);
	int y = frame_px(f, 120);
	for (size_t i = 0; i < st->nlines; i++, y += line_h)
		ui_label(f, (struct rect){m, y, f->w - 2 * m, line_h}, st->lines[i], FONT_REGULAR,
			 30, 1, ALIGN_START, t->text);
	int bw = f->portrait ? f->w - 2 * m : frame_px(f, 900), bh = frame_px(f, 90);
	if (st->volume) {
		/* the volume every visitor starts at: quieter, the level, louder */
		int sb = st->adjustable ? frame_px(f, 200) : 0, gap = frame_px(f, 16);
		int vy = y + frame_px(f, 10);
		if (st->adjustable) {
			layout_say(ui_button(f, "button:volume-down", (struct rect){m, vy, sb, bh},
					     "–", true),
				   ui_text(bs->env, "staff.quieter"));
			layout_say(ui_button(f, "button:volume-up",
					     (struct rect){m + sb + gap, vy, sb, bh}, "+", true),
				   ui_text(bs->env, "staff.louder"));
		}
		int lx = st->adjustable ? m + 2 * (sb + gap) : m;
		ui_label(f, (struct rect){lx, vy, f->w - m - lx, bh}, st->volume, FONT_REGULAR, 30,
			 1, ALIGN_START, t->text);
		y = vy + bh;
	}
	y += frame_px(f, 20);
	if (st->ndrives == 0) {
		/* Neutral until staff ask: most visits to this menu are not for an
		 * export, and a stick is only needed for one. */
		if (!st->message)
			ui_label(f, (struct rect){m, y, f->w - 2 * m, line_h},
				 ui_text(bs->env, "staff.drive_hint"), FONT_REGULAR, 30, 2,
				 ALIGN_START, t->text);
		y += line_h + frame_px(f, 8);
		ui_choice(f, "button:export", (struct rect){m, y, bw, bh},
			  ui_text(bs->env, "staff.export"), false)
			->selected = -1;
		y += bh + frame_px(f, 16);
	}
	for (size_t i = 0; i < st->ndrives; i++, y += bh + frame_px(f, 16)) {
		struct strbuf id, label;
		sb_init(&id);
		sb_init(&label);
		sb_appendf(&id, "drive:%s", st->drives[i]);
		sb_appendf(&label, "%s: %s", ui_text(bs->env, "staff.export"), st->drives[i]);
		struct layout_item *it = ui_choice(f, id.data, (struct rect){m, y, bw, bh},
						   label.data, false);
		it->selected = -1;
		it->ref = i;
		sb_finish(&id);
		sb_finish(&label);
	}
	if (st->message)
		ui_label(f, (struct rect){m, y, f->w - 2 * m, 2 * line_h}, st->message, FONT_BOLD,
			 32, 2, ALIGN_START, st->problem ? t->zone_title[2] : t->text);
	/* Close: filled and wide, on the end side; exit: outlined, on the
	 * start side, away from it. The larger-text toggle keeps its corner. */
	int by = f->h - bh - frame_px(f, 30), toggle = frame_px(f, 84) + frame_px(f, 12);
	int cw = frame_px(f, 520), ew = frame_px(f, 380);
	if (f->portrait && m + ew + frame_px(f, 30) + cw > f->w - toggle - frame_px(f, 30))
		cw = f->w - toggle - frame_px(f, 60) - m - ew - frame_px(f, 30);
	ui_choice(f, "button:exit", (struct rect){m, by, ew, bh}, ui_text(bs->env, "staff.exit"),
		  false)
		->selected = -1;
	ui_button(f, "button:close",
		  (struct rect){f->w - toggle - frame_px(f, 30) - cw, by, cw, bh},
		  ui_text(bs->env, "staff.close"), true);
}

static void staff_tapped(struct button_scene *bs, const char *id)
{
	struct staff *st = bs->state;
	if (strcmp(id, "button:close") == 0) {
		bs->result.action = SCENE_ACTION_CLOSE;
	} else if (strcmp(id, "button:exit") == 0) {
		bs->result.action = SCENE_ACTION_EXIT;
	} else if (strcmp(id, "button:volume-up") == 0 || strcmp(id, "button:volume-down") == 0) {
		bs->result = (struct scene_result){SCENE_ACTION_VOLUME,
						   strcmp(id, "button:volume-up") == 0 ? 1 : -1, 0};
	} else if (strcmp(id, "button:export") == 0) {
		bs->result.action = SCENE_ACTION_FIND_DRIVES;
	} else if (strncmp(id, "drive:", 6) == 0) {
		for (size_t i = 0; i < st->ndrives; i++)
			if (strcmp(id + 6, st->drives[i]) == 0)
				bs->result = (struct scene_result){SCENE_ACTION_EXPORT, (int)i, 0};
	}
}

static void staff_clear(struct staff *st)
{
	free_list(st->lines, st->nlines);
	free_list(st->drives, st->ndrives);
	free(st->message);
	st->lines = st->drives = NULL;
	st->nlines = st->ndrives = 0;
	st->message = NULL; /* the volume line is set on its own */
}

static void staff_finish(struct button_scene *bs)
{
	free(((struct staff *)bs->state)->volume);
	staff_clear(bs->state);
	free(bs->state);
}

static const struct button_scene_def staff_def = {
	.name = "staff",
	.draw = staff_draw,
	.tapped = staff_tapped,
	.finish = staff_finish,
};

struct scene *scene_staff_create(const struct ui_env *env)
{
	return button_scene_create(&staff_def, env, xcalloc(1, sizeof(struct staff)));
}

void scene_staff_set(struct scene *sc, const struct staff_view *v)
{
	struct staff *st = ((struct button_scene *)sc)->state;
	staff_clear(st);
	st->lines = copy_list(v->lines, v->nlines);
	st->nlines = v->nlines;
	st->drives = copy_list(v->drives, v->ndrives);
	st->ndrives = v->ndrives;
	st->message = v->message ? xstrdup(v->message) : NULL;
	st->problem = v->problem;
}

void scene_staff_set_volume(struct scene *sc, const char *line, bool adjustable)
{
	struct staff *st = ((struct button_scene *)sc)->state;
	free(st->volume);
	st->volume = line ? xstrdup(line) : NULL;
	st->adjustable = adjustable;
}
