/* Test helper: writes N synthetic sessions into a kiosk's session log
 * through the real store API (log_save_session) and exports them with
 * export_write, so the report and live-view tests import files made by the
 * very code path a kiosk uses, not hand-built look-alikes.
 *
 *   make_export LOG OUTDIR KEYWORDS N SEED SITE
 *
 * Prints the export file's path. Piles are drawn as gen_session.h says;
 * every tenth session is abandoned half-way. Sessions start one minute apart from 2035-05-01T08:00:00Z. */
#include "common/diag.h"
#include "common/rng.h"
#include "common/uuid.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/export.h"
#include "store/log.h"

#include "gen_session.h"

#include <stdio.h>
#include <stdlib.h>

#define CARDS 12

static int make_export_fail(const struct diag *d, const char *what)
{
	fprintf(stderr, "make_export: %s: %s\n", what, diag_first(d, "failed"));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: make_export LOG OUTDIR KEYWORDS N SEED SITE\n");
		return 2;
	}
	long count = strtol(argv[4], NULL, 10);
	unsigned long long seed = strtoull(argv[5], NULL, 10);
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_load(argv[3], &d);
	if (!ks)
		return make_export_fail(&d, argv[3]);
	struct log *log = log_open(argv[1], &d);
	if (!log || !log_register_keyset(log, ks, &d))
		return make_export_fail(&d, argv[1]);
	struct rng r;
	rng_seed(&r, seed);
	static const char *const bands[] = {"-15", "16-25", "26-45", "46-65", "66-"};
	static const char *const homes[] = {"city", "municipality", "visitor"};
	for (long i = 0; i < count; i++) {
		struct session *s = gen_session(&r, ks, CARDS, i % 10 == 9);
		char uuid[37];
		if (!uuid_v4(uuid))
			return make_export_fail(&d, "uuid");
		int64_t start = 2061619200000LL + (int64_t)seed * 86400000LL + i * 60000;
		struct session_meta meta = {
			.uuid = uuid,
			.site = argv[6],
			.language = i % 3 ? "sv" : "en",
			.started_ms = start,
			.ended_ms = start + 45000,
			/* some visitors skip the optional profile */
			.age_band = i % 4 ? bands[i % 5] : NULL,
			.residence = i % 5 ? homes[i % 3] : NULL,
		};
		bool ok = log_save_session(log, ks, s, &meta, &d);
		session_destroy(s);
		if (!ok)
			return make_export_fail(&d, "save");
	}
	struct export_result res = {0};
	if (export_write(log, argv[2], false, &res, &d) != EXPORT_WRITTEN)
		return make_export_fail(&d, "export");
	printf("%s\n", res.path);
	export_result_finish(&res);
	log_close(log);
	keyset_destroy(ks);
	diag_finish(&d);
	return 0;
}
