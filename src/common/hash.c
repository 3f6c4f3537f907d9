/* FNV-1a, 64 bits (common/hash.h). */
#include "common/hash.h"

#define HASH_PRIME 1099511628211ULL /* the FNV 64-bit prime, 2^40 + 2^8 + 0xb3 */

uint64_t hash_mix_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * HASH_PRIME;
	return h;
}

uint64_t hash_mix_str(uint64_t h, const char *s)
{
	for (const unsigned char *b = (const unsigned char *)s; *b; b++)
		h = (h ^ *b) * HASH_PRIME;
	return h;
}

uint64_t hash_mix_u64(uint64_t h, uint64_t v)
{
	return (h ^ v) * HASH_PRIME;
}
