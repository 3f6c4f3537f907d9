/* Allocation that cannot fail: a kiosk that runs out of memory has nothing
 * sensible left to do, so every allocation aborts with a message instead of
 * making each caller invent an error path. */
#ifndef VS_XALLOC_H
#define VS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows *ptr (holding *cap elements of elem bytes) to hold at least need. */
void xgrow(void **ptr, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
