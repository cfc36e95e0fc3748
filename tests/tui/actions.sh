#!/bin/sh
# The case screen's actions come from the core's action table: correcting a
# field (e), logging a contact from the menu, Esc at any step cancels the
# whole action, and an action on a screen that another terminal made stale
# is refused with a conflict and the screen reloads.
. tests/lib.sh
. tests/tui/tmux.inc

one_case_db actions
events() { sqlite3 "$DB" "SELECT count(*) FROM events"; }

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the queue shows the case" "$N"
keys Enter
check "Enter opens the case" "$N .*registered"

# e: correct a registered field, shown for editing with its current value
keys e
check "e asks which field" '┌.*Which field is corrected'
keys Down Enter                 # Phone
check "the current phone is shown for editing" 'Phone.*13912345678'
keys BSpace; typ 9; keys Enter
check "then the reason" 'Why is it corrected'
typ "登记时听错"; keys Enter
check "a correction confirms" 'Correct a registered field now\?'
keys y
check "the timeline shows the correction" 'corrected +登记时听错'
check "the phone shown is the new one" 'Phone: 13912345679'
"$CDESK" --db "$DB" show "$N" --json >"$TMP/show.json"
expect_match "the database has the new phone" '"phone": "13912345679"' "$TMP/show.json"

# Esc at any step cancels the whole action: nothing is written
before=$(events)
keys a
check "a opens the action menu" '┌.*Act on the case'
if screen_text | grep -q 'Log a contact'; then ok "the menu offers the contact log"; else
	notok "the menu offers the contact log" "$(screen_text | head -30)"; fi
keys Escape
check "back on the case" "$N .*registered"
keys t
check "t asks for the lead department" '┌.*Lead department'
keys Down Enter
check "then the co-departments" '┌─Co-departments: add one, or \(done\)'
keys Escape
check "Esc at the co-departments cancels the transfer" 'Cancelled; nothing was changed'
expect_eq "no event was written" "$before" "$(events)"
keys t Down Enter Home Enter
check "the note prompt" 'Note \(optional\)'
keys Escape
check "Esc at the note cancels the transfer too" 'Cancelled; nothing was changed'
expect_eq "still no event" "$before" "$(events)"
json_status() { "$CDESK" --db "$DB" show "$N" --json | sed -n 's/^  "status": "\(.*\)",/\1/p'; }
expect_eq "the case is still registered" registered "$(json_status)"

# A stale screen: another terminal acts on the case while this one shows it
"$CDESK" --db "$DB" note "$N" --text "另一终端的备注" >/dev/null
keys t Down Enter Home Enter Enter
check "the transfer's last step confirms" 'Transfer to departments \(转交办\) now\? \[y/n\]'
keys n
check "n at the confirmation cancels it" 'Cancelled; nothing was changed'
expect_eq "the case is still registered after n" registered "$(json_status)"
keys t Down Enter Home Enter Enter y
check "the stale transfer is refused as a conflict" 'changed by someone else.*last step: note'
expect_eq "the case was not transferred" registered "$(json_status)"
check "the screen reloads and shows the other terminal's note" '另一终端的备注'
keys t Down Enter Home Enter Enter y
check "on the fresh screen the transfer goes through" 'done \(Transfer'
expect_eq "now it is routed" routed "$(json_status)"
keys q q
expect_eq "q twice quits" 0 "$(wait_exit)"
