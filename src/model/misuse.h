/* Misuse and noise in sessions, judged when the tally imports them: a
 * visitor (or a child, or a bot) who swipes faster than anyone can read,
 * who puts every card in one pile, or the same answers stored again on the
 * same kiosk within minutes. Such sessions are flagged with the reason and
 * kept, never deleted: the headline figures leave them out by default and
 * every report counts them separately. Pure rules; the store applies them. */
#ifndef VS_MISUSE_H
#define VS_MISUSE_H

#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reasons, as bits of a session's flags (stored in the tally: never
 * renumber). */
enum misuse_flag {
	MISUSE_FAST = 1,     /* less than the minimum time per card placed */
	MISUSE_ONE_PILE = 2, /* a finished hand of 4 or more, every card in one pile */
	MISUSE_REPEAT = 4,   /* the same answers as a session shortly before, same kiosk */
	MISUSE_ALL = 7,
};

/* The fewest cards for which one pile means noise: the smallest hand a
 * kiosk deals (a hand of two in one pile is an opinion). */
#define MISUSE_ONE_PILE_CARDS 4

struct misuse_rules {
	int64_t min_ms_per_card;  /* 0: no session is too fast */
	int64_t repeat_window_ms; /* 0: repeats are not looked for */
};

/* 1 s per card, repeats within 10 minutes. */
void misuse_rules_default(struct misuse_rules *r);

/* The flags a session earns on its own (fast, one pile): piles[0..n) are
 * its cards' piles (PILE_DECK for a card never placed). */
unsigned misuse_check(const struct misuse_rules *r, bool completed, int64_t started_ms,
		      int64_t ended_ms, const enum pile *piles, size_t n);

/* One session of one kiosk, for finding repeats. */
struct misuse_item {
	uint64_t answers; /* misuse_answers() of its cards */
	int64_t started_ms;
	const char *uuid; /* ties at the same start go by UUID */
	unsigned flags;	  /* in: as stored; out: MISUSE_REPEAT set or cleared */
	int64_t id;	  /* the caller's, carried along */
	unsigned before;  /* the caller's, carried along */
};

/* Sorts items (all from one kiosk) and sets MISUSE_REPEAT on every session
 * whose answers equal those of one started at most the window before it
 * (the first of a run stays unflagged). The rule depends only on the set
 * of sessions, never on the order they were imported in. */
void misuse_mark_repeats(const struct misuse_rules *r, struct misuse_item *items, size_t n);

/* A 64-bit digest of a session's answers, fed card by card in keyword id
 * order: the set and version, then each keyword id, pile and rank. */
struct misuse_digest {
	uint64_t h;
};
void misuse_digest_init(struct misuse_digest *d, const char *set_id, const char *set_version);
void misuse_digest_card(struct misuse_digest *d, const char *keyword_id, enum pile p, int64_t rank);
uint64_t misuse_digest_final(const struct misuse_digest *d);

/* "too fast", "one pile", "repeat": the reason's word in reports. */
const char *misuse_name(enum misuse_flag f);

#endif
