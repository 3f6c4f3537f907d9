/* Benchmark data: kiosk logs with many sessions, made fast, and their
 * signed export files made by the store's own export.
 *
 *   make_exports [--no-export] OUTDIR KEYWORDS FILES SESSIONS SEED
 *
 * Makes FILES kiosk logs OUTDIR/kiosk-NN.sqlite (a kiosk id, a signing key
 * and a site each, as log_open and log_set_site make them) with SESSIONS
 * sessions each, and unless --no-export exports each into OUTDIR/usb with
 * export_write, printing every file's path. Sessions are sorted by the real
 * model (gen_session.h), but written into the log in one transaction per
 * log with the log's own statements' SQL, not one durable commit per
 * session as a kiosk does: a kiosk's fsync per visitor would make a million
 * sessions take hours, and what the export and the tally see is the same.
 * Everything follows from SEED (UUIDs too), so a rerun gives the same
 * sessions. */
#include "common/diag.h"
#include "common/rng.h"
#include "common/strbuf.h"
#include "common/clock.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/db.h"
#include "store/export.h"
#include "store/log.h"

#include "../report/gen_session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CARDS 12

static const char *const sites[] = {
	"Stadsbiblioteket",   "Mirum Galleria",	      "Arbetets museum", "Hageby centrum",
	"Navestad bibliotek", "Skärblacka bibliotek", "Resecentrum",	 "Kvillinge bibliotek",
};
static const char *const bands[] = {"-15", "16-25", "26-45", "46-65", "66-"};
static const char *const homes[] = {"city", "municipality", "visitor"};

static int fail(const char *what, const struct diag *d)
{
	fprintf(stderr, "make_exports: %s: %s\n", what, diag_first(d, "failed"));
	return 1;
}

/* A version 4 UUID from the seeded stream, so reruns repeat it. */
static void make_uuid(struct rng *r, char out[37])
{
	uint64_t a = rng_next(r), b = rng_next(r);
	a = (a & ~0xF000ull) | 0x4000ull;
	b = (b & ~(0xC000ull << 48)) | (0x8000ull << 48);
	snprintf(out, 37, "%08llx-%04llx-%04llx-%04llx-%012llx", (unsigned long long)(a >> 32),
		 (unsigned long long)((a >> 16) & 0xFFFF), (unsigned long long)(a & 0xFFFF),
		 (unsigned long long)(b >> 48), (unsigned long long)(b & 0xFFFFFFFFFFFFull));
}

static const char *pile_text(enum pile p)
{
	return p == PILE_YES ? "yes" : p == PILE_NO ? "no" : p == PILE_NEUTRAL ? "neutral" : NULL;
}

struct filler {
	struct db *db;
	sqlite3_stmt *session, *card;
	const struct keyset *ks;
	const char *kiosk_id, *site, *set_version;
};

static bool fill_one(struct filler *f, struct rng *r, int64_t start, struct diag *d)
{
	const char *what = "fill the log";
	struct session *s = gen_session(r, f->ks, CARDS, rng_below(r, 10) == 0);
	char uuid[37], started[25], ended[25];
	make_uuid(r, uuid);
	/* a visitor takes 40 s to 4 min over twelve cards */
	int64_t took = 40000 + (int64_t)rng_below(r, 200000);
	clock_iso8601(start, started);
	clock_iso8601(start + took, ended);
	uint64_t lang = rng_below(r, 20);
	const char *language = lang < 12 ? "sv" : lang < 17 ? "en" : lang < 19 ? "ar" : "so";
	const char *age = rng_below(r, 4) ? bands[rng_below(r, 5)] : NULL;
	const char *home = rng_below(r, 5) ? homes[rng_below(r, 3)] : NULL;
	const char *outcome = session_state(s) == SESSION_COMPLETED ? "completed" : "abandoned";
	bool row = false;
	bool ok = db_bind(f->db, f->session, what, d, "sssssssssss", uuid, f->kiosk_id, f->site,
			  keyset_id(f->ks), f->set_version, language, started, ended, outcome, age,
			  home) &&
		  db_step(f->db, f->session, &row, what, d);
	db_reset(f->session);
	int64_t id = sqlite3_last_insert_rowid(f->db->h);
	for (size_t c = 0; ok && c < session_card_count(s); c++) {
		const char *kw = keyset_keyword_id(f->ks, session_card_keyword(s, c));
		const char *pile = pile_text(session_card_pile(s, c));
		ok = pile ? db_bind(f->db, f->card, what, d, "isisi", id, kw, (int64_t)c, pile,
				    (int64_t)session_card_position(s, c) + 1)
			  : db_bind(f->db, f->card, what, d, "isinn", id, kw, (int64_t)c);
		ok = ok && db_run(f->db, f->card, what, d);
	}
	session_destroy(s);
	return ok;
}

/* One kiosk: its log, SESSIONS sessions two and a half minutes apart from
 * 1 March 2035 (each kiosk a little later), exported unless asked not to. */
static int make_kiosk(const char *outdir, const struct keyset *ks, int k, long sessions,
		      uint64_t seed, bool export)
{
	struct diag d;
	diag_init(&d);
	struct strbuf path, usb;
	sb_init(&path);
	sb_init(&usb);
	sb_appendf(&path, "%s/kiosk-%02d.sqlite", outdir, k);
	sb_appendf(&usb, "%s/usb", outdir);
	struct log *log = log_open(sb_str(&path), &d);
	const char *site = sites[k % (int)(sizeof(sites) / sizeof(sites[0]))];
	if (!log || !log_set_site(log, site, &d) || !log_register_keyset(log, ks, &d))
		return fail(sb_str(&path), &d);
	struct filler f = {
		.db = log_db(log),
		.ks = ks,
		.kiosk_id = log_kiosk_id(log),
		.site = site,
		.set_version = keyset_version(ks) && *keyset_version(ks) ? keyset_version(ks) : "1",
	};
	const char *what = "fill the log";
	/* exported_at stays NULL: the export takes them all */
	f.session = db_prepare(f.db,
			       "INSERT INTO sessions(uuid, kiosk_id, site, set_id, set_version, "
			       "language, started_at, ended_at, outcome, age_band, residence) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			       what, &d);
	f.card = db_prepare(f.db,
			    "INSERT INTO cards(session_id, keyword_id, deal_pos, pile, rank) "
			    "VALUES (?1, ?2, ?3, ?4, ?5)",
			    what, &d);
	struct rng r;
	rng_seed(&r, seed * 1000003u + (uint64_t)k);
	bool ok = f.session && f.card && db_exec(f.db, "PRAGMA synchronous = OFF", what, &d) &&
		  db_begin(f.db, what, &d);
	int64_t start = 2056320000000LL + (int64_t)k * 17000; /* 2035-03-01T00:00Z */
	for (long i = 0; ok && i < sessions; i++)
		ok = fill_one(&f, &r, start + (int64_t)i * 150000, &d);
	ok = ok && db_commit(f.db, what, &d);
	sqlite3_finalize(f.session);
	sqlite3_finalize(f.card);
	if (!ok)
		return fail(sb_str(&path), &d);
	if (export) {
		struct export_result res = {0};
		if (export_write(log, sb_str(&usb), false, &res, &d) != EXPORT_WRITTEN)
			return fail("export", &d);
		printf("%s\n", res.path);
		fflush(stdout);
		export_result_finish(&res);
	} else {
		printf("%s\n", sb_str(&path));
	}
	log_close(log);
	sb_finish(&path);
	sb_finish(&usb);
	diag_finish(&d);
	return 0;
}

int main(int argc, char **argv)
{
	bool export = true;
	int a = 1;
	if (argc > 1 && strcmp(argv[1], "--no-export") == 0) {
		export = false;
		a++;
	}
	if (argc - a != 5) {
		fprintf(stderr,
			"usage: make_exports [--no-export] OUTDIR KEYWORDS FILES SESSIONS SEED\n");
		return 2;
	}
	const char *outdir = argv[a];
	int files = atoi(argv[a + 2]);
	long sessions = strtol(argv[a + 3], NULL, 10);
	uint64_t seed = strtoull(argv[a + 4], NULL, 10);
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_load(argv[a + 1], &d);
	if (!ks)
		return fail(argv[a + 1], &d);
	struct strbuf usb;
	sb_init(&usb);
	sb_appendf(&usb, "%s/usb", outdir);
	if ((mkdir(outdir, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(sb_str(&usb), 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "make_exports: %s: %s\n", outdir, strerror(errno));
		return 1;
	}
	sb_finish(&usb);
	int code = 0;
	for (int k = 0; code == 0 && k < files; k++)
		code = make_kiosk(outdir, ks, k, sessions, seed, export);
	keyset_destroy(ks);
	diag_finish(&d);
	return code;
}
