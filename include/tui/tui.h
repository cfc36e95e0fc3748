/* The full-screen interface, entered when cdesk runs with no command. */
#ifndef CDESK_TUI_TUI_H
#define CDESK_TUI_TUI_H

#include "cli/cli.h"

/* Runs the TUI until the user quits; returns the exit status. */
int tui_main(struct cli *c);

#endif
