/* The quarterly and monthly summary (SPEC §7, 第二十九条): figures, self-check, renderers. */
#ifndef CDESK_CORE_REPORT_H
#define CDESK_CORE_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/vocab.h"

#define REPORT_TREND 8          /* periods in the trend, the report's own last */
#define REPORT_TOP_UNITS 10     /* subject units listed before "其他" */
#define REPORT_TOP_REPEAT 10    /* repeat complainants listed by name */
#define REPORT_LABEL_MAX 64

enum period_kind { PERIOD_QUARTER, PERIOD_MONTH };

struct report_period {
	enum period_kind kind;
	int year;
	int num;                    /* quarter 1..4 or month 1..12 */
	cdate first, last;          /* inclusive days */
};

/*
 * Parses "2026Q3" (or "2026q3") and "2026-08". Years 2000..2099 (the
 * calendar's range). Fails with ERR_USAGE naming the text and what is wrong.
 */
int report_period_parse(const char *s, struct report_period *out, struct err *err);
/* A period from its parts; ERR_USAGE when out of range. */
int report_period_make(enum period_kind kind, int year, int num, struct report_period *out,
		       struct err *err);
/* The period n periods of the same kind after p (n may be negative). */
struct report_period report_period_shift(const struct report_period *p, int n);
/* The same period one year before. */
struct report_period report_period_year_ago(const struct report_period *p);
/* The period of that kind containing day. */
struct report_period report_period_of(enum period_kind kind, cdate day);
/* "2026Q3" / "2026-08" into buf (at least 8 bytes); returns buf. */
char *report_period_code(const struct report_period *p, char *buf);
/* "2026年第三季度" / "2026年8月" into buf (at least 32 bytes); returns buf. */
char *report_period_label(const struct report_period *p, char *buf);

/* Counts of one set of cases; every field counts each case at most once. */
struct report_totals {
	long received;              /* received within the period */
	long rejected;              /* of those, not accepted (不予受理) by its end */
	long merged;                /* of those, merged into another case by its end */
	long accepted;              /* received - rejected - merged */
	long closed;                /* accepted and closed by the end */
	long open_at_end;           /* accepted - closed */
	long closed_on_time;        /* closed no later than their reply deadline */
	long overdue_at_end;        /* any case open at the end past its deadline,
				     * whenever received (the backlog included) */
};

/* One row of a breakdown. */
struct report_row {
	char code[RULES_CODE_MAX];  /* stable code ("phone", "MEDICAL"); "" for none/other */
	char label[REPORT_LABEL_MAX];
	long n;
};

struct report_breakdown {
	struct report_row *rows;
	int nrows, cap;
	bool multi;                 /* a case may count in several rows */
	long distinct;              /* cases counted in at least one row, counted
				     * independently of the rows (for the check) */
};

/* One handling department. Cases with several departments count in each. */
struct report_dept {
	char code[RULES_CODE_MAX];
	char name[REPORT_LABEL_MAX];
	long received;              /* received in the period, routed to this dept */
	long closed;                /* of those, closed by the end */
	long closed_on_time;
	long overdue_now;           /* open at the end past the deadline, any age */
	long replied;               /* replies sent by the end: the median's base */
	double median_reply_days;   /* working days received→reply; -1 when none */
	long reopened;              /* cases of the period reopened at least once */
	long callbacks;             /* callbacks recorded */
	long satisfied;             /* of those, 满意 or 基本满意 */
};

/* Substantiated findings closed in the period for one responsible department and staff. */
struct report_resp {
	char dept[REPORT_LABEL_MAX];    /* the department's name */
	char staff[64];                 /* "" for the department as a whole */
	long substantiated, partly;
};

/* A late or still-overdue case for 第三十五条. */
struct report_late {
	char number[32];
	char dept[REPORT_LABEL_MAX];    /* lead department, "+n" when several */
	cdate received;
	cdate due;
	cdate closed;                   /* the deadline met (reply, else closure); -1: still open */
	int days_late;                  /* working days from due to close (or the end) */
	int round;                      /* an earlier round's late reply; 0: the case's
					 * deadline as of the end */
	bool supervised;                /* the round was supervised (督办): 第三十五条(四) */
	int cases;                      /* 第三十五条(五): the cases about its subject */
};

/* A step entered late (an --at more than the late margin before the real
 * time, marked "entered_late" on its event), recorded within the period. */
struct report_late_entry {
	char number[32];
	char action[24];
	char actor[64];
	char at[20];                /* the effective time given */
	char recorded[20];          /* the real time it was entered */
};

struct report_repeat {
	char who[48];               /* masked: "张* 138****0001" */
	long cases;
};

struct report_trend {
	struct report_period period;
	long received, closed, closed_on_time, overdue_at_end;
};

struct report {
	char site[128];
	struct report_period period;
	cdate as_of;                /* the end of the period, or today when earlier */
	bool partial;               /* the period has not ended yet */
	struct cdatetime generated; /* the time the report was made */
	bool calendar_known;        /* holiday files cover the period */

	struct report_totals totals, prev, year_ago;
	bool have_prev, have_year_ago;

	struct report_breakdown by_channel, by_kind, by_class, by_category, by_unit;

	/* The handling-department breakdown: received per department is its
	 * row count; depts_distinct counts the cases in at least one row. */
	struct report_dept *depts;
	int ndepts, dept_cap;
	long depts_distinct;

	long findings[FINDING__COUNT];
	long finding_none;          /* closed without a recorded finding */
	long finding_na;            /* closed consultations, suggestions, compliments: no finding due */

	long claims;                /* cases with a claimed amount */
	long claims_over;           /* of those, at or above the threshold */
	/* the period's cases by the latest stage of their dispute track by the
	 * end (claims centre, appraisal, mediation, litigation, settlement) */
	long dispute_stage[5];
	/* reviews (复核) concluded in the period: upheld, changed, referred */
	long review_outcome[3];
	int64_t claim_threshold_fen;
	int64_t claimed_fen, paid_fen;

	long repeat_people;         /* complainants with 2+ cases in the period */
	long repeat_cases;          /* the cases they brought */
	struct report_repeat repeat[REPORT_TOP_REPEAT];
	int nrepeat;

	struct report_late *late;
	int nlate, late_cap;
	long late_closed;           /* closed within the period after the deadline */
	long late_open;             /* still overdue at the end */
	/* 第三十五条(二): departments' written feedback late (its own deadline):
	 * given in the period after it, or still owed at the end. dept is the
	 * late department; closed the feedback's day, -1 still owed. */
	struct report_late *late_feedback;
	int nlate_feedback, late_feedback_cap;
	/* 第三十五条(六), policy 12 (五): rectifications named at closure done
	 * after their due day, or still undone past it at the end (closed -1) */
	struct report_late *late_rectify;
	int nlate_rectify, late_rectify_cap;
	/* 第三十五条(三): returns in the period whose reason was not accepted (the
	 * office sent the case back to the same department in the round);
	 * closed is the return's day, days_late 0 */
	struct report_late *returns;
	int nreturns, returns_cap;
	/* 第三十五条(五): the period's cases about one subject complained of
	 * again: the same unit and staff member in 2 or more, or the same unit
	 * in src->repeat_unit or more; dept is the subject ("unit" or
	 * "unit/staff"), cases how many there were, one row per case */
	struct report_late *repeats;
	int nrepeats, repeats_cap;
	int repeat_unit;            /* the unit's count that is repeated (src->repeat_unit) */
	/* 第三十二、三十四条: substantiated findings of closures in the period,
	 * by responsible department and staff (the appraisal's table) */
	struct report_resp *resp;
	int nresp, resp_cap;

	struct report_trend trend[REPORT_TREND];
	int ntrend;

	/* Late entries recorded within the period, in the order entered. */
	struct report_late_entry *late_entries;
	int nlate_entries, late_entries_cap;
	/* The event chain's head when the report was made: a later `cdesk
	 * check --anchor N:HASH` confirms no event was cut or changed since. */
	int64_t chain_events;
	char chain_hash[65];
};

/* A review's outcome i (0 upheld, 1 changed, 2 referred): its code, its Chinese label. */
const char *report_review_code(int i);
const char *report_review_label(int i);

struct report *report_new(void);
void report_free(struct report *r);
/* Appends a row (label cut to fit); returns it. */
struct report_row *report_breakdown_add(struct report_breakdown *b, const char *code,
					const char *label, long n);
struct report_dept *report_dept_add(struct report *r, const char *code, const char *name);
struct report_late *report_late_add(struct report *r);

/*
 * Checks the report against its counting rules: a case counts once in every
 * total; the parts of a total add up to it (channels, kinds, classes and
 * subject units to received, findings to closed, received to accepted +
 * rejected + merged, accepted to closed + open); a multi-row breakdown counts
 * every case in at least one row and no row above the total; the overdue list
 * agrees with the totals; the trend's last period is the report's own.
 * Returns 0, or ERR_FAIL with every failed rule named in err->msg.
 */
int report_check(const struct report *r, struct err *err);

/* A code and the name shown for it (departments, categories), in display order. */
struct report_name {
	const char *code;
	const char *name;
};

/* Where the figures come from. */
struct report_source {
	sqlite3 *db;                /* a cdesk database (store_db), read only */
	const struct calendar *cal;
	const struct report_name *depts;        /* from rules.ini; codes not listed
						 * are shown as themselves */
	int ndepts;
	const struct report_name *categories;
	int ncategories;
	int64_t claim_threshold_fen;
	const char *site;           /* cdesk.ini [site] name */
	struct cdatetime now;       /* the report is made as of min(now, period end) */
	const char *office;         /* code of the complaint office: answers for unrouted cases
				     * (NULL: their suggested departments) */
	int repeat_unit;            /* [report] repeat_unit: cases about one unit that are
				     * repeated complaints (第三十五条(五)); 0: 3 */
};

/*
 * Computes the report of period p from the database: totals for p, the
 * previous period, the same period a year before and the trend in one scan
 * of the cases_report index; the breakdowns in one scan of p's cases. A
 * case's state is taken as of the end of the period (or now, when the
 * period has not ended): closed, not accepted or merged after it counts as
 * open; working days and lateness come from the calendar. Fails with
 * ERR_USAGE when p has not begun, ERR_INTERNAL on an SQL failure. The result
 * is not yet checked: the renderers check it.
 */
int report_build(const struct report_source *src, const struct report_period *p,
		 struct report **out, struct err *err);

/*
 * cdesk check: recounts the totals of every completed period the reports
 * keep (report_totals, schema 11) and calls fn with a message for each row
 * that differs from its recount, or names no period. *bad counts them.
 * Returns 0, or ERR_INTERNAL when they cannot be read.
 */
int report_totals_check(sqlite3 *db, long *bad, void (*fn)(const char *msg, void *arg),
			void *arg, struct err *err);

/*
 * cdesk check: compares each row of the report's close events
 * (report_closes, schema 16) with the close event it is made from, and
 * calls fn with a message for each row that differs or has no event, and
 * each close event without its row. *bad counts them (added to). Returns
 * 0, or ERR_INTERNAL when they cannot be read.
 */
int report_closes_check(sqlite3 *db, long *bad, void (*fn)(const char *msg, void *arg),
			void *arg, struct err *err);

/* Page geometry of the printed text. */
struct report_layout {
	int width;                  /* columns; at least 72 */
	int page_lines;             /* lines a page, header included; at least 20 */
};
#define REPORT_LAYOUT_A4 { 80, 60 }

/*
 * Renderers. Each first runs report_check and fails with its ERR_FAIL
 * (nothing appended) when a rule is broken.
 *
 * text: pages of lay->page_lines lines at most lay->width display columns,
 *       each opening with the site, the period and "第 n 页 共 m 页"; a form
 *       feed starts every page after the first. Counting rules are stated
 *       under each table.
 * csv:  UTF-8 with a byte-order mark; one block a section, each opening with
 *       a header row whose first field is "section".
 * json: one object (jansson), amounts in fen, percentages as numbers.
 * screen: the text without pages, with bar charts of width bar_cols drawn in
 *       Unicode blocks, or '#' when utf8 is false; for the TUI.
 */
int report_render_text(const struct report *r, const struct report_layout *lay,
		       struct sbuf *out, struct err *err);
int report_render_csv(const struct report *r, struct sbuf *out, struct err *err);
int report_render_json(const struct report *r, struct sbuf *out, struct err *err);
int report_render_screen(const struct report *r, int width, bool utf8, struct sbuf *out,
			 struct err *err);


/* The notes under the report's tables, the same words in the text report and
 * the PDF (report_notes.c): fresh strings, without the leading "注：". */
enum report_note { RN_TOTALS, RN_DEPTS, RN_FINDINGS, RN_CLAIMS, RN_REPEAT, RN_LATE, RN_RESP,
		   RN_TREND, RN_LATE_ENTRIES, RN_CHAIN };
char *report_note(const struct report *r, enum report_note n);
/* The note under the breakdown bd by what (渠道, 类别 …). */
char *report_note_breakdown(const struct report *r, const struct report_breakdown *bd,
			    const char *what);
/* Row i (0 .. REPORT_TOTALS_ROWS - 1) of section 一 as its six cells: the
 * label (indented by indent full-width spaces), this period, the previous,
 * the change, a year ago, the change ("-" where there is none). */
#define REPORT_TOTALS_ROWS 8
struct report_cells {
	char cell[9][REPORT_LABEL_MAX];
	int indent;
	long bar;
};
void report_totals_row(const struct report *r, int i, struct report_cells *out);
/* The cells as the const char *[n] a table row takes. */
void report_cells_ptrs(const struct report_cells *c, int n, const char **out);
/* A percentage num/den into buf ("-" when den is 0): the text and the PDF
 * round it each their own way. */
typedef void report_pct_fn(long num, long den, char *buf, size_t size);
/* Row i of one of the report's tables into out (bar: what a text bar
 * shows), its percentages formatted by pct. */
typedef void report_row_fn(const struct report *r, int i, report_pct_fn *pct,
			   struct report_cells *out);
/* Section 七's row of a department: name, received, closed, on time %,
 * overdue now, median reply days ("-": none), reopened, callbacks,
 * satisfied %. */
report_row_fn report_dept_row;
/* Section 八's rows: each finding, then 未认定 and 无需认定 (REPORT_FINDING_ROWS):
 * label, cases, % of the closed. */
#define REPORT_FINDING_ROWS (FINDING__COUNT + 2)
report_row_fn report_finding_row;
/* Section 九's rows (REPORT_CLAIM_ROWS): the claims, those over the
 * threshold, the amounts claimed and paid (yuan), the dispute track by
 * stage, the reviews by outcome. */
#define REPORT_CLAIM_ROWS 12
report_row_fn report_claim_row;
/* Section 十's row: the complainant (masked), the cases. */
report_row_fn report_repeat_row;
/* Section 十二's row: the period, received, closed, on time, on time %,
 * overdue at the end. */
report_row_fn report_trend_row;
/* Section 十三's row: the department, the staff member (（科室）: the
 * department as a whole), substantiated, partly. */
report_row_fn report_resp_row;
/* Section 十四's row: the case ("-": none), the step, who, the time given and
 * the time entered (to the minute). */
report_row_fn report_late_entry_row;
/* Section 十一's rows: (一)/(四) late replies, (二) late feedback, (三)
 * returns, (五) repeated subjects, (六) rectifications
 * (report_late_rows(r) of them). */
int report_late_rows(const struct report *r);
report_row_fn report_late_row;

/* The tables the text report and the PDF print alike: the title, the note
 * under it, the columns, the rows, and the one row of an empty table (its
 * text in column empty_col; NULL: never empty). Each format keeps its own
 * column widths. */
struct report_table {
	const char *title;
	enum report_note note;
	int ncols;
	int (*rows)(const struct report *r);
	report_row_fn *row;
	const char *empty;
	int empty_col;
};
enum report_table_id { RT_DEPTS, RT_FINDINGS, RT_CLAIMS, RT_REPEAT, RT_LATE, RT_RESP, RT_LATE_ENTRIES,
		       RT__COUNT };
extern const struct report_table report_tables[RT__COUNT];
/* A row of the 第三十五条 list: item, NUMBER[#ROUND] (an earlier round's late
 * reply), the department, received, due, replied or closed (else open: what
 * is still missing), the working days late. */
void report_late_fill(const struct report_late *x, const char *item, const char *open,
		      struct report_cells *out);
/* The sum of bd's rows (more than the cases when one counts in several). */
long report_row_sum(const struct report_breakdown *bd);
/* "N:HASH", the chain head at the report's foot, into buf. */
char *report_chain_anchor(const struct report *r, char *buf, size_t size);

#endif
