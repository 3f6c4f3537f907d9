/* What the tally's commands (tally, report, import) share on the command
 * line: --config FILE (the tally's settings), --set ID[@VERSION], and the
 * rules a tally is asked to judge its sessions by. */
#ifndef VS_CLI_TALLY_H
#define VS_CLI_TALLY_H

#include "model/tally_config.h"
#include "store/tally.h"

#include <stdbool.h>

/* The settings in path, or the defaults when path is NULL; false after
 * printing every problem of the file. */
bool cli_tally_config(const char *path, struct tally_config *out);
/* Splits --set's value, "ID" or "ID@VERSION", into *id and *version
 * (NULL when not given); the caller frees both. */
void cli_tally_set(const char *arg, char **id, char **version);
/* Makes the configuration's rules the tally's (only when a file was
 * given), saying so when every session had to be judged again. False
 * after printing the failure. */
bool cli_tally_rules(struct tally *t, const struct tally_config *c);

#endif
