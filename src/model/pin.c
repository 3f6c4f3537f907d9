/* Which strings are PINs, and the lock-out that matters more than the hash. Pure: the
 * hashing, which needs libsodium, is in store/pin_hash.c. */
#include "model/pin.h"

#include <stddef.h>

bool pin_valid(const char *pin)
{
	if (!pin)
		return false;
	size_t n = 0;
	while (pin[n] >= '0' && pin[n] <= '9')
		n++;
	return pin[n] == '\0' && n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS;
}

void pin_guard_init(struct pin_guard *g, unsigned max_tries, unsigned lock_seconds)
{
	g->max_tries = max_tries ? max_tries : 1;
	g->lock_ms = (int64_t)lock_seconds * 1000;
	g->failures = 0;
	g->locked_until = INT64_MIN;
}

enum pin_result pin_guard_try(struct pin_guard *g, int64_t now_ms, bool ok)
{
	if (now_ms < g->locked_until)
		return PIN_LOCKED;
	if (ok) {
		g->failures = 0;
		return PIN_ACCEPTED;
	}
	if (++g->failures < g->max_tries)
		return PIN_REJECTED;
	g->failures = 0;
	g->locked_until = now_ms + g->lock_ms;
	return PIN_LOCKED;
}

unsigned pin_guard_locked_for(const struct pin_guard *g, int64_t now_ms)
{
	if (now_ms >= g->locked_until)
		return 0;
	return (unsigned)((g->locked_until - now_ms + 999) / 1000);
}
