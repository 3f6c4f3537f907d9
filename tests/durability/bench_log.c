/* Benchmark: how long the kiosk's storage calls take on this disk. A visitor
 * session of 12 cards is journaled after each of its 12 drops (synchronous=
 * NORMAL) and then saved (synchronous=FULL, fsync'd); the figures for
 * docs/RELIABILITY.md are the median, p99 and worst of each.
 *
 *   bench_log [SESSIONS] [DIR]   (default 200 sessions in $VS_BUILD_ROOT, a
 *                                 real disk: /tmp may be a tmpfs) */
#include "common/clock.h"
#include "common/diag.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "model/keyset.h"
#include "model/session.h"
#include "store/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CARDS 12

static double bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void bench_report(const char *what, double *us, size_t n)
{
	qsort(us, n, sizeof(*us), bench_cmp);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += us[i];
	size_t p99 = n ? (n * 99 + 99) / 100 - 1 : 0;
	printf("%-28s n=%-6zu mean %8.2f ms  median %8.2f ms  p99 %8.2f ms  max %8.2f ms\n", what,
	       n, sum / (double)n / 1e3, us[n / 2] / 1e3, us[p99] / 1e3, us[n - 1] / 1e3);
}

static struct keyset *bench_keyset(void)
{
	struct strbuf tsv;
	sb_init(&tsv);
	sb_append(&tsv, "# set-id: bench\n# version: 1\nid\tsv\n");
	for (int i = 0; i < 36; i++)
		sb_appendf(&tsv, "k%02d\tNyckelord %d\n", i, i);
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_parse(tsv.data, tsv.len, "bench.tsv", &d);
	diag_finish(&d);
	sb_finish(&tsv);
	return ks;
}

int main(int argc, char **argv)
{
	int sessions = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 200;
	const char *base = argc > 2 ? argv[2] : getenv("VS_BUILD_ROOT");
	struct strbuf dir;
	sb_init(&dir);
	sb_appendf(&dir, "%s/bench-log-XXXXXX", base && *base ? base : ".");
	if (sessions < 1 || !mkdtemp(dir.data)) {
		fprintf(stderr, "bench_log: cannot make a folder under %s\n", base);
		return 1;
	}
	struct strbuf path;
	sb_init(&path);
	sb_appendf(&path, "%s/sessions.db", dir.data);
	struct diag d;
	diag_init(&d);
	struct keyset *ks = bench_keyset();
	struct log *log = ks ? log_open(path.data, &d) : NULL;
	if (!log || !log_register_keyset(log, ks, &d)) {
		fprintf(stderr, "bench_log: %s\n", diag_first(&d, "cannot open the log"));
		return 1;
	}
	double *journal = calloc((size_t)sessions * CARDS, sizeof(double));
	double *save = calloc((size_t)sessions, sizeof(double));
	size_t nj = 0;
	srand(2035);
	for (int s = 0; s < sessions; s++) {
		size_t kw[CARDS];
		for (size_t i = 0; i < CARDS; i++)
			kw[i] = ((size_t)s * 5 + i * 3) % keyset_count(ks);
		struct session *sess = session_create(kw, CARDS);
		char uuid[37];
		uuid_v4(uuid);
		int64_t t0 = clock_wall_ms();
		struct session_meta m = {.uuid = uuid, .language = "sv", .started_ms = t0};
		bool ok = true;
		for (size_t c = 0; c < CARDS && ok; c++) {
			ok = session_move(sess, c, (enum pile)(1 + rand() % 3), 0);
			m.ended_ms = clock_wall_ms();
			double a = bench_now_us();
			ok = ok && log_journal_session(log, ks, sess, &m, &d);
			journal[nj++] = bench_now_us() - a;
		}
		ok = ok && session_complete(sess);
		m.ended_ms = clock_wall_ms();
		double a = bench_now_us();
		ok = ok && log_save_session(log, ks, sess, &m, &d);
		save[s] = bench_now_us() - a;
		session_destroy(sess);
		if (!ok) {
			fprintf(stderr, "bench_log: %s\n", diag_first(&d, "a session failed"));
			return 1;
		}
	}
	printf("log on %s, %d sessions of %d cards\n", dir.data, sessions, CARDS);
	bench_report("journal (after a drop)", journal, nj);
	bench_report("save at Done (fsync'd)", save, (size_t)sessions);
	log_close(log);
	keyset_destroy(ks);
	unlink(path.data);
	sb_clear(&path);
	sb_appendf(&path, "%s/sessions.db.lock", dir.data);
	unlink(path.data);
	rmdir(dir.data);
	free(journal);
	free(save);
	sb_finish(&path);
	sb_finish(&dir);
	diag_finish(&d);
	return 0;
}
