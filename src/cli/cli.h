/* The subcommands and what they share: usage errors and exit codes. Every
 * message a person reads on the terminal is printed here in cli/, never in
 * the layers below. */
#ifndef VS_CLI_H
#define VS_CLI_H

#include "common/diag.h"

#include <stdbool.h>

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	/* the work failed or the input is invalid */
	EXIT_USAGE = 2, /* the command line itself is wrong */
	/* The kiosk ended by staff from their menu: for good, so the systemd
	 * unit does not restart it (RestartPreventExitStatus=3), unlike a crash,
	 * a kill or a failed start. */
	EXIT_STAFF_QUIT = 3,
};

struct command {
	const char *name;
	const char *summary;
	const char *usage; /* synopsis after "visionsort " */
	const char *help;  /* what each option means */
	int (*run)(const struct command *cmd, int argc, char **argv);
};

int cli_main(int argc, char **argv);

/* Prints "visionsort NAME: message" and the usage on stderr; returns 2. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the command's help on stdout; returns 0. */
int cli_help(const struct command *cmd);
/* Prints every diag line on stderr prefixed by "visionsort: ". */
void cli_report(const struct diag *d);
/* True when a tally is at path; else says how one is made, and false:
 * reading a tally that is not there is a typo, not a new tally. */
bool cli_tally_exists(const char *path);
#define CLI_OPT_HELP (-2)
#define CLI_OPT_ERROR (-3)
struct option;
/* getopt_long for a command: the next option's value, -1 after the last,
 * CLI_OPT_HELP after printing the help, CLI_OPT_ERROR after printing a usage
 * error. Callers set optind = 0 before the first call. */
int cli_next_option(const struct command *cmd, int argc, char **argv, const struct option *opts);
/* The exit code for a finished option loop that ended with c. */
int cli_option_exit(int c);

/* One option of a subcommand for cli_options(): its long name (without
 * "--"), the kind of value it takes and where that goes. */
enum cli_opt_kind {
	CLI_FLAG,    /* no value; to: bool * set to true (or NULL: only counted) */
	CLI_TEXT,    /* to: const char ** set to the value as given */
	CLI_SIZE,    /* "WxH" as cli_parse_size() reads it; to: struct cli_size * */
	CLI_NUMBER,  /* a whole number from min to max; to: unsigned long long * */
	CLI_SEGMENT, /* site, language, age, residence or day; to: enum tally_segment * */
};

struct cli_size {
	int w, h;
};

struct cli_opt {
	const char *name;
	enum cli_opt_kind kind;
	void *to;
	const char *bad;	     /* the usage error for a value that does not parse */
	unsigned long long min, max; /* CLI_NUMBER */
	int *count;		     /* may be NULL: how often the option was given */
	bool needed;		     /* without it: "--NAME is needed" */
};

/* The one wording for a value of --by, and of --windowed, that is wrong. */
#define CLI_BY_BAD "--by wants site, language, age, residence or day"
#define CLI_SIZE_BAD "--windowed wants WxH, e.g. 1280x720"

#define CLI_MAX_OPTS 16 /* in one table, --help not counted */
#define CLI_PARSED (-1)
/* Reads argv (argv[0] is the command's name) by opts, which ends with an
 * entry whose name is NULL; --help is always there. Options are taken in
 * order and the first value that does not parse is the usage error. Returns
 * CLI_PARSED with the values in place, or the exit code to return once the
 * help or a usage error is printed. operands: set to where the operands
 * start; NULL when the command takes none, so that one is a usage error.
 * An option needed but not given is checked last, after the operands. */
int cli_options(const struct command *cmd, int argc, char **argv, const struct cli_opt *opts,
		int *operands);

/* Parses a window size "WxH" (320x240 to 16384x16384). */
bool cli_parse_size(const char *s, int *w, int *h);
/* Parses a whole non-negative decimal number; false on anything else. */
bool cli_parse_u64(const char *s, unsigned long long *out);

int cmd_kiosk(const struct command *cmd, int argc, char **argv);
int cmd_export(const struct command *cmd, int argc, char **argv);
int cmd_import(const struct command *cmd, int argc, char **argv);
int cmd_tally(const struct command *cmd, int argc, char **argv);
int cmd_report(const struct command *cmd, int argc, char **argv);
int cmd_check(const struct command *cmd, int argc, char **argv);
int cmd_pin(const struct command *cmd, int argc, char **argv);

#endif
