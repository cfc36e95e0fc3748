#!/bin/sh
# The command line's messages follow the messages locale (issue 10): under
# zh_CN.UTF-8 errors, usage errors, warnings, help and outcome lines are
# Chinese, the core's errors too; the exit codes do not change; under C (and
# LC_ALL=C over a Chinese LANG, and LANGUAGE alone under C) every byte stays
# the English of the golden files; --json keys, CSV headers, codes and
# option names are never translated; the catalog translates every message a
# fresh extraction finds (0 untranslated, 0 fuzzy).
. tests/lib.sh
G=tests/cli/golden
top=${CDESK_TOP:-.}
AT="2026-07-03 10:00"
DB=$TMP/i.db

# zh CMD...: the command under a Chinese messages locale (stdout $TMP/zo,
# stderr $TMP/ze, status $TMP/zrc); en CMD...: the same under C.UTF-8.
zh() { LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$CDESK" "$@" >"$TMP/zo" 2>"$TMP/ze"; echo $? >"$TMP/zrc"; }
en() { LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$CDESK" "$@" >"$TMP/eo" 2>"$TMP/ee"; echo $? >"$TMP/erc"; }
# both NAME RC CMD...: the exit code is RC in both languages
both() {
	name=$1; want=$2; shift 2
	zh "$@"; en "$@"
	expect_eq "$name: exit $want (zh)" "$want" "$(cat "$TMP/zrc")"
	expect_eq "$name: exit $want (C)" "$want" "$(cat "$TMP/erc")"
}
# zh_line NAME TEXT: stderr under zh is exactly TEXT (first line)
zh_line() { expect_eq "$1" "$2" "$(head -1 "$TMP/ze")"; }
en_line() { expect_eq "$1" "$2" "$(head -1 "$TMP/ee")"; }
# no_ascii_words NAME FILE: no run of three English words in FILE (a message left English)
no_english() {
	if grep -Eq '[a-z]{3,} [a-z]{2,} [a-z]{3,}' "$2"; then
		notok "$1" "English left in:" "$(grep -E '[a-z]{3,} [a-z]{2,} [a-z]{3,}' "$2" | head -3)"
	else ok "$1"; fi
}

if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "ok - # SKIP no zh_CN.UTF-8 locale"
	exit 0
fi

LANG=C.UTF-8 "$CDESK" --db "$DB" init >/dev/null || { notok "init"; exit 1; }
LANG=C.UTF-8 "$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 \
	--text "护士态度差，还多收了费" --at "2026-07-01 09:00" >/dev/null ||
	{ notok "add"; exit 1; }
N=TS2026-00001

# ---- not found, usage, unknown commands and options ----
both "show NOPE" 3 --db "$DB" show NOPE
zh_line "zh: show NOPE says so in Chinese" "cdesk: 没有案件 NOPE"
en_line "C: show NOPE stays English" "cdesk: no case NOPE"
both "show without a number" 2 --db "$DB" show
zh_line "zh: the missing argument in Chinese" "cdesk: 哪件案件？（案件编号，例如 TS2026-00042）"
expect_eq "zh: the usage line in Chinese, the synopsis kept" "用法：cdesk show NUMBER [--json]" \
	"$(sed -n 2p "$TMP/ze")"
expect_eq "C: the usage line in English" "usage: cdesk show NUMBER [--json]" "$(sed -n 2p "$TMP/ee")"
both "unknown command" 2 frobnicate
zh_line "zh: unknown command" "cdesk: 未知的命令“frobnicate”（见“cdesk --help”）"
en_line "C: unknown command" "cdesk: unknown command 'frobnicate' (see 'cdesk --help')"
both "unknown global option" 2 --frob
zh_line "zh: unknown global option (before any command runs)" "cdesk: 未知的选项“--frob”"
both "--db without a value" 2 --db
zh_line "zh: an option needs a value" "cdesk: 选项“--db”需要一个值"
both "unknown command option" 2 calendar --frob 2026-01
zh_line "zh: unknown command option" "cdesk: 未知的选项“--frob”"
both "an option that takes no value" 2 --db "$DB" list all --desc=1
zh_line "zh: takes no value" "cdesk: 选项“--desc”不接受值"
both "unknown queue" 2 --db "$DB" list nosuch
expect_match "zh: unknown queue, the queue codes kept" '^cdesk: 未知的队列“nosuch”（new, ' "$TMP/ze"
both "list --sort" 2 --db "$DB" list all --sort size
zh_line "zh: list --sort" "cdesk: --sort：“size”不是 due、received 或 number"
both "list --limit" 2 --db "$DB" list all --limit 0
zh_line "zh: list --limit (a core error)" "cdesk: --limit：“0”不是 1 到 1000 之间的数"
both "due with --days and --class" 2 due 2026-07-01 --days 3 --class simple
zh_line "zh: options that exclude each other" "cdesk: --days 和 --class 不能同时使用"
both "due of a bad date" 2 due 2026-02-30 --days 1
expect_match "zh: a bad date (the core's date parser)" '^cdesk: .*2026-02.*只有 28 天' "$TMP/ze"
both "calendar of a bad month" 2 calendar 2026-13
zh_line "zh: a bad month" "cdesk: “2026-13”：没有 13 月"
both "export --format" 2 --db "$DB" export --format xml
zh_line "zh: export --format" "cdesk: --format：“xml”不是 csv 或 json"
both "report of a month as quarterly" 2 --db "$DB" report quarterly 2026-08
zh_line "zh: report period kind" "cdesk: 2026-08 是月份；请用“cdesk report monthly 2026-08”"
both "print of an unknown document" 2 --db "$DB" print poster "$N"
zh_line "zh: print, unknown document" "cdesk: 未知的文书“poster”（form、letter 或 notice）"
both "user, unknown subcommand" 2 --db "$DB" user frob
zh_line "zh: user subcommand" "cdesk: 未知的用户命令“frob”"
both "classify --amount and --claim" 2 classify --amount 1 --claim 2 x
zh_line "zh: classify, both amounts" "cdesk: 请给出 --amount 或 --claim，不要同时给出"
both "demo --cases 0" 2 --db "$TMP/demo.db" demo --cases 0
zh_line "zh: demo --cases" "cdesk: --cases：“0”不是 1 到 10000000 之间的数"

# ---- the core's and the steps' errors ----
both "transfer of no case" 3 --db "$DB" transfer NOPE --lead NURSING
zh_line "zh: a step on no case" "cdesk: 没有案件 NOPE"
both "transfer to an unknown department" 3 --db "$DB" transfer "$N" --lead NOSUCH --at "$AT"
expect_match "zh: unknown department (rules)" '^cdesk: 未知的科室“NOSUCH”' "$TMP/ze"
both "a stale version" 6 --db "$DB" note "$N" --text 看过 --if-version 99 --at "$AT"
expect_match "zh: a conflict (version)" "^cdesk: $N 在您查看之后已被他人修改" "$TMP/ze"
expect_match "C: a conflict (version)" "^cdesk: $N was changed by someone else since you saw it" "$TMP/ee"
cp "$DB" "$TMP/step.db"
zh --db "$TMP/step.db" note "$N" --text 已电话联系 --at "$AT"
expect_eq "zh: a step's line when done, the status in words" \
	"$N：已添加备注，状态 已登记，第 1 轮，期限 2026-07-15" "$(cat "$TMP/zo")"
en --db "$TMP/step.db" note "$N" --text 又联系了 --at "$AT"
expect_eq "C: a step's line when done, as before" \
	"$N: note added, registered, round 1, due 2026-07-15" "$(cat "$TMP/eo")"
both "close before the reply" 5 --db "$DB" close "$N" --finding not --at "$AT"
zh_line "zh: a step refused by the case's state (the step's own words, the status in words)" \
	"cdesk: $N（已登记）：案件须在答复并回访满意后才能办结（或在登记时当场解决办结）"
en_line "C: the same refusal in English" \
	"cdesk: $N (registered): a case closes after its reply and a satisfied callback (or as resolved on the spot at registration)"
both "feedback with no transfer" 5 --db "$DB" feedback "$N" --dept NURSING --text 已处理 --at "$AT"
zh_line "zh: a refusal with a number in it" "cdesk: $N（已登记）：第 1 轮没有科室在办转办"
both "init over an existing database" 6 --db "$DB" init
expect_match "zh: init never overwrites" '已存在；“cdesk init”从不覆盖已有数据库$' "$TMP/ze"
both "add with a short phone" 2 --db "$DB" add --channel visit --name 张三 --text x --phone 1234
zh_line "zh: a field's problem" "cdesk: 电话：“1234”有 4 位数字；电话号码应为 5 到 15 位"
both "a missing config file" 3 --config "$TMP/none.ini" calendar 2026-01
zh_line "zh: config not found" "cdesk: $TMP/none.ini：找不到配置文件"
printf '[site]\nname = x\n[bogus]\nkey = 1\n' >"$TMP/bad.ini"
both "a config with an unknown section" 7 --config "$TMP/bad.ini" calendar 2026-01
expect_match "zh: config error keeps file:line" 'bad.ini:4：' "$TMP/ze"
expect_match "zh: the INI reader's own words" 'bad.ini:4：\[bogus\] key：未知的设置项$' "$TMP/ze"
expect_match "C: the INI reader's words, as before" 'bad.ini:4: \[bogus\] key: unknown setting$' "$TMP/ee"

# ---- import: every bad row, in Chinese; under C the golden ----
bad_import_csv "$TMP/bad.csv"
cp "$DB" "$TMP/imp.db"
(cd "$TMP" && LANG=C.UTF-8 LC_ALL= LANGUAGE= "$CDESK" --db imp.db import bad.csv --at "$AT") \
	>/dev/null 2>"$TMP/ee"
expect_eq "C: bad import exits 7" 7 $?
golden "C: the bad import is the English golden, byte for byte" "$G/import-bad.err" "$TMP/ee"
(cd "$TMP" && LANG=zh_CN.UTF-8 LC_ALL=C "$CDESK" --db imp.db import bad.csv --at "$AT") \
	>/dev/null 2>"$TMP/ee"
golden "LC_ALL=C over a Chinese LANG: the English golden" "$G/import-bad.err" "$TMP/ee"
(cd "$TMP" && LANG=C LC_ALL= LANGUAGE=zh_CN "$CDESK" --db imp.db import bad.csv --at "$AT") \
	>/dev/null 2>"$TMP/ee"
golden "LANGUAGE=zh_CN alone under C: the English golden" "$G/import-bad.err" "$TMP/ee"
(cd "$TMP" && LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" --db imp.db import bad.csv --at "$AT") \
	>/dev/null 2>"$TMP/ze"
expect_eq "zh: bad import exits 7 too" 7 $?
expect_eq "zh: one line a bad row, as in English" "$(wc -l <"$G/import-bad.err")" "$(wc -l <"$TMP/ze")"
expect_match "zh: the row and field in Chinese, the column name kept" \
	'^cdesk: bad.csv: 第 3 行，字段“channel”：无法识别“telegram”（可选：visit, phone' "$TMP/ze"
expect_match "zh: a wrong field count" '^cdesk: bad.csv: 第 7 行：有 6 个字段，表头有 8 个$' "$TMP/ze"
expect_match "zh: a stray quote (the CSV reader)" '^cdesk: bad.csv: 第 8 行，字段“phone”：未加引号的字段中有引号' "$TMP/ze"
expect_match "zh: the total" '^cdesk: bad.csv: 共 15 行，其中 14 行被拒绝；未导入任何内容$' "$TMP/ze"
no_english "zh: no import message left in English" "$TMP/ze"
LANG=zh_CN.UTF-8 LC_MESSAGES= LC_ALL= "$CDESK" --db "$TMP/none.db" show "$N" >/dev/null 2>"$TMP/ze"
expect_match "zh: no database" '^cdesk: .*none.db 处没有数据库' "$TMP/ze"
LANG=C LC_MESSAGES=zh_CN.UTF-8 LC_ALL= "$CDESK" --db "$DB" show NOPE >/dev/null 2>"$TMP/ze"
expect_eq "LC_MESSAGES=zh_CN.UTF-8 under LANG=C is Chinese" "cdesk: 没有案件 NOPE" "$(cat "$TMP/ze")"

# ---- outcome lines, notes and warnings ----
zh --db "$TMP/new.db" init
expect_match "zh: init says what it made" '^已创建 .*new.db（结构版本 [0-9]+，权限 0660）；.* 为其管理员$' "$TMP/zo"
en --db "$TMP/new2.db" init
expect_match "C: init says it in English" '^created .*new2.db \(schema version [0-9]+, mode 0660\); .* is its admin$' "$TMP/eo"
zh --db "$DB" check
expect_match "zh: check" '：完整性正常，共 [0-9]+ 个事件，哈希链完整$' "$TMP/zo"
expect_match "zh: check, the chain head" '^事件链头：[0-9]+:[0-9a-f]+$' "$TMP/zo"
zh --db "$DB" backup "$TMP/copy.db"
expect_eq "zh: backup" "已备份到 $TMP/copy.db" "$(cat "$TMP/zo")"
zh --db "$DB" backup "$TMP/copy.db"
expect_match "zh: backup never overwrites" '已存在；“cdesk backup”从不覆盖已有文件$' "$TMP/ze"
zh --db "$DB" recompute --at "$AT"
expect_eq "zh: recompute" "已检查 1 件在办案件，其中 0 件期限有变动" "$(cat "$TMP/zo")"
zh due 2026-12-31 --days 2
expect_match "zh: due explains in Chinese" '之后 2 个工作日（当天不计）$' "$TMP/zo"
expect_match "zh: due, the note of a year without a file" '^注意：此期间有一年缺少节假日文件' "$TMP/zo"
expect_match "zh: due, the calendar warning" '^cdesk: 警告：缺少 2027 年的节假日日历' "$TMP/ze"
en due 2025-09-30 --days 5
golden "C: due is the English golden" "$G/due-2025-09-30-5.txt" "$TMP/eo"
zh calendar 2026-10
expect_match "zh: calendar, the legend" '^休 节假日（休息）' "$TMP/zo"
expect_match "zh: calendar, the count" '^[0-9]+ 个工作日，[0-9]+ 个休息日。$' "$TMP/zo"
en calendar 2026-10
golden "C: calendar is the English golden" "$G/calendar-2026-10.txt" "$TMP/eo"
zh --db "$DB" rules model
expect_match "zh: rules model" '^没有学习模型' "$TMP/zo"
zh --db "$DB" config
expect_match "zh: config, the comments" '^; 当前生效的设置' "$TMP/zo"
expect_match "zh: config keeps sections and keys" '^\[database\]$' "$TMP/zo"

# ---- help ----
both "--help" 0 --help
expect_match "zh: --help in Chinese" '^不带命令时，cdesk 打开全屏界面。$' "$TMP/zo"
expect_match "zh: --help, a command's line" '^  show +一件案件及其转办、答复稿和办理经过$' "$TMP/zo"
expect_match "zh: --help, a step's line (the action table)" '^  close +' "$TMP/zo"
expect_match "zh: --help, the exit codes" '^退出状态：0 成功' "$TMP/zo"
expect_match "C: --help stays English" '^With no command, cdesk opens the full-screen interface.$' "$TMP/eo"
no_english "zh: --help has no English sentence" "$TMP/zo"
both "list --help" 0 list --help
expect_match "zh: list --help, an option's line" '^  --soon N +在 N 个工作日内到期$' "$TMP/zo"
expect_match "zh: list --help, the common options" '^  --json +机器可读的输出（JSON）$' "$TMP/zo"
expect_match "C: list --help, as before" '^  --soon N +due within N working days$' "$TMP/eo"
both "close --help" 0 close --help
expect_match "zh: a step's option from its question, no trailing colon" '^  --note TEXT +[^ ]*[^：:]$' "$TMP/zo"
both "pause --help" 0 pause --help
expect_match "zh: a required option says so" '^ +（必填）$' "$TMP/zo"
expect_match "C: a required option, as before" '^ +\(required\)$' "$TMP/eo"
both "help of one command at a time" 2 help list show
zh_line "zh: help takes one command" "cdesk: 一次只能查看一个命令"

# ---- what scripts read is never translated ----
zh --db "$DB" show "$N" --json; cp "$TMP/zo" "$TMP/zj"
en --db "$DB" show "$N" --json
keys() { grep -o '"[a-z_]*":' "$1" | sort -u; }
expect_eq "--json keys are the same under zh" "$(keys "$TMP/eo")" "$(keys "$TMP/zj")"
golden "--json of show is byte-identical under zh" "$TMP/eo" "$TMP/zj"
zh --db "$DB" list all --json; cp "$TMP/zo" "$TMP/zj"
en --db "$DB" list all --json
golden "--json of list is byte-identical under zh" "$TMP/eo" "$TMP/zj"
zh --db "$DB" export; head -1 "$TMP/zo" >"$TMP/zh.h"
en --db "$DB" export; head -1 "$TMP/eo" >"$TMP/en.h"
golden "export: the CSV header is the same under zh" "$TMP/en.h" "$TMP/zh.h"
expect_match "export: the header is the English column names" '^number,' "$TMP/zh.h"
zh --db "$DB" export --events; head -1 "$TMP/zo" >"$TMP/zh.h"
en --db "$DB" export --events; head -1 "$TMP/eo" >"$TMP/en.h"
golden "export --events: the CSV header is the same under zh" "$TMP/en.h" "$TMP/zh.h"
zh --db "$DB" report quarterly 2026Q3 --format csv --at "2026-10-08 09:00"; head -1 "$TMP/zo" >"$TMP/zh.h"
en --db "$DB" report quarterly 2026Q3 --format csv --at "2026-10-08 09:00"; head -1 "$TMP/eo" >"$TMP/en.h"
golden "report --format csv: the header is the same under zh" "$TMP/en.h" "$TMP/zh.h"
zh classify --json --at "$AT" "护士态度差"
expect_match "classify --json: a part stays a code under zh" '"part": "dept"' "$TMP/zo"
zh --db "$DB" list nosuch
expect_match "zh: the queue codes stay codes" 'overdue' "$TMP/ze"

# ---- the catalog ----
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
	args=$(make -s --no-print-directory -C "$top" pot-args 2>/dev/null)
	if [ -n "$args" ] && (cd "$top" && xgettext --from-code=UTF-8 -o "$TMP/fresh.pot" $args) 2>/dev/null; then
		ok "a fresh extraction runs (make pot-args)"
		(cd "$top" && msgcmp po/zh_CN.po "$TMP/fresh.pot") >"$TMP/cmp" 2>&1
		expect_eq "po/zh_CN.po translates every message of a fresh extraction" 0 $?
		[ -s "$TMP/cmp" ] && head -5 "$TMP/cmp" | sed 's/^/#   /'
	else
		notok "a fresh extraction runs (make pot-args)"
	fi
	st=$(cd "$top" && msgfmt --statistics -o /dev/null po/zh_CN.po 2>&1)
	expect_match "po/zh_CN.po: nothing fuzzy or untranslated" '^[0-9]+ translated messages\.$' \
		"$(printf '%s\n' "$st" >"$TMP/st"; echo "$TMP/st")"
	(cd "$top" && msgfmt -c -o /dev/null po/zh_CN.po) 2>"$TMP/fmt"
	expect_eq "po/zh_CN.po passes msgfmt -c (formats match)" 0 $?
fi
