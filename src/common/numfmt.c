/* Numbers with decimals for every output (numfmt.h). */
#include "common/numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *numfmt_fixed(char *buf, size_t size, double v, int decimals, unsigned flags)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > NUMFMT_MAX_DECIMALS)
		decimals = NUMFMT_MAX_DECIMALS;
	if (flags & NUMFMT_SIGN)
		snprintf(buf, size, "%+.*f", decimals, v);
	else
		snprintf(buf, size, "%.*f", decimals, v);
	if (flags & NUMFMT_COMMA) {
		char *point = strchr(buf, '.');
		if (point)
			*point = ',';
	}
	return buf;
}

const char *numfmt_exact(char *buf, size_t size, double v)
{
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}
