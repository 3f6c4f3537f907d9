/* The staff PIN's hash: libsodium's Argon2id in its crypto_pwhash_str format, the form
 * model/pin.h describes and the kiosk configuration stores. Here in store/, beside the
 * signing keys, because this is the layer that may use libsodium. */
#ifndef VS_PIN_HASH_H
#define VS_PIN_HASH_H

#include "model/pin.h"

#include <stdbool.h>
#include <stddef.h>

/* Writes the hash of a valid pin to out. False when the pin is not valid, outlen is below
 * PIN_HASH_BYTES, or libsodium cannot start or get the memory. */
bool pin_hash(const char *pin, char *out, size_t outlen);
/* Whether pin is the one hash was made from. False for a NULL or malformed hash. */
bool pin_verify(const char *hash, const char *pin);

#endif
