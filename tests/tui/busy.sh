#!/bin/sh
# Slow work shows a busy line (issue 10): printing the report while the print
# command runs (here one that takes two seconds), and exporting it while the
# file is written (the rename that puts it in place delayed two seconds by
# strace(1), when it is installed); the line gives way to the result.
. tests/lib.sh
. tests/tui/tmux.inc

DB=$TMP/busy.db
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --at "2026-08-03 09:00" --channel phone --kind complaint --class general \
	--depts MEDICAL --text "护士态度差" --name 王一 --phone 13700000001 >/dev/null
print_config "$TMP/printed"
# the print command: two seconds before it takes the job
printf 'sleep 2\ncat > "$1"\necho "request id is office-42 (1 file(s))"\n' >"$TMP/lp"
mkdir -p "$TMP/home"

report_2026q3() {
	check "the interface is up" '示范医院'
	keys F5
	check "the reports screen" '一、总体情况'
	keys g C-a C-k
	typ "2026Q3"; keys Enter
	check "2026Q3" 'Report 2026Q3'
}

start 100 30 LANG=C.UTF-8 CDESK_CONFIG="$TMP/cdesk.ini" HOME="$TMP/home"
report_2026q3
keys p y
check "printing: a busy line while the print command runs" '^Printing report 2026Q3…' 2
if [ -s "$TMP/printed" ]; then notok "… shown before the job was taken"; else ok "… shown before the job was taken"; fi
check "… then the result in its place" "Report 2026Q3 sent to" 5
if screen_text | grep -q 'Printing report'; then notok "… and the busy line is gone" "$(screen_text | tail -3)"
else ok "… and the busy line is gone"; fi

if command -v strace >/dev/null 2>&1; then
	start 100 30 LANG=C.UTF-8 CDESK_CONFIG="$TMP/cdesk.ini" HOME="$TMP/home" \
		strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:delay_enter=2000000
	report_2026q3
	keys e
	check "export: the format" 'CSV'
	keys Enter
	check "… where to" 'Save to:'
	keys Enter
	check "exporting: a busy line while the file is written" \
		"^Writing report 2026Q3 to $TMP/home/cdesk-report-2026Q3.csv…" 2
	if [ -e "$TMP/home/cdesk-report-2026Q3.csv" ]; then notok "… shown before the file is in place"
	else ok "… shown before the file is in place"; fi
	check "… then the result" "Report 2026Q3 written to $TMP/home/cdesk-report-2026Q3.csv" 6
	expect_match "the file is the CSV" '2026Q3' "$TMP/home/cdesk-report-2026Q3.csv"
else
	ok "# SKIP export's busy line: no strace(1) to slow the write"
fi
