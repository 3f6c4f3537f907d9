/* One visitor's sorting session as a state machine.
 *
 *   session_create()       session_move()            session_complete()
 *   ----------------> DEALT --------------> SORTING ----------------> COMPLETED
 *                       |                     |  ^ |
 *                       |                     +--+ | session_abandon()
 *                       +--------------------------+----------------> ABANDONED
 *
 * Cards live in four ordered piles (deck, yes, no, neutral); a card's
 * position in the yes pile is the visitor's priority (0 = top). Moves are
 * refused once the session is COMPLETED or ABANDONED. */
#ifndef VS_SESSION_H
#define VS_SESSION_H

#include <stdbool.h>
#include <stddef.h>

enum pile {
	PILE_DECK,
	PILE_YES,
	PILE_NO,
	PILE_NEUTRAL,
	PILE_COUNT
};

enum session_state {
	SESSION_DEALT,
	SESSION_SORTING,
	SESSION_COMPLETED,
	SESSION_ABANDONED,
};

struct session;

/* keywords[0..n) are keyword indices, in deal order; all start in the deck. */
struct session *session_create(const size_t *keywords, size_t n);
void session_destroy(struct session *s); /* NULL-safe */
/* An independent copy in the same state: what a writer stores while the
 * visitor goes on moving cards in the original. */
struct session *session_copy(const struct session *s);

enum session_state session_state(const struct session *s);
size_t session_card_count(const struct session *s);
/* Cards are numbered 0..count-1 in deal order. */
size_t session_card_keyword(const struct session *s, size_t card);
enum pile session_card_pile(const struct session *s, size_t card);
/* 0-based position within its pile. */
size_t session_card_position(const struct session *s, size_t card);

size_t session_pile_size(const struct session *s, enum pile p);
/* The card at position pos of pile p; pos < session_pile_size(). */
size_t session_pile_card(const struct session *s, enum pile p, size_t pos);

/* Moves card to pile p at position pos (clamped to the pile's end; within
 * the same pile, pos is where it ends up). Moving a card out of the deck
 * makes a DEALT session SORTING. Returns false and changes nothing if the
 * session is finished or card is out of range. */
bool session_move(struct session *s, size_t card, enum pile p, size_t pos);

/* How many moves were made, and the card of the last one (SIZE_MAX before any): so that a
 * drop can be confirmed aloud whichever gesture made it. A move that put a card back where
 * it was counts too. */
size_t session_move_count(const struct session *s);
size_t session_last_moved(const struct session *s);

size_t session_placed_count(const struct session *s); /* cards not in the deck */
bool session_can_complete(const struct session *s);   /* every card placed, not finished */
/* Returns false (and changes nothing) unless session_can_complete(). */
bool session_complete(struct session *s);
/* Allowed from DEALT and SORTING; returns false when already finished. */
bool session_abandon(struct session *s);

const char *pile_name(enum pile p); /* "deck", "yes", "no", "neutral" */
/* Parses a pile name; returns false for anything else. */
bool pile_from_name(const char *name, enum pile *out);

#endif
