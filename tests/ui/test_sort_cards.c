/* What the sort scene's cards show besides their labels, without a window:
 * pictures, speaker buttons where the kiosk can speak, and the layout trace
 * line the end-to-end tests read them from. */
#include "sort_fixture.h"

/* A keyword that names a picture shows it inside its card, beside a label
 * that still fits; the sample set's pictures all exist. */
static void test_card_pictures(void **state)
{
	struct fixture *f = *state;
	size_t with_image = keyset_find(f->ks, "motala-strom");
	session_destroy(f->session);
	f->session = session_create(&with_image, 1);
	scene_sort_set_session(f->scene, f->session);
	build(f, 1920, 1080);
	const struct layout_item *card = item(f, "card:motala-strom");
	size_t images = 0;
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		images++;
		assert_string_equal(draw_cmd_text(&f->dl, c), "assets/motala-strom.png");
		assert_true(c->r.x >= card->r.x && c->r.y >= card->r.y &&
			    c->r.x + c->r.w <= card->r.x + card->r.w &&
			    c->r.y + c->r.h <= card->r.y + card->r.h);
	}
	assert_int_equal(images, 1);
	assert_text_contained(f, 1920, 1080);
	/* in a pile too, after the rank badge, so a card stays recognisable once placed */
	session_move(f->session, 0, PILE_YES, 0);
	build(f, 1920, 1080);
	card = item(f, "card:motala-strom");
	images = 0;
	int badge_end = 0; /* the rank's number, drawn inside its badge */
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind == DRAW_TEXT && strcmp(draw_cmd_text(&f->dl, c), "1") == 0 &&
		    rect_contains(card->r, c->r.x, c->r.y))
			badge_end = c->r.x +
				    f->env.tm->width(f->env.tm->ctx, c->face, c->size, "1", 1);
	}
	assert_true(badge_end > 0);
	for (size_t i = 0; i < f->dl.count; i++) {
		const struct draw_cmd *c = &f->dl.cmds[i];
		if (c->kind != DRAW_IMAGE)
			continue;
		images++;
		/* after the badge */
		assert_true(c->r.x > badge_end && c->r.y >= card->r.y &&
			    c->r.x + c->r.w <= card->r.x + card->r.w &&
			    c->r.y + c->r.h <= card->r.y + card->r.h);
	}
	assert_int_equal(images, 1);
	assert_text_contained(f, 1920, 1080);
	char path[4096];
	for (size_t i = 0; i < keyset_count(f->ks); i++) {
		const char *image = keyset_image(f->ks, i);
		if (!image)
			continue;
		snprintf(path, sizeof(path), "%s/assets/%s", getenv("VS_SOURCE_ROOT"), image);
		FILE *in = fopen(path, "rb");
		if (!in)
			fail_msg("%s names %s, which is not in assets/",
				 keyset_keyword_id(f->ks, i), image);
		fclose(in);
	}
}

/* Speaker buttons where the app says a text can be spoken: on each card (but the one with no
 * speech), the question and each pile; each a finger's size, inside what it reads, and no
 * text under it. None when the kiosk does not speak. */
static bool speak_all_but_trygghet(const struct ui_env *env, size_t lang, const char *id)
{
	(void)env;
	(void)lang;
	return !id || strcmp(id, "keyword.trygghet") != 0;
}

static void test_speaker_buttons(void **state)
{
	struct fixture *f = *state;
	size_t dealt[2] = {(size_t)keyset_find(f->ks, "trygghet"),
			   (size_t)keyset_find(f->ks, "kunskapsstad")};
	session_destroy(f->session);
	f->session = session_create(dealt, 2);
	scene_sort_set_session(f->scene, f->session);
	session_move(f->session, 1, PILE_YES, 0);
	f->env.min_target_px = ui_min_target_px(1920, 1080, 24);
	for (int speaks = 0; speaks < 2; speaks++) {
		f->env.speakable = speaks ? speak_all_but_trygghet : NULL;
		build(f, 1920, 1080);
		size_t speakers = 0;
		for (size_t i = 0; i < f->layout.count; i++) {
			const struct layout_item *sp = &f->layout.items[i];
			if (sp->role != ROLE_SPEAKER)
				continue;
			speakers++;
			assert_true(sp->r.w >= f->env.min_target_px && sp->r.h == sp->r.w);
			const char *target = sp->id + strlen("speak:");
			if (strcmp(target, "question") != 0)
				assert_true(inside(item(f, target)->r, sp->r));
		}
		assert_clear_of_speakers(f, 1920, 1080);
		assert_int_equal(speakers, speaks ? 1 + 3 + 1 : 0);
		if (speaks) {
			assert_non_null(layout_find(&f->layout, "speak:card:kunskapsstad"));
			assert_null(layout_find(&f->layout, "speak:card:trygghet"));
			assert_non_null(layout_find(&f->layout, "speak:question"));
			assert_non_null(layout_find(&f->layout, "speak:zone:no"));
		}
	}
}

static void test_trace_line_shape(void **state)
{
	struct fixture *f = *state;
	build(f, 1280, 720);
	struct strbuf sb;
	sb_init(&sb);
	trace_layout_line(&sb, 42, "sort", 1280, 720, &f->layout);
	const char *s = sb_str(&sb);
	const char *prefix = "{\"t\":42,\"scene\":\"sort\",\"w\":1280,\"h\":720,\"items\":[";
	assert_true(strncmp(s, prefix, strlen(prefix)) == 0);
	assert_non_null(strstr(s, "\"id\":\"zone:yes\",\"role\":\"zone\""));
	assert_non_null(strstr(s, "\"id\":\"button:done\",\"role\":\"button\""));
	assert_non_null(strstr(s, "\"enabled\":false"));
	assert_non_null(strstr(s, "\"role\":\"card\""));
	assert_non_null(strstr(s, "\"zone\":\"deck\""));
	/* Every item with text says how big it is drawn; new keys come last. */
	const struct layout_item *card = NULL;
	for (size_t i = 0; i < f->layout.count && !card; i++)
		if (f->layout.items[i].role == ROLE_CARD)
			card = &f->layout.items[i];
	char want[64];
	snprintf(want, sizeof(want), "\"zone\":\"deck\",\"text_px\":%d,\"lines\":%d}",
		 card->text_px, card->lines);
	assert_non_null(strstr(s, want));
	assert_true(card->text_px >= 16); /* 24 px at 1080p, at 1280x720 */
	assert_non_null(strstr(s, "\"enabled\":false,\"text_px\":"));
	sb_clear(&sb);
	trace_session_saved(&sb, 7, "0b0e4c1e-2f5c-4a7e-9a59-0d8c9f1e2a3b", 12);
	assert_string_equal(sb_str(&sb), "{\"t\":7,\"event\":\"session-saved\",\"session\":"
					 "\"0b0e4c1e-2f5c-4a7e-9a59-0d8c9f1e2a3b\",\"placed\":12}");
	sb_finish(&sb);
}
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_card_pictures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speaker_buttons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_line_shape, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
