#!/bin/sh
# Routing from the case screen starts on the case's own departments (found in
# a clerk's walk, issue 10): the lead picker on the registered lead, the
# co-department picker on each registered co-department in turn, then on
# "(done)"; so t Enter Enter Enter Enter y routes the registered suggestion.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/route.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 --relation 女儿 \
	--patient 王建国 --text "护士态度很差；收费处还多收了钱" --demand 道歉并退费 \
	--depts BILLING,NURSING >/dev/null
N=$("$CDESK" --db "$DB" list new | awk '{print $1; exit}')

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the queue" "$N"
keys Enter
check "the case" "Departments: Price Audit \\(lead\\), Nursing"
keys t
check "t: the lead picker" 'Lead department'
check "… on the case's lead (Price Audit, 5th of 10)" ' 5/10 '
keys Enter
# the lead is not offered as a co-department (the core would refuse it as
# "named twice" after the note and the confirmation): (done) and 9 others
check "the co-department picker starts on the case's co-department (Nursing)" ' 4/10 '
not_shown "… without the lead (Price Audit)" '│ *[0-9]+ Price Audit'
keys Enter
check "… then on (done), Nursing picked and no longer offered" ' 1/9 '
not_shown "… neither the lead nor Nursing" '│ *[0-9]+ (Price Audit|Nursing) '
keys Enter
check "the note" 'Note \(optional\)'
keys Enter
check "the confirmation" 'route.*\[y/n\]|\[y/n\]'
keys y
check "routed" 'round 1  Price Audit \(lead\)  open'
"$CDESK" --db "$DB" show "$N" >"$TMP/show"
expect_match "the lead is BILLING" 'round 1 BILLING \(lead\) open' "$TMP/show"
expect_match "… and NURSING its co-department" 'round 1 NURSING open' "$TMP/show"
expect_nomatch "… and no other" 'round 1 (ETHICS|MEDICAL)' "$TMP/show"
