/*
 * The report's close events (schema 16, report_closes): what a row holds,
 * as SQL over the events, for the schema script that fills the table, the
 * full import that fills it again and cdesk check that compares it.
 */
#ifndef CDESK_REPORT_CLOSES_H
#define CDESK_REPORT_CLOSES_H

/* Each close event of a case, as report_closes holds it: its effective
 * time and id, the case, the fields of its "after" the accountability pass
 * reads (none of them a time schema 15 stores as ""), and the earliest
 * effective time of a later close of the same case. */
#define REPORT_CLOSES_ROWS \
	"SELECT e.at, e.id, e.case_id, json_extract(e.after, '$.finding'),\n" \
	"  json_extract(e.after, '$.responsible'), json_extract(e.after, '$.responsible_staff'),\n" \
	"  json_extract(e.after, '$.rectify_due'), (SELECT min(n.at) FROM events n INDEXED BY\n" \
	"  events_close_case WHERE n.case_id = e.case_id AND n.action = 'close' AND n.id > e.id)\n" \
	"  FROM events e WHERE e.action = 'close' AND e.case_id IS NOT NULL"

#define REPORT_CLOSES_FILL \
	"INSERT INTO report_closes (at, id, case_id, finding, responsible, staff, rectify_due,\n" \
	"  later_at) " REPORT_CLOSES_ROWS ";\n"

#endif
