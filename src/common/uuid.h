/* Random (version 4) UUIDs: sessions and kiosks must be unique across every
 * kiosk without any coordination between them. */
#ifndef VS_UUID_H
#define VS_UUID_H

#include <stdbool.h>

/* Writes "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (36 characters and a NUL).
 * Returns false only if the system has no entropy to give. */
bool uuid_v4(char out[37]);
/* True for the canonical lower-case 36-character form. */
bool uuid_valid(const char *s);

#endif
