#!/bin/sh
# Nothing typed is lost: several intake drafts are kept (one per form
# started) and F2 offers them with their time and first words; at start-up
# Esc means "not now" (the drafts stay), discarding takes d and a yes, and a
# key pressed while the offer is shown is not swallowed.
. tests/lib.sh
. tests/tui/tmux.inc

new_db drafts
ndrafts() { sqlite3 "$DB" "SELECT count(*) FROM intake_drafts"; }
run() { start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color; }

run
check "queues open" 'Queue [0-9]+/'
keys F2
check "F2 with no draft opens a blank form" 'Rule suggestion'
typ "赵一"; keys Tab; typ "13500000001"
keys Escape
check "leaving asks" 'Leave it\?'
keys y
check "back on the queues" 'Queue [0-9]+/'
keys F2
check "F2 offers the kept draft beside a blank form" 'A blank form'
check "the kept draft is listed with its time and first words" '1 [0-9-]{10} [0-9:]{5} +赵一 13500000001'
keys Enter                      # the blank form
check "a blank form" 'Complainant +$|Complainant +│'
typ "钱二"
check "typed on the new form" 'Complainant +钱二'
expect_eq "two drafts are kept, the first not overwritten" 2 "$(ndrafts)"
keys Escape y
keys F2
check "F2 lists both" '2 [0-9-]{10} [0-9:]{5} +(赵一|钱二)'
keys 2
check "a digit opens that draft" 'Complainant +(赵一|钱二)'
keys Escape y
keys F10
expect_eq "quit" 0 "$(wait_exit)"

# start-up: Esc is "not now" and keeps both
run
check "the start offers the kept forms" 'Unsaved intake forms were kept'
keys Escape
check "Esc: not now" 'The unsaved forms are kept; F2 offers them again'
expect_eq "Esc discarded nothing" 2 "$(ndrafts)"
keys F10
wait_exit >/dev/null

# n is "not now" too
run
check "offered again" 'Unsaved intake forms were kept'
keys n
check "n: not now" 'are kept; F2 offers them again'
expect_eq "n discarded nothing" 2 "$(ndrafts)"
keys F10
wait_exit >/dev/null

# a key that is no answer is not swallowed: / opens the search
run
check "offered again" 'Unsaved intake forms were kept'
keys /
check "the key pressed during the offer does its work" '[A-Z][a-z]{2} │ Search'
expect_eq "nothing discarded" 2 "$(ndrafts)"
keys Escape
keys F10
wait_exit >/dev/null

# discarding: d asks, n keeps, d y discards the highlighted one only
run
check "offered again" 'Unsaved intake forms were kept'
keys d
check "d asks first" 'Discard the kept form .*\[y/n\]'
keys n
expect_eq "no to the question keeps it" 2 "$(ndrafts)"
keys d
check "d asks again" 'Discard the kept form .*\[y/n\]'
keys y
check "discarded" 'The kept form was discarded'
expect_eq "one draft left" 1 "$(ndrafts)"
keys Escape F10
wait_exit >/dev/null

# 80x24 in Chinese: the offer fits and is translated
run_zh() { start 80 24 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color; }
run_zh
check "zh: the offer" '保留了上次未保存的登记表'
keys Enter
check "zh: Enter opens it" '投诉人 +(赵一|钱二)'
keys F10 y
expect_eq "quit after the question" 0 "$(wait_exit)"
