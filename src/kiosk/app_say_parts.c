/* The pieces an utterance is made of: catalog texts with their recordings' ids, a card's
 * label (and description), its place in a pile, and what any item on screen is called. Kept
 * apart from when things are said (app_speech_say.c, app_say_look.c, app_say_input.c) so
 * that each of those words a card or a pile the same way. */
#include "kiosk/app_say_internal.h"
#include "kiosk/app_speech.h"

#include "common/clock.h"
#include "ui/scenes.h"

#include <stdlib.h>
#include <string.h>

size_t say_lang(const struct app *a)
{
	return a->env.lang;
}

const char *say_string(const struct app *a, const char *id)
{
	return catalog_text(a->cat, say_lang(a), id);
}

/* A catalog text as a part of the utterance, its recording found by its id. */
void say_part_text(struct app *a, const char *id)
{
	app_speech_part(a->speech, say_lang(a), id, say_string(a, id));
}

/* A text made from a template: said by the voice (a recording cannot hold the numbers). */
void say_part_format(struct app *a, const char *id, const char *k1, const char *v1, const char *k2,
		     const char *v2, const char *k3, const char *v3)
{
	char *s = catalog_format(a->cat, say_lang(a), id, k1, v1, k2, v2, k3, v3,
				 (const char *)NULL);
	app_speech_part(a->speech, say_lang(a), NULL, s);
	free(s);
}

void say_part_number(struct app *a, const char *id, const char *key, long n)
{
	char *num = catalog_number(a->cat, say_lang(a), n);
	say_part_format(a, id, key, num, NULL, NULL, NULL, NULL);
	free(num);
}

void say_begin(struct app *a, const char *why, const char *id)
{
	app_speech_begin(a->speech, why, say_lang(a), id, clock_mono_ms());
}

/* ---- what a thing is called ---- */

long say_keyword_of(const struct app *a, const char *card_id)
{
	const char *kw = strncmp(card_id, "card:", 5) == 0 ? card_id + 5 : card_id;
	return keyset_find(a->visit.ks, kw);
}

/* A keyword's label, and with described its description after it: "keyword.<id>" and
 * "keyword.<id>.description", as their recordings are named. The description answers "what is
 * this card?" (the focus on it, its speaker); where the label starts a sentence that goes on
 * ("Kunskapsstad är valt", "Kunskapsstad: Passar, plats 2 av 5") it would break that. */
void say_part_keyword(struct app *a, size_t kw, const char *after, bool described)
{
	const struct keyset *ks = a->visit.ks;
	struct strbuf id, said;
	sb_init(&id);
	sb_init(&said);
	sb_appendf(&id, "keyword.%s", keyset_keyword_id(ks, kw));
	sb_appendf(&said, "%s%s", keyset_label(ks, kw, a->env.ks_lang), after);
	app_speech_part(a->speech, say_lang(a), id.data, said.data);
	const char *description = described ? keyset_description(ks, kw,
								 catalog_code(a->cat, say_lang(a)))
					    : NULL;
	if (description) {
		sb_append(&id, ".description");
		app_speech_part(a->speech, say_lang(a), id.data, description);
	}
	sb_finish(&id);
	sb_finish(&said);
}

const char *say_pile_title_id(enum pile p)
{
	static const char *const ids[PILE_COUNT] = {"sort.pile.deck", "sort.pile.yes",
						    "sort.pile.no", "sort.pile.neutral"};
	return ids[p];
}

/* "Ska prägla Norrköping 2035, plats 2 av 5" for card. */
void say_part_place(struct app *a, size_t card)
{
	const struct session *s = a->visit.session;
	enum pile p = session_card_pile(s, card);
	char *n = catalog_number(a->cat, say_lang(a), (long)session_card_position(s, card) + 1);
	char *count = catalog_number(a->cat, say_lang(a), (long)session_pile_size(s, p));
	char *place = catalog_format(a->cat, say_lang(a), "speech.position", "pile",
				     say_string(a, say_pile_title_id(p)), "n", n, "count", count,
				     (const char *)NULL);
	struct strbuf said;
	sb_init(&said);
	sb_appendf(&said, "%s.", place); /* a full stop: whatever follows is a new sentence */
	app_speech_part(a->speech, say_lang(a), NULL, said.data);
	sb_finish(&said);
	free(place);
	free(n);
	free(count);
}

/* The session's card showing keyword kw, or SIZE_MAX. */
static size_t card_of(const struct app *a, long kw)
{
	const struct session *s = a->visit.session;
	for (size_t c = 0; s && kw >= 0 && c < session_card_count(s); c++)
		if (session_card_keyword(s, c) == (size_t)kw)
			return c;
	return SIZE_MAX;
}

/* Says item (a layout item of the scene on screen): why is "focus" or "tap". */
void say_item(struct app *a, const struct layout_item *it, const char *why)
{
	const char *id = it->id;
	if (strncmp(id, "card:", 5) == 0) {
		long kw = say_keyword_of(a, id);
		size_t card = card_of(a, kw);
		if (card == SIZE_MAX)
			return;
		struct strbuf main_id;
		sb_init(&main_id);
		sb_appendf(&main_id, "keyword.%s", id + strlen("card:"));
		say_begin(a, why, main_id.data);
		sb_finish(&main_id);
		say_part_keyword(a, (size_t)kw, strcmp(why, "tap") == 0 ? "" : ".", true);
		if (strcmp(why, "tap") != 0) {
			say_part_place(a, card);
			if (it->selected == 1)
				say_part_text(a, "speech.selected");
		}
	} else if (strncmp(id, "zone:", 5) == 0) {
		enum pile p;
		if (!pile_from_name(id + 5, &p) || !a->visit.session)
			return;
		say_begin(a, why, say_pile_title_id(p));
		char *count = catalog_number(a->cat, say_lang(a),
					     (long)session_pile_size(a->visit.session, p));
		say_part_format(a, "speech.pile", "pile", say_string(a, say_pile_title_id(p)),
				"count", count, NULL, NULL);
		free(count);
	} else if (strcmp(id, "question") == 0) {
		say_begin(a, why, "sort.title");
		say_part_text(a, "sort.title");
	} else if (strncmp(id, "lang:", 5) == 0) {
		/* each language's name in its own voice, or the visitor's where it has none */
		int lang = catalog_find(a->cat, id + 5);
		if (lang < 0)
			return;
		size_t in = app_speech_offers(a->speech, (size_t)lang) ? (size_t)lang : say_lang(a);
		app_speech_begin(a->speech, why, in, "language.name", clock_mono_ms());
		app_speech_part(a->speech, in, NULL, catalog_name(a->cat, (size_t)lang));
	} else if (it->say) {
		say_begin(a, why, id);
		app_speech_part(a->speech, say_lang(a), NULL, it->say);
		if (it->selected == 1)
			say_part_text(a, "speech.selected");
	} else {
		return;
	}
	app_speech_end(a->speech);
}

const struct layout_item *say_selected_card(const struct app *a)
{
	for (size_t i = 0; i < a->layout.count; i++)
		if (a->layout.items[i].role == ROLE_CARD && a->layout.items[i].selected == 1)
			return &a->layout.items[i];
	return NULL;
}

void say_text(struct app *a, const char *why, const char *id)
{
	say_begin(a, why, id);
	say_part_text(a, id);
	app_speech_end(a->speech);
}
