#!/bin/sh
# The case screen's timeline marks a late entry (an --at well before the
# real time) with the time it was really recorded, and names the rules and
# holiday files (SHA-256) that computed the deadlines; in English and Chinese.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/audit.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 \
	--text "护士态度很差" --at "$(date -d '-3 hours' '+%Y-%m-%d %H:%M')" >/dev/null
N=TS$(date +%Y)-00001
RULES=$(sha256sum "$CDESK_DATA/rules.ini" | cut -c1-12)

start 120 40 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "the queue shows the case" "$N"
keys Enter
check "Enter opens the case" "$N .*registered"
check "the timeline marks the late entry with the real time" "entered late \(recorded $(date +%Y-%m-%d) "
check "and names the rules file with its hash" "deadlines by rules.ini $RULES"
keys q q
expect_eq "q twice quits" 0 "$(wait_exit)"

start 120 40 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "the queue shows the case (zh_CN)" "$N"
keys Enter
check "补录 marked in Chinese" "补录（实际录入于 $(date +%Y-%m-%d) "
check "期限计算依据 in Chinese" "期限计算依据 rules.ini $RULES"
keys q q
expect_eq "q twice quits (zh_CN)" 0 "$(wait_exit)"
