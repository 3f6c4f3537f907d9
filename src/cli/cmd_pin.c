/* visionsort pin: turns a staff PIN into the pin_hash line of a kiosk configuration, so that
 * the PIN itself is written down nowhere the kiosk reads. */
#include "cli/cli.h"

#include "store/pin_hash.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Longer than any PIN, so that a too long one is seen whole and refused as such. */
#define PIN_LINE 64

/* One line of standard input without its line end; false at the end of input. */
static bool pin_read_line(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

/* Asks on the terminal with echo off, so the PIN does not stay on the screen. */
static bool pin_prompt(const char *question, char *buf, size_t size)
{
	fputs(question, stderr);
	fflush(stderr);
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = pin_read_line(buf, size);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return ok;
}

static int pin_fail(const char *message)
{
	fprintf(stderr, "visionsort pin: %s\n", message);
	return EXIT_FAIL;
}

int cmd_pin(const struct command *cmd, int argc, char **argv)
{
	static const struct cli_opt only_help[] = {{0}};
	int first;
	int code = cli_options(cmd, argc, argv, only_help, &first);
	if (code != CLI_PARSED)
		return code;
	if (first < argc)
		return cli_usage_error(cmd, "the PIN is read from standard input, not given here");

	char pin[PIN_LINE], again[PIN_LINE], hash[PIN_HASH_BYTES];
	int rc = EXIT_OK;
	bool tty = isatty(STDIN_FILENO);
	if (tty ? !pin_prompt("PIN (4 to 12 digits): ", pin, sizeof(pin))
		: !pin_read_line(pin, sizeof(pin)))
		rc = pin_fail("no PIN was given; type one, or pipe it in as one line");
	else if (!pin_valid(pin))
		rc = pin_fail("a PIN is 4 to 12 digits (0-9) and nothing else");
	else if (tty && (!pin_prompt("The same PIN again: ", again, sizeof(again)) ||
			 strcmp(pin, again) != 0))
		rc = pin_fail("the two PINs differ; nothing was written, run it again");
	else if (!pin_hash(pin, hash, sizeof(hash)))
		rc = pin_fail("the PIN could not be hashed (out of memory?)");
	else
		printf("pin_hash = %s\n", hash);
	explicit_bzero(pin, sizeof(pin));
	explicit_bzero(again, sizeof(again));
	return rc;
}
