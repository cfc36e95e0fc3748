/* Entry point of the full-screen interface (being built; see issue 4). */
#include "tui/tui.h"

#include <stdio.h>

int tui_main(struct cli *c)
{
	(void)c;
	fprintf(stderr, "cdesk: the full-screen interface is not built yet; "
			"see 'cdesk --help' for the commands that exist\n");
	return ERR_USAGE;
}
