/* Private to the demo generator (demo.c, demo_walk.c, demo_fast.c): the state of a run and what its two paths share. */
#ifndef CDESK_CORE_DEMO_RUN_H
#define CDESK_CORE_DEMO_RUN_H

#include "core/cases.h"
#include "core/demo.h"

#include <stdbool.h>

/* A recent case that a duplicate may repeat (demo.c). */
struct demo_recent;

struct demo_run {
	struct store *st;
	const struct ruleset *rules;
	const struct calendar *cal;
	const struct demo_options *opt;
	struct demo_rng rng;
	struct demo_stats *stats;
	struct case_ctx ctx;
	char number[32];            /* the case being walked */
	struct cdatetime t;         /* the time of its last action */
	bool stopped;               /* its next action lies after now */
	struct demo_recent *ring;
	int nring;
	char dept_actor[64];
	int api_share;              /* permille of unusual lives walked by the actions */
};

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
/* An element of a const array, chosen by the generator. */
#define PICK(d, a) ((a)[rnd((d), COUNT(a))])

static inline int rnd(struct demo_run *d, int n)
{
	return demo_rng_below(&d->rng, n);
}

static inline bool chance(struct demo_run *d, int permille)
{
	return demo_rng_chance(&d->rng, permille);
}

/* The office's staff, as Unix logins; the office's replies and the
 * departments' written feedback (demo.c). Sized here so that PICK can
 * count them; a definition of another length does not compile. */
extern const char *const demo_clerks[4];
extern const char *const demo_officers[3];
extern const char *const demo_replies[5];
extern const char *const demo_feedbacks[5];

/* A department's handler: "nursing01" for NURSING (in d->dept_actor). */
const char *demo_dept_actor(struct demo_run *d, const char *dept);
/* The login that signs a chain step (rules.ini's approval names). */
const char *demo_role_actor(const char *role);
/* A time during office hours, n working days after t's day (n >= 1), or
 * later the same day (n = 0), always after t. */
struct cdatetime demo_work_after(struct demo_run *d, struct cdatetime t, int n);
/* The complaint c received then as the input of cdesk add (its strings
 * borrowed from c; empty ones NULL). */
void demo_fill_input(const struct demo_complaint *c, struct cdatetime received,
		     struct case_input *in);
/* Whether a case received then may still be open and overdue at now. */
bool demo_may_stay_overdue(struct demo_run *d, struct cdatetime received);
/* Prefixes err with the action and the case being walked; returns its code. */
int demo_failed(struct demo_run *d, const char *action, struct err *err);
enum finding demo_pick_finding(struct demo_run *d);

/* Returns demo_failed(d, name, err) from the calling function when call fails. */
#define ACT(d, call, name) do { if ((call) != 0) return demo_failed((d), (name), err); } while (0)

/*
 * The walked path (demo_walk.c).
 */
/* Moves the case's clock to t and the actor of its next action; false (and
 * the case stops) when t is after now. */
bool demo_at(struct demo_run *d, struct cdatetime t, const char *actor);
/* Reloads rec (freed first) as case d->number. */
int demo_load(struct demo_run *d, struct case_record *rec, struct err *err);
/* Walks case rec (just added from c) through its life with the case
 * actions, as far as now allows; err names the action that failed. */
int demo_walk(struct demo_run *d, const struct demo_complaint *c, struct case_record *rec,
	      struct err *err);

/*
 * The direct path (demo_fast.c): plans the whole life of complaint c
 * received then into r; writes it (number, row, transfers, hash-chained
 * events) and sets *done when the life was plain and ended before now, else
 * leaves *done false and nothing written, for the walked path.
 */
int demo_fast_case(struct demo_run *d, const struct demo_complaint *c,
		   struct cdatetime received, struct case_record *r, bool *done,
		   struct err *err);

#endif
