/* libFuzzer target: the INI reader (model/inifile.c) under both of its readers, the kiosk
 * configuration (model/config*.c) and the language files (model/catalog*.c), on any bytes:
 * as a configuration, as a language file on its own, and as a language file checked against
 * the bundled Swedish one, as `visionsort check` and the kiosk read them. */
#include "common/diag.h"
#include "common/fsutil.h"
#include "config.h"
#include "model/catalog.h"
#include "model/config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bundled Swedish file, read once: every other language is checked against it. */
static char *fuzz_sv;
static size_t fuzz_sv_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	diag_init(&d);
	if (!fs_read_file(VS_SOURCE_DATADIR "/data/lang/sv.ini", &fuzz_sv, &fuzz_sv_len, &d)) {
		fprintf(stderr, "fuzz_ini: %s\n", diag_first(&d, "cannot read sv.ini"));
		abort();
	}
	diag_finish(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct diag d;
	diag_init(&d);
	struct kiosk_config cfg;
	bool ok = config_parse(buf, size, "fuzz.ini", &cfg, &d);
	if (!ok && d.count == 0)
		__builtin_trap(); /* refused without saying why */
	config_finish(&cfg);
	diag_finish(&d);

	(void)catalog_is_language_file(buf, size);
	diag_init(&d);
	catalog_destroy(catalog_parse(buf, size, "xx.ini", NULL, &d));
	diag_finish(&d);

	diag_init(&d);
	struct catalog *sv = catalog_parse(fuzz_sv, fuzz_sv_len, "sv.ini", NULL, &d);
	if (!sv)
		__builtin_trap(); /* the bundled file must always parse */
	struct catalog *both = catalog_parse(buf, size, "xx.ini", sv, &d);
	if (both) {
		for (size_t i = 0; i < catalog_count(both); i++)
			diag_finish(&d), (void)catalog_missing(both, i, &d);
	}
	catalog_destroy(sv);
	diag_finish(&d);
	return 0;
}
