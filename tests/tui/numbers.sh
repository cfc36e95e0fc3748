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
