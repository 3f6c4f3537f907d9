/* FNV-1a, 64 bits: a start value and steps that mix bytes, a string or a
 * whole integer into a hash, so a key of several fields is one chain of
 * steps. The same on every machine and in every build, so a hash of bytes
 * and strings may be stored; not for anything an attacker chooses to
 * collide (it is no cryptographic hash). */
#ifndef VS_HASH_H
#define VS_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The FNV-1a offset basis: where every chain starts. */
#define HASH_START 14695981039346656037ULL

/* h with the n bytes at p mixed in, one FNV-1a step each. */
uint64_t hash_mix_bytes(uint64_t h, const void *p, size_t n);
/* h with the bytes of s mixed in, up to and without its terminator. */
uint64_t hash_mix_str(uint64_t h, const char *s);
/* h with v mixed in as one FNV-1a step (the whole value, not its bytes):
 * for a number or an enum in a key. A v below 256 mixes as that byte. */
uint64_t hash_mix_u64(uint64_t h, uint64_t v);

#endif
