/* visionsort tally --trust KEYFILE|HEX [--site NAME] [--successor-of
 * KEYFILE|HEX] [--log-replaced], --kiosks, --imports, --audit, --sets,
 * --rebuild-aggregates: the kiosk keys the organizers trust, the log of every
 * file imported with what is missing of each kiosk's exports, the audit log,
 * the keyword sets in the tally, and its kept statistics summed again from
 * the raw rows. */
#include "cli/cmd_tally_admin.h"

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "report/report_chain.h"
#include "store/tally.h"
#include "store/tally_audit.h"
#include "store/tally_stats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ADMIN_KEY_HEX 64

bool cmd_tally_admin_wanted(int argc, char **argv)
{
	static const char *const names[] = {"--trust", "--kiosks", "--imports",
					    "--audit", "--sets",   "--rebuild-aggregates"};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
			size_t len = strlen(names[n]);
			if (strncmp(argv[i], names[n], len) == 0 &&
			    (argv[i][len] == '\0' || argv[i][len] == '='))
				return true;
		}
	}
	return false;
}

/* s is exactly 64 hex digits (either case): the key, lower-cased, in out. */
static bool admin_hex_key(const char *s, size_t len, char out[ADMIN_KEY_HEX + 1])
{
	if (len != ADMIN_KEY_HEX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return false;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[len] = '\0';
	return true;
}

/* --trust takes the key itself or a file holding it (as `visionsort export
 * --print-public-key > kiosk.pub` writes it). */
static bool admin_read_key(const char *arg, char out[ADMIN_KEY_HEX + 1])
{
	if (admin_hex_key(arg, strlen(arg), out))
		return true;
	struct diag err;
	diag_init(&err);
	char *text = NULL;
	size_t len = 0;
	bool ok = fs_read_file(arg, &text, &len, &err);
	if (!ok) {
		fprintf(stderr,
			"visionsort: %s: neither a kiosk key (64 hex digits) nor a file holding "
			"one (%s)\n",
			arg, diag_first(&err, "cannot read"));
	} else {
		size_t start = 0;
		while (start < len && isspace((unsigned char)text[start]))
			start++;
		while (len > start && isspace((unsigned char)text[len - 1]))
			len--;
		ok = admin_hex_key(text + start, len - start, out);
		if (!ok && len - start == 2 * ADMIN_KEY_HEX)
			fprintf(stderr,
				"visionsort: %s: this is a kiosk's secret key — never copy it off "
				"the kiosk; trust the public key that 'visionsort export "
				"--print-public-key' prints\n",
				arg);
		else if (!ok)
			fprintf(stderr, "visionsort: %s: not a kiosk public key (64 hex digits)\n",
				arg);
	}
	free(text);
	diag_finish(&err);
	return ok;
}

static const char *admin_or(const char *s, const char *none)
{
	return s && *s ? s : none;
}

static void admin_print_kiosk(void *ctx, const struct tally_kiosk *k)
{
	(*(int *)ctx)++;
	printf("%s  kiosk %s  site %s  trusted %s", k->public_key,
	       admin_or(k->kiosk_id, "(no file yet)"), admin_or(k->site, "(none)"), k->trusted_at);
	if (k->predecessor)
		printf("  successor of %.16s", k->predecessor);
	printf("\n");
}

static void admin_print_audit(void *ctx, const struct tally_audit_entry *e)
{
	(*(int *)ctx)++;
	printf("%s  %-11s  %s  %s\n", e->at, e->event, e->subject, e->detail);
}

/* After the import log: what the tally holds of each kiosk's numbered
 * exports, and what is missing. */
static bool admin_print_chains(struct tally *t, struct diag *err)
{
	struct strbuf sb;
	sb_init(&sb);
	size_t lines = 0;
	bool ok = report_chain_all(t, REPORT_EN, false, &sb, &lines, NULL, err);
	if (ok && lines)
		printf("\nexports by kiosk:\n%s", sb_str(&sb));
	sb_finish(&sb);
	return ok;
}

static void admin_print_import(void *ctx, const struct tally_import_entry *e)
{
	(*(int *)ctx)++;
	printf("%s  %-11s  %s  kiosk %.8s  site %s  %llu added, %llu duplicates  sha256 %.16s",
	       e->imported_at, e->status, e->file_name, admin_or(e->kiosk_id, "?"),
	       admin_or(e->site, "(none)"), (unsigned long long)e->added,
	       (unsigned long long)e->duplicates, admin_or(e->file_sha256, "-"));
	if (e->reason)
		printf("  reason: %s", e->reason);
	printf("\n");
}

struct admin_args {
	const char *path;
	const char *key; /* to trust, read and lower-cased; NULL for none */
	struct tally_trust_options trust;
	bool kiosks, imports, audit, sets, rebuild;
};
static int admin_sets(struct tally *t, struct diag *err)
{
	struct tally_sets sets;
	tally_sets_init(&sets);
	if (!tally_stats_sets(t, &sets, err))
		return EXIT_FAIL;
	for (size_t i = 0; i < sets.count; i++) {
		const struct tally_set *e = &sets.items[i];
		printf("%s@%s  %llu keywords  %llu sessions (%llu completed, %llu flagged)%s\n",
		       e->set_id, e->set_version, (unsigned long long)e->keywords,
		       (unsigned long long)e->sessions, (unsigned long long)e->completed,
		       (unsigned long long)e->flagged, i == 0 ? "  shown by default" : "");
	}
	if (sets.count == 0)
		printf("no keyword sets yet\n");
	tally_sets_finish(&sets);
	return EXIT_OK;
}

static int admin_run(struct tally *t, const struct admin_args *a, struct diag *err)
{
	if (a->key) {
		bool known = false;
		const char *site = a->trust.site;
		if (!tally_trust_key(t, a->key, &a->trust, &known, err))
			return EXIT_FAIL;
		printf("%s kiosk key %s%s%s", known ? "trusted again:" : "trusted", a->key,
		       site ? " for site " : "", site ? site : "");
		if (a->trust.successor_of)
			printf(", successor of %s", a->trust.successor_of);
		if (a->trust.log_replaced)
			printf(", its kiosk's log replaced");
		printf("\n");
	}
	bool kiosks = a->kiosks, imports = a->imports;
	int n = 0;
	if (kiosks) {
		if (!tally_kiosks(t, admin_print_kiosk, &n, err))
			return EXIT_FAIL;
		if (n == 0)
			printf("no kiosk keys trusted yet\n");
	}
	n = 0;
	if (imports) {
		if (!tally_imports(t, admin_print_import, &n, err))
			return EXIT_FAIL;
		if (n == 0)
			printf("nothing imported yet\n");
		else if (!admin_print_chains(t, err))
			return EXIT_FAIL;
	}
	n = 0;
	if (a->audit) {
		if (!tally_audit_list(t, admin_print_audit, &n, err))
			return EXIT_FAIL;
		if (n == 0)
			printf("nothing in the audit log yet\n");
	}
	return EXIT_OK;
}

int cmd_tally_admin(const struct command *cmd, int argc, char **argv)
{
	const char *trust = NULL, *successor = NULL;
	struct admin_args a = {0};
	const struct cli_opt opts[] = {
		{"tally", CLI_TEXT, .to = &a.path, .needed = true},
		/* a kiosk key (a file, or hex) to trust, its site, and what
		 * became of the kiosk it signs for */
		{"trust", CLI_TEXT, .to = &trust},
		{"site", CLI_TEXT, .to = &a.trust.site},
		{"successor-of", CLI_TEXT, .to = &successor},
		{"log-replaced", CLI_FLAG, .to = &a.trust.log_replaced},
		{"kiosks", CLI_FLAG, .to = &a.kiosks},
		{"imports", CLI_FLAG, .to = &a.imports},
		{"audit", CLI_FLAG, .to = &a.audit},
		{"sets", CLI_FLAG, .to = &a.sets},
		{"rebuild-aggregates", CLI_FLAG, .to = &a.rebuild},
		{0},
	};
	int code = cli_options(cmd, argc, argv, opts, NULL);
	if (code != CLI_PARSED)
		return code;
	if (a.trust.site && !trust)
		return cli_usage_error(cmd, "--site goes with --trust");
	if ((successor || a.trust.log_replaced) && !trust)
		return cli_usage_error(cmd, "--successor-of and --log-replaced go with --trust");
	char key[ADMIN_KEY_HEX + 1], old[ADMIN_KEY_HEX + 1];
	if (trust && !admin_read_key(trust, key))
		return EXIT_FAIL;
	if (successor && !admin_read_key(successor, old))
		return EXIT_FAIL;
	a.key = trust ? key : NULL;
	a.trust.successor_of = successor ? old : NULL;
	/* trusting the first kiosk is how a new tally starts; a listing of a
	 * tally that is not there is a typo */
	struct stat st;
	if (!trust && stat(a.path, &st) != 0) {
		fprintf(stderr, "visionsort: %s: no tally here — check the --tally path\n", a.path);
		return EXIT_FAIL;
	}
	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(a.path, &err);
	code = t ? admin_run(t, &a, &err) : EXIT_FAIL;
	if (code == EXIT_OK && a.sets)
		code = admin_sets(t, &err);
	if (code == EXIT_OK && a.rebuild) {
		if (tally_rebuild_aggregates(t, &err))
			printf("%s: statistics summed again from every session and card\n", a.path);
		else
			code = EXIT_FAIL;
	}
	if (code != EXIT_OK)
		cli_report(&err);
	tally_close(t);
	diag_finish(&err);
	return code;
}
