/* A small seeded generator (xoshiro256**). Dealing owns one stream and
 * animation another, so visual effects can never change a replayed deal. */
#ifndef VS_RNG_H
#define VS_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
/* Seeds from the operating system's entropy (getrandom). */
void rng_seed_random(struct rng *r);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, bound), without modulo bias; bound 0 gives 0. */
uint64_t rng_below(struct rng *r, uint64_t bound);

#endif
