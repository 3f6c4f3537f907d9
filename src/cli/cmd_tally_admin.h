/* `visionsort tally --trust / --kiosks / --imports`: the organizers' trust
 * store and import log, run by cmd_tally() when one of those is given. */
#ifndef VS_CMD_TALLY_ADMIN_H
#define VS_CMD_TALLY_ADMIN_H

#include "cli/cli.h"

#include <stdbool.h>

/* True when argv holds --trust, --kiosks or --imports. */
bool cmd_tally_admin_wanted(int argc, char **argv);
/* Parses and runs them; returns the exit code. */
int cmd_tally_admin(const struct command *cmd, int argc, char **argv);

#endif
