/* The staff PIN: stored only as an Argon2id hash (libsodium's crypto_pwhash_str format) in
 * the kiosk configuration, and guarded on the kiosk by a lock-out after repeated wrong
 * tries, since a 4-digit PIN is guessed by patience alone. */
#ifndef VS_PIN_H
#define VS_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
/* Room for a hash string and its NUL (crypto_pwhash_STRBYTES). */
#define PIN_HASH_BYTES 128
/* What every hash pin_hash writes starts with. */
#define PIN_HASH_PREFIX "$argon2id$"

#define PIN_GUARD_MAX_TRIES 5
#define PIN_GUARD_LOCK_SECONDS 60

/* Whether pin is 4 to 12 digits 0-9 and nothing else. */
bool pin_valid(const char *pin);
/* Writes the hash of a valid pin to out. False when the pin is not valid, outlen is below
 * PIN_HASH_BYTES, or libsodium cannot start or get the memory. */
bool pin_hash(const char *pin, char *out, size_t outlen);
/* Whether pin is the one hash was made from. False for a NULL or malformed hash. */
bool pin_verify(const char *hash, const char *pin);

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
