/* Entry point of the full-screen interface: cdesk with no command. */
#include "tui/tui.h"
#include "tui/tui_internal.h"

int tui_main(struct app *a)
{
	return tui_run(a);
}
