#!/bin/sh
# The command line's record displays in Chinese (issue 10): under
# zh_CN.UTF-8 `show`, `list`, `search`, `classify`, `calendar`, `due`,
# `rules misses` and `user list` show Chinese labels and terms (statuses,
# channels, classes, departments, categories, flags, weekdays, roles), the
# columns line up by display width, a refusal names the role and the action
# in words, and SQLite's and the system's errors say in Chinese what failed
# with the library's words in parentheses; under C every byte is as before
# (the goldens records-*.txt were made by the English-only code).
. tests/lib.sh
G=tests/cli/golden
DB=$TMP/r.db
AT="2026-07-03 10:00"

if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "ok - # SKIP no zh_CN.UTF-8 locale"
	exit 0
fi

zh() { LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$CDESK" "$@" >"$TMP/zo" 2>"$TMP/ze"; }
en() { LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$CDESK" "$@" >"$TMP/eo" 2>"$TMP/ee"; }
# the late-entry stamp holds the real time: masked
# stamp FILE: FILE.m without what changes with the clock or the data files
# (the time recorded, the hashes of rules.ini and the holiday files)
stamp() {
	sed 's/(recorded [^)]*)/(recorded …)/; s/（录入于 [^）]*）/（录入于 …）/
	     s/\(\.ini\) [0-9a-f]\{12\}/\1 …/g' "$1" >"$1.m"
}
# no_words NAME REGEX FILE: no line matches (an English label left)
no_words() { expect_nomatch "$1" "$2" "$3"; }
# columns FILE: for each line, the display column (0-based, East Asian wide
# = 2) of every field after a run of two or more spaces, as "c1 c2 …"
columns() {
	python3 - "$1" <<'PY'
import re, sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    print(' '.join(str(w(line[:m.end()])) for m in re.finditer(r' {2,}', line)))
PY
}

LANG=C.UTF-8 "$CDESK" --db "$DB" init >/dev/null || { notok "init"; exit 1; }
LANG=C.UTF-8 "$CDESK" --db "$DB" add --channel visit --name 王芳 --phone 13912345678 \
	--relation 女儿 --patient 王建国 --text "护士态度差，还多收了费" --demand "道歉并退费" \
	--at "2026-07-01 09:00" >/dev/null || { notok "add 1"; exit 1; }
LANG=C.UTF-8 "$CDESK" --db "$DB" add --channel phone --name 李四 --phone 13800000002 \
	--text "医生收了红包，要求赔偿两万元" --at "2026-07-02 09:00" >/dev/null || { notok "add 2"; exit 1; }
LANG=C.UTF-8 "$CDESK" --db "$DB" transfer TS2026-00001 --lead NURSING --co BILLING \
	--at "2026-07-01 10:00" >/dev/null || { notok "transfer"; exit 1; }
N=TS2026-00001

# ---- show ----
zh --db "$DB" show $N --at "$AT"
expect_eq "zh show: the first line, the status in words" "$N  已转办  第 1 轮" "$(head -1 "$TMP/zo")"
expect_match "zh show: received, channel and kind in words" '^受理时间     2026-07-01 09:00:00  来访  投诉$' "$TMP/zo"
expect_match "zh show: the complainant" '^投诉人       王芳$' "$TMP/zo"
expect_match "zh show: the relation (a label of 5 characters)" '^与患者关系   女儿$' "$TMP/zo"
expect_match "zh show: the class in words" '^处理类别     一般$' "$TMP/zo"
expect_match "zh show: the departments by name, the lead marked" '^承办科室     护理部（牵头） 稽核科$' "$TMP/zo"
expect_match "zh show: the categories by name" '^投诉类别     收费价格、服务态度、护理质量、退费结算$' "$TMP/zo"
expect_match "zh show: the deadline" '^答复期限     2026-07-15 23:59:59（剩余 8 个工作日）$' "$TMP/zo"
expect_match "zh show: a transfer, its state in words" '^交办记录     第 1 轮 护理部（牵头） 办理中，反馈期限 2026-07-10$' "$TMP/zo"
expect_match "zh show: the timeline's title" '^办理记录$' "$TMP/zo"
expect_match "zh show: an event by its name, the statuses in words" '  root       交办       已登记 → 已转办' "$TMP/zo"
no_words "zh show: no English label" '^(received|receiver|name|phone|relation|patient|account|demand|class|depts|categories|due|transfers|timeline) ' "$TMP/zo"
no_words "zh show: no status, channel or class code" '(routed|registered|visit|complaint|general|NURSING|BILLING|round|open, due)' "$TMP/zo"
# every label's value starts at display column 13
grep -v '^ ' "$TMP/zo" | sed 1d | grep -v '^办理记录$' >"$TMP/lab"
bad=$(columns "$TMP/lab" | awk '$1 != 13' | head -3)
expect_eq "zh show: the values line up by display width (column 13)" "" "$bad"
en --db "$DB" show $N --at "$AT"; stamp "$TMP/eo"
golden "C show: byte for byte as before" "$G/records-show-C.txt" "$TMP/eo.m"

# ---- list and search ----
zh --db "$DB" list all --at "$AT"
expect_eq "zh list: a header row" "案件编号       状态     类别   牵头科室   期限       剩余  投诉人     投诉内容" \
	"$(head -1 "$TMP/zo")"
expect_match "zh list: a row in words, the department by its short name" \
	'^TS2026-00002   已登记   一般   党办       2026-07-09    4  李四       医生收了红包' "$TMP/zo"
no_words "zh list: no status, class or department code" '(registered|routed|general|NURSING|ETHICS)' "$TMP/zo"
# (the days left are right-aligned under their header: that column's start is not compared)
cols=$(columns "$TMP/zo" | awk '{ $5 = ""; print }' | sort -u | wc -l)
expect_eq "zh list: the header and every row have their columns at the same display columns" 1 "$cols"
[ "$cols" = 1 ] || columns "$TMP/zo" | sed 's/^/#   /'
zh --db "$DB" search 红包 --at "$AT"
expect_match "zh search: the same columns" '^TS2026-00002   已登记   一般   党办 ' "$TMP/zo"
en --db "$DB" list all --at "$AT"
golden "C list: byte for byte as before (no header, codes)" "$G/records-list-C.txt" "$TMP/eo"

# ---- a step's line ----
cp "$DB" "$TMP/s.db"
zh --db "$TMP/s.db" note $N --text 已电话联系 --at "$AT"
expect_eq "zh: a step's line, the status in words" "$N：已添加备注，状态 已转办，第 1 轮，期限 2026-07-15" "$(cat "$TMP/zo")"

# ---- the clerk's override of the suggestion, in words ----
LANG=C.UTF-8 "$CDESK" --db "$DB" add --channel visit --name 赵六 --phone 13800000003 \
	--text "停车场收费太贵" --depts SECURITY,BILLING --categories parking --flags media \
	--class important --at "2026-07-02 11:00" >/dev/null || notok "add 3"
zh --db "$DB" show TS2026-00003 --at "$AT"
expect_match "zh show: the override in words" \
	'^人工修改     投诉类别 停车；处理类别 重要；承办科室 保卫科、稽核科；标记 媒体（root 修改）$' "$TMP/zo"
en --db "$DB" show TS2026-00003 --at "$AT"
expect_match "C show: the override as its JSON, as before" \
	'^override     \{"categories":\["parking"\],"class":"important","depts":\["SECURITY","BILLING"\],"flags":"media"\} \(by root\)$' "$TMP/eo"

# ---- classify ----
zh classify --at "$AT" "护士态度差，还多收了费，要求赔偿两万元"
expect_match "zh classify: kind" '^性质：       投诉$' "$TMP/zo"
expect_match "zh classify: the lead by name" '^牵头科室：   护理部$' "$TMP/zo"
expect_match "zh classify: co-departments" '^协办科室：   稽核科（多科室案件）$' "$TMP/zo"
expect_match "zh classify: flags in words" '^标记：       索赔超限$' "$TMP/zo"
expect_match "zh classify: the claim" '^索赔：       20000 元（上报阈值 10000 元）$' "$TMP/zo"
expect_match "zh classify: the reply due" '^答复期限：   2026-07-17 23:59:59（2026-07-03 10:00:00 之后 10 个工作日）$' "$TMP/zo"
expect_match "zh classify: the approval chain in words" '^审批：       投诉科校稿 → 分管院领导审签$' "$TMP/zo"
expect_match "zh classify: a reason's part in words" '^  科室            nursing-attitude ' "$TMP/zo"
expect_match "zh classify: a flag's reason" '^  标记:索赔超限   threshold ' "$TMP/zo"
no_words "zh classify: no English label" '^(kind|categories|lead|co-depts|class|flags|claim|reply due|approval|reasons):' "$TMP/zo"
no_words "zh classify: no English framing" '(yuan|threshold [0-9]|working days|multi-department|office_proofread)' "$TMP/zo"
en classify --at "$AT" "护士态度差，还多收了费，要求赔偿两万元"
golden "C classify: byte for byte as before" "$G/records-classify-C.txt" "$TMP/eo"

# ---- calendar and due ----
zh calendar 2026-10
expect_eq "zh calendar: the month's title" "2026-10  2026年10月" "$(head -1 "$TMP/zo")"
expect_eq "zh calendar: the weekdays" "  周一  周二  周三  周四  周五  周六  周日" "$(sed -n 2p "$TMP/zo")"
expect_match "zh calendar: a holiday's span, weekdays in words" '^  2026-10-01 周四 \.\. 2026-10-07 周三  国庆节（7 天）$' "$TMP/zo"
expect_match "zh calendar: a make-up day, aligned" '^  2026-10-10 周六                     国庆节$' "$TMP/zo"
no_words "zh calendar: no English weekday or month" '(Mon|Tue|Wed|Thu|Fri|Sat|Sun|October|days\))' "$TMP/zo"
zh due 2026-09-30 --days 5
expect_match "zh due: weekdays in words" '^星期二 2026-10-13：星期三 2026-09-30 之后 5 个工作日' "$TMP/zo"
expect_match "zh due: the days off" '^  休息    2026-10-01\.\.2026-10-07  国庆节（7 天）$' "$TMP/zo"
expect_match "zh due: the make-up day" '^  上班    2026-10-10 星期六 调休上班日（国庆节）$' "$TMP/zo"
no_words "zh due: no English" '(day|off|worked|Monday|Tuesday|Wednesday|Saturday)' "$TMP/zo"
en due 2026-09-30 --days 5
expect_match "C due: English weekdays, as before" '^Tuesday 2026-10-13: ' "$TMP/eo"
expect_match "C due: off and worked, as before" '^  worked  2026-10-10 Saturday  make-up working day' "$TMP/eo"

zh due "2026-09-30 10:00" --class general --depts 2
expect_eq "zh due --class: the class in words, no code" "处理类别 一般，2 个科室：星期三 2026-09-30 10:00 之后 10 个工作日" \
	"$(sed -n 2p "$TMP/zo")"
en due "2026-09-30 10:00" --class general --depts 2
expect_eq "C due --class: as before" "general class (一般), 2 departments: 10 working days after Wednesday 2026-09-30 10:00" \
	"$(sed -n 2p "$TMP/eo")"

# ---- users ----
zh --db "$DB" user list
expect_match "zh user list: the role in words" '^root +系统管理员 +- ' "$TMP/zo"
en --db "$DB" user list
expect_match "C user list: the role code" '^root +admin +- ' "$TMP/eo"

# ---- the system's and SQLite's errors ----
zh --db "$DB" backup "$TMP/none/x.db"
expect_match "zh: errno in words, the system's text kept" '文件或目录不存在（No such file or directory）$' "$TMP/ze"
en --db "$DB" backup "$TMP/none/x.db"
expect_match "C: errno as the system says it" ': No such file or directory$' "$TMP/ee"
expect_nomatch "C: no Chinese in the error" '[文件]' "$TMP/ee"

# ---- a refusal names the role and the action (needs real users: root) ----
if staff "$DB"; then
	share_db "$DB"
	LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= as "$CLERK" "$CDESK" --db "$DB" transfer TS2026-00002 \
		--lead NURSING --at "$AT" >/dev/null 2>"$TMP/ze"
	expect_match "zh: a refusal names the action and the roles in words" \
		"^cdesk: 交办：$CLERK（接待员）无权执行此操作；此操作由以下人员办理：投诉科专员，系统管理员$" "$TMP/ze"
	LANG=C.UTF-8 LC_ALL= LANGUAGE= as "$CLERK" "$CDESK" --db "$DB" transfer TS2026-00002 \
		--lead NURSING --at "$AT" >/dev/null 2>"$TMP/ee"
	expect_match "C: the refusal with codes, as before" \
		"^cdesk: transfer: not allowed to $CLERK \(clerk\); this is done by: officer, admin$" "$TMP/ee"
	LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= as "$CLERK" "$CDESK" --db "$DB" export >/dev/null 2>"$TMP/ze"
	expect_match "zh: a permission key in words" "^cdesk: 导出：$CLERK（接待员）无权执行此操作" "$TMP/ze"
	LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= as "$NURSE" "$CDESK" --db "$DB" show TS2026-00002 >/dev/null 2>"$TMP/ze"
	expect_match "zh: a refusal names the department in words" \
		"^cdesk: 查看案件：$NURSE（职能科室经办人）无权执行此操作：本案从未转办给 护理部；" "$TMP/ze"
	LANG=C.UTF-8 LC_ALL= LANGUAGE= as "$NURSE" "$CDESK" --db "$DB" show TS2026-00002 >/dev/null 2>"$TMP/ee"
	expect_match "C: the department's code, as before" \
		"^cdesk: show: not allowed to $NURSE \(handler\): the case was never transferred to NURSING;" "$TMP/ee"
else
	echo "ok - # SKIP the refusals need real users (root)"
fi
