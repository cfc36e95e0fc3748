/* Private to the intake form (screen_intake.c, intake_choose.c, intake_panel.c):
 * its fields, its state, and what the three files call of one another. */
#ifndef CDESK_TUI_INTAKE_H
#define CDESK_TUI_INTAKE_H

#include "tui/lineedit.h"
#include "tui/tui_internal.h"
#include "core/cases.h"
#include "core/rules.h"

#include <stdbool.h>
#include <stddef.h>

enum field_type { F_TEXT, F_MULTI, F_CHOICE, F_TOGGLE, F_MULTICHOICE, F_FOLD };

enum field_id {
	FI_CHANNEL, FI_KIND, FI_RECEIVED, FI_NAME, FI_PHONE, FI_RELATION, FI_ADDRESS, FI_IDNUM,
	FI_ANON, FI_GROUP, FI_REPS, FI_PATIENT, FI_RECORD, FI_VISIT, FI_UNIT, FI_STAFF, FI_TEXT,
	FI_DEMAND, FI_CLAIM, FI_CLASS, FI_DEPTS, FI_CATS, FI_FLAGS, FI_MATERIALS,
	FI_MORE,                    /* the "more" fold: not a field, the row that opens the rest */
	FI__COUNT
};

struct field_def {
	const char *key;            /* draft JSON key */
	const char *label;          /* N_() */
	enum field_type type;
	size_t max;                 /* characters, for the fields not in the table */
	int height;                 /* rows of a multiline field */
	bool required;
	int cf;                     /* enum case_field checking it (core/field.h), or -1 */
};

/* The form's fields, in the order shown (screen_intake.c). */
extern const struct field_def intake_defs[FI__COUNT];

struct dup {
	char number[32];
	char line[160];             /* the number and the date received */
	char who[160];              /* the name and the phone */
};

struct intake {
	struct lineedit ed[FI__COUNT];     /* text fields */
	int choice[FI__COUNT];             /* choice fields: -1 = unset / suggested */
	bool toggle[FI__COUNT];
	char depts[RULES_MAX_DEPTS][RULES_CODE_MAX];  /* override: empty = suggested */
	int ndepts;
	char cats[RULES_MAX_CATEGORIES][RULES_CODE_MAX];
	int ncats;
	unsigned flags_set, flags_clear;
	int focus;
	int scroll;                        /* first form row shown */
	int rows, cols, form_w, label_w, field_w, panel_x, panel_w;
	bool dirty;
	struct rule_suggestion sug;
	struct dup dups[5];
	int ndups;
	char dup_key[256];                 /* name|phone|text prefix the dups were found for */
	int slot;                          /* the user's draft slot this form is kept in */
	bool more;                         /* the fields below the fold are shown */
};

/* True for the text fields (one line or several). */
bool intake_is_text(int f);
/* The text of field f, allocated. */
char *intake_field_str(struct intake *in, int f);
/*
 * Validation of one field as typed: a message, or NULL when fine. The
 * table's fields get case_field_check's message, the one `cdesk add` and
 * CSV import give for the same value.
 */
const char *intake_validate(struct tui *t, struct intake *in, int f, char *buf, size_t size);
/* Empties the form for the next case (the same draft slot). */
void intake_reset(struct screen *s);
/* Makes field f visible (opens the fold when it is below it). */
void intake_show_field(struct intake *in, int f);
/* Keeps the form as a draft of the user's (store_draft_save); a failure is shown. */
void intake_save_draft(struct screen *s);

/* The text shown in a non-text field (intake_choose.c). */
void intake_field_value(struct tui *t, struct intake *in, int f, char *buf, size_t size);
/* The pick list of a choice field; the choice is kept in the draft. */
void intake_choose(struct screen *s, int f);

/* The rule module's view of the form as typed so far, into in->sug (intake_panel.c). */
void intake_classify(struct tui *t, struct intake *in);
/* Possible duplicates: open cases of the last N days with the same phone or name. */
void intake_find_dups(struct tui *t, struct intake *in);
/* The suggestion panel right of the form: the suggestion, its reasons, the duplicates. */
void intake_draw_panel(struct screen *s, WINDOW *w);
/* Registers the form as a case (and merges it into the first possible
 * duplicate when merge); returns the screen flags. */
int intake_save(struct screen *s, bool merge);

#endif
