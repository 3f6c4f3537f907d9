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
#define CLI_OPT_HELP (-2)
#define CLI_OPT_ERROR (-3)
struct option;
/* getopt_long for a command: the next option's value, -1 after the last,
 * CLI_OPT_HELP after printing the help, CLI_OPT_ERROR after printing a usage
 * error. Callers set optind = 0 before the first call. */
int cli_next_option(const struct command *cmd, int argc, char **argv, const struct option *opts);
/* The exit code for a finished option loop that ended with c. */
int cli_option_exit(int c);

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
