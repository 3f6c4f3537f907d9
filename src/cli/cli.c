/* The command table and dispatch for the one visionsort executable. */
#include "cli/cli.h"

#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct command commands[] = {
	{"kiosk", "run the fullscreen sorting kiosk",
	 "kiosk [--config PATH] [--db PATH] [--keywords PATH] [--windowed WxH] [--seed N] "
	 "[--idle-seconds N] [--cards N] [--renderer NAME] [--trace-layout] [--print-public-key]",
	 "  --config PATH      kiosk settings: site, languages, texts, staff PIN (docs/config.md)\n"
	 "  --print-public-key print the kiosk's signing key (for tally --trust) and exit\n"
	 "  --db PATH          session log (default $XDG_DATA_HOME/visionsort/sessions.db)\n"
	 "  --keywords PATH    keyword set (default: the bundled sample set)\n"
	 "  --windowed WxH     a window of W x H pixels instead of fullscreen\n"
	 "  --seed N           deal reproducibly from seed N\n"
	 "  --idle-seconds N   ask \"are you still there?\" after N s without a touch (default 90)\n"
	 "  --cards N          cards dealt per session (default 12)\n"
	 "  --renderer NAME    auto, software or opengl: how the screen is drawn\n"
	 "                     (default: the config's renderer, else auto)\n"
	 "  --trace-layout     print every layout and saved session as JSON lines on stdout\n"
	 "  --touch-from-stdin test hook: read \"down|move|up FINGER X Y\" lines as touches\n"
	 "  --frame-log PATH   benchmark hook: each frame's and each store's timings to PATH\n"
	 "Runs until SIGTERM; exits 3 when staff end it from their menu (the systemd\n"
	 "unit restarts it after anything else). See visionsort(1) and DEPLOY.md.\n",
	 cmd_kiosk},
	{"export", "write finished sessions not yet exported to a folder (a USB stick)",
	 "export --db PATH --out DIR [--all]\n"
	 "       visionsort export --db PATH --print-public-key | --new-key | "
	 "--purge-exported-older-than DAYS | --audit",
	 "  --db PATH        the kiosk's session log\n"
	 "  --out DIR        the folder to write the export file into (signed; verified\n"
	 "                   before the sessions are marked exported)\n"
	 "  --all            export every finished session again, not only new ones\n"
	 "  --print-public-key\n"
	 "                   print the kiosk's public key for the organizers to trust\n"
	 "                   (the key pair is made on first need, beside the log)\n"
	 "  --new-key        make a new key pair when the old one is lost (never over one\n"
	 "                   that is there); the organizers must trust the new key\n"
	 "  --purge-exported-older-than DAYS\n"
	 "                   delete sessions that were exported and ended more than DAYS\n"
	 "                   days ago; sessions never exported are never deleted\n"
	 "  --audit          print the kiosk's audit log: sessions saved, exports, staff\n"
	 "                   access (right and wrong PINs), keys made, purges, with times\n",
	 cmd_export},
	{"import", "merge export files into the central tally",
	 "import --tally PATH [--accept-unknown] [--config FILE] FILE...",
	 "  --tally PATH       the central tally database (created if missing)\n"
	 "  --accept-unknown   quarantine files signed by a kiosk key the tally does not\n"
	 "                     trust (kept, listed by 'tally --imports', not counted)\n"
	 "                     instead of rejecting them\n"
	 "  --config FILE      the tally's settings ([tally], docs/config.md): rules\n"
	 "                     other than the tally's judge every session again\n"
	 "  FILE...            export files written by visionsort export; each is checked\n"
	 "                     whole (checksum, signature, trusted key) before it is\n"
	 "                     imported in one transaction\n",
	 cmd_import},
	{"tally", "show the central tally, or import a watched folder live",
	 "tally --tally PATH [--csv | --json] [--by SEGMENT] [--include-abandoned]\n"
	 "                        [--include-flagged] [--set ID[@VERSION]] [--config FILE]\n"
	 "       visionsort tally --tally PATH --watch DIR [--accept-unknown] [--config FILE]\n"
	 "                        [--show [--fullscreen | --windowed WxH]]\n"
	 "       visionsort tally --tally PATH [--trust KEYFILE|HEX [--site NAME] "
	 "[--successor-of KEYFILE|HEX] [--log-replaced]]\n"
	 "                        [--kiosks] [--imports] [--audit] [--sets] [--rebuild-aggregates]",
	 "  --tally PATH           the central tally database\n"
	 "  --csv                  print CSV (one row per keyword, by approval)\n"
	 "  --json                 print the same as a JSON array (with each place's 95%\n"
	 "                         interval and tier)\n"
	 "  --by SEGMENT           per site, language, age, residence, day (UTC date) or\n"
	 "                         channel: the same columns per segment, led by a segment\n"
	 "                         column; segments of too few sessions are hidden\n"
	 "  --include-abandoned    count sessions visitors left unfinished too\n"
	 "  --include-flagged      count sessions flagged as misuse or noise too\n"
	 "  --set ID[@VERSION]     the figures of that keyword set (default: the one most\n"
	 "                         sessions used); what is shown is said on stderr\n"
	 "  --config FILE          the tally's settings ([tally], docs/config.md)\n"
	 "  --watch DIR            import every export file put into DIR, then move it to\n"
	 "                         DIR/imported/ or DIR/rejected/ (with a .reason file);\n"
	 "                         one line per file, until SIGTERM or Ctrl+C\n"
	 "  --accept-unknown       with --watch: quarantine files signed by keys not yet\n"
	 "                         trusted (to DIR/quarantined/) instead of rejecting them\n"
	 "  --show                 with --watch: show the live ranking in a window\n"
	 "  --fullscreen           ... on the whole screen\n"
	 "  --windowed WxH         ... in a window of W x H pixels (default 1920x1080)\n"
	 "  --trust KEYFILE|HEX    trust a kiosk's public key (as 'visionsort export\n"
	 "                         --print-public-key' prints it); files it signed import\n"
	 "  --site NAME            with --trust: the kiosk's site, for sessions without one\n"
	 "  --successor-of KEYFILE|HEX\n"
	 "                         with --trust: the new key of a kiosk that was re-installed\n"
	 "                         or lost its key; it continues that trusted key's kiosk\n"
	 "  --log-replaced         with --trust: the kiosk's log was replaced, its key kept;\n"
	 "                         the key may sign for the kiosk's new id\n"
	 "  --kiosks               list the trusted kiosk keys\n"
	 "  --imports              list every file imported, quarantined or rejected, and\n"
	 "                         which of each kiosk's numbered exports are missing\n"
	 "  --audit                list the audit log: imports, rejections, quarantines and\n"
	 "                         trust changes, with their times\n"
	 "  --sets                 list the keyword sets and versions in the tally\n"
	 "  --rebuild-aggregates   sum the kept statistics again from every session\n"
	 "See docs/report.md for what the numbers mean.\n",
	 cmd_tally},
	{"report", "write the tally as an HTML report, a chart image or a CSV file",
	 "report --tally PATH [--html OUT] [--png OUT] [--csv OUT [--excel]] [--by SEGMENT] "
	 "[--include-abandoned]\n"
	 "                         [--include-flagged] [--set ID[@VERSION]] [--config FILE]",
	 "  --tally PATH           the central tally database\n"
	 "  --html OUT             one self-contained HTML file: ranking chart, tables per\n"
	 "                         site and segment, and what the measures mean\n"
	 "  --png OUT              the ranking chart as a PNG image\n"
	 "  --csv OUT              the CSV of 'visionsort tally --csv'\n"
	 "  --excel                ... for Swedish Excel: UTF-8 BOM, ';' and decimal comma\n"
	 "  --by SEGMENT           the CSV per site, language, age, residence, day or\n"
	 "                         channel\n"
	 "  --include-abandoned    count sessions visitors left unfinished too\n"
	 "  --include-flagged      count sessions flagged as misuse or noise too\n"
	 "  --set ID[@VERSION]     the figures of that keyword set (default: the one most\n"
	 "                         sessions used)\n"
	 "  --config FILE          the tally's settings ([tally], docs/config.md)\n"
	 "See docs/report.md for what the numbers mean.\n",
	 cmd_report},
	{"check", "validate a keyword set, kiosk configuration or language file", "check FILE",
	 "  FILE   a keyword set (see docs/keyword-format.md), a kiosk configuration\n"
	 "         (FILE.ini, docs/config.md) or a language file (data/lang/CODE.ini,\n"
	 "         docs/languages.md)\n",
	 cmd_check},
	{"pin", "turn a staff PIN into the pin_hash line of a kiosk configuration", "pin",
	 "  Reads the PIN (4 to 12 digits) as one line from standard input; on a terminal\n"
	 "  it asks twice, without showing it. Prints \"pin_hash = ...\" for [staff].\n",
	 cmd_pin},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_overview(FILE *out)
{
	fputs("usage: visionsort [--help] [--version] COMMAND [ARGS]\n\ncommands:\n", out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'visionsort COMMAND --help' for a command's options.\n", out);
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "visionsort %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: visionsort %s\n", cmd->usage);
	return EXIT_USAGE;
}

int cli_help(const struct command *cmd)
{
	printf("usage: visionsort %s\n\n%s.\n\n%s", cmd->usage, cmd->summary, cmd->help);
	return EXIT_OK;
}

void cli_report(const struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		fprintf(stderr, "visionsort: %s\n", d->lines[i]);
}

bool cli_tally_exists(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return true;
	fprintf(stderr,
		"visionsort: %s: no tally here — import export files with "
		"'visionsort import --tally %s FILE...' first\n",
		path, path);
	return false;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		print_overview(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("visionsort %s\n", VS_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(&commands[i], argc - 1, argv + 1);
	fprintf(stderr, "visionsort: unknown command '%s'\n", name);
	print_overview(stderr);
	return EXIT_USAGE;
}
