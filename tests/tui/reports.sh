#!/bin/sh
# The reports screen, driven by tmux: F5 opens the last complete quarter with
# bar charts (Unicode blocks, '#' without UTF-8), arrows change the period,
# p prints through the configured command, e exports a file.
. tests/lib.sh
. tests/tui/tmux.inc

DB=$TMP/reports.db
"$CDESK" --db "$DB" init >/dev/null
n=0
for at in "2026-07-01 10:00" "2026-07-02 09:00" "2026-08-03 09:00" "2026-09-01 09:00"; do
	n=$((n + 1))
	"$CDESK" --db "$DB" add --at "$at" --channel phone --kind complaint --class general \
		--depts MEDICAL --text "护士态度差" --name "王$n" --phone "1370000000$n" >/dev/null
done
"$CDESK" --db "$DB" add --at "2026-08-05 09:00" --channel visit --kind complaint \
	--class general --depts NURSING --text "输液等待太久" --name 赵六 --phone 13700009999 >/dev/null
print_config "$TMP/printed"
mkdir -p "$TMP/home"

# the last complete quarter of the real clock; the tests know only its shape
start 100 30 LANG=C.UTF-8 CDESK_CONFIG="$TMP/cdesk.ini" HOME="$TMP/home"
check "the interface is up" '示范医院'
keys F5
check "F5 opens the reports screen" '20[0-9][0-9]Q[1-4]'
check "with the totals" '一、总体情况'
Q=$(screen_text | grep -Eo '20[0-9]{2}Q[1-4]' | head -1)
keys Left
check "Left: the quarter before" "Report $(printf '%s' "$Q" | awk -F Q '{ q = $2 - 1; y = $1; if (q < 1) { q = 4; y-- } printf "%dQ%d", y, q }')"
keys g
check "g asks for a period" '2026Q3 or 2026-08'
keys C-a C-k
typ "2026Q3"; keys Enter
check "2026Q3 chosen" 'Report 2026Q3'
check "its five cases" '^收到 +5 '
check "bars in block characters" '来电 +4 +80\.0% +█'
keys End
# (the trend is no longer last: the appraisal table and the late entries follow)
check "End scrolls to the last sections" '十三、有效投诉责任科室|十四、补录事项'
keys Home
check "Home back to the top" '一、总体情况'
keys m
check "m: the last month of the quarter" 'Report 2026-09'
keys m
check "m again: back to the quarter" 'Report 2026Q3'
keys p
check "p asks before printing" "Print report 2026Q3 with '.*'\\? \\[y/n\\]"
keys n
check "n: not printed" 'Not printed'
if [ -s "$TMP/printed" ]; then notok "nothing went to the printer" "$(head -c 200 "$TMP/printed")"; else ok "nothing went to the printer"; fi
keys p y
check "p y prints" "sent to"
if grep -q '第 1 页 共' "$TMP/printed" 2>/dev/null; then ok "the printer got the A4 text"; else
	notok "the printer got the A4 text" "$(head -c 300 "$TMP/printed" 2>/dev/null)"; fi
sleep 0.3
if screen_text | grep -q 'request id'; then notok "the print command's output stays off the screen" \
	"$(screen_text | grep 'request id')"; else ok "the print command's output stays off the screen"; fi
keys e
check "e asks for the format" 'CSV'
keys Enter
check "then the file" 'cdesk-report-2026Q3.csv'
keys Enter
check "export confirmed" 'written to'
if [ -f "$TMP/home/cdesk-report-2026Q3.csv" ] && grep -q '^totals,received,5,' "$TMP/home/cdesk-report-2026Q3.csv"; then
	ok "the CSV file holds the report"; else notok "the CSV file holds the report" "$(ls -la "$TMP/home")"; fi
# exporting again to the same file asks before replacing it
echo "kept" >"$TMP/home/cdesk-report-2026Q3.csv"
keys e Enter
check "the same file again" 'cdesk-report-2026Q3.csv'
keys Enter
check "an existing file: asks first" 'cdesk-report-2026Q3.csv exists. Replace it\? \[y/n\]'
keys n
check "n: not exported" 'Not exported; the file is unchanged'
expect_eq "the file is untouched" kept "$(cat "$TMP/home/cdesk-report-2026Q3.csv")"
keys e Enter Enter
check "asks again" 'exists. Replace it\?'
keys y
check "y: replaced" 'written to'
if grep -q '^totals,received,5,' "$TMP/home/cdesk-report-2026Q3.csv"; then ok "replaced with the report"; else
	notok "replaced with the report" "$(cat "$TMP/home/cdesk-report-2026Q3.csv")"; fi
keys Escape
keys F10
expect_eq "quits cleanly" 0 "$(wait_exit)"

# no UTF-8 in the locale: the bars are '#'
start 100 30 LANG=C LC_ALL=C CDESK_CONFIG="$TMP/cdesk.ini"
check "C locale: the interface is up" '.'
keys F5
check "C locale: the reports screen" '20[0-9][0-9]Q[1-4]'
keys g C-a C-k
typ "2026Q3"; keys Enter
check "C locale: bars in '#'" '4 +80\.0% +#+'
keys F10
wait_exit >/dev/null
