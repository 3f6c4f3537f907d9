/* The staff PIN as the model knows it: which strings are PINs, the form of the Argon2id hash
 * the kiosk configuration stores in place of the PIN, and the lock-out that guards the kiosk
 * after repeated wrong tries, since a 4-digit PIN is guessed by patience alone. Making and
 * checking the hash needs libsodium and lives in store/pin_hash.h. */
#ifndef VS_PIN_H
#define VS_PIN_H

#include <stdbool.h>
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

/* The lock-out: after max_tries wrong PINs in a row, every try is refused for lock_ms, even
 * the right PIN, which is what makes guessing slow. Pure: the caller passes the time. */
struct pin_guard {
	unsigned max_tries;
	int64_t lock_ms;
	unsigned failures;    /* wrong tries since the last right one or lock */
	int64_t locked_until; /* monotonic ms; no lock when not after now */
};

void pin_guard_init(struct pin_guard *g, unsigned max_tries, unsigned lock_seconds);
/* Records a try at now_ms whose PIN was right (ok) or wrong. The try that reaches max_tries
 * answers PIN_LOCKED at once, so the screen can say so. */
enum pin_result pin_guard_try(struct pin_guard *g, int64_t now_ms, bool ok);
/* Whole seconds left of the lock at now_ms, rounded up; 0 when not locked. */
unsigned pin_guard_locked_for(const struct pin_guard *g, int64_t now_ms);

#endif
