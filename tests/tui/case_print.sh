#!/bin/sh
# p on the case screen prints the registration form or the reply letter,
# again whenever asked, after a question; a failure says why in words; the
# print command's own output never reaches the screen.
. tests/lib.sh
. tests/tui/tmux.inc

one_case_db print --demand 道歉并退费
print_config "$TMP/printed"
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color CDESK_CONFIG="$TMP/cdesk.ini"
check "queue" 'TS[0-9]{4}-00001'
keys Enter
check "the case" '│ Case *$'
check "the key line offers p" 'p Print'
keys p
check "p: which document" '┌─Print'
check "… the form or the letter" '│ *1 The registration form.*│'
check "… or the letter" '│ *2 The reply letter'
keys Enter
check "asks first" "Print The registration form \\(登记表\\) of TS[0-9]{4}-00001\\? \\[y/n\\]"
keys n
check "n: not printed" 'Not printed\.'
if [ -s "$TMP/printed" ]; then notok "nothing printed on n"; else ok "nothing printed on n"; fi
keys p Enter y
check "y: sent" 'TS[0-9]{4}-00001: The registration form \(登记表\) sent to'
if grep -q '王芳' "$TMP/printed" 2>/dev/null; then ok "the printer got the form"; else
	notok "the printer got the form" "$(head -c 300 "$TMP/printed" 2>/dev/null)"; fi
not_shown "the command's output stays off the screen" 'request id'
rm -f "$TMP/printed"
keys p Enter y
check "printed again" 'The registration form \(登记表\) sent to'
if grep -q '王芳' "$TMP/printed" 2>/dev/null; then ok "reprinted"; else notok "reprinted"; fi
keys p 2 y
check "a letter before any reply: refused in words" 'Not printed: .*(reply|draft)'
keys q q
expect_eq "quits" 0 "$(wait_exit)"
