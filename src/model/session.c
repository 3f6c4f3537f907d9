/* One visitor's sorting as a state machine over four ordered piles. Everything is allocated
 * once at creation: a move only shifts a few indices, however often the visitor drags. */
#include "model/session.h"

#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const pile_names[PILE_COUNT] = {"deck", "yes", "no", "neutral"};

struct session {
	enum session_state state;
	size_t count;
	size_t *keyword;	   /* per card */
	size_t *position;	   /* per card, within its pile */
	unsigned char *pile;	   /* per card, an enum pile */
	size_t *order[PILE_COUNT]; /* cards of each pile, top first; each has room for all */
	size_t size[PILE_COUNT];
	size_t moves, last_moved; /* what a listener confirms after a drop */
};

struct session *session_create(const size_t *keywords, size_t n)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->state = SESSION_DEALT;
	s->count = n;
	s->keyword = xmalloc(n * sizeof(*s->keyword));
	s->position = xmalloc(n * sizeof(*s->position));
	s->pile = xmalloc(n);
	for (int p = 0; p < PILE_COUNT; p++)
		s->order[p] = xmalloc(n * sizeof(*s->order[p]));
	for (size_t c = 0; c < n; c++) {
		s->keyword[c] = keywords[c];
		s->position[c] = c;
		s->pile[c] = PILE_DECK;
		s->order[PILE_DECK][c] = c;
	}
	s->size[PILE_DECK] = n;
	return s;
}

void session_destroy(struct session *s)
{
	if (!s)
		return;
	free(s->keyword);
	free(s->position);
	free(s->pile);
	for (int p = 0; p < PILE_COUNT; p++)
		free(s->order[p]);
	free(s);
}

struct session *session_copy(const struct session *s)
{
	struct session *c = session_create(s->keyword, s->count);
	c->state = s->state;
	memcpy(c->position, s->position, s->count * sizeof(*s->position));
	memcpy(c->pile, s->pile, s->count);
	for (int p = 0; p < PILE_COUNT; p++) {
		memcpy(c->order[p], s->order[p], s->size[p] * sizeof(*s->order[p]));
		c->size[p] = s->size[p];
	}
	c->moves = s->moves;
	c->last_moved = s->last_moved;
	return c;
}

enum session_state session_state(const struct session *s)
{
	return s->state;
}

size_t session_card_count(const struct session *s)
{
	return s->count;
}

size_t session_card_keyword(const struct session *s, size_t card)
{
	return card < s->count ? s->keyword[card] : SIZE_MAX;
}

enum pile session_card_pile(const struct session *s, size_t card)
{
	return card < s->count ? (enum pile)s->pile[card] : PILE_COUNT;
}

size_t session_card_position(const struct session *s, size_t card)
{
	return card < s->count ? s->position[card] : SIZE_MAX;
}

size_t session_pile_size(const struct session *s, enum pile p)
{
	return (unsigned)p < PILE_COUNT ? s->size[p] : 0;
}

size_t session_pile_card(const struct session *s, enum pile p, size_t pos)
{
	if ((unsigned)p >= PILE_COUNT || pos >= s->size[p])
		return SIZE_MAX;
	return s->order[p][pos];
}

static bool session_finished(const struct session *s)
{
	return s->state == SESSION_COMPLETED || s->state == SESSION_ABANDONED;
}

/* Renumbers the cards at positions [from, to) of pile p after a shift. */
static void session_renumber(struct session *s, enum pile p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		s->position[s->order[p][i]] = i;
}

bool session_move(struct session *s, size_t card, enum pile p, size_t pos)
{
	if (session_finished(s) || card >= s->count || (unsigned)p >= PILE_COUNT)
		return false;
	enum pile from = (enum pile)s->pile[card];
	size_t at = s->position[card];
	size_t *src = s->order[from];
	memmove(src + at, src + at + 1, (s->size[from] - at - 1) * sizeof(*src));
	s->size[from]--;
	session_renumber(s, from, at, s->size[from]);

	size_t *dst = s->order[p];
	if (pos > s->size[p])
		pos = s->size[p];
	memmove(dst + pos + 1, dst + pos, (s->size[p] - pos) * sizeof(*dst));
	dst[pos] = card;
	s->size[p]++;
	s->pile[card] = (unsigned char)p;
	session_renumber(s, p, pos, s->size[p]);
	s->moves++;
	s->last_moved = card;

	/* while DEALT every card is in the deck, so any other pile means one left it */
	if (s->state == SESSION_DEALT && p != PILE_DECK)
		s->state = SESSION_SORTING;
	return true;
}

size_t session_move_count(const struct session *s)
{
	return s->moves;
}

size_t session_last_moved(const struct session *s)
{
	return s->moves ? s->last_moved : SIZE_MAX;
}

size_t session_placed_count(const struct session *s)
{
	return s->count - s->size[PILE_DECK];
}

bool session_can_complete(const struct session *s)
{
	return !session_finished(s) && s->size[PILE_DECK] == 0;
}

bool session_complete(struct session *s)
{
	if (!session_can_complete(s))
		return false;
	s->state = SESSION_COMPLETED;
	return true;
}

bool session_abandon(struct session *s)
{
	if (session_finished(s))
		return false;
	s->state = SESSION_ABANDONED;
	return true;
}

const char *pile_name(enum pile p)
{
	return (unsigned)p < PILE_COUNT ? pile_names[p] : "?";
}

bool pile_from_name(const char *name, enum pile *out)
{
	for (int p = 0; name && p < PILE_COUNT; p++) {
		if (strcmp(name, pile_names[p]) == 0) {
			*out = (enum pile)p;
			return true;
		}
	}
	return false;
}
