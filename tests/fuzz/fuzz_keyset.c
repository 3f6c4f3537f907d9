/* libFuzzer target: the keyword-set parser (model/keyset_read.c, keyset.c) on any bytes, as
 * a file given to `visionsort check` or `kiosk --keywords` would be: every encoding and
 * separator it detects, quoting, metadata. A set that parses is read back through its
 * accessors, so what the parser built is walked too. */
#include "common/diag.h"
#include "model/keyset.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_parse((const char *)data, size, "fuzz.tsv", &d);
	if (ks) {
		size_t langs = keyset_language_count(ks), n = keyset_count(ks);
		for (size_t i = 0; i < n; i++) {
			const char *id = keyset_keyword_id(ks, i);
			if (keyset_find(ks, id) != (long)i)
				__builtin_trap(); /* an id that does not find itself */
			for (size_t l = 0; l < langs; l++)
				(void)strlen(keyset_label(ks, i, l));
			(void)keyset_image(ks, i);
		}
		(void)keyset_id(ks);
		(void)keyset_version(ks);
		keyset_destroy(ks);
	} else if (d.count == 0) {
		__builtin_trap(); /* refused without saying why */
	}
	diag_finish(&d);
	return 0;
}
