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
	g->locks = 0;
	g->locked_until = INT64_MIN;
}

int64_t pin_guard_lock_length(const struct pin_guard *g)
{
	if (g->locks == 0)
		return 0;
	int64_t ms = g->lock_ms;
	for (unsigned i = 1; i < g->locks && ms < PIN_GUARD_LOCK_MAX_MS; i++)
		ms *= 2;
	return ms < PIN_GUARD_LOCK_MAX_MS ? ms : PIN_GUARD_LOCK_MAX_MS;
}

enum pin_result pin_guard_try(struct pin_guard *g, int64_t now_ms, bool ok)
{
	if (now_ms < g->locked_until)
		return PIN_LOCKED;
	if (ok) {
		g->failures = 0;
		g->locks = 0;
		return PIN_ACCEPTED;
	}
	if (++g->failures < g->max_tries)
		return PIN_REJECTED;
	g->failures = 0;
	g->locks++;
	g->locked_until = now_ms + pin_guard_lock_length(g);
	return PIN_LOCKED;
}

void pin_guard_replay(struct pin_guard *g, const int64_t *wall_ms, size_t n, int64_t now_wall,
		      int64_t now_mono)
{
	struct pin_guard w = *g;
	w.failures = 0;
	w.locks = 0;
	w.locked_until = INT64_MIN;
	for (size_t i = 0; i < n; i++)
		(void)pin_guard_try(&w, wall_ms[i], false);
	g->failures = w.failures;
	g->locks = w.locks;
	g->locked_until = INT64_MIN;
	if (w.locked_until > now_wall) {
		/* a clock set back must not stretch the lock past its length */
		int64_t left = w.locked_until - now_wall, most = pin_guard_lock_length(&w);
		g->locked_until = now_mono + (left < most ? left : most);
	}
}

unsigned pin_guard_locked_for(const struct pin_guard *g, int64_t now_ms)
{
	if (now_ms >= g->locked_until)
		return 0;
	return (unsigned)((g->locked_until - now_ms + 999) / 1000);
}
