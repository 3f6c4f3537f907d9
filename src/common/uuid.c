/* UUID v4 from the kernel's generator (RFC 9562, section 5.4). */
#include "common/uuid.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

bool uuid_v4(char out[37])
{
	uint8_t b[16];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return false;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	return true;
}

bool uuid_valid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash != (s[i] == '-'))
			return false;
		if (!dash && !strchr("0123456789abcdef", s[i]))
			return false;
	}
	return true;
}
