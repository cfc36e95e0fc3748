# A closed terminal ends cdesk: killed in the middle of a dialog (a lost SSH
# connection, a closed window), the process must exit instead of spinning.
. tests/lib.sh
SOCK="cdesk-hangup-$$"
DB="$TMP/hangup-$$.db"
"$CDESK" --db "$DB" init >/dev/null || { notok "init"; exit 1; }
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
	"env LANG=C.UTF-8 TERM=xterm-256color '$CDESK' --db '$DB'"
pid=""
for i in $(seq 1 50); do
	pid=$(pgrep -f -- "--db $DB" | head -1)
	[ -n "$pid" ] && tmux -L "$SOCK" capture-pane -p | grep -q 'Queue' && break
	sleep 0.1
done
[ -n "$pid" ] && ok "the interface started" || notok "the interface started"
# open the intake form, type, then ask to quit: a yes/no question is waiting
tmux -L "$SOCK" send-keys n
sleep 0.3
tmux -L "$SOCK" send-keys "张三"
sleep 0.3
tmux -L "$SOCK" send-keys F10
sleep 0.5
tmux -L "$SOCK" kill-server
gone=0
for i in $(seq 1 50); do
	if ! kill -0 "$pid" 2>/dev/null; then gone=1; break; fi
	sleep 0.1
done
if [ $gone = 1 ]; then ok "cdesk exits when its terminal closes during a dialog"; else
	notok "cdesk exits when its terminal closes during a dialog" "pid $pid still running: $(ps -o stat,time,args -p "$pid" | tail -1)"
	kill -9 "$pid" 2>/dev/null
fi
