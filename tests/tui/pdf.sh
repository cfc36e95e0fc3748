#!/bin/sh
# The reports screen with [print] format = pdf (issue 14): p prints the A4
# PDF through the print command, e exports it as a .pdf file.
. tests/lib.sh
. tests/tui/tmux.inc

DB=$TMP/pdf.db
"$CDESK" --db "$DB" init >/dev/null
n=0
for at in "2026-07-01 10:00" "2026-08-03 09:00" "2026-09-01 09:00"; do
	n=$((n + 1))
	"$CDESK" --db "$DB" add --at "$at" --channel phone --kind complaint --class general \
		--depts MEDICAL --text "护士态度差" --name "王$n" --phone "1370000000$n" >/dev/null
done
print_config "$TMP/printed"
sed -i 's/^format = text$/format = pdf/' "$TMP/cdesk.ini"
mkdir -p "$TMP/home"

start 100 30 LANG=C.UTF-8 CDESK_CONFIG="$TMP/cdesk.ini" HOME="$TMP/home"
check "the interface is up" '示范医院'
keys F5
check "F5 opens the reports screen" '20[0-9][0-9]Q[1-4]'
keys g
check "g asks for a period" '2026Q3 or 2026-08'
keys C-a C-k
typ "2026Q3"; keys Enter
check "2026Q3 chosen" 'Report 2026Q3'
keys p y
check "p prints" "sent to"
expect_eq "the printer got a PDF" "%PDF-" "$(head -c 5 "$TMP/printed" 2>/dev/null)"
keys e
check "e offers PDF" 'PDF \(A4\)'
keys Down Down Down Enter
check "then the .pdf file" 'cdesk-report-2026Q3\.pdf'
keys Enter
check "export confirmed" 'written to'
expect_eq "the exported file is a PDF" "%PDF-" "$(head -c 5 "$TMP/home/cdesk-report-2026Q3.pdf" 2>/dev/null)"
if command -v pdftotext >/dev/null; then
	pdftotext "$TMP/home/cdesk-report-2026Q3.pdf" "$TMP/x.txt" 2>/dev/null
	expect_match "the exported PDF is the report" '投诉季度分析报告' "$TMP/x.txt"
fi
keys Escape
keys F10
expect_eq "quits cleanly" 0 "$(wait_exit)"
