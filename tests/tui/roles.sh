#!/bin/sh
# The full-screen interface and roles (SPEC §9): the top line shows the
# user's real role, the case menu offers only what that role may do, and an
# unregistered login is refused before the screen is up. Real Unix users:
# as root only.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/roles.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 \
	--text "护士态度很差，输液时打针多次失败" >/dev/null
N=TS$(date +%Y)-00001
staff "$DB" || { echo "ok - # SKIP not root (the roles need real Unix users)"; exit 0; }


as_start "$CLERK"
check "the clerk's top line shows its role" "$CLERK \\(clerk\\)"
check "the queue shows the case" "$N"
keys Enter
check "Enter opens the case" "$N .*registered"
keys a
check "a opens the action menu" '┌.*Act on the case'
menu=$(screen_text | grep '│')   # the menu's box, not the key bar
for item in 'Log a contact' 'Close' 'Add a note'; do
	if echo "$menu" | grep -q "$item"; then ok "the clerk is offered: $item"; else
		notok "the clerk is offered: $item" "$(echo "$menu" | head -30)"; fi
done
for item in 'Transfer to departments' 'Not accepted' 'Pause' 'Correct a registered'; do
	if echo "$menu" | grep -q "$item"; then notok "the clerk is not offered: $item" "$(echo "$menu" | head -30)"
	else ok "the clerk is not offered: $item"; fi
done
keys Escape
keys t
check "t is refused with the roles that may" 'transfer: not allowed .*officer, admin'
keys F10

as_start "$OFFICER"
check "the officer's top line shows its role" "$OFFICER \\(officer\\)"
keys Enter
check "the officer opens the case" "$N .*registered"
keys a
check "the officer is offered the transfer" 'Transfer'
keys Escape F10

# Not registered in this database: refused before the screen is up.
D2=$TMP/other.db
"$CDESK" --db "$D2" init >/dev/null; share_db "$D2"
expect_rc "an unregistered login is refused" 4 as "$CLERK" "$CDESK" --db "$D2"
expect_match "naming the admin to ask" "not a registered user of this database; ask an administrator \(root\)" "$TMP/err"
