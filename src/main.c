/* visionsort: a touch kiosk for sorting a city's vision keywords, and the
 * tools that carry its sessions to a central tally. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
