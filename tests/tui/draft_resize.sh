#!/bin/sh
# Surviving a killed terminal (the draft comes back) and resizes (the "too
# small" message, then the screen restored without losing the form or the
# queue position), driven by tmux.
. tests/lib.sh
. tests/tui/tmux.inc

new_db draft
open_queues
keys F2
check "the intake form opens" 'Rule suggestion'
typ "孙七"; keys Tab
typ "13600001234"; keys Tab
typ "儿子"
check "typed text is shown" '儿子'
# the terminal goes away halfway through the form
tm kill-server
sleep 0.2
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the next start offers the draft" 'Unsaved intake forms were kept'
check "the offer shows when and the first words" '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5} +孙七 13600001234'
keys y
check "the draft comes back: name" 'Complainant +孙七'
check "the draft comes back: phone" 'Phone +13600001234'
check "the draft comes back: relation" 'Relation +儿子'
check "the status line says so" 'The unsaved form is back'

# resize with a form open: the message, then everything back
typ "（续）"
check "more typed on the recovered form" 'Relation +儿子（续）'
tm resize-window -x 60 -y 15
check "60x15: the window is too small" 'Window too small: 60x15'
typ "xyz"                        # keys typed while too small are kept
tm resize-window -x 100 -y 30
check "enlarged: the form is back" 'Rule suggestion'
check "enlarged: the keys typed while too small are there" 'Relation +儿子（续）xyz'
keys BSpace BSpace BSpace

# leaving a form with unsaved input asks first
keys Escape
check "Esc on a dirty form asks" 'Leave it\? .*\[y/n\]'
keys n
check "n stays on the form" 'Relation +儿子（续）'
keys F10
check "F10 on a dirty form asks" 'Quit anyway\? .*\[y/n\]'
keys y
expect_eq "quitting after the question exits 0" 0 "$(wait_exit)"

# the draft is still there (quitting kept it); d and a yes discard it
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the draft is offered again" 'Unsaved intake forms were kept'
keys d
check "d asks before discarding" 'Discard the kept form .*孙七.*\[y/n\]'
keys y
check "d y discards it" 'The kept form was discarded'
keys q
wait_exit >/dev/null
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "a discarded draft is not offered again" 'Queue [0-9]+/'
not_shown "no question after discarding" 'Unsaved intake forms'

# the queue keeps its position across a resize
keys Left                       # the queues wrap: one back from the first is the last
check "the last queue is all cases" 'All cases'
keys Down Down
pos=$(screen_text | grep -n 'TS[0-9]' | head -5)
tm resize-window -x 70 -y 20
check "70x20: too small" 'Window too small: 70x20'
tm resize-window -x 120 -y 40
check "enlarged again: the same queue" 'All cases'
pos2=$(screen_text | grep -n 'TS[0-9]' | head -5)
expect_eq "the rows shown are the same" "$(echo "$pos" | cut -c1-20)" "$(echo "$pos2" | cut -c1-20)"
keys q
expect_eq "q quits" 0 "$(wait_exit)"

# too small with nothing unsaved: F10 still quits at once
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "queues again" 'Queue [0-9]+/'
tm resize-window -x 60 -y 15
check "too small" 'Window too small: 60x15'
keys F10
expect_eq "F10 quits while too small when nothing is unsaved" 0 "$(wait_exit)"
