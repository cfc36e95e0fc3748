#!/bin/sh
# The case of issue 10 registered with the fewest keys, counted: 王芳 /
# 13912345678 / 女儿 / patient 王建国 / a nurse's rudeness and an overcharge
# at the cashier / 道歉并退费. Each character typed counts as one key (an
# input method's own keystrokes are not counted). Also: the subject unit
# found by its pinyin initials (sfc → 收费处) with the list's numbers and
# position shown, the suggested departments preselected, the number shown
# after saving with what comes next, and duplicates with their phone and
# date, F8 asking which one to merge into.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/speed.db"
"$CDESK" --db "$DB" init >/dev/null
NKEYS=0
k() { NKEYS=$((NKEYS + $#)); keys "$@"; }
t() { NKEYS=$((NKEYS + $(printf '%s' "$1" | wc -m))); typ "$1"; }
field() { sqlite3 "$DB" "SELECT $1 FROM cases ORDER BY id DESC LIMIT 1"; }

start 100 30 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "队列" '队列 [0-9]+/'
begin=$(date +%s.%N)
k F2
check "F2: the form, channel 来访 already set" '来源渠道\* +来访'
t "王芳"; k Tab
t "13912345678"; k Tab
t "女儿"; k Tab
t "王建国"; k Tab
t "护士态度很差，收费处还多收了钱"; k Tab
t "道歉并退费"; k Tab
check "the suggestion follows: nursing and price audit" '承办科室: （建议）.*(护理部|稽核科)'
k Enter                         # the subject unit's list
check "the unit list numbers its items and says where it is" '│ *1 （无）'
check "… and the position" ' 1/[0-9]+ ▼ '
t "sfc"
check "sfc finds 收费处 by its initials" '［sfc］'
check "… and only it" '│ *[0-9]+ 收费处 +│'
k Enter
check "the unit is chosen" '被投诉科室 +收费处'
k C-s
check "saved: the number shown with what comes next" '┌─已登记 TS[0-9]{4}-00001 — 答复期限'
check "… 再登记一件" '1 再登记一件'
check "… 打开案件" '2 打开案件'
check "… 打印登记表" '3 打印登记表'
k Escape
check "Esc: back to the queues, the number on the status line" '已登记 TS[0-9]{4}-00001'
end=$(date +%s.%N)
echo "# intake_speed: the issue's case took $NKEYS keys (characters typed count one each)" \
	"and $(echo "$end - $begin" | bc | cut -c1-4) s driven by this script"
expect_eq "the case as typed" "王芳|13912345678|女儿|王建国|道歉并退费|收费处" \
	"$(field "name || '|' || phone || '|' || relation || '|' || patient_name || '|' || demand || '|' || unit")"
depts=$(sqlite3 "$DB" "SELECT group_concat(dept, ',') FROM case_depts" 2>/dev/null ||
	"$CDESK" --db "$DB" show TS$(date +%Y)-00001 --json | grep -o '"depts": \[[^]]*\]')
case $depts in *[Nn][Uu][Rr][Ss][Ii][Nn][Gg]*) case $depts in *[Bb][Ii][Ll][Ll]*) ok "the suggested departments were taken: $depts" ;;
		*) notok "the suggested departments were taken" "$depts" ;; esac ;;
	*) notok "the suggested departments were taken" "$depts" ;; esac
if [ "$NKEYS" -le 60 ]; then ok "at most 60 keys ($NKEYS)"; else notok "at most 60 keys" "$NKEYS"; fi

# the departments list: the suggestion preselected, Enter on its first row takes it
k F2
check "a blank form" '投诉人 +$|投诉人 +│'
k Tab Tab Tab Tab; t "护士打针很粗暴"
k Tab Tab Tab Enter             # demand, unit, the fold: opened
check "the fold opens" '▾ 收起'
k Down Down Down Down Down Down Down Down Down Down Down Down
check "on the departments" '承办科室 +（建议）护理部'
k Enter
check "the list marks the suggestion" '\[x\] 护理部'
check "… its first row takes it whole" '1 （采用建议）'
k Enter
check "still the suggestion" '承办科室 +（建议）护理部'
k Escape y

# after saving: 再登记一件 gives a blank form at once; 打开案件 the case
k F2
check "F2 offers the kept form or a blank one" '空白登记表'
k F2
t "李四"; k Tab Tab Tab Tab; t "医生态度差"; k C-s
check "saved" '┌─已登记 TS[0-9]{4}-00002'
k 1
check "再登记一件: a blank form" '已登记 TS[0-9]{4}-00002。下一件请在空白登记表中填写'
check "… blank indeed" '投诉人 +$|投诉人 +│'
t "李五"; k Tab Tab Tab Tab; t "收费太贵"; k C-s
check "saved again" '┌─已登记 TS[0-9]{4}-00003'
k 2
check "打开案件: the case screen of the new number" 'TS[0-9]{4}-00003 +已登记|TS[0-9]{4}-00003 .*registered'
k q
check "q: back to the queues" '队列 [0-9]+/'

# duplicates: the phone and the date beside the name; F8 asks which
"$CDESK" --db "$DB" add --channel phone --name 赵六 --phone 13700001111 --text "第一次来电" >/dev/null
"$CDESK" --db "$DB" add --channel phone --name 赵六 --phone 13700001111 --text "第二次来电" >/dev/null
k F2
check "the kept form is offered" '空白登记表'
k F2
check "F2 F2: the blank form" '投诉人 +$|投诉人 +│'
t "赵六"; k Tab; t "13700001111"; k Tab
check "the duplicates show the date received" 'TS[0-9]{4}-0000[45] [0-9]{4}-[0-9]{2}-[0-9]{2}'
check "… and the name and phone" '│  赵六 13700001111'
k Tab Tab; t "又来电催办"
k F8
check "F8: which case?" '┌─合并到哪一件'
k 2
check "then asks" '合并到 TS[0-9]{4}-0000[45]？.*\[y/n\]|merge it into TS[0-9]{4}-0000[45]\?'
into=$(screen_text | grep -Eo '(合并到|into) TS[0-9]{4}-0000[45]' | grep -Eo 'TS[0-9-]+' | head -1)
k y
check "merged into the one picked" "合并到 $into|merged it into $into"
# (the question still on the screen matches the check above: the merge may
# not be written yet, so the database is polled for up to 5 s)
merged() { sqlite3 "$DB" "SELECT number FROM cases WHERE id = (SELECT merged_into FROM cases ORDER BY id DESC LIMIT 1)"; }
n=0
while [ "$(merged)" != "$into" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
expect_eq "the new case points at it" "$into" "$(merged)"
k F10
wait_exit >/dev/null

# printing the registration form after saving: a failure in words
printf 'cat >/dev/null\necho "lp: The printer or class does not exist." >&2\nexit 3\n' >"$TMP/lp"
cat >"$TMP/cdesk.ini" <<INI
[print]
command = sh $TMP/lp
INI
start 160 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color CDESK_CONFIG="$TMP/cdesk.ini"
check "queues" 'Queue [0-9]+/'
keys F2
check "kept form or blank" 'A blank form'
keys F2
typ "孙八"; keys Tab Tab Tab Tab; typ "检查报告出错"; keys C-s
check "saved" '┌─Registered TS[0-9]{4}-[0-9]{5}'
keys 3
check "the print failure in words, not a bare status" 'Registered TS[0-9]{4}-[0-9]{5}, but the form was not printed: print command .*exit status 3'
not_shown "the print command's own output stays off the screen" 'printer or class does not exist'
keys F10
wait_exit >/dev/null
