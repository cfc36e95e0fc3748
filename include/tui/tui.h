/* The full-screen interface, entered when cdesk runs with no command. */
#ifndef CDESK_TUI_TUI_H
#define CDESK_TUI_TUI_H

struct app;

/* Runs the TUI on the app context a until the user quits; returns the exit status. */
int tui_main(struct app *a);

#endif
