/* Speaker buttons (speaker.h): a circle and the OpenMoji speaker from assets/. */
#include "ui/speaker.h"

#include "common/strbuf.h"
#include "ui/theme.h"

bool ui_speaker_wanted(const struct ui_env *env, const char *text_id)
{
	return env->speakable && env->speakable(env, env->lang, text_id);
}

struct layout_item *ui_speaker(struct draw_list *dl, struct layout *l, const struct ui_env *env,
			       struct rect hit, struct rect r, const char *target_id)
{
	const struct theme *t = theme_default();
	int border = r.w / 16 > 1 ? r.w / 16 : 1;
	draw_fill(dl, r, t->card_bg, r.w / 2);
	draw_outline(dl, r, t->button_bg, border, r.w / 2);
	if (env->assets_dir) {
		struct strbuf path;
		sb_init(&path);
		sb_appendf(&path, "%s/ui-speaker.png", env->assets_dir);
		draw_image(dl, rect_inset(r, r.w / 8), path.data);
		sb_finish(&path);
	}
	struct strbuf id;
	sb_init(&id);
	sb_appendf(&id, UI_SPEAKER_PREFIX "%s", target_id);
	struct layout_item *it = layout_add(l, id.data, ROLE_SPEAKER, hit);
	sb_finish(&id);
	it->enabled = 1;
	return it;
}
