/* libFuzzer target: the export reader (store/verify.c, verify_manifest.c, canon.c) on any
 * bytes, exactly as `visionsort import` checks a file before trusting any of it: the raw
 * header, SQLite opening those bytes in memory with its defensive settings, the integrity
 * check, the exact schema, the manifest, the canonical content hash and the signature. */
#include "common/diag.h"
#include "store/db.h"
#include "store/verify.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *bytes = malloc(size ? size : 1);
	if (!bytes)
		return 0;
	memcpy(bytes, data, size);
	struct diag d;
	diag_init(&d);
	struct export_info info;
	struct db *src = verify_bytes("fuzz.sqlite", bytes, size, &info, &d);
	/* a file that passes every check must be one the seed's kiosk signed */
	if (!src && (d.count != 1 || info.problem == VERIFY_OK))
		__builtin_trap(); /* refused, but not with exactly one line */
	db_close(src);
	verify_info_finish(&info);
	diag_finish(&d);
	return 0;
}
