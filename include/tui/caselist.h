/* A scrolling list of cases shared by the queues and search screens. */
#ifndef CDESK_TUI_CASELIST_H
#define CDESK_TUI_CASELIST_H

#include "tui/screen.h"
#include "core/cases.h"

/* What a row shows, copied out of a case_record so pages can be freed. */
struct caselist_row {
	char number[32];
	char received[17];          /* "YYYY-MM-DD HH:MM" */
	char name[64];              /* complainant, or "(anonymous)" */
	char unit[48];
	char dept[RULES_CODE_MAX];
	enum handling_class hclass;
	enum case_status status;
	int days;                   /* working days left (<0 overdue) */
	bool has_due, final, paused;
};

/* Fetches one page after cursor (NULL: first); fills page. */
typedef int (*caselist_fetch)(void *arg, const char *cursor, int limit, struct case_page *page,
			      struct err *err);

struct caselist {
	struct caselist_row *rows;
	int n, cap;
	int sel, top;
	int height;                 /* rows visible */
	bool more;                  /* another page can be fetched */
	char cursor[96];
	caselist_fetch fetch;
	void *arg;
	struct tui *tui;
};

#define CASELIST_PAGE 200
#define CASELIST_MAX 100000     /* rows kept in memory; beyond, narrow with a filter */

/* An empty list of t whose pages fetch(arg, …) reads. */
void caselist_init(struct caselist *l, struct tui *t, caselist_fetch fetch, void *arg);
/* Clears and loads the first page; returns 0 or the store's error. */
int caselist_reload(struct caselist *l, struct err *err);
/* Loads pages until row index want is loaded (or no more / the cap). */
void caselist_ensure(struct caselist *l, int want);
void caselist_free(struct caselist *l);
/* Draws the header at y and rows below it, width cols. */
void caselist_draw(struct caselist *l, WINDOW *w, int y, int cols);
/* Movement actions; returns true when handled. Click rows are at y0+1+i. */
bool caselist_move(struct caselist *l, enum action a, const struct key_event *ev, int y0);
/* The selected case number, or NULL. */
const char *caselist_selected(const struct caselist *l);
/* Selects the row of number when loaded. */
void caselist_select(struct caselist *l, const char *number);

#endif
