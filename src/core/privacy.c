/* Confidentiality of a misconduct reporter's (举报人) and an anonymous complainant's identity: the one decision, the mask, and the record of each disclosure. */
#include "core/privacy.h"
#include "core/actions.h"
#include "core/store.h"
#include "core/text.h"
#include "core/util.h"
#include "cases_db.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R_(s) dgettext("cdesk", s)

_Static_assert(FLAG_ANONYMOUS == 32, "PRIVACY_PROTECTED_SQL tests the anonymous flag as 32");

/* The case fields that name the complainant; the patient's come too when
 * the patient is the complainant. */
static const char *const identity_keys[] = { "name", "phone", "address", "id_number",
					     "representatives" };
static const char *const patient_keys[] = { "patient_name", "patient_record" };

bool case_identity_protected(const struct case_record *r)
{
	return r->kind == KIND_REPORT || r->anonymous || (r->flags & FLAG_ANONYMOUS);
}

static unsigned roles_of(const struct case_ctx *ctx)
{
	return ctx->identity_roles ? ctx->identity_roles : PRIVACY_DEFAULT_ROLES;
}

void case_viewer_get(const struct case_ctx *ctx, struct case_viewer *v)
{
	memset(v, 0, sizeof *v);
	if (!ctx->st || !ctx->actor || users_get(ctx->st, ctx->actor, &v->u, NULL) ||
	    v->u.disabled) {
		memset(&v->u, 0, sizeof v->u);
		return;
	}
	v->registered = true;
	v->sees_identity = (roles_of(ctx) & (1u << v->u.role)) != 0;
	v->scoped = v->u.role == USER_HANDLER;
}

bool case_viewer_sees(const struct case_viewer *v, const struct case_record *r)
{
	return !case_identity_protected(r) || v->sees_identity;
}

bool case_identity_visible(const struct case_ctx *ctx, const struct case_record *r)
{
	struct case_viewer v;

	if (!case_identity_protected(r))
		return true;
	case_viewer_get(ctx, &v);
	return v.sees_identity;
}

const char *case_identity_marker(void)
{
	return R_("(confidential)");
}

bool case_identity_is_marker(const char *v)
{
	return v && (strcmp(v, "(confidential)") == 0 || strcmp(v, "（保密）") == 0 ||
		     strcmp(v, case_identity_marker()) == 0);
}

/* The patient is the complainant: 本人 (self), or the same name. */
static bool patient_is_complainant(const struct case_record *r)
{
	return (r->relation && (strcmp(r->relation, "本人") == 0 ||
				strcmp(r->relation, "self") == 0)) ||
	       (r->name && r->patient_name && strcmp(r->name, r->patient_name) == 0);
}

static void hide(char **field)
{
	if (*field && **field) {
		free(*field);
		*field = xstrdup(case_identity_marker());
	}
}

/* The identity's values, to be cut out of free text too (a 实名举报 often
 * names its writer in the account). At most SECRETS_MAX, each long enough
 * not to cut common words: two characters of a name, five digits of a phone. */
#define SECRETS_MAX 32
struct secrets {
	char *v[SECRETS_MAX];
	int n;
};

static void secret_add(struct secrets *z, const char *v)
{
	size_t len = v ? strlen(v) : 0;

	if (len < 5 || z->n == SECRETS_MAX || strcmp(v, case_identity_marker()) == 0)
		return;
	for (int i = 0; i < z->n; i++)
		if (strcmp(z->v[i], v) == 0)
			return;
	z->v[z->n++] = xstrdup(v);
}

static void secrets_free(struct secrets *z)
{
	for (int i = 0; i < z->n; i++)
		free(z->v[i]);
	z->n = 0;
}

static void secrets_of(struct secrets *z, const struct case_record *r, bool patient_too)
{
	secret_add(z, r->name);
	secret_add(z, r->phone);
	secret_add(z, r->id_number);
	secret_add(z, r->address);
	secret_add(z, r->representatives);
	if (patient_too) {
		secret_add(z, r->patient_name);
		secret_add(z, r->patient_record);
	}
}

/* s with every secret replaced by the marker; NULL when nothing was found. */
static char *redacted(const char *s, const struct secrets *z)
{
	struct sbuf b = { 0 };
	bool hit = false;

	if (!s)
		return NULL;
	while (*s) {
		int k = -1;
		for (int i = 0; i < z->n && k < 0; i++)
			if (strncmp(s, z->v[i], strlen(z->v[i])) == 0)
				k = i;
		if (k >= 0) {
			sbuf_add(&b, case_identity_marker());
			s += strlen(z->v[k]);
			hit = true;
		} else {
			sbuf_addn(&b, s, 1);
			s++;
		}
	}
	if (!hit) {
		sbuf_free(&b);
		return NULL;
	}
	return b.s;
}

static void redact(char **field, const struct secrets *z)
{
	char *r = redacted(*field, z);

	if (r) {
		free(*field);
		*field = r;
	}
}

/* The free text of a case that may quote its complainant. */
static void redact_record(struct case_record *r, const struct secrets *z)
{
	char **fields[] = { &r->text, &r->demand, &r->staff, &r->reply_text, &r->callback_note,
			    &r->close_note, &r->reject_note, &r->pause_reason, &r->review_reason };

	if (!z->n)
		return;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		redact(fields[i], z);
	for (int i = 0; i < r->ntransfers; i++) {
		redact(&r->transfers[i].feedback, z);
		redact(&r->transfers[i].reason, z);
	}
	for (int i = 0; i < r->ndrafts; i++) {
		redact(&r->drafts[i].text, z);
		for (int k = 0; k < r->drafts[i].napprovals; k++)
			redact(&r->drafts[i].approvals[k].note, z);
	}
	for (int i = 0; i < r->nmaterials; i++)
		redact(&r->materials[i].description, z);
}

void case_identity_mask(struct case_record *r)
{
	struct secrets z = { .n = 0 };

	if (r->identity_masked)
		return;
	secrets_of(&z, r, patient_is_complainant(r));
	redact_record(r, &z);
	secrets_free(&z);
	if (patient_is_complainant(r)) {
		r->identity_masked_patient = true;
		hide(&r->patient_name);
		hide(&r->patient_record);
	}
	hide(&r->name);
	hide(&r->phone);
	hide(&r->address);
	hide(&r->id_number);
	hide(&r->representatives);
	r->identity_masked = true;
}

static void hide_key(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v) && *json_string_value(v))
		json_object_set_new(o, key, json_string(case_identity_marker()));
}

void case_identity_mask_json(json_t *o, bool patient_too)
{
	json_t *contact;

	if (!json_is_object(o))
		return;
	for (size_t i = 0; i < sizeof identity_keys / sizeof identity_keys[0]; i++)
		hide_key(o, identity_keys[i]);
	if (patient_too)
		for (size_t i = 0; i < sizeof patient_keys / sizeof patient_keys[0]; i++)
			hide_key(o, patient_keys[i]);
	/* A logged contact names whom the office spoke with. */
	if ((contact = json_object_get(o, "contact")))
		hide_key(contact, "with");
}

/* Every string in j with the secrets cut out (in place). */
static void redact_json(json_t *j, const struct secrets *z)
{
	const char *key;
	json_t *v;
	size_t i;
	char *r;

	if (json_is_string(j) && (r = redacted(json_string_value(j), z))) {
		json_string_set(j, r);
		free(r);
	} else if (json_is_object(j)) {
		json_object_foreach(j, key, v)
			redact_json(v, z);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			redact_json(v, z);
	}
}

/* The identity values an event's before or after held (a corrected phone's old one). */
static void secrets_of_json(struct secrets *z, const json_t *o)
{
	for (size_t i = 0; i < sizeof identity_keys / sizeof identity_keys[0]; i++)
		secret_add(z, json_string_value(json_object_get(o, identity_keys[i])));
	for (size_t i = 0; i < sizeof patient_keys / sizeof patient_keys[0]; i++)
		secret_add(z, json_string_value(json_object_get(o, patient_keys[i])));
}

void case_events_mask(struct store *st, const struct case_record *rec, struct store_event *evs,
		      int n)
{
	struct secrets z = { .n = 0 };
	json_t **js = xcalloc((size_t)n * 2 + 1, sizeof *js);
	sqlite3_stmt *s;

	/* The case's identity as stored (rec holds only the marker), and every
	 * value its events ever gave it. */
	if (cases_prepare(st, "SELECT name, phone, id_number, address, representatives, "
			  "patient_name, patient_record FROM cases WHERE id = ?", &s, NULL) == 0) {
		sqlite3_bind_int64(s, 1, rec->id);
		if (sqlite3_step(s) == SQLITE_ROW)
			for (int c = 0; c < (rec->identity_masked_patient ? 7 : 5); c++)
				secret_add(&z, (const char *)sqlite3_column_text(s, c));
		sqlite3_finalize(s);
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 2; k++) {
			const char *text = k ? evs[i].after : evs[i].before;
			if (text && (js[2 * i + k] = json_loads(text, 0, NULL)))
				secrets_of_json(&z, js[2 * i + k]);
		}
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++) {
			json_t *o = js[2 * i + k];
			char **field = k ? &evs[i].after : &evs[i].before;
			if (!o)
				continue;
			case_identity_mask_json(o, rec->identity_masked_patient);
			redact_json(o, &z);
			free(*field);
			*field = cases_json_dump(o);
			json_decref(o);
		}
		redact(&evs[i].note, &z);
	}
	free(js);
	secrets_free(&z);
}

static int append_view(const struct case_ctx *ctx, int64_t case_id, int round, const char *how,
		       const char *after, struct err *err)
{
	char *note = xasprintf("identity viewed by %s (%s)", ctx->actor, how);
	struct cdatetime now;
	int rc;

	if (!(rc = store_begin(ctx->st, err))) {
		/* When it is seen, whatever --at says: a view is no backdated step. */
		now = ctx->clock ? ctx->clock() : ctx->now;
		rc = store_event_append(ctx->st, &(struct store_event_in){
						.case_id = case_id, .round = round,
						.actor = ctx->actor, .at = now, .recorded = now,
						.action = "identity-view", .after = after,
						.note = note }, NULL, err);
		rc = rc ? rc : store_commit(ctx->st, err);
		if (rc)
			store_rollback(ctx->st);
	}
	free(note);
	return rc;
}

enum case_view case_identity_view(const struct case_ctx *ctx, struct case_record *rec,
				  const char *how, struct err *err)
{
	if (!case_identity_protected(rec))
		return VIEW_PLAIN;
	if (!case_identity_visible(ctx, rec)) {
		case_identity_mask(rec);
		return VIEW_MASKED;
	}
	if (how && append_view(ctx, rec->id, rec->round, how, NULL, err)) {
		case_identity_mask(rec);
		return VIEW_UNRECORDED;
	}
	return VIEW_DISCLOSED;
}

int case_get_view(const struct case_ctx *ctx, const char *number, const char *how,
		  struct case_record *out, enum case_view *view, struct err *err)
{
	struct err werr = { 0 };
	enum case_view v;
	int rc;

	if ((rc = case_get(ctx->st, number, true, out, err)))
		return rc;
	if ((rc = cases_permit(ctx, CA_SHOW, out, err))) {
		case_record_free(out);
		return rc;
	}
	v = case_identity_view(ctx, out, how, &werr);
	if (v == VIEW_UNRECORDED)
		*err = werr;
	if (view)
		*view = v;
	return 0;
}

int case_identity_viewed_bulk(const struct case_ctx *ctx, const char *how,
			      const char *const *numbers, int n, struct err *err)
{
	json_t *a = json_array(), *o;
	char *after;
	int rc;

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(numbers[i]));
	o = json_pack("{s:s, s:i, s:o}", "via", how, "count", n, "cases", a);
	after = cases_json_dump(o);
	json_decref(o);
	rc = append_view(ctx, 0, 0, how, after, err);
	free(after);
	return rc;
}

int privacy_parse_roles(const char *s, unsigned *mask, struct err *err)
{
	const char *parts[USER__COUNT * 2];
	char *hold = NULL;
	int n, r;

	*mask = 0;
	n = text_split_list(s ? s : "", parts, (int)(sizeof parts / sizeof parts[0]), &hold);
	if (n < 0) {
		free(hold);
		return err_set(err, ERR_USAGE, "too many roles (the roles are: clerk, officer, "
			       "handler, supervisor, admin)");
	}
	for (int i = 0; i < n; i++) {
		if ((r = vocab_parse(&vocab_user_role, parts[i])) < 0) {
			err_set(err, ERR_USAGE, "'%s' is not a role (clerk, officer, handler, "
				"supervisor, admin)", parts[i]);
			free(hold);
			return ERR_USAGE;
		}
		*mask |= 1u << r;
	}
	free(hold);
	if (!*mask)
		return err_set(err, ERR_USAGE, "no role named: someone must be able to call the "
			       "complainant back (e.g. officer, supervisor)");
	return 0;
}
