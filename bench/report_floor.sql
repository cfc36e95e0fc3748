-- A floor for `cdesk report quarterly 2026Q3` (bench/run.sh): the sqlite3
-- shell computing comparable aggregates over the same file and the same
-- indexes (schema version 6) in one process: the eight quarters' totals at
-- their ends, the quarter's breakdowns by channel, kind, class, department
-- and unit, its late feedback, close events and repeated units. Not the
-- report (no state rebuilt as of the end, no working days, no layout): what
-- a hand-written SQL report of the same ranges costs.
SELECT substr(received, 1, 4) || 'Q' || ((substr(received, 6, 2) + 2) / 3) AS q, count(*),
  sum(status IN ('closed', 'rejected', 'merged') AND closed_at < '2026-10-01'),
  sum(status = 'closed' AND coalesce(due_met, closed_at) <= due),
  sum(status NOT IN ('closed', 'rejected', 'merged') AND due < '2026-09-30 23:59:59'),
  sum(round > 1 AND round_at > received)
  FROM cases WHERE received >= '2024-10-01 00:00:00' AND received < '2026-10-01 00:00:00'
  GROUP BY q;
SELECT channel, count(*) FROM cases WHERE received >= '2026-07-01 00:00:00'
  AND received < '2026-10-01 00:00:00' GROUP BY channel;
SELECT kind, count(*) FROM cases WHERE received >= '2026-07-01 00:00:00'
  AND received < '2026-10-01 00:00:00' GROUP BY kind;
SELECT class, count(*) FROM cases WHERE received >= '2026-07-01 00:00:00'
  AND received < '2026-10-01 00:00:00' GROUP BY class;
SELECT depts, count(*), sum(status = 'closed'), sum(satisfaction IN ('satisfied', 'basic')),
  sum(claim_fen), sum(paid_fen) FROM cases WHERE received >= '2026-07-01 00:00:00'
  AND received < '2026-10-01 00:00:00' GROUP BY depts;
SELECT unit, coalesce(staff, ''), count(*) FROM cases WHERE received >= '2026-07-01 00:00:00'
  AND received < '2026-10-01 00:00:00' AND merged_into IS NULL GROUP BY 1, 2;
SELECT t.dept, count(*) FROM transfers t WHERE t.done_at IS NOT NULL
  AND t.done_at >= '2026-07-01 00:00:00' AND t.done_at < '2026-10-01 00:00:00'
  AND t.done_at > t.due GROUP BY t.dept;
SELECT json_extract(after, '$.finding'), count(*) FROM events WHERE action = 'close'
  AND at >= '2026-07-01 00:00:00' AND at < '2026-10-01 00:00:00' GROUP BY 1;
