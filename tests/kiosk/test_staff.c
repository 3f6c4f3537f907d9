/* Staff access on the kiosk (issue 18, 6 and 7): the lock-out comes from the
 * configuration, grows with every lock, and survives a restart because every
 * try is in the log's audit (never the PIN); the menu says how many wrong
 * PINs came before the right one, and says so when it cannot count the
 * visits instead of showing 0 not exported. A real log, the real language
 * files and fonts, the real Argon2id hash; no display. */
#include "common/clock.h"
#include "common/diag.h"
#include "kiosk/app_staff.h"
#include "model/catalog.h"
#include "platform/platform.h"
#include "store/log.h"
#include "store/log_audit.h"
#include "store/pin_hash.h"
#include "ui/draw.h"
#include "ui/env.h"
#include "ui/layout.h"
#include "ui/scenes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RIGHT "8642"
#define WRONG "4711"

struct fx {
	char dir[32], path[64];
	struct log *log;
	struct catalog *cat;
	struct platform_fonts *fonts;
	char hash[PIN_HASH_BYTES];
	struct staff_access sa;
	struct diag d;
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/vs-staff-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/log.sqlite", fx->dir);
	diag_init(&fx->d);
	fx->log = log_open(fx->path, &fx->d);
	assert_non_null(fx->log);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/lang", getenv("VS_SOURCE_ROOT"));
	fx->cat = catalog_load_dir(path, &fx->d);
	assert_non_null(fx->cat);
	snprintf(path, sizeof(path), "%s/fonts", getenv("VS_SOURCE_ROOT"));
	fx->fonts = platform_fonts_create(path, &fx->d);
	assert_non_null(fx->fonts);
	assert_true(pin_hash(RIGHT, fx->hash, sizeof(fx->hash)));
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;
	staff_finish(&fx->sa);
	log_close(fx->log);
	catalog_destroy(fx->cat);
	platform_fonts_destroy(fx->fonts);
	diag_finish(&fx->d);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* The wall clock the tries are recorded by, set by the test. */
static int64_t fx_wall;
static int64_t fx_wall_ms(void)
{
	return fx_wall;
}

/* The kiosk starting at wall-clock fx_wall: a guard from the configuration, rebuilt from the
 * log. */
static void fx_start(struct fx *fx, int64_t mono)
{
	staff_finish(&fx->sa);
	staff_init(&fx->sa, fx->hash, "Kiosk 1", 3, 10);
	fx->sa.wall_ms = fx_wall_ms;
	assert_true(staff_attach_log(&fx->sa, fx->log, fx_wall, mono, &fx->d));
}

/* One try; NULL when let in, else the message shown (valid until the next). */
static const char *fx_try(struct fx *fx, const char *pin, int64_t mono, int64_t wall)
{
	fx_wall = wall;
	static char said[128];
	char *message = NULL;
	size_t sv = (size_t)catalog_find(fx->cat, "sv");
	bool ok = staff_check(&fx->sa, fx->cat, sv, pin, mono, &message);
	snprintf(said, sizeof(said), "%s", message ? message : "");
	free(message);
	return ok ? NULL : said;
}

static int fx_audit_count(struct fx *fx, const char *event)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE event = ?1", -1,
					    &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, event, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_lockout_grows_and_survives_a_restart(void **state)
{
	struct fx *fx = *state;
	/* a kiosk running on both clocks from wall w, mono m */
	int64_t w = 2051222400000, m = 1000000;
	fx_wall = w;
	fx_start(fx, m);
	assert_string_equal(fx_try(fx, WRONG, m, w), "Fel kod, försök igen");
	assert_string_equal(fx_try(fx, WRONG, m + 10, w + 10), "Fel kod, försök igen");
	/* the third wrong PIN (pin_tries = 3) locks for pin_lock_seconds = 10 */
	assert_string_equal(fx_try(fx, WRONG, m + 20, w + 20), "Låst i 10 sekunder");

	/* the kiosk restarts two seconds later, on a new monotonic clock */
	w += 2020;
	m = 50;
	fx_wall = w;
	fx_start(fx, m);
	assert_string_equal(fx_try(fx, RIGHT, m, w), "Låst i 8 sekunder");
	/* once it is over, three more wrong PINs lock twice as long */
	w += 8000;
	m += 8000;
	assert_string_equal(fx_try(fx, WRONG, m, w), "Fel kod, försök igen");
	assert_string_equal(fx_try(fx, WRONG, m + 1, w + 1), "Fel kod, försök igen");
	assert_string_equal(fx_try(fx, WRONG, m + 2, w + 2), "Låst i 20 sekunder");
	/* and again after another restart, at once */
	fx_wall = w + 2;
	fx_start(fx, 0);
	assert_string_equal(fx_try(fx, RIGHT, 0, w + 2), "Låst i 20 sekunder");
	/* the right PIN once the lock is over */
	assert_null(fx_try(fx, RIGHT, 20000, w + 20002));
	assert_int_equal(fx->sa.failed_before, 8);

	assert_int_equal(fx_audit_count(fx, "staff-wrong-pin"), 6);
	assert_int_equal(fx_audit_count(fx, "staff-refused-locked"), 2);
	assert_int_equal(fx_audit_count(fx, "staff-lockout"), 2);
	assert_int_equal(fx_audit_count(fx, "staff-access"), 1);
	/* after the right PIN, a restart starts from nothing */
	fx_wall = w + 30000;
	fx_start(fx, 0);
	assert_int_equal(fx->sa.guard.locks, 0);
	assert_int_equal(fx->sa.guard.failures, 0);
}

/* Every text the staff menu draws, one after the other. */
static char *menu_text(struct fx *fx)
{
	struct ui_env env = {.tm = platform_fonts_metrics(fx->fonts),
			     .cat = fx->cat,
			     .lang = (size_t)catalog_find(fx->cat, "sv"),
			     .memo = fit_memo_create()};
	struct scene *menu = scene_staff_create(&env);
	staff_refresh(&fx->sa, fx->log, fx->cat, env.lang, menu);
	struct draw_list dl;
	struct layout l;
	draw_list_init(&dl);
	layout_init(&l);
	menu->ops->build(menu, 1920, 1080, &dl, &l);
	size_t cap = 1;
	for (size_t i = 0; i < dl.count; i++)
		if (dl.cmds[i].kind == DRAW_TEXT)
			cap += strlen(draw_cmd_text(&dl, &dl.cmds[i])) + 1;
	char *all = calloc(1, cap);
	for (size_t i = 0; i < dl.count; i++) {
		if (dl.cmds[i].kind != DRAW_TEXT)
			continue;
		strcat(all, draw_cmd_text(&dl, &dl.cmds[i]));
		strcat(all, "\n");
	}
	draw_list_finish(&dl);
	layout_finish(&l);
	menu->ops->destroy(menu);
	fit_memo_destroy(env.memo);
	return all;
}

static void test_menu_counts_and_failures(void **state)
{
	struct fx *fx = *state;
	fx_wall = clock_wall_ms();
	fx_start(fx, 0);
	assert_non_null(fx_try(fx, WRONG, 0, fx_wall));
	assert_null(fx_try(fx, RIGHT, 10, fx_wall + 10));
	char *text = menu_text(fx);
	print_message("%s", text);
	assert_non_null(strstr(text, "Fel PIN-kod sedan förra inloggningen: 1"));
	assert_non_null(strstr(text, "Ej exporterade: 0"));
	free(text);
	/* the log breaks under the kiosk: no count is better than a wrong one */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE cards; DROP TABLE sessions", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	text = menu_text(fx);
	print_message("%s", text);
	assert_non_null(strstr(text, "Kunde inte räkna besöken: "));
	assert_null(strstr(text, "Ej exporterade"));
	assert_null(strstr(text, "Besök i dag"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lockout_grows_and_survives_a_restart, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_menu_counts_and_failures, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
