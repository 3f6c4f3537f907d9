/* The kiosk's Ed25519 signing key, kept beside its log in <log path>.key
 * (mode 0600: 128 lower-case hex digits of libsodium's 64-byte secret key and
 * a newline), and hex for keys and digests.
 *
 * The organizers trust one public key per kiosk, so the key must outlive
 * everything but the kiosk itself, and must never change behind their back:
 *
 *   no key file, log never had a key --keys_for_log()--> created (O_EXCL,
 *        fsync'd, folder fsync'd), then its public key recorded in the log
 *   key file whose public key the log records ------------> used
 *   key file, log records none (created, then a crash) ---> adopted, recorded
 *   key file missing, log records a key --> error: restore it from a backup,
 *        or start over on purpose with keys_for_log(..., KEYS_REPLACE_MISSING)
 *   key file damaged, unreadable, readable by others, or another kiosk's
 *        --> error; the file is never touched */
#ifndef VS_KEYS_H
#define VS_KEYS_H

#include "common/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct log;

#define KEYS_PUBLIC_BYTES 32
#define KEYS_SECRET_BYTES 64
#define KEYS_SIGNATURE_BYTES 64
#define KEYS_HASH_BYTES 32

struct kiosk_key {
	unsigned char pk[KEYS_PUBLIC_BYTES];
	unsigned char sk[KEYS_SECRET_BYTES];
};

enum keys_mode {
	KEYS_USE_OR_CREATE,   /* the normal case: see the table above */
	KEYS_REPLACE_MISSING, /* staff chose a new key because the old one is lost */
};

/* The log's key in *out (wipe it with keys_wipe). One diag line naming the
 * key file and what to do on failure. */
bool keys_for_log(struct log *log, enum keys_mode mode, struct kiosk_key *out, struct diag *err);
void keys_wipe(struct kiosk_key *k); /* NULL-safe */

/* <log path>.key; caller frees. */
char *keys_path(const struct log *log);

/* Lower-case hex of bin[0..n) into hex (2n + 1 bytes with the NUL). */
void keys_hex(const unsigned char *bin, size_t n, char *hex);
/* Parses exactly 2n lower-case hex digits (nothing else); false otherwise. */
bool keys_unhex(const char *hex, unsigned char *bin, size_t n);

/* False only if libsodium cannot start (no randomness). */
bool keys_init(void);

#endif
