/* The database schema, one SQL script per version: script v brings version v-1 to v. */
#include "core/store.h"
#include "report_closes.h"

#include <stddef.h>

/*
 * Parts of the events table that versions 1 and 6 both write, word for
 * word: its first columns, and its index and append-only triggers. They
 * belong to released scripts: never edit them either.
 */
#define EVENTS_HEAD \
	"  id INTEGER PRIMARY KEY,\n" \
	"  case_id INTEGER REFERENCES cases(id),  -- NULL: a database-level event\n" \
	"  round INTEGER NOT NULL DEFAULT 0,\n" \
	"  actor TEXT NOT NULL,             -- the Unix login\n" \
	"  at TEXT NOT NULL,                -- effective time (--at)\n" \
	"  recorded TEXT NOT NULL,          -- real time\n" \
	"  action TEXT NOT NULL,\n"
#define EVENTS_GUARDS \
	"CREATE INDEX events_case ON events (case_id, id);\n" \
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n" \
	"BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed'); END;\n" \
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n" \
	"BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be deleted'); END;\n"

/*
 * Conventions: times are ISO 8601 local "YYYY-MM-DD HH:MM:SS", dates
 * "YYYY-MM-DD", money integer fen, vocabulary values their codes from
 * core/vocab.h ("visit", "general", "routed" …). A case is open unless its
 * status is closed, rejected or merged; the partial indexes below repeat
 * that condition word for word so that the queries of cases.c use them.
 * Never edit a released script: add the next version instead.
 */
static const char schema_v1[] =
	"CREATE TABLE meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO meta VALUES ('application', 'cdesk');\n"
	/* Last sequence number given per year: numbers are gapless because the
	 * row is bumped in the same transaction as the case insert. */
	"CREATE TABLE case_seq (\n"
	"  year INTEGER PRIMARY KEY,\n"
	"  last INTEGER NOT NULL CHECK (last >= 0)\n"
	");\n"
	"CREATE TABLE cases (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  number TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- TS2026-00042\n"
	"  year INTEGER NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  received TEXT NOT NULL,\n"
	"  channel TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  name TEXT, phone TEXT, relation TEXT, address TEXT, id_number TEXT,\n"
	"  anonymous INTEGER NOT NULL DEFAULT 0,\n"
	"  group_size INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1),\n"
	"  representatives TEXT,\n"
	"  patient_name TEXT, patient_record TEXT, visit_date TEXT,\n"
	"  unit TEXT,                       -- subject unit (被投诉科室)\n"
	"  staff TEXT,                      -- staff named\n"
	"  account TEXT NOT NULL,           -- in the complainant's words\n"
	"  demand TEXT,                     -- 诉求\n"
	"  claim_fen INTEGER NOT NULL DEFAULT 0 CHECK (claim_fen >= 0),\n"
	"  paid_fen INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),\n"
	"  categories TEXT NOT NULL DEFAULT '',  -- codes, comma-separated\n"
	"  dept TEXT NOT NULL,              -- lead department code\n"
	"  depts TEXT NOT NULL,             -- all department codes, lead first, comma-separated\n"
	"  class TEXT NOT NULL,\n"
	"  flags INTEGER NOT NULL DEFAULT 0, -- enum case_flag bits\n"
	"  escalated INTEGER NOT NULL DEFAULT 0,\n"
	"  suggestion TEXT,                 -- rule suggestion at intake, JSON\n"
	"  override TEXT,                   -- fields overridden by the clerk, JSON\n"
	"  override_by TEXT,\n"
	"  receiver TEXT NOT NULL,          -- first receiver (首诉负责)\n"
	"  status TEXT NOT NULL,\n"
	"  round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),\n"
	"  round_at TEXT NOT NULL,          -- when the current round began (receipt, reopening)\n"
	"  round_paused INTEGER NOT NULL DEFAULT 0,  -- working days paused in this round\n"
	"  due TEXT NOT NULL,               -- reply (or review) due of the current round\n"
	"  due_met TEXT,                    -- when it was met; NULL while running\n"
	"  reply_text TEXT, reply_method TEXT, replied_at TEXT,\n"
	"  satisfaction TEXT, callback_at TEXT, callback_note TEXT,\n"
	"  finding TEXT, close_note TEXT,\n"
	"  close_unreasonable INTEGER NOT NULL DEFAULT 0,\n"
	"  closed_at TEXT,                  -- closed, rejected or merged\n"
	"  reject_reason TEXT, reject_note TEXT,\n"
	"  merged_into INTEGER REFERENCES cases(id),\n"
	"  paused_from TEXT, paused_at TEXT, pause_reason TEXT,\n"
	"  paused_days INTEGER NOT NULL DEFAULT 0,\n"
	"  in_review INTEGER NOT NULL DEFAULT 0,\n"
	"  review_at TEXT, review_reason TEXT,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  updated TEXT NOT NULL,\n"
	"  UNIQUE (year, seq)\n"
	");\n"
	"CREATE INDEX cases_received ON cases (received, id);\n"
	/* Covers the report's one scan for the totals of every period of its
	 * trend (src/core/report.c), so it reads no table rows. */
	"CREATE INDEX cases_report ON cases (received, closed_at, status, due, due_met, paused_at);\n"
	"CREATE INDEX cases_closed ON cases (closed_at, id) WHERE closed_at IS NOT NULL;\n"
	"CREATE INDEX cases_phone ON cases (phone) WHERE phone IS NOT NULL;\n"
	"CREATE INDEX cases_open_due ON cases (due, id)\n"
	"  WHERE status NOT IN ('closed', 'rejected', 'merged');\n"
	"CREATE INDEX cases_status_due ON cases (status, due, id);\n"
	"CREATE INDEX cases_status_received ON cases (status, received, id);\n"
	"CREATE INDEX cases_receiver_due ON cases (receiver, due, id)\n"
	"  WHERE status NOT IN ('closed', 'rejected', 'merged');\n"
	"CREATE INDEX cases_reopened_due ON cases (due, id)\n"
	"  WHERE status NOT IN ('closed', 'rejected', 'merged') AND (round > 1 OR in_review = 1);\n"
	/* The departments and categories in force, one row each, for the
	 * per-department queues and the report's per-row counts. */
	"CREATE TABLE case_depts (\n"
	"  dept TEXT NOT NULL,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  lead INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (dept, case_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX case_depts_case ON case_depts (case_id);\n"
	"CREATE TABLE case_categories (\n"
	"  category TEXT NOT NULL,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  PRIMARY KEY (category, case_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX case_categories_case ON case_categories (case_id);\n"
	/* 转交办: one row per department per round. */
	"CREATE TABLE transfers (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  round INTEGER NOT NULL,\n"
	"  dept TEXT NOT NULL,\n"
	"  lead INTEGER NOT NULL DEFAULT 0,\n"
	"  state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'returned', 'cancelled')),\n"
	"  at TEXT NOT NULL,\n"
	"  due TEXT NOT NULL,               -- its own feedback deadline\n"
	"  by TEXT NOT NULL,\n"
	"  done_at TEXT, done_by TEXT,\n"
	"  feedback TEXT,                   -- 书面反馈\n"
	"  reason TEXT                      -- why returned (第二十二条) or cancelled\n"
	");\n"
	"CREATE INDEX transfers_case ON transfers (case_id, id);\n"
	"CREATE INDEX transfers_dept ON transfers (dept, state, due);\n"
	/* Reply drafts and their approvals along the class's chain. */
	"CREATE TABLE drafts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  round INTEGER NOT NULL,\n"
	"  version INTEGER NOT NULL,\n"
	"  author TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused', 'superseded')),\n"
	"  text TEXT NOT NULL,\n"
	"  UNIQUE (case_id, version)\n"
	");\n"
	"CREATE TABLE approvals (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  draft_id INTEGER NOT NULL REFERENCES drafts(id),\n"
	"  step INTEGER NOT NULL,\n"
	"  role TEXT NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  approved INTEGER NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX approvals_draft ON approvals (draft_id, step);\n"
	/* 第三十条: documents kept on file. */
	"CREATE TABLE materials (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
	"  description TEXT NOT NULL,\n"
	"  path TEXT,\n"
	"  added_by TEXT NOT NULL,\n"
	"  at TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX materials_case ON materials (case_id);\n"
	/* The timeline: append-only, each hash chained to the previous event's. */
	"CREATE TABLE events (\n"
	EVENTS_HEAD
	"  before TEXT, after TEXT,         -- JSON objects of the changed fields\n"
	"  note TEXT,\n"
	"  prev_hash TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	");\n"
	EVENTS_GUARDS
	/* Full text: the trigram tokenizer matches Chinese substrings of three or
	 * more characters; rowid is the case id; "names" holds the
	 * complainant's and patient's names and the phone. */
	"CREATE VIRTUAL TABLE cases_fts USING fts5 (account, demand, names, tokenize = 'trigram');\n"
	"CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN\n"
	"  INSERT INTO cases_fts (rowid, account, demand, names) VALUES (new.id, new.account,\n"
	"    coalesce(new.demand, ''), coalesce(new.name, '') || ' ' || coalesce(new.patient_name, '') || ' ' ||\n"
	"    coalesce(new.phone, ''));\n"
	"END;\n"
	"CREATE TRIGGER cases_fts_update AFTER UPDATE OF account, demand, name, patient_name, phone ON cases\n"
	"BEGIN\n"
	"  DELETE FROM cases_fts WHERE rowid = old.id;\n"
	"  INSERT INTO cases_fts (rowid, account, demand, names) VALUES (new.id, new.account,\n"
	"    coalesce(new.demand, ''), coalesce(new.name, '') || ' ' || coalesce(new.patient_name, '') || ' ' ||\n"
	"    coalesce(new.phone, ''));\n"
	"END;\n";

/* Version 2: the unsaved intake form of each user, kept as the clerk types. */
static const char schema_v2[] =
	"CREATE TABLE intake_drafts (\n"
	"  user TEXT PRIMARY KEY,\n"
	"  saved TEXT NOT NULL,\n"
	"  data TEXT NOT NULL               -- the form, JSON\n"
	");\n";

/* Version 3: working days a transfer's deadline was moved by pauses, so that
 * a recomputation (a new holiday calendar, cdesk recompute) keeps them. */
static const char schema_v3[] =
	"ALTER TABLE transfers ADD COLUMN paused_days INTEGER NOT NULL DEFAULT 0;\n";

/* Version 4: the staff and their roles (SPEC §9); a handler's departments
 * are codes, comma-separated. Nobody is registered after the migration of
 * an older file: `cdesk user add` by the file's owner makes the first admin. */
static const char schema_v4[] =
	"CREATE TABLE users (\n"
	"  login TEXT PRIMARY KEY,          -- the Unix login\n"
	"  role TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'handler', 'supervisor', 'admin')),\n"
	"  depts TEXT NOT NULL DEFAULT '',\n"
	"  name TEXT,                       -- 姓名\n"
	"  disabled INTEGER NOT NULL DEFAULT 0\n"
	") WITHOUT ROWID;\n";

/* Version 5: the database's identity, and the lead-department models that
 * `cdesk rules learn` trains on its closed cases (core/learn.h), each
 * marked with the identity of the database it was trained on. */
static const char schema_v5[] =
	"INSERT OR IGNORE INTO meta VALUES ('identity', lower(hex(randomblob(16))));\n"
	"CREATE TABLE learn_models (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  trained TEXT NOT NULL,\n"
	"  by TEXT NOT NULL,\n"
	"  db_identity TEXT NOT NULL,       -- meta 'identity' of the database trained on\n"
	"  cases INTEGER NOT NULL,          -- closed cases trained on\n"
	"  classes TEXT NOT NULL,           -- department codes, comma-separated\n"
	"  features INTEGER NOT NULL,\n"
	"  model BLOB NOT NULL\n"
	");\n";

/* Version 6: storage (issue 13). The event log made anew: its hashes as
 * 32-byte BLOBs (shown as hex as before), and the add events of older files
 * without their null fields. cdesk_unhex and cdesk_compact are the
 * migration's own functions (store_events.c): an event whose hash is not 64
 * hex digits, or whose add text has no canonical form, is copied as it is,
 * so that cdesk check still names it; every other hash stays what it was. */
static const char schema_v6[] =
	"CREATE TABLE events_v6 (\n"
	EVENTS_HEAD
	"  before TEXT, after TEXT,         -- JSON objects of the changed fields (add: no nulls)\n"
	"  note TEXT,\n"
	"  prev_hash BLOB NOT NULL,         -- SHA-256, 32 bytes; zeros for the first event\n"
	"  hash BLOB NOT NULL\n"
	");\n"
	"INSERT INTO events_v6 SELECT id, case_id, round, actor, at, recorded, action, before,\n"
	"  cdesk_compact(action, after), note, cdesk_unhex(prev_hash), cdesk_unhex(hash)\n"
	"  FROM events ORDER BY id;\n"
	"DROP TABLE events;\n"
	"ALTER TABLE events_v6 RENAME TO events;\n"
	EVENTS_GUARDS;

/* Version 7: the full-text index keeps no copy of the text (issue 13): an
 * external-content FTS5 table over the view cases_fts_text, which gives
 * each case's three indexed texts; the triggers keep the index in the same
 * transaction as the case, an update removing the old texts from it first.
 * The old index is rebuilt from the cases. */
#define FTS_NAMES(r) "coalesce(" r ".name, '') || ' ' || coalesce(" r ".patient_name, '') || ' ' " \
	"|| coalesce(" r ".phone, '')"
#define FTS_ROW(r) r ".id, " r ".account, coalesce(" r ".demand, ''), " FTS_NAMES(r)
/* The full-text index's triggers over the cases (schema 7, made again by 15). */
#define FTS_TRIGGERS \
	"CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN\n" \
	"  INSERT INTO cases_fts (rowid, account, demand, names) VALUES (" FTS_ROW("new") ");\n" \
	"END;\n" \
	"CREATE TRIGGER cases_fts_update AFTER UPDATE OF account, demand, name, patient_name, phone\n" \
	"ON cases BEGIN\n" \
	"  INSERT INTO cases_fts (cases_fts, rowid, account, demand, names)\n" \
	"    VALUES ('delete', " FTS_ROW("old") ");\n" \
	"  INSERT INTO cases_fts (rowid, account, demand, names) VALUES (" FTS_ROW("new") ");\n" \
	"END;\n" \
	"CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN\n" \
	"  INSERT INTO cases_fts (cases_fts, rowid, account, demand, names)\n" \
	"    VALUES ('delete', " FTS_ROW("old") ");\n" \
	"END;\n"

static const char schema_v7[] =
	"DROP TRIGGER cases_fts_insert;\n"
	"DROP TRIGGER cases_fts_update;\n"
	"DROP TABLE cases_fts;\n"
	"CREATE VIEW cases_fts_text (id, account, demand, names) AS SELECT " FTS_ROW("c")
	" FROM cases c;\n"
	"CREATE VIRTUAL TABLE cases_fts USING fts5 (account, demand, names, tokenize = 'trigram',\n"
	"  content = 'cases_fts_text', content_rowid = 'id');\n"
	"INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');\n"
	FTS_TRIGGERS;

/*
 * Version 8: indexes that make each query of the report (src/core/report*.c)
 * a range scan over its period, so that it does not grow with the file:
 * the totals' scan covers round and round_at too (no row is read to know
 * whether a case was reopened after an end); one covering index over the
 * period's cases for the breakdowns; the transfers by when their feedback
 * came; the events of the few actions the report reads, each a partial index
 * on its own (close, conclude, dispute, supervise), the earlier rounds by
 * when they were met, the late entries by when they were recorded. The
 * partial indexes' WHERE clauses are repeated word for word in the queries.
 */
static const char schema_v8[] =
	"DROP INDEX cases_report;\n"
	"CREATE INDEX cases_totals ON cases (received, closed_at, status, due, due_met, paused_at,\n"
	"  round, round_at);\n"
	"CREATE INDEX cases_period ON cases (received, channel, kind, class, unit, status, closed_at,\n"
	"  due, due_met, replied_at, round, satisfaction, callback_at, finding, claim_fen, paid_fen,\n"
	"  phone, name, anonymous, depts, categories, paused_at, round_at, paused_from, staff,\n"
	"  number, merged_into);\n"
	"CREATE INDEX transfers_done ON transfers (done_at, due, at, state, dept, case_id)\n"
	"  WHERE done_at IS NOT NULL;\n"
	"CREATE INDEX transfers_owed ON transfers (case_id) WHERE done_at IS NULL;\n"
	"CREATE INDEX events_close ON events (at, case_id) WHERE action = 'close';\n"
	"CREATE INDEX events_rectify ON events (at, case_id) WHERE action = 'close' AND\n"
	"  json_extract(after, '$.rectify_due') IS NOT NULL;\n"
	"CREATE INDEX events_rectified ON events (case_id, at) WHERE action = 'rectified';\n"
	"CREATE INDEX events_conclude ON events (at) WHERE action = 'conclude';\n"
	"CREATE INDEX events_dispute ON events (case_id, at) WHERE action = 'dispute';\n"
	"CREATE INDEX events_supervise ON events (case_id, round, at) WHERE action = 'supervise';\n"
	"CREATE INDEX events_round_met ON events (json_extract(before, '$.due_met'))\n"
	"  WHERE json_extract(before, '$.round') IS NOT NULL;\n"
	"CREATE INDEX events_late ON events (recorded) WHERE instr(after, '\"entered_late\":true') > 0\n"
	"  AND json_extract(after, '$.entered_late') = 1;\n";

/*
 * Version 9: storage (issue 13). The events keep no link column: the link
 * an event's hash is over is the hash of the event before it (zeros for the
 * first), which cdesk check reads from that row. The hashes do not change,
 * nor the chain head. SQLite rewrites the rows in place; the indexes and
 * triggers stay.
 */
static const char schema_v9[] =
	"ALTER TABLE events DROP COLUMN prev_hash;\n";

/* The hash of the event before (the link its hash is over), in an UPDATE of events. */
#define EVENT_LINK "(SELECT p.hash FROM events p WHERE p.id < events.id ORDER BY p.id DESC LIMIT 1)"

/*
 * Version 10: storage (issue 13). A whole-case event (add, a CSV restore's
 * import) leaves out, besides its nulls, the fields at their default (false,
 * 0, round and group size 1: defaults_v10 in store_events.c), which its
 * canonical form puts back, so that no hash changes. cdesk_compact10
 * rewrites each such event of an older file into that form when its
 * canonical form gives back the text its hash is over, else into that text
 * itself (hashed as it is stored); each rewritten event must verify as it
 * did (store_compact.c), or the migration is refused. The triggers that keep
 * the log append-only are dropped for the rewrite and made again.
 */
static const char schema_v10[] =
	"DROP TRIGGER events_no_update;\n"
	"UPDATE events SET after = cdesk_compact10(id, case_id, round, actor, at, recorded, action,\n"
	"  before, after, note, " EVENT_LINK ", hash)\n"
	"  WHERE action IN ('add', 'import') AND after IS NOT NULL;\n"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
	"BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed'); END;\n";

/*
 * Version 11: the report's totals of completed periods (issue 13). A period
 * that has ended keeps its totals (received, not accepted, merged, closed,
 * on time, overdue at its end) as the report counted them (report_cache.c),
 * so that a report reads only its own period's cases, not every case of its
 * eight-period trend. The triggers keep the rows true in the same
 * transaction as every change: a case added, changed in a field the totals
 * read, or removed, and an event of a case that undoes something (a
 * "before"), drop the rows of every period that ended after the case was
 * received (the only ones it counts in), and the next report counts those
 * anew. cdesk check recounts every row. The rows are filled by the reports;
 * a migrated file starts with none. The cases closed from a day on, with the
 * fields the totals read, for the cases received before a period and closed
 * in it or after it.
 */
static const char schema_v11[] =
	"CREATE TABLE report_totals (\n"
	"  period TEXT PRIMARY KEY,         -- 2026Q3, 2026-08\n"
	"  ends TEXT NOT NULL,              -- the day after its last, \"YYYY-MM-DD 00:00:00\"\n"
	"  received INTEGER NOT NULL, rejected INTEGER NOT NULL, merged INTEGER NOT NULL,\n"
	"  closed INTEGER NOT NULL, closed_on_time INTEGER NOT NULL,\n"
	"  overdue_at_end INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TRIGGER report_totals_add AFTER INSERT ON cases BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > new.received;\n"
	"END;\n"
	"CREATE TRIGGER report_totals_change AFTER UPDATE OF received, closed_at, status, due,\n"
	"  due_met, paused_at, round, round_at ON cases BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > min(old.received, new.received);\n"
	"END;\n"
	"CREATE TRIGGER report_totals_remove AFTER DELETE ON cases BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > old.received;\n"
	"END;\n"
	"CREATE TRIGGER report_totals_event AFTER INSERT ON events\n"
	"  WHEN new.case_id IS NOT NULL AND new.before IS NOT NULL BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > (SELECT received FROM cases WHERE id = new.case_id);\n"
	"END;\n"
	"CREATE INDEX cases_closed_totals ON cases (closed_at, received, status, due, due_met,\n"
	"  paused_at, round, round_at) WHERE closed_at IS NOT NULL;\n";

/*
 * Version 12: storage (issue 13). A whole-case event leaves out, besides
 * its nulls and the defaults of schema 10, the fields at the value most
 * cases are registered with (class general, kind complaint, status
 * registered, no flags: defaults_v12 in store_events.c) and those derived
 * from another field of the event (the lead department the first of the
 * departments, the due time the end of the due day, the round begun at
 * receipt: derived_v12), which its canonical form puts back, so that no
 * hash changes. cdesk_compact12 rewrites each such event of an older file
 * as cdesk_compact10 did. The index of the phones goes: no query looks a
 * phone up by its value (search matches it as a substring, through the
 * full-text index or a scan).
 */
static const char schema_v12[] =
	"DROP TRIGGER events_no_update;\n"
	"UPDATE events SET after = cdesk_compact12(id, case_id, round, actor, at, recorded, action,\n"
	"  before, after, note, " EVENT_LINK ", hash)\n"
	"  WHERE action IN ('add', 'import') AND after IS NOT NULL;\n"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
	"BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed'); END;\n"
	"DROP INDEX cases_phone;\n";

/*
 * Version 13: the kept totals survive the steps that change none of the
 * columns they read (issue 13). A step writes every state column of the
 * case (case_record.c) and an UPDATE OF trigger fires whenever a column of
 * its list is written, changed or not: a note on an old open case dropped
 * every period since its receipt. The trigger now fires only when one of
 * those columns changed value; an event drops them only when its "before"
 * names a field the rebuilt history of a reopened case reads (report.c:
 * hist_revert; a superset by key name, never fewer).
 */
#define TOTALS_CHANGED(c) "old." c " IS NOT new." c
static const char schema_v13[] =
	"DROP TRIGGER report_totals_change;\n"
	"CREATE TRIGGER report_totals_change AFTER UPDATE OF received, closed_at, status, due,\n"
	"  due_met, paused_at, round, round_at ON cases\n"
	"  WHEN " TOTALS_CHANGED("received") " OR " TOTALS_CHANGED("closed_at") " OR\n"
	"  " TOTALS_CHANGED("status") " OR " TOTALS_CHANGED("due") " OR " TOTALS_CHANGED("due_met")
	" OR\n  " TOTALS_CHANGED("paused_at") " OR " TOTALS_CHANGED("round") " OR "
	TOTALS_CHANGED("round_at") " BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > min(old.received, new.received);\n"
	"END;\n"
	"DROP TRIGGER report_totals_event;\n"
	"CREATE TRIGGER report_totals_event AFTER INSERT ON events\n"
	"  WHEN new.case_id IS NOT NULL AND new.before IS NOT NULL AND\n"
	"  (instr(new.before, '\"status\"') OR instr(new.before, '\"closed_at\"') OR\n"
	"   instr(new.before, '\"due_time\"') OR instr(new.before, '\"due_met\"') OR\n"
	"   instr(new.before, '\"paused_at\"') OR instr(new.before, '\"round\"') OR\n"
	"   instr(new.before, '\"round_at\"')) BEGIN\n"
	"  DELETE FROM report_totals WHERE ends > (SELECT received FROM cases WHERE id = new.case_id);\n"
	"END;\n";

/*
 * Version 14 (issue 13): three indexes for the report's accountability pass
 * (report_late.c, report_accountability), which at a million cases read
 * the period's 96,000 close events, their cases and their cases' later
 * events one scattered row each.
 * - events_close covers the pass: it holds each close event's "after" (its
 *   finding, responsible department and staff, rectification due), so the
 *   events are read from the index in order of time. The action too, or
 *   SQLite (3.40) does not count the index as covering a query that names
 *   it. About 100 bytes a close event; the same WHERE clause, so the other
 *   queries over it are unchanged.
 * - cases_brief holds the only columns the pass reads of each case (its
 *   number, receipt and departments) in order of id, about 60 bytes a
 *   case, where each case row read is a page of its own.
 * - events_close_case tells whether a later close of the same case came
 *   before the period's end from the close events alone, about 30 bytes
 *   each, where events_case read the row of each later event.
 */
static const char schema_v14[] =
	"DROP INDEX events_close;\n"
	"CREATE INDEX events_close ON events (at, case_id, after, action) WHERE action = 'close';\n"
	"CREATE INDEX cases_brief ON cases (id, number, received, depts);\n"
	"CREATE INDEX events_close_case ON events (case_id, id, at, action) WHERE action = 'close';\n";

/*
 * Version 15, the events (issue 13): an event recorded at its effective
 * time, as every step a desk takes without --at, keeps its recorded time as
 * '' (no byte stored, where the time took 19): the readers take an empty one
 * for the effective time (STORE_RECORDED), and the hash is over that time,
 * as before. Its fields that hold its effective time (a close's closed_at, a
 * reply's replied_at and due_met, an add's received …) hold "" instead
 * (cdesk_event_stored, store_events.c), which the readers give back
 * (cdesk_event_after, store_event_after_read); no query reads those fields
 * from the events in SQL. The late entries (events_late, by recorded) were recorded after
 * their effective time: none is empty. store_events_compact runs the same
 * on the rows of a full import, which come as they are read.
 */
#define STORE_EVENTS_V15_ROWS \
	"UPDATE events SET recorded = CASE WHEN recorded = at THEN '' ELSE recorded END,\n" \
	"  after = cdesk_event_stored(at, after) WHERE recorded = at OR after IS NOT NULL;\n"
#define STORE_EVENTS_V15 \
	"DROP TRIGGER events_no_update;\n" \
	STORE_EVENTS_V15_ROWS \
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n" \
	"BEGIN SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed'); END;\n"

/*
 * Version 15: storage (issue 13). The full-text index keeps no positions
 * (detail=none): 106 bytes a case where it held 307 at 100,000 cases. A
 * search asks it for the cases holding each trigram of the query and keeps
 * those whose texts hold the trigrams one after another, by the index's
 * own tokenizer (cdesk_fts_has, store_fts.c): the same cases as the phrase
 * query of the full index. The sqlite3 shell can still MATCH one trigram
 * (three characters), or several with AND, not a phrase. The index is made
 * anew from the cases, its triggers as schema 7 made them.
 */
static const char schema_v15[] =
	STORE_EVENTS_V15
	"DROP TRIGGER cases_fts_insert;\n"
	"DROP TRIGGER cases_fts_update;\n"
	"DROP TRIGGER cases_fts_delete;\n"
	"DROP TABLE cases_fts;\n"
	"CREATE VIRTUAL TABLE cases_fts USING fts5 (account, demand, names, tokenize = 'trigram',\n"
	"  content = 'cases_fts_text', content_rowid = 'id', detail = none);\n"
	"INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');\n"
	FTS_TRIGGERS;

/*
 * Version 16 (issue 13): the close events as the report's accountability
 * pass reads them (report_late.c, report_accountability), kept in
 * report_closes: at a million cases the pass read the period's 96,000
 * close events' "after" through json_extract, four fields each, and looked
 * each up again in events_close_case for a later close before the period's
 * end. A row a close event, in order of its time: the case, its finding,
 * responsible department and staff, rectification due, and later_at, the
 * earliest time of a later close of the same case (NULL while there is
 * none). The events are append-only: the trigger adds the row of each new
 * close and sets later_at on the case's earlier ones, in the same
 * transaction; a full import, which drops the triggers, fills the table
 * again from the events; cdesk check compares every row with the events
 * (report_closes_check). About 50 bytes a close event.
 * transfers_late: the transfers whose feedback came after its deadline, by
 * when it came, for the late feedback list (report_late.c,
 * report_late_feedback): at a million cases 13,206 of the 119,932 transfers
 * answered in 2026Q3, which the pass read all of through transfers_done.
 */
static const char schema_v16[] =
	"CREATE TABLE report_closes (\n"
	"  at TEXT NOT NULL,                -- the close event's effective time\n"
	"  id INTEGER NOT NULL,             -- the close event\n"
	"  case_id INTEGER NOT NULL,\n"
	"  finding TEXT, responsible TEXT, staff TEXT, rectify_due TEXT, -- of its \"after\"\n"
	"  later_at TEXT,                   -- the earliest effective time of a later close\n"
	"  PRIMARY KEY (at, id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX report_closes_case ON report_closes (case_id, id);\n"
	"CREATE INDEX report_closes_rectify ON report_closes (at) WHERE rectify_due IS NOT NULL;\n"
	REPORT_CLOSES_FILL
	"CREATE TRIGGER report_closes_add AFTER INSERT ON events\n"
	"  WHEN new.action = 'close' AND new.case_id IS NOT NULL BEGIN\n"
	"  UPDATE report_closes SET later_at = new.at WHERE case_id = new.case_id AND id < new.id\n"
	"    AND (later_at IS NULL OR later_at > new.at);\n"
	"  INSERT INTO report_closes (at, id, case_id, finding, responsible, staff, rectify_due)\n"
	"    VALUES (new.at, new.id, new.case_id, json_extract(new.after, '$.finding'),\n"
	"    json_extract(new.after, '$.responsible'), json_extract(new.after, '$.responsible_staff'),\n"
	"    json_extract(new.after, '$.rectify_due'));\n"
	"END;\n"
	"CREATE INDEX transfers_late ON transfers (done_at, due, at, state, dept, case_id)\n"
	"  WHERE done_at > due;\n";

/*
 * Version 17 (issue 13): events_close is again (at, case_id), as before
 * version 14: since version
 * 16 the accountability pass reads report_closes, and no query of cdesk
 * reads a close event's "after" from the index but cdesk check's and a full
 * import's (report_closes_check, REPORT_CLOSES_ROWS), which read every
 * close event once. 95 MB less at a million cases.
 */
static const char schema_v17[] =
	"DROP INDEX events_close;\n"
	"CREATE INDEX events_close ON events (at, case_id) WHERE action = 'close';\n";

static const char *const scripts[] = { NULL, schema_v1, schema_v2, schema_v3, schema_v4,
				       schema_v5, schema_v6, schema_v7, schema_v8, schema_v9,
				       schema_v10, schema_v11, schema_v12,
				       schema_v13, schema_v14, schema_v15,
				       schema_v16, schema_v17 };

int store_events_compact(struct store *st, struct err *err)
{
	return store_exec(st, STORE_EVENTS_V15_ROWS, err);
}

const char *store_schema_sql(int version)
{
	if (version < 1 || version > STORE_SCHEMA_VERSION)
		return NULL;
	return scripts[version];
}
