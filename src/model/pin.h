/* The staff PIN as the model knows it: which strings are PINs, the form of the Argon2id hash
 * the kiosk configuration stores in place of the PIN, and the lock-out that guards the kiosk
 * after repeated wrong tries, since a 4-digit PIN is guessed by patience alone. Making and
 * checking the hash needs libsodium and lives in store/pin_hash.h. */
#ifndef VS_PIN_H
#define VS_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
/* Room for a hash string and its NUL (crypto_pwhash_STRBYTES, as store/pin_hash.c checks). */
#define PIN_HASH_BYTES 128
/* What every hash pin_hash (store/pin_hash.h) writes starts with. */
#define PIN_HASH_PREFIX "$argon2id$"

#define PIN_GUARD_MAX_TRIES 5
#define PIN_GUARD_LOCK_SECONDS 60

/* Whether pin is 4 to 12 digits 0-9 and nothing else. */
bool pin_valid(const char *pin);

enum pin_result {
	PIN_ACCEPTED,
	PIN_REJECTED, /* wrong; tries remain */
	PIN_LOCKED,   /* refused without looking: too many wrong tries lately */
};

/* The longest lock-out: a day. */
#define PIN_GUARD_LOCK_MAX_MS (24LL * 60 * 60 * 1000)

/* The lock-out: after max_tries wrong PINs in a row, every try is refused for a while, even
 * the right PIN, which is what makes guessing slow; and each lock-out since the last right
 * PIN lasts twice the one before (lock_ms, 2 lock_ms, 4 lock_ms ... up to a day), so that
 * patience no longer pays: a 4-digit PIN at 5 tries a minute falls in a day or so, with
 * doubling not in years. Pure: the caller passes the time, and rebuilds the guard after a
 * restart from the tries it recorded (pin_guard_replay). */
struct pin_guard {
	unsigned max_tries;
	int64_t lock_ms;      /* the first lock-out */
	unsigned failures;    /* wrong tries since the last right one or lock */
	unsigned locks;	      /* lock-outs since the last right PIN */
	int64_t locked_until; /* monotonic ms; no lock when not after now */
};

void pin_guard_init(struct pin_guard *g, unsigned max_tries, unsigned lock_seconds);
/* After a restart: replays the wrong tries made since the last right PIN (wall_ms[0..n),
 * wall-clock ms, oldest first) and carries the lock-out still running at now_wall over to
 * the monotonic clock at now_mono. A try that fell inside a replayed lock-out counts as
 * refused, as it was. */
void pin_guard_replay(struct pin_guard *g, const int64_t *wall_ms, size_t n, int64_t now_wall,
		      int64_t now_mono);
/* How long the lock-out that began at the try just made lasts (0 when none began): for the
 * record of it. */
int64_t pin_guard_lock_length(const struct pin_guard *g);
/* Records a try at now_ms whose PIN was right (ok) or wrong. The try that reaches max_tries
 * answers PIN_LOCKED at once, so the screen can say so. */
enum pin_result pin_guard_try(struct pin_guard *g, int64_t now_ms, bool ok);
/* Whole seconds left of the lock at now_ms, rounded up; 0 when not locked. */
unsigned pin_guard_locked_for(const struct pin_guard *g, int64_t now_ms);

#endif
