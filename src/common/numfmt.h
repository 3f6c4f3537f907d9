/* Numbers with decimals, written the one way every output writes them: the
 * CSV and JSON other programs read, the HTML report and the terminal table
 * people read. Only the decimal sign differs between them, and it is
 * chosen here, not by the process locale (visionsort never sets one). */
#ifndef VS_NUMFMT_H
#define VS_NUMFMT_H

#include <stddef.h>

/* Room for any double with up to NUMFMT_MAX_DECIMALS decimals, a sign and
 * the terminating NUL: DBL_MAX has 309 digits before the point. */
#define NUMFMT_MAX_DECIMALS 9
#define NUMFMT_SIZE 328

enum numfmt_flags {
	NUMFMT_COMMA = 1, /* a decimal comma: Swedish readers and Swedish Excel */
	NUMFMT_SIGN = 2,  /* a + before a positive number (a difference) */
};

/* v rounded to decimals (0 to NUMFMT_MAX_DECIMALS) places as printf rounds
 * it, with a decimal point unless flags say comma; into buf of size bytes
 * (NUMFMT_SIZE holds any value). Returns buf. */
const char *numfmt_fixed(char *buf, size_t size, double v, int decimals, unsigned flags);
/* The shortest of 15, 16 and 17 significant digits that reads back as the
 * same double, so 0.4 is "0.4" and nothing is lost (JSON). Returns buf. */
const char *numfmt_exact(char *buf, size_t size, double v);

#endif
