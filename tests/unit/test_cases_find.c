/* Unit tests of finding cases and of what stays after: the queues and their
 * pages, search, the JSON contract, deadlines recomputed after a calendar
 * change, numbers taken by several processes at once (the steps of a case:
 * tests/unit/test_cases.c). */
#include "cases_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

static void test_queues_and_pagination(void **state)
{
	struct testutil_fx *f = *state;
	struct case_page p;
	struct err err = { 0 };
	char n[32], first[32] = "";
	int seen = 0;
	char cursor[96] = "";

	for (int i = 0; i < 23; i++) {
		char when[32];
		snprintf(when, sizeof when, "2026-07-%02d 09:%02d", 1 + i % 20, i);
		add(f, when, NULL, n);
		if (!first[0])
			snprintf(first, sizeof first, "%s", n);
	}
	at(f, "2026-07-08 12:00");
	OK(case_transfer(&f->ctx, first, "NURSING", NULL, 0, NULL, &err_));

	f->ctx.at = T("2026-07-08 12:00");
	assert_int_equal(case_list(&f->ctx, QUEUE_FEEDBACK, NULL, NULL, SORT_DUE, false, 0, NULL,
				   50, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, first);
	case_page_free(&p);
	assert_int_equal(case_list(&f->ctx, QUEUE_NEW, NULL, NULL, SORT_DUE, false, 0, NULL, 50,
				   &p, &err), 0);
	assert_int_equal(p.n, 22);
	case_page_free(&p);
	/* overdue on 8 July: cases received on 1 July are due 8 July 23:59, so none;
	 * on 9 July the first day's are */
	f->ctx.at = T("2026-07-09 12:00");
	assert_int_equal(case_list(&f->ctx, QUEUE_OVERDUE, NULL, NULL, SORT_DUE, false, 0, NULL,
				   50, &p, &err), 0);
	for (int i = 0; i < p.n; i++)
		assert_true(datetime_cmp(p.items[i].due, f->ctx.at) < 0);
	assert_int_equal(p.n, 2);
	case_page_free(&p);
	assert_int_equal(case_list(&f->ctx, QUEUE_DEPT, "护理部", NULL, SORT_DUE, false, 0, NULL,
				   50, &p, &err), 0);
	assert_int_equal(p.n, 23);
	case_page_free(&p);
	assert_int_equal(case_list(&f->ctx, QUEUE_DEPT, "NOSUCH", NULL, SORT_DUE, false, 0, NULL,
				   50, &p, &err), ERR_NOTFOUND);
	assert_int_equal(case_list(&f->ctx, QUEUE_ALL, NULL, NULL, SORT_DUE, false, 0, "garbage",
				   50, &p, &err), ERR_USAGE);

	/* Pages of 10 over all 23 by each sort: every case once, in order. */
	for (int sort = SORT_DUE; sort <= SORT_NUMBER; sort++) {
		char prev_key[40] = "";
		seen = 0;
		cursor[0] = '\0';
		do {
			assert_int_equal(case_list(&f->ctx, QUEUE_ALL, NULL, NULL, (enum case_sort)sort,
						   sort == SORT_NUMBER, 0, cursor, 10, &p, &err), 0);
			for (int i = 0; i < p.n; i++) {
				char key[40];
				if (sort == SORT_DUE)
					store_time(p.items[i].due, key);
				else if (sort == SORT_RECEIVED)
					store_time(p.items[i].received, key);
				else
					snprintf(key, sizeof key, "%s", p.items[i].number);
				if (prev_key[0]) {
					if (sort == SORT_NUMBER)
						assert_true(strcmp(key, prev_key) < 0);
					else
						assert_true(strcmp(key, prev_key) >= 0);
				}
				snprintf(prev_key, sizeof prev_key, "%s", key);
			}
			seen += p.n;
			snprintf(cursor, sizeof cursor, "%s", p.cursor);
			assert_true(p.more == (cursor[0] != '\0'));
			case_page_free(&p);
		} while (cursor[0]);
		assert_int_equal(seen, 23);
	}
	/* a filter */
	{
		struct case_filter fl;
		case_filter_init(&fl);
		fl.status = STATUS_ROUTED;
		assert_int_equal(case_list(&f->ctx, QUEUE_ALL, NULL, &fl, SORT_DUE, false, 0, NULL, 50,
					   &p, &err), 0);
		assert_int_equal(p.n, 1);
		case_page_free(&p);
	}
}

static void test_search(void **state)
{
	struct testutil_fx *f = *state;
	struct case_page p;
	struct err err = { 0 };
	struct case_input in;
	struct case_record r;
	char n[32];

	add(f, "2026-07-03 09:00", "心内科医生态度冷漠，不解释病情", n);
	add(f, "2026-07-03 09:10", "停车场收费太贵", n);
	case_input_init(&in);
	in.channel = CHANNEL_LETTER;
	in.name = "欧阳娜娜";
	in.phone = "13912345678";
	in.text = "食堂饭菜不卫生";
	at(f, "2026-07-03 09:20");
	OK(case_add(&f->ctx, &in, &r, &err_));
	case_record_free(&r);

	assert_int_equal(case_search(&f->ctx, "态度冷漠", NULL, 10, &p, &err), 0);  /* trigram */
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, "TS2026-00001");
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "停车", NULL, 10, &p, &err), 0);      /* 2 chars */
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, "TS2026-00002");
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "娜", NULL, 10, &p, &err), 0);        /* 1 char, name */
	assert_int_equal(p.n, 1);
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "欧阳娜娜", NULL, 10, &p, &err), 0);  /* name, FTS */
	assert_int_equal(p.n, 1);
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "1234", NULL, 10, &p, &err), 0);      /* phone */
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].number, "TS2026-00003");
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "ts2026-00002", NULL, 10, &p, &err), 0);
	assert_int_equal(p.n, 1);
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "不存在的词语", NULL, 10, &p, &err), 0);
	assert_int_equal(p.n, 0);
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "100%_", NULL, 10, &p, &err), 0);     /* LIKE escapes */
	assert_int_equal(p.n, 0);
	case_page_free(&p);
	assert_int_equal(case_search(&f->ctx, "  ", NULL, 10, &p, &err), ERR_USAGE);
	assert_int_equal(case_search(&f->ctx, "\x1b[2J", NULL, 10, &p, &err), ERR_USAGE);
	/* paging a search */
	assert_int_equal(case_search(&f->ctx, "张三", NULL, 1, &p, &err), 0);
	assert_int_equal(p.n, 1);
	assert_true(p.more);
	{
		char cur[96];
		snprintf(cur, sizeof cur, "%s", p.cursor);
		case_page_free(&p);
		assert_int_equal(case_search(&f->ctx, "张三", cur, 1, &p, &err), 0);
		assert_int_equal(p.n, 1);
		assert_false(p.more);
		case_page_free(&p);
	}
}

static void test_json_contract(void **state)
{
	struct testutil_fx *f = *state;
	struct case_record r;
	char n[32];
	json_t *o;
	const char *keys[] = { "number", "status", "class", "dept", "depts", "due", "round", "flags",
			       "transfers", "drafts", "materials", NULL };

	add(f, "2026-07-03 09:15", NULL, n);
	r = get(f, n);
	o = case_to_json(&r, true);
	for (int i = 0; keys[i]; i++)
		if (!json_object_get(o, keys[i]))
			fail_msg("no key %s", keys[i]);
	assert_string_equal(json_string_value(json_object_get(o, "due")), "2026-07-10");
	assert_true(json_is_array(json_object_get(o, "flags")));
	assert_int_equal(json_integer_value(json_object_get(o, "round")), 1);
	json_decref(o);
	case_record_free(&r);
}

/* A new calendar moves running deadlines (one event each), never met ones. */
static void test_recompute_after_calendar_change(void **state)
{
	struct testutil_fx *f = *state;
	struct calendar *plain = calendar_new();     /* Monday-Friday, no holidays */
	const struct calendar *real = f->ctx.cal;
	struct case_record r;
	char a[32], b[32], d[11];
	int checked, changed;
	struct err err = { 0 };

	/* Received Monday 28 September 2026: 国庆 1-7 October are off, Saturday
	 * 10 October is worked. */
	add(f, "2026-09-28 09:00", NULL, a);
	at(f, "2026-09-28 10:00");
	OK(case_transfer(&f->ctx, a, "NURSING", NULL, 0, NULL, &err_));
	r = get(f, a);
	assert_string_equal(date_format(r.due.day, d), "2026-10-10");
	assert_string_equal(date_format(r.transfers[0].due.day, d), "2026-10-08");
	case_record_free(&r);
	add(f, "2026-09-28 09:30", NULL, b);
	walk_to_replied(f, b, "2026-09-29");          /* met on 29 September */

	/* The same calendar changes nothing and records nothing. */
	at(f, "2026-09-30 09:00");
	OK(cases_recompute_all(&f->ctx, &checked, &changed, &err_));
	assert_int_equal(checked, 2);
	assert_int_equal(changed, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'recompute'"), 0);

	f->ctx.cal = plain;
	OK(cases_recompute_all(&f->ctx, &checked, &changed, &err_));
	assert_int_equal(changed, 1);
	r = get(f, a);
	assert_string_equal(date_format(r.due.day, d), "2026-10-05");
	assert_string_equal(date_format(r.transfers[0].due.day, d), "2026-10-01");
	case_record_free(&r);
	assert_string_equal(due_of(f, b, d), "2026-10-10");   /* met: not moved */
	assert_int_equal(count(f, "SELECT count(*) FROM events WHERE action = 'recompute' AND "
			       "before LIKE '%2026-10-10%' AND after LIKE '%2026-10-05%'"), 1);

	/* Paused days survive a recomputation. */
	f->ctx.cal = real;
	at(f, "2026-09-30 10:00");
	OK(case_pause(&f->ctx, a, "等材料", &err_));
	at(f, "2026-10-13 09:00");                    /* 8, 9, 10, 12, 13 October: 5 working days */
	OK(case_resume(&f->ctx, a, NULL, &err_));
	OK(case_recompute(&f->ctx, a, NULL, &err_));  /* back to the real calendar */
	r = get(f, a);
	assert_int_equal(r.paused_days, 5);
	assert_string_equal(date_format(r.due.day, d), "2026-10-16");    /* 10 October + 5 */
	assert_string_equal(date_format(r.transfers[0].due.day, d), "2026-10-14"); /* 8th + 5 */
	case_record_free(&r);
	{
		bool ch = true;
		assert_int_equal(case_recompute(&f->ctx, a, &ch, &err), 0);
		assert_false(ch);
	}
	calendar_free(plain);
}

/* Several processes register at once on one file: numbers stay unique and gapless. */
static void test_concurrent_numbers(void **state)
{
	char dir[] = "/tmp/cdesk-conc-XXXXXX", *path;
	struct store *st;
	struct err err = { 0 };
	const int procs = 4, each = 15;
	(void)state;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/c.db", dir);
	assert_int_equal(store_init(path, &st, &err), 0);
	assert_int_equal(testutil_users(st, "clerk:clerk", NULL), 0);
	store_close(st);
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct case_ctx ctx = { 0 };
			struct case_input in;
			int bad = 0;
			if (store_open(path, false, &st, &err))
				_exit(10);
			ctx.st = st;
			ctx.rules = rules;
			ctx.cal = cal;
			ctx.actor = "clerk";
			ctx.prefix = "TS";
			ctx.now = T("2026-11-20 12:00");
			ctx.at = T("2026-07-03 09:00");
			for (int i = 0; i < each; i++) {
				case_input_init(&in);
				in.channel = CHANNEL_PHONE;
				in.name = "并发";
				in.text = "护士态度不好";
				if (case_add(&ctx, &in, NULL, &err)) {
					fprintf(stderr, "child %d: %s\n", p, err.msg);
					bad = 1;
				}
			}
			store_close(st);
			_exit(bad);
		}
	}
	for (int p = 0; p < procs; p++) {
		int status;
		wait(&status);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(path, false, &st, &err), 0);
	{
		sqlite3_stmt *s;
		sqlite3_prepare_v2(store_db(st), "SELECT count(*), count(DISTINCT number), min(seq), "
				   "max(seq) FROM cases", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), procs * each);
		assert_int_equal(sqlite3_column_int(s, 1), procs * each);
		assert_int_equal(sqlite3_column_int(s, 2), 1);
		assert_int_equal(sqlite3_column_int(s, 3), procs * each);
		sqlite3_finalize(s);
	}
	assert_int_equal(store_check(st, NULL, &err), 0);
	store_close(st);
	assert_int_equal(testutil_rmtree(dir), 0);
	free(path);
}


TESTUTIL_MAIN(data_setup, data_teardown,
	      TESTUTIL_FX_TEST(test_queues_and_pagination),
	      TESTUTIL_FX_TEST(test_search),
	      TESTUTIL_FX_TEST(test_json_contract),
	      TESTUTIL_FX_TEST(test_recompute_after_calendar_change),
	      cmocka_unit_test(test_concurrent_numbers))
