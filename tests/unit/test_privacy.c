/* Unit tests of confidentiality: which cases are protected, the mask, the one decision by role, the recorded disclosure, search that finds no protected identity, and a handler's scope. */
#include "testutil.h"

#include "core/actions.h"
#include "core/privacy.h"
#include "core/util.h"

#include <string.h>

TESTUTIL_FX_FILE("adm", "adm:admin", "clk:clerk", "off:officer", "sup:supervisor",
		 "nur:handler:NURSING")

static int count_views(struct store *st, int64_t case_id)
{
	struct store_event *evs;
	struct err err = { 0 };
	int n, views = 0;

	assert_int_equal(store_events_list(st, case_id, &evs, &n, &err), 0);
	for (int i = 0; i < n; i++)
		views += strcmp(evs[i].action, "identity-view") == 0;
	store_events_free(evs, n);
	return views;
}

/* An anonymous complaint with a phone, and a named misconduct report. */
static void add_protected(struct testutil_fx *f, char *anon, char *report)
{
	struct case_input in;
	struct case_record r;
	struct err err = { 0 };

	case_input_init(&in);
	in.channel = CHANNEL_PHONE;
	in.anonymous = true;
	in.phone = "13733334444";
	in.text = "护士态度很差，输液时打针多次失败";
	assert_int_equal(case_add(&f->ctx, &in, &r, &err), 0);
	strcpy(anon, r.number);
	case_record_free(&r);
	case_input_init(&in);
	in.channel = CHANNEL_PHONE;
	in.kind = KIND_REPORT;
	in.name = "李举报";
	in.phone = "13911112222";
	in.relation = "本人";
	in.patient_name = "李举报";
	in.text = "我是李举报，实名举报内科医生收红包，请回电13911112222";
	assert_int_equal(case_add(&f->ctx, &in, &r, &err), 0);
	strcpy(report, r.number);
	case_record_free(&r);
}

static void test_mask(void **state)
{
	struct case_record r = { 0 };
	json_t *o;

	(void)state;
	r.kind = KIND_COMPLAINT;
	r.name = xstrdup("王普通");
	assert_false(case_identity_protected(&r));
	r.kind = KIND_REPORT;
	assert_true(case_identity_protected(&r));
	r.kind = KIND_COMPLAINT;
	r.flags = FLAG_ANONYMOUS;
	assert_true(case_identity_protected(&r));
	r.phone = xstrdup("13911112222");
	r.relation = xstrdup("本人");
	r.patient_name = xstrdup("王普通");
	r.address = xstrdup("");
	case_identity_mask(&r);
	assert_true(r.identity_masked && r.identity_masked_patient);
	assert_string_equal(r.name, case_identity_marker());
	assert_string_equal(r.phone, case_identity_marker());
	assert_string_equal(r.patient_name, case_identity_marker());
	assert_string_equal(r.address, "");             /* nothing to hide */
	assert_string_equal(r.relation, "本人");
	case_record_free(&r);

	o = json_pack("{s:s, s:s, s:n, s:s, s:{s:s}}", "name", "李举报", "phone", "139",
		      "address", "status", "routed", "contact", "with", "李举报");
	case_identity_mask_json(o, false);
	assert_string_equal(json_string_value(json_object_get(o, "name")), case_identity_marker());
	assert_string_equal(json_string_value(json_object_get(o, "phone")), case_identity_marker());
	assert_true(json_is_null(json_object_get(o, "address")));
	assert_string_equal(json_string_value(json_object_get(o, "status")), "routed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "contact"),
							      "with")), case_identity_marker());
	json_decref(o);
}

static void test_parse_roles(void **state)
{
	struct err err = { 0 };
	unsigned m;

	(void)state;
	assert_int_equal(privacy_parse_roles("officer, supervisor", &m, &err), 0);
	assert_int_equal(m, PRIVACY_DEFAULT_ROLES);
	assert_int_equal(privacy_parse_roles("clerk，admin", &m, &err), 0);
	assert_int_equal(m, (1u << USER_CLERK) | (1u << USER_ADMIN));
	assert_int_equal(privacy_parse_roles("officer, boss", &m, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "'boss' is not a role"));
	assert_int_equal(privacy_parse_roles(" , ", &m, &err), ERR_USAGE);
}

/* The decision by role, the mask of the record and of its timeline, and one
 * recorded event per allowed view. */
static void test_view(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	struct store_event *evs;
	struct err err = { 0 };
	enum case_view v;
	char anon[32], report[32];
	int n;

	add_protected(f, anon, report);
	f->ctx.actor = "clk";
	assert_int_equal(case_get_view(&f->ctx, report, "show", &r, &v, &err), 0);
	assert_int_equal(v, VIEW_MASKED);
	assert_string_equal(r.name, case_identity_marker());
	assert_string_equal(r.patient_name, case_identity_marker());   /* 本人 */
	/* the account quotes the name and the phone: cut out there too */
	assert_null(strstr(r.text, "李举报"));
	assert_null(strstr(r.text, "13911112222"));
	assert_non_null(strstr(r.text, "实名举报内科医生收红包"));
	assert_int_equal(case_events(f->st, &r, &evs, &n, &err), 0);
	for (int i = 0; i < n; i++)
		if ((evs[i].after && (strstr(evs[i].after, "李举报") ||
				      strstr(evs[i].after, "13911112222"))) ||
		    (evs[i].note && strstr(evs[i].note, "李举报")))
			fail_msg("event %d shows the reporter: %s", i, evs[i].after);
	store_events_free(evs, n);
	assert_int_equal(count_views(f->st, r.id), 0);
	case_record_free(&r);

	f->ctx.actor = "off";
	assert_int_equal(case_get_view(&f->ctx, report, "show", &r, &v, &err), 0);
	assert_int_equal(v, VIEW_DISCLOSED);
	assert_string_equal(r.name, "李举报");
	assert_int_equal(count_views(f->st, r.id), 1);
	case_record_free(&r);
	/* a reload of the same view records nothing more */
	assert_int_equal(case_get_view(&f->ctx, report, NULL, &r, &v, &err), 0);
	assert_int_equal(v, VIEW_DISCLOSED);
	assert_int_equal(count_views(f->st, r.id), 1);
	case_record_free(&r);

	/* a disclosure that cannot be recorded is not made */
	assert_int_equal(sqlite3_exec(store_db(f->st), "CREATE TRIGGER no_views BEFORE INSERT ON "
				      "events WHEN NEW.action = 'identity-view' BEGIN SELECT "
				      "RAISE(ABORT, 'disk full'); END", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(case_get_view(&f->ctx, anon, "show", &r, &v, &err), 0);
	assert_int_equal(v, VIEW_UNRECORDED);
	assert_string_equal(r.phone, case_identity_marker());
	assert_non_null(strstr(err.msg, "disk full"));
	assert_int_equal(count_views(f->st, r.id), 0);
	case_record_free(&r);
	assert_int_equal(sqlite3_exec(store_db(f->st), "DROP TRIGGER no_views", NULL, NULL, NULL),
			 SQLITE_OK);

	/* the admin is no identity role by default; [privacy] may make it one */
	f->ctx.actor = "adm";
	assert_false(case_identity_visible(&f->ctx, &(struct case_record){ .anonymous = true }));
	f->ctx.identity_roles = 1u << USER_ADMIN;
	assert_true(case_identity_visible(&f->ctx, &(struct case_record){ .anonymous = true }));
	f->ctx.identity_roles = 0;
	/* the handler of NURSING: a case never transferred to it is refused */
	f->ctx.actor = "nur";
	assert_int_equal(case_get_view(&f->ctx, anon, "show", &r, &v, &err), ERR_PERM);
	f->ctx.actor = "adm";
}

static int search_n(struct testutil_fx *f, const char *who, const char *q)
{
	struct case_page p;
	struct err err = { 0 };
	int n;

	f->ctx.actor = who;
	if (case_search(&f->ctx, q, NULL, 50, &p, &err))
		fail_msg("search %s as %s: %s", q, who, err.msg);
	n = p.n;
	for (int i = 0; i < p.n; i++)
		if ((p.items[i].name && strstr(p.items[i].name, "李举报")) ||
		    (p.items[i].text && strstr(p.items[i].text, "李举报")) ||
		    (p.items[i].phone && strstr(p.items[i].phone, "1373333")))
			if (strcmp(who, "off") != 0 && strcmp(who, "sup") != 0)
				fail_msg("search %s as %s shows the identity", q, who);
	case_page_free(&p);
	f->ctx.actor = "adm";
	return n;
}

/* No protected name or phone is matched for a role that may not see it;
 * the account's words still are. A handler finds only its cases. */
static void test_search_and_scope(void **state)
{
	struct testutil_fx *f = *state;
	struct case_page p;
	struct case_filter flt;
	struct err err = { 0 };
	char anon[32], report[32], plain[32];
	const char *lead = "NURSING";

	add_protected(f, anon, report);
	testutil_add_case(&f->ctx, "13600001111", "门诊排队时间太长", plain);
	assert_int_equal(search_n(f, "off", "13733334444"), 1);
	assert_int_equal(search_n(f, "sup", "李举报"), 1);
	assert_int_equal(search_n(f, "clk", "13733334444"), 0);
	assert_int_equal(search_n(f, "clk", "李举报"), 0);
	assert_int_equal(search_n(f, "clk", "李举"), 0);          /* the LIKE scan */
	assert_int_equal(search_n(f, "adm", "1391111"), 0);
	assert_int_equal(search_n(f, "clk", "收红包"), 1);       /* the account */
	assert_int_equal(search_n(f, "clk", "我是李举报"), 0);   /* quoted in the account */
	assert_int_equal(search_n(f, "clk", "回电1391111"), 0);
	assert_int_equal(search_n(f, "clk", "13600001111"), 1);  /* not protected */

	assert_int_equal(case_act(&f->ctx, CA_TRANSFER, anon, 0,
				  (const char *const[ACTION_MAX_PARAMS]){ lead }, NULL, &err), 0);
	assert_int_equal(search_n(f, "nur", "打针多次失败"), 1);
	assert_int_equal(search_n(f, "nur", "收红包"), 0);
	assert_int_equal(search_n(f, "nur", plain), 0);
	f->ctx.actor = "nur";
	case_filter_init(&flt);
	assert_int_equal(case_list(&f->ctx, QUEUE_ALL, NULL, &flt, SORT_NUMBER, false, 0, NULL,
				   50, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, anon);
	assert_true(p.items[0].identity_masked);
	case_page_free(&p);
	/* With its transfers under one in a hundred cases the handler's cases
	 * are collected from the transfers' index: the same answer. */
	f->ctx.actor = "adm";
	for (int i = 0; i < 100; i++)
		testutil_add_case(&f->ctx, NULL, "门诊排队时间太长", plain);
	f->ctx.actor = "nur";
	assert_int_equal(case_list(&f->ctx, QUEUE_ALL, NULL, &flt, SORT_NUMBER, true, 0, NULL,
				   50, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, anon);
	case_page_free(&p);
	assert_int_equal(search_n(f, "nur", "打针多次失败"), 1);
	assert_int_equal(search_n(f, "nur", "排队"), 0);
	f->ctx.actor = "adm";
}

TESTUTIL_MAIN(data_setup, data_teardown,
	      cmocka_unit_test(test_mask),
	      cmocka_unit_test(test_parse_roles),
	      TESTUTIL_FX_TEST(test_view),
	      TESTUTIL_FX_TEST(test_search_and_scope))
