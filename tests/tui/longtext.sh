#!/bin/sh
# Long text (a note, a reply draft, feedback) gets a multi-line editor: CJK
# wrapped, the cursor moved by rows, Enter a new line, Ctrl-S done; the
# core's limit (20,000 characters) is refused with a message, never cut; Esc
# asks before giving up typed text; [ui] editor runs the user's editor on a
# private (0600) temporary file.
. tests/lib.sh
. tests/tui/tmux.inc

one_case_db long
last_note() { sqlite3 "$DB" "SELECT note FROM events WHERE action = 'note' ORDER BY id DESC LIMIT 1"; }
notes() { sqlite3 "$DB" "SELECT count(*) FROM events WHERE action = 'note'"; }

# a: the menu, narrowed by typing to "Add a note", Enter
note_menu() {
	keys a
	wait_for '┌.*Act on the case' || return 1
	typ "a note"
	wait_for '┌.*Act on the case ［a note］' || return 1
	keys Enter
}

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the queue shows the case" "$N"
keys Enter
check "Enter opens the case" "$N .*registered"
note_menu
check "the note opens in the editor box" 'Ctrl-S: done .*Esc: cancel'
typ "第一行"; keys Enter; typ "第二行"
check "Enter is a new line, both lines shown" '│ +第二行'
keys Up End; typ "（补）"
check "Up moves to the line above" '│ 第一行（补）'
check "the count is shown" ' 10/20000 '
keys C-s
check "Ctrl-S adds the note" 'done \(Add a note\)'
expect_eq "the note kept both lines and the insertion" "第一行（补）
第二行" "$(last_note)"

# a long paragraph of Chinese wraps by display column inside the box
note_menu
check "the box again" 'Ctrl-S: done'
typ "$(printf '患者家属反映%.0s' $(seq 1 30))"
rows=$(screen_text | grep -c '^│ 患者家属反映')
if [ "$rows" -ge 2 ]; then ok "long CJK text wraps over rows ($rows)"; else
	notok "long CJK text wraps over rows" "$(screen_text)"; fi
bad=$(screen_text | grep '^│ 患者' | awk '{ if (length($0) > 0) print }' | grep -vc '│$' || true)
expect_eq "every wrapped row stays inside the box" 0 "$bad"
keys Escape
check "Esc on typed text asks" 'Give up the text typed here\? \[y/n\]'
keys n
check "n: back to the text" 'Ctrl-S: done'
keys Escape y
check "y: the action is cancelled" 'Cancelled; nothing was changed'
expect_eq "nothing was added" 1 "$(notes)"

# the limit is the core's: 20,001 characters are refused, not cut
note_menu
check "the box for the long note" 'Ctrl-S: done'
# pasted in pieces (a tmux command line holds less)
chunk=$(head -c 1000 /dev/zero | tr '\0' a)
for i in $(seq 1 20); do tm send-keys -l -- "$chunk"; done
typ a
check "20001 characters counted" ' 20001/20000 ' 20
keys C-s
check "over the limit: refused with the figures" '20001 characters; the limit is 20000. Shorten it \(nothing was cut\)'
expect_eq "nothing was added" 1 "$(notes)"
keys BSpace C-s
check "at the limit it goes through" 'done \(Add a note\)' 10
expect_eq "the note is 20000 characters, whole" 20000 "$(last_note | tr -d '\n' | wc -c)"
keys q q
wait_exit >/dev/null

# [ui] editor: the user's editor on a 0600 temporary file
cat >"$TMP/ed.sh" <<'ED'
stat -c %a "$1" >"$(dirname "$0")/mode"
printf '外部编辑器写的备注\n第二行\n' >"$1"
ED
cat >"$TMP/cdesk.ini" <<INI
[ui]
editor = sh '$TMP/ed.sh'
INI
start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color CDESK_CONFIG="$TMP/cdesk.ini"
check "the queue" "$N"
keys Enter
check "the case" "$N .*registered"
note_menu
check "the editor's text came back into the box? no: saved at once" 'done \(Add a note\)' 10
expect_eq "the temporary file was 0600" 600 "$(cat "$TMP/mode" 2>/dev/null)"
expect_eq "the editor's text is the note (final newline dropped)" "外部编辑器写的备注
第二行" "$(last_note)"
if ls "${TMPDIR:-/tmp}"/cdesk-text-* >/dev/null 2>&1; then
	notok "the temporary file is removed" "$(ls "${TMPDIR:-/tmp}"/cdesk-text-*)"; else
	ok "the temporary file is removed"; fi
keys q q
expect_eq "quits" 0 "$(wait_exit)"
