# A year past 99,999 cases has six-digit case numbers: the queue shows them whole.
. tests/lib.sh
SOCK="cdesk-numbers-$$"
DB="$TMP/numbers.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 张三 --text "挂号排队太久" --at "2026-11-20 10:00" >/dev/null
sqlite3 "$DB" "UPDATE case_seq SET last = 123455 WHERE year = 2026"
N=$("$CDESK" --db "$DB" add --channel phone --name 李四 --text "护士态度差" --at "2026-11-20 11:00" | head -1)
expect_eq "the sequence goes past 99,999" "TS2026-123456" "$N"
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
	"env LANG=C.UTF-8 TERM=xterm-256color '$CDESK' --db '$DB'"
shown=0
for i in $(seq 1 50); do
	if tmux -L "$SOCK" capture-pane -p >"$TMP/screen" 2>/dev/null && grep -q 'TS2026-00001' "$TMP/screen"; then
		shown=1; break
	fi
	sleep 0.1
done
[ $shown = 1 ] && ok "the queue is drawn" || notok "the queue is drawn"
expect_match "a six-digit case number is shown whole" 'TS2026-123456 ' "$TMP/screen"
tmux -L "$SOCK" kill-server 2>/dev/null

# sorting by number is by value: TS2026-100080 after TS2026-99999
sqlite3 "$DB" "UPDATE case_seq SET last = 99998 WHERE year = 2026"
"$CDESK" --db "$DB" add --channel phone --name 王五 --text "收费处多收费" --at "2026-11-20 12:00" >/dev/null
sqlite3 "$DB" "UPDATE case_seq SET last = 100079 WHERE year = 2026"
"$CDESK" --db "$DB" add --channel phone --name 赵六 --text "停车难" --at "2026-11-20 13:00" >/dev/null
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
	"env LANG=C.UTF-8 TERM=xterm-256color '$CDESK' --db '$DB'"
sleep 1
for k in s s s s; do tmux -L "$SOCK" send-keys "$k"; sleep 0.2; done
sleep 0.5
tmux -L "$SOCK" capture-pane -p >"$TMP/screen"
expect_match "sorted by number" 'sort: number ↑' "$TMP/screen"
expect_eq "number order is numeric" "TS2026-00001 TS2026-99999 TS2026-100080 TS2026-123456" \
	"$(grep -Eo '^. TS2026-[0-9]+' "$TMP/screen" | cut -c3- | tr '\n' ' ' | sed 's/ $//')"
tmux -L "$SOCK" send-keys s; sleep 0.5
tmux -L "$SOCK" capture-pane -p >"$TMP/screen"
expect_eq "and reversed" "TS2026-123456 TS2026-100080 TS2026-99999 TS2026-00001" \
	"$(grep -Eo '^. TS2026-[0-9]+' "$TMP/screen" | cut -c3- | tr '\n' ' ' | sed 's/ $//')"
tmux -L "$SOCK" kill-server 2>/dev/null
