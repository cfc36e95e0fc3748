#!/bin/sh
# Department labels never cut where the column can hold the catalog's short
# label (issue 10): at 80x24 the queue's department column shows "Med. Aff",
# "Pt. Rel." (data/rules.ini short_en), in Chinese 投诉科 (short_zh), never
# "Medica…" or "Medical A"; a wider screen shows the names; the case screen's
# department line uses the short labels when the names would wrap inside one.
. tests/lib.sh
. tests/tui/tmux.inc

DB="$TMP/labels.db"
"$CDESK" --db "$DB" init >/dev/null
c() { "$CDESK" --db "$DB" "$@"; }
c add --channel phone --name 甲 --phone 13700000001 --text "手术后伤口感染" \
	--depts MEDICAL,COMPLAINT,LOGISTICS >/dev/null
c add --channel phone --name 乙 --phone 13700000002 --text "投诉处理太慢" --depts COMPLAINT >/dev/null
c add --channel phone --name 丙 --phone 13700000003 --text "停车场没有车位" --depts LOGISTICS >/dev/null
c add --channel phone --name 欧阳丁丁丁丁 --phone 13700000004 --text "挂号排队太久" --depts OUTPATIENT >/dev/null
N1=$(c list new | awk '/甲/ {print $1}')
# not_shown NAME REGEX: ok when no line of the screen matches REGEX.
not_shown() {
	if screen_text | grep -Eq -- "$2"; then notok "$1" "$(screen_text | head -8)"; else ok "$1"; fi
}

start 80 24 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "80x24: the new cases" '欧阳'
check "a name cut to its column ends in …" ' 欧阳丁… '
check "80x24: Medical Affairs as its short label" ' 甲 .* Med\. Aff (emergency|general) '
check "… Patient Relations (Complaints) as its" ' 乙 .* Pt\. Rel\. general '
check "… General Services as its" ' 丙 .* Gen\. Svc general '
check "… Outpatient Office as its" ' 欧阳丁… .* OPD Off\. general '
not_shown "80x24: no department name cut" 'Medica…|Medical A|Patient|Pati…|Genera|Outpat|Med\. A…'
keys Enter
check "the case screen" 'Departments: '
check "80 columns: the case's departments by their short labels, on one line" \
	'Departments: Med\. Aff \(lead\), Pt\. Rel\., Gen\. Svc   Flags'
check "… of the case selected" "$N1"
not_shown "… no name wrapped inside" 'Medical Aff|^ *airs|Patient Rel'

start 140 30 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "140 columns: the names, which fit" ' 甲 .* Medical Affairs '
check "… all of them" ' 丙 .* General Services '

start 80 24 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "80x24 in Chinese: 医患关系协调办公室(投诉科) as 投诉科" ' 乙 .* 投诉科 '
not_shown "… never cut" '医患关…|医患关系协调办公室\('
check "… 医务部 whole" ' 甲 .* 医务部 '
# the intake form's live suggestion: the default department by its short label
keys F2
check "the intake panel: the suggested department 投诉科, not a cut name" '承办科室: （建议）投诉科'
not_shown "… never 医患关系协调办公室(…" '医患关系协调办公室\(…'
# two suggested departments by their short labels, joined by the Chinese comma
keys Tab Tab Tab Tab
typ "护士态度很差，收费处多收了我两百元"
check "the intake panel: two short labels joined by ，" '承办科室: （建议）稽核科，护'

# The queue's own line: a department queue by its short label when the name
# would push the sort and filter off the line, never "(Complain…".
start 80 24 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
check "80x24 again" '欧阳'
# the safety banner at 80 columns: its shorter wording, not a hint cut mid-word
check "80 columns: the banner's short wording" '^ ! Medical-safety risk not acknowledged: TS[0-9]{4}-00001 — F12 or ! opens it *$'
not_shown "… never \"a ac…\"" 'a ac…|opens it, a'
keys Left Left
check "the complaint office's queue: its short label" '◀ Department: Pt\. Rel\. ▶ +sort: due date ↑ +filter: none +1/[0-9]+$'
not_shown "… never its name cut" 'Complain…|Patient Rel'
keys f 6 End Enter
check "filtered by a department: the short labels on both sides, whole" \
	'◀ Dept\.: Pt\. Rel\. ▶ +sort: due date ↑ +filter: Dept\.=Pt\. Rel\. +1/[0-9]+$'
not_shown "… nothing cut" 'Departme…|filter: Dept\.=Pt…'
start 80 24 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "80x24 in Chinese" '欧阳'
keys Left Left
check "the office's queue as 投诉科, the filter whole" '◀ 承办科室: 投诉科 ▶ +排序: 期限 ↑ +筛选: 无 +1/[0-9]+$'
not_shown "… never 筛选:…" '筛选:…'

# The case screen: the flags in the interface's language, the deadline in
# words on one line ("3 working days overdue", 逾期 3 个工作日).
DB="$TMP/labels2.db"
"$CDESK" --db "$DB" init >/dev/null
c add --channel web --name 戊 --phone 13700000005 --text "输液时护士态度很差" --depts NURSING \
	--flags safety,claim --claim 30000 --at "$(date -d '-40 days' '+%Y-%m-%d') 09:00" >/dev/null
c add --channel phone --name 己 --phone 13700000006 --text "停车场收费太贵" --class general >/dev/null
N2=$(c list new | awk '/戊/ {print $1}')
start 80 24 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "a safety case waits" "$N2"
keys '!'
check "its case screen" "^ $N2 "
check "the flags in Chinese" '标记: 医疗安全、索赔超限'
not_shown "… never the codes" 'safety|claim'
check "overdue in words on the deadline's line" '^ ! 答复期限 .* — 逾期 [0-9]+ 个工作日'
not_shown "no second line of bare days" '逾期工作日|剩余工作日'
start 80 24 LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
keys '!'
check "in English: the codes" "Flags: safety,claim"
check "… and the days in words" '^ ! Reply due .* — [0-9]+ working days overdue$'
not_shown "… no bare count line" 'working days (left|overdue): '
keys q
keys Down Enter
check "a case due later: the days left on the line" '^   Reply due .* — [0-9]+ working days? left$|— due today$'

# The key line: a key whose label would be cut is left off whole, never
# "F4,/ 搜…" (the reports screen at 100 columns in Chinese, the queue at 80).
keyline() { screen_text | tail -1 | sed 's/ *$//'; }
start 100 30 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
check "100x30 in Chinese" '队列'
keys F5
check "the reports screen" '^报表 '
case "$(keyline)" in
*…) notok "the reports' key line: no label cut" "$(keyline)" ;;
*' F3 队列') ok "the reports' key line: no label cut" ;;
*) notok "the reports' key line: no label cut" "$(keyline)" ;;
esac
for size in "80 24" "100 30"; do
	start $size LANG=C.UTF-8 LC_ALL= TERM=xterm-256color
	check "$size: the queue" 'Queue '
	case "$(keyline)" in
	*…) notok "$size: the queue's key line: no label cut" "$(keyline)" ;;
	*) ok "$size: the queue's key line: no label cut" ;;
	esac
	keys Enter
	check "$size: a case" 'Departments: '
	case "$(keyline)" in
	*…) notok "$size: the case's key line: no label cut" "$(keyline)" ;;
	*) ok "$size: the case's key line: no label cut" ;;
	esac
done

# The timeline: a long note goes on under its own column, never back at the
# margin ("济途径" alone under the dates).
DB="$TMP/labels2.db"
c note "$N2" --text "已电话联系投诉人说明护理部正在调查，投诉人同意等待书面答复，并要求答复时一并说明赔偿的处理途径和所需材料" >/dev/null
start 80 24 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
keys '!'
check "the case again" "^ $N2 "
keys End
check "the note's first words after its action" '^   [0-9-]{10} [0-9:]{5}  root +备注 +已电话联系投诉人'
check "… its next line under the note's column" '^ {45}[^ ]'
not_shown "… never a line of the note at the margin" '^ [^ 0-9a-zA-Z（]{2,}[^：:]*途径'

# The long-text editor's frame: its title is the prompt without the colon
# (┌─书面反馈──, not ┌─书面反馈：──).
c transfer "$N2" --lead NURSING >/dev/null
start 100 30 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
keys '!'
check "the routed case" "^ $N2 +已转办"
keys a
check "its actions" '登记科室书面反馈'
typ "书面反馈"
keys Enter
# one department holds the transfer: nothing to choose, no question
check "the editor, titled without a colon" '^┌─书面反馈─+┐'
not_shown "… never 书面反馈：" '书面反馈：'
not_shown "one open transfer: no 'which department'" '哪个科室'
keys Escape
# two: the question, with both
c transfer "$N2" --co BILLING >/dev/null
start 100 30 LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
keys '!'
keys a
typ "书面反馈"
keys Enter
check "two open transfers: which department" '哪个科室'
check "… the co-department offered" '│ *2 稽核科'
keys Escape
