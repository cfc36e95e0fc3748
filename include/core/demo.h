/* The demo database: realistic, deterministic Chinese complaint cases and their lives. */
#ifndef CDESK_CORE_DEMO_H
#define CDESK_CORE_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/vocab.h"

/*
 * A small, fast, seeded generator (splitmix64): the same seed gives the same
 * database on every machine. Never rand(), never the clock.
 */
struct demo_rng {
	uint64_t state;
};
void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_u64(struct demo_rng *r);
/* Uniform in [0, n) for n >= 1. */
int demo_rng_below(struct demo_rng *r, int n);
/* True with probability permille / 1000. */
bool demo_rng_chance(struct demo_rng *r, int permille);

/* What a complaint is about; drives its text and its life. */
enum demo_topic {
	TOPIC_NURSING, TOPIC_WAITING, TOPIC_BILLING, TOPIC_PARKING, TOPIC_LOST, TOPIC_SURGERY,
	TOPIC_MISDIAGNOSIS, TOPIC_REDPACKET, TOPIC_CONSULT, TOPIC_COMPLIMENT, TOPIC_SUGGESTION,
	TOPIC_ENVIRONMENT, TOPIC_SECURITY, TOPIC_REFUND, TOPIC_DOCTOR, TOPIC_GROUP, TOPIC_LEGAL,
	TOPIC__COUNT
};
const char *demo_topic_name(enum demo_topic t);

#define DEMO_TEXT_MAX 1536

/* One complaint as a clerk would type it. Empty strings mean "not given". */
struct demo_complaint {
	enum demo_topic topic;
	enum channel channel;
	enum case_kind kind;
	char name[32], phone[24], relation[16], address[160], id_number[20];
	bool anonymous;
	int group_size;
	char representatives[112];
	char patient_name[32], patient_record[24];
	int visit_days_before;      /* visit date this many days before receipt; -1 unknown */
	char unit[RULES_NAME_MAX];  /* a subject unit of the rules, or "" */
	char staff[32];
	char text[DEMO_TEXT_MAX];
	char demand[384];
	int64_t claim_fen;
	const char *materials[2];   /* documents received at intake */
	int nmaterials;
};

/*
 * Makes one complaint. rules (may be NULL) supplies the subject units; with
 * none the unit stays empty. office_hours false (an evening, a weekend)
 * gives a phone or web complaint. Deterministic in r's state.
 */
void demo_complaint_make(struct demo_rng *r, const struct ruleset *rules, bool office_hours,
			 struct demo_complaint *out);

/*
 * The same complainant asks again about the same matter (a duplicate to be
 * merged): copies the person and patient of orig, new channel and text.
 */
void demo_complaint_repeat(struct demo_rng *r, const struct demo_complaint *orig,
			   struct demo_complaint *out);

/*
 * Received times: n times from first's morning to now, sorted ascending,
 * mostly in working hours of working days, fewer on days off and evenings.
 */
void demo_received_times(struct demo_rng *r, const struct calendar *cal, cdate first,
			 struct cdatetime now, int n, struct cdatetime *out);

struct demo_options {
	int ncases;                 /* cases to create (>= 1) */
	uint64_t seed;
	cdate first;                /* first day of receipt (2024-01-01) */
	struct cdatetime now;       /* "today": nothing happens after it */
	const char *prefix;         /* case number prefix, "TS" */
	int batch;                  /* cases per transaction (0: 1000) */
	/* Plain cases (closed or not accepted, no reopening, merge, pause or
	 * return) received before this day are written directly in their final
	 * state with a short hash-chained timeline instead of walked through
	 * every action: a hundred times faster, for big databases. The
	 * smallest cdate (INT32_MIN) walks every case. */
	cdate fast_before;
	/* Called after each batch (may be NULL). */
	void (*progress)(int done, int total, void *arg);
	void *progress_arg;
};

struct demo_stats {
	int cases;
	int closed, on_spot, rejected, merged, open, overdue, paused, reopened, reviewed,
	    multi_dept, late, returned;
	int64_t actions;            /* store actions performed (≈ events written) */
};

/*
 * Fills an empty database (just created) with opt->ncases cases and walks
 * each through its life with the case actions at realistic times: most are
 * closed on time, some late, a few recent ones still overdue (received at
 * most 25 working days before now; older ones are closed late), reopened
 * after an unsatisfied callback, merged duplicates, not accepted, paused,
 * multi-department, reviewed. Cases received shortly before now are still
 * in progress. Runs in batched transactions; on failure the database keeps
 * the batches already committed and err names the case and action.
 */
int demo_build(struct store *st, const struct ruleset *rules, const struct calendar *cal,
	       const struct demo_options *opt, struct demo_stats *stats, struct err *err);

#endif
