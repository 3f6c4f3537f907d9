/* PIN hashing with libsodium's Argon2id. */
#include "store/pin_hash.h"

#include <sodium.h>

#include <string.h>

_Static_assert(PIN_HASH_BYTES == crypto_pwhash_STRBYTES, "PIN_HASH_BYTES is the hash size");

/* Cost: OPSLIMIT_INTERACTIVE (2 passes) and MEMLIMIT_INTERACTIVE (64 MiB). The kiosk checks
 * a PIN on a cheap mini-PC while a member of staff waits at the screen: this costs about
 * 0.1-0.3 s there, where MODERATE (256 MiB) approaches a second and takes memory from the
 * renderer. A stronger setting would buy little: a PIN has at most 10^12 values and usually
 * 10^4, so anyone holding the hash can try them all at any cost we could afford. The hash
 * only keeps the PIN out of plain sight in the configuration file (and a PIN reused
 * elsewhere out of reach of a casual reader); the defence at the kiosk is pin_guard, and
 * the file itself should be readable by the kiosk account only. */
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

bool pin_hash(const char *pin, char *out, size_t outlen)
{
	/* sodium_init is idempotent and thread-safe; < 0 means no usable random source */
	if (!pin_valid(pin) || outlen < PIN_HASH_BYTES || sodium_init() < 0)
		return false;
	return crypto_pwhash_str(out, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) == 0;
}

bool pin_verify(const char *hash, const char *pin)
{
	/* a malformed PIN cannot be the right one: no need to spend the hashing time on it */
	size_t prefix = strlen(PIN_HASH_PREFIX);
	if (!hash || !pin_valid(pin) || strncmp(hash, PIN_HASH_PREFIX, prefix) != 0)
		return false;
	if (sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}
