/* Confidentiality (SPEC §9, policy 12 item 10): whose identity is protected, who may see it, and the masked view everyone else gets. */
#ifndef CDESK_CORE_PRIVACY_H
#define CDESK_CORE_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/cases.h"
#include "core/err.h"
#include "core/users.h"

/* The roles that see a protected identity when cdesk.ini names none
 * ([privacy] identity_roles): the complaint office's officer and supervisor. */
#define PRIVACY_DEFAULT_ROLES ((1u << USER_OFFICER) | (1u << USER_SUPERVISOR))
/* As ctx->identity_roles: no role sees a protected identity (a read-only
 * database, where a disclosure could not be recorded). */
#define PRIVACY_NOBODY (1u << 31)

/*
 * SQL over "cases c": true for a case whose complainant's identity is
 * protected — a misconduct report (举报, kind report) or an anonymous
 * complainant (the anonymous field or flag). Kept word for word with
 * case_identity_protected.
 */
#define PRIVACY_PROTECTED_SQL "(c.kind = 'report' OR c.anonymous = 1 OR (c.flags & 32) != 0)"

/* Who is looking: the acting user as registered, and what it may see. */
struct case_viewer {
	struct user u;              /* zeroed when ctx->actor is not a registered, enabled user */
	bool registered;
	bool sees_identity;         /* its role is one of ctx->identity_roles */
	bool scoped;                /* a handler: only the cases transferred to u.depts */
};

/* Fills v for ctx->actor (one look-up; never fails: an unknown login sees nothing protected). */
void case_viewer_get(const struct case_ctx *ctx, struct case_viewer *v);

/* True when rec's complainant is protected (a 举报 case, or anonymous). */
bool case_identity_protected(const struct case_record *rec);
/*
 * The one decision (SPEC §9): true when the acting user may see rec's
 * complainant identity — rec is not protected, or the user's role is one of
 * ctx->identity_roles (0: PRIVACY_DEFAULT_ROLES).
 */
bool case_identity_visible(const struct case_ctx *ctx, const struct case_record *rec);
/* The same with the viewer looked up once (lists, exports). */
bool case_viewer_sees(const struct case_viewer *v, const struct case_record *rec);

/* "（保密）", or "(confidential)" in English: what a masked field shows. */
const char *case_identity_marker(void);
/* True when v is the marker (in English or Chinese): a masked field, never
 * a value to store (an export by a role that may not see it, imported). */
bool case_identity_is_marker(const char *v);
/* What import says of such a value (core/field.c says the same, translated). */
#define PRIVACY_MARKER_REFUSED "'%s' is the mask of a protected identity, not its value " \
	"(a file exported by a role that may not see it: export it as an officer or supervisor)"
/*
 * Replaces rec's identity (name, phone, ID number, address, representatives;
 * the patient's name and record number too when the patient is the
 * complainant) by case_identity_marker(), and those values wherever the
 * free text (account, demand, notes, feedback, drafts …) quotes them, and
 * sets rec->identity_masked, so that case_to_json, case_events and every
 * printer show only the marker.
 */
void case_identity_mask(struct case_record *rec);
/*
 * The events of rec (masked) as its viewer may see them: in before and
 * after the identity keys masked, and in every string and note any value
 * the case's identity has or had (its stored fields, the events' old ones)
 * replaced by the marker. case_events calls it for a masked record.
 */
void case_events_mask(struct store *st, const struct case_record *rec, struct store_event *evs,
		      int n);
/* Masks, in an object of a case's fields (an event's before or after, a
 * case's JSON), the keys case_identity_mask hides; NULL is left alone. */
void case_identity_mask_json(json_t *o, bool patient_too);

/* How a view of a case went for its identity. */
enum case_view {
	VIEW_PLAIN,                 /* nothing protected */
	VIEW_DISCLOSED,             /* protected, shown, and its disclosure recorded */
	VIEW_MASKED,                /* protected, and the user may not see it */
	VIEW_UNRECORDED             /* protected and allowed, but the disclosure could not be
	                               recorded (err has why): masked */
};

/*
 * Applies the decision to a loaded rec for a view called how ("show", "tui",
 * "print form"): masks it when the user may not see it, else records the
 * disclosure as one "identity-view" event of the case (note "identity
 * viewed by LOGIN (how)") in its own transaction; how NULL: the same view
 * reloaded (a screen after a step), its disclosure recorded already.
 * Returns the outcome; a failure to record masks rec and fills err.
 */
enum case_view case_identity_view(const struct case_ctx *ctx, struct case_record *rec,
				  const char *how, struct err *err);

/*
 * What show, the TUI's case screen and print use: case_get (details), the
 * CA_SHOW permission (a handler: only a case transferred to its
 * departments), then case_identity_view. Fails as case_get and
 * cases_permit do, with nothing to free; *view (may be NULL) gets the outcome.
 */
int case_get_view(const struct case_ctx *ctx, const char *number, const char *how,
		  struct case_record *out, enum case_view *view, struct err *err);

/*
 * Records one database-level "identity-view" event for a bulk disclosure
 * (an export): after holds the numbers of the n protected cases shown.
 */
int case_identity_viewed_bulk(const struct case_ctx *ctx, const char *how,
			      const char *const *numbers, int n, struct err *err);

/*
 * "officer, supervisor" → the role bits. ERR_USAGE naming the first word
 * that is not a role, or for an empty list.
 */
int privacy_parse_roles(const char *s, unsigned *mask, struct err *err);

#endif
