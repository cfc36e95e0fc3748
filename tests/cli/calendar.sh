#!/bin/sh
# cdesk due and cdesk calendar: due dates across the holidays, stdin mode,
# month views against golden files, bad input, a malformed holiday file.
. tests/lib.sh
G=tests/cli/golden

# due DATE --days N: the first line is the due date. Expected dates worked out
# by hand from the State Council notices (see tests/unit/test_calendar.c).
while read -r from n want why; do
	got=$("$CDESK" due "$from" --days "$n" 2>/dev/null | head -1)
	expect_eq "due $from --days $n ($why)" "$want" "$got"
done <<'ROWS'
2025-09-30 5 2025-10-14 国庆节+中秋节,make-up-10-11
2025-09-30 1 2025-10-09 国庆节+中秋节
2025-09-26 1 2025-09-28 make-up-Sunday
2025-12-31 1 2026-01-04 元旦,make-up-Sunday-01-04
2026-02-13 1 2026-02-14 make-up-Saturday
2026-02-13 2 2026-02-24 春节
2026-02-13 10 2026-03-05 春节-and-make-up-02-28
2026-04-30 1 2026-05-06 劳动节
2026-09-30 4 2026-10-12 国庆节,make-up-10-10
2024-02-09 1 2024-02-18 春节-2024
2023-09-28 1 2023-10-07 中秋节+国庆节-2023
2026-10-08 -1 2026-09-30 backwards
2026-02-15 0 2026-02-24 zero-from-a-holiday
2026-12-31 2 2027-01-04 into-2027-without-a-file
ROWS

expect_rc "due golden run" 0 "$CDESK" due 2025-09-30 --days 5
golden "due 2025-09-30 --days 5 explains" "$G/due-2025-09-30-5.txt" "$TMP/out"
expect_rc "due --json" 0 "$CDESK" due 2026-02-13 --days 2 --json
golden "due --json golden" "$G/due-2026-02-13-2.json" "$TMP/out"

# Fallback warning for a year without a file.
expect_rc "due into 2027" 0 "$CDESK" due 2026-12-31 --days 2
expect_match "warns about 2027" "no holiday calendar for 2027" "$TMP/err"
expect_match "notes the fallback" "Monday-Friday" "$TMP/out"
expect_rc "due within 2026" 0 "$CDESK" due 2026-03-02 --days 2
expect_eq "no warning inside known years" "" "$(cat "$TMP/err")"

# Standard input: one answer a line; blank lines skipped.
printf '2025-09-30\n2026-02-13\r\n\n2025-12-31\n' >"$TMP/in"
"$CDESK" due --days 1 <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin exit" 0 $?
expect_eq "stdin answers" "2025-10-09 2026-02-14 2026-01-04" "$(tr '\n' ' ' <"$TMP/out" | sed 's/ $//')"
printf '2025-09-30\n2026-12-31\n' | "$CDESK" due - --days 3 --json >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin json lines" 2 "$(grep -c '^{"from":' "$TMP/out")"
expect_match "stdin json due" '"due":"2025-10-11"' "$TMP/out"
expect_match "stdin json unknown year" '"calendar_known":false' "$TMP/out"
expect_eq "stdin warns once" 1 "$(grep -c 'no holiday calendar for 2027' "$TMP/err")"
printf '2025-09-30\n2026-02-30\n2025-12-31\n' | "$CDESK" due --days 1 >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin bad line exit" 2 $?
expect_match "stdin bad line named" "line 2: '2026-02-30': 2026-02 has 28 days" "$TMP/err"
expect_eq "stdin stops at the bad line" "2025-10-09" "$(cat "$TMP/out")"

# Bad input: exit 2 and a message naming what is wrong.
expect_rc "bad date" 2 "$CDESK" due 2026-02-30 --days 1
expect_match "bad date named" "'2026-02-30': 2026-02 has 28 days" "$TMP/err"
expect_rc "bad --days" 2 "$CDESK" due 2026-02-13 --days abc
expect_match "bad --days named" "--days: 'abc' is not a whole number" "$TMP/err"
expect_rc "unknown class" 2 "$CDESK" due 2026-02-13 --class urgent
expect_match "unknown class named" "unknown class 'urgent'" "$TMP/err"
expect_rc "unknown option" 2 "$CDESK" due 2026-02-13 --days 1 --frob
expect_match "unknown option named" "unknown option '--frob'" "$TMP/err"
expect_rc "neither --days nor --class" 2 "$CDESK" due 2026-02-13
expect_match "says what to give" "give --days N or --class CLASS" "$TMP/err"
expect_rc "both --days and --class" 2 "$CDESK" due 2026-02-13 --days 1 --class general
expect_rc "--time without --class" 2 "$CDESK" due 2026-02-13 --days 1 --time 10:00
expect_rc "bad --time" 2 "$CDESK" due 2026-02-13 --class general --time 25:00
expect_match "bad --time named" "--time: '25:00'" "$TMP/err"
expect_rc "bad --depts" 2 "$CDESK" due 2026-02-13 --class general --depts 0
expect_rc "outside the calendar" 2 "$CDESK" due 2150-01-01 --days 1
expect_match "outside named" "outside the calendar's years 2000-2099" "$TMP/err"
expect_rc "clamped at the end" 2 "$CDESK" due 2099-12-20 --days 30
expect_rc "control characters escaped" 2 "$CDESK" due "$(printf '2026\033[31m')" --days 1
expect_nomatch "no escape reaches the terminal" "$(printf '\033')" "$TMP/err"

# Class rules (SPEC §3.2 defaults from data/rules.ini).
while read -r from tm cls depts want why; do
	got=$("$CDESK" due "$from" --time "$tm" --class "$cls" --depts "$depts" 2>"$TMP/err" | head -1)
	expect_eq "due $from $tm --class $cls --depts $depts ($why)" "$want" "$got"
done <<'ROWS'
2026-02-13 10:00 general 1 2026-02-27 5-days-over-春节
2026-02-13 10:00 general 2 2026-03-05 several-departments-10-days
2026-02-13 10:00 important 1 2026-03-05 important-10-days
2026-02-13 10:00 simple 1 2026-02-13 same-day
2026-02-13 18:00 simple 1 2026-02-14 after-17:30-next-working-day-is-make-up
2026-02-15 10:00 simple 1 2026-02-24 received-on-a-holiday
ROWS
expect_eq "emergency: two clock hours" "2026-02-13 12:00" \
	"$("$CDESK" due "2026-02-13 10:00" --class emergency 2>/dev/null | head -1)"
expect_eq "emergency: across midnight" "2026-02-14 01:00" \
	"$("$CDESK" due 2026-02-13 --time 23:00 --class emergency 2>/dev/null | head -1)"
expect_rc "class json" 0 "$CDESK" due "2026-02-13 10:00" --class 一般 --json
expect_match "class json due" '"due": "2026-02-27"' "$TMP/out"
expect_match "class json class" '"class": "general"' "$TMP/out"

# Month views.
for m in 2026-02 2026-10 2025-10 2023-09; do
	expect_rc "calendar $m" 0 "$CDESK" calendar "$m"
	golden "calendar $m golden" "$G/calendar-$m.txt" "$TMP/out"
done
expect_rc "calendar 2027-01 (no file)" 0 "$CDESK" calendar 2027-01
golden "calendar 2027-01 golden" "$G/calendar-2027-01.txt" "$TMP/out"
expect_match "calendar 2027-01 warns" "no holiday calendar for 2027" "$TMP/err"
expect_rc "calendar --json" 0 "$CDESK" calendar 2026-02 --json
golden "calendar 2026-02 --json golden" "$G/calendar-2026-02.json" "$TMP/out"
expect_rc "calendar bad month" 2 "$CDESK" calendar 2026-13
expect_match "bad month named" "'2026-13': there is no month 13" "$TMP/err"
expect_rc "calendar not a month" 2 "$CDESK" calendar 2026-2
expect_rc "calendar no month" 2 "$CDESK" calendar
expect_rc "calendar out of range" 2 "$CDESK" calendar 1999-12
expect_rc "calendar unknown option" 2 "$CDESK" calendar 2026-02 --weeks
expect_match "calendar unknown option named" "unknown option '--weeks'" "$TMP/err"

# A malformed holiday file stops the command with file:line (exit 7).
mkdir -p "$TMP/data/holidays"
cp data/cdesk.ini "$TMP/data/" 2>/dev/null
cp data/holidays/cn-2025.ini "$TMP/data/holidays/"
sed 's/^2026-02-14 = 春节$/2026-02-13 = 春节/' data/holidays/cn-2026.ini >"$TMP/data/holidays/cn-2026.ini"
line=$(grep -n '^2026-02-13 = ' "$TMP/data/holidays/cn-2026.ini" | cut -d: -f1)
CDESK_DATA="$TMP/data" "$CDESK" due 2025-09-30 --days 5 >"$TMP/out" 2>"$TMP/err"
expect_eq "malformed file exit" 7 $?
expect_match "malformed file:line" "cn-2026.ini:$line: \[workdays\] 2026-02-13: 2026-02-13 is a Friday" "$TMP/err"
expect_eq "malformed file: no answer" "" "$(cat "$TMP/out")"
