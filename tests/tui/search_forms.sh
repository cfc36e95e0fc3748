#!/bin/sh
# Search the way people quote things: 983, 00983 and 2026-00983 for the
# case; a phone with spaces or dashes; a representative's name; a record
# number; words of a department's feedback. The selected hit says what
# matched.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/search.db"
"$CDESK" --db "$DB" init >/dev/null
Y=$(date +%Y)
"$CDESK" --db "$DB" add --channel visit --name 张一 --phone 13800000001 --text "挂号排队太久" >/dev/null
sqlite3 "$DB" "UPDATE case_seq SET last = 982 WHERE year = $Y"
"$CDESK" --db "$DB" add --channel phone --name 王芳 --phone 13912345678 --relation 女儿 \
	--patient 王建国 --record ZY2026777 --text "护士态度很差，收费处还多收了钱" >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 李群 --phone 13700000002 --group-size 6 \
	--representatives "周代表,吴代表" --text "集体反映停车场收费太贵" >/dev/null
N=TS$Y-00983
"$CDESK" --db "$DB" transfer "$N" --lead nursing >/dev/null
"$CDESK" --db "$DB" feedback "$N" --dept nursing --text "已对涉事护士进行批评教育，并安排专人回访" >/dev/null

start 100 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "queues" 'Queue [0-9]+/'
search() {
	keys F4
	wait_for 'Search:' >/dev/null
	keys C-a C-k
	typ "$1"; keys Enter
}
for q in 983 00983 "$Y-00983"; do
	search "$q"
	check "'$q' finds $N" "^. $N "
	check "'$q': the hit says the case number matched" "$N matched: case number"
done
search "139 1234 5678"
check "a phone with spaces" "^. $N "
check "… matched the phone" "$N matched: phone"
search "139-1234-5678"
check "a phone with dashes" "^. $N "
search "吴代表"
check "a representative's name" "^. TS$Y-00984 "
check "… says so" "TS$Y-00984 matched: representatives"
search "ZY2026777"
check "a record number" "^. $N "
check "… says so" "$N matched: record no."
search "批评教育"
check "the text of feedback" "^. $N "
check "… says so" "$N matched: department feedback"
search "收费"
check "words of the account still" "TS$Y-0098[34] matched: account"
# Ctrl-U empties the query before the cursor, as in a shell
keys F4
wait_for 'Search:' >/dev/null
keys C-u
typ "吴代表"; keys Enter
check "Ctrl-U, then a new query: its hit" "TS$Y-00984 matched: representatives"
not_shown "… the old query gone" 'Search: 收费'
keys F10
expect_eq "quits" 0 "$(wait_exit)"
