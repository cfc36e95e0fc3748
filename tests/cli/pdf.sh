#!/bin/sh
# The A4 PDF documents (issue 14): the quarterly report, the registration form
# and the reply letter, checked with poppler-utils — the page size and count,
# the text and numbers against the JSON report, every page rendered, and one
# page of each compared with a low-resolution reference in tests/data/pdf/.
# CDESK_UPDATE_GOLDEN=1 rewrites the references from this run (then look at them).
. tests/lib.sh
REF=tests/data/pdf
DB=$TMP/pdf.db
AT="2026-10-20 10:00"
for t in pdfinfo pdftotext pdftoppm python3; do
	command -v $t >/dev/null || { notok "$t is needed (poppler-utils, python3)"; exit 0; }
done
seq=0
add() {	# add AT CHANNEL CLASS DEPT CATEGORY [options]
	at=$1 ch=$2 cls=$3 dept=$4 cat=$5; shift 5
	seq=$((seq + 1))
	run add --at "$at" --channel "$ch" --kind complaint --class "$cls" --depts "$dept" \
		--categories "$cat" --name "王$seq" --phone "1370000$(printf %04d $seq)" "$@"
	run transfer "$(printf 'TS2026-%05d' $seq)" --lead "$dept" --at "$at"
}
run init
staff "$DB" || notok "the approvals need other Unix users: run as root"
add "2026-07-01 10:00" phone general MEDICAL med_quality --unit 心内科 \
	--text "患者家属反映：七月一日上午在心内科门诊候诊两个多小时，叫号系统多次跳号，护士解释不清，态度生硬。要求医院核实叫号系统的问题，并对当班人员进行批评教育，给出书面答复。" \
	--demand "书面答复并道歉" --relation 本人 --address "示范市健康路 1 号" --claim 1200
add "2026-07-08 09:00" visit general NURSING nursing --text "夜班护士未按时巡视"
add "2026-07-15 14:00" web simple OUTPATIENT process --text "挂号流程繁琐"
add "2026-08-03 09:00" letter general FINANCE fees --text "重复收费"
add "2026-08-20 11:00" phone important MEDICAL med_safety --unit 骨科 --text "术后感染"
add "2026-09-02 16:00" web general LOGISTICS environment --text "病房空调不制冷"
add "2026-09-10 10:00" visit simple SECURITY security --text "停车场车辆被刮"
run feedback TS2026-00001 --dept MEDICAL --text "调查结果" --at "2026-07-03 10:00"
run draft TS2026-00001 --text "经调查，叫号系统存在故障，已完成维修；当班护士已受批评教育。" --at "2026-07-03 10:00"
run_as "$OFFICER" approve TS2026-00001 --at "2026-07-03 11:00"
run_as "$SUP" approve TS2026-00001 --at "2026-07-03 12:00"
run reply TS2026-00001 --method letter --at "2026-07-06 10:00"
# a reply longer than a page: the letter goes on to a second page between lines
LONG=$(i=0; while [ $i -lt 40 ]; do printf '经调查核实，门诊叫号系统在七月份多次出现故障，我院已更换设备并加强巡检，第%d项整改已完成。' $i; i=$((i + 1)); done)
run feedback TS2026-00004 --dept FINANCE --text "调查结果" --at "2026-08-04 10:00"
run draft TS2026-00004 --text "$LONG最后一句。" --at "2026-08-04 10:00"
run_as "$OFFICER" approve TS2026-00004 --at "2026-08-04 11:00"
run_as "$SUP" approve TS2026-00004 --at "2026-08-04 12:00"

# the report's later sections (十一 (二)/(六), 十三): 1 is closed substantiated
# with 护理部 / 护士甲 responsible and a rectification never done; the cases
# transferred without a department's feedback are late feedback (二)
run callback TS2026-00001 --result satisfied --at "2026-07-07 10:00"
run close TS2026-00001 --finding substantiated --responsible NURSING --staff 护士甲 \
	--measures "科室培训，规范叫号" --rectify-by 2026-08-20 --at "2026-08-06 10:00"
# (三): 6's return is not accepted, the office sends it back to 总务科 the same round
run return TS2026-00006 --dept LOGISTICS --reason "不属本科职责范围" --at "2026-09-03 10:00"
run transfer TS2026-00006 --lead LOGISTICS --at "2026-09-03 11:00"

# ---- the report ----
expect_rc "report --format pdf" 0 c report quarterly 2026Q3 --at "$AT" --format pdf --output "$TMP/r.pdf"
expect_rc "report --format json" 0 c report quarterly 2026Q3 --at "$AT" --format json --output "$TMP/r.json"
pdfinfo "$TMP/r.pdf" >"$TMP/info" 2>&1
expect_match "the report is A4 (595x842 pt)" '^Page size: +595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' "$TMP/info"
pages=$(sed -n 's/^Pages: *//p' "$TMP/info")
: "${pages:=none}"
pdftotext -layout "$TMP/r.pdf" "$TMP/r.txt"
# (pdftotext drops the spaces between the Chinese and the figures)
expect_match "the footer states the page count" "第 ?1 ?页 ?共 ?$pages ?页" "$TMP/r.txt"
n=$(grep -Eac "第 ?[0-9]+ ?页 ?共 ?$pages ?页" "$TMP/r.txt")
expect_eq "every page has its footer" "$pages" "${n:-0}"
expect_match "the title" '投诉季度分析报告' "$TMP/r.txt"
expect_match "the site in the header" '示范医院 医患关系协调办公室' "$TMP/r.txt"
# every number of the totals and every department's row, as the JSON has them
python3 - "$TMP/r.json" >"$TMP/expect" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
def pct(v): return "-" if v is None else "%.1f%%" % v
def num(v): return "-" if v is None else "%.1f" % v
def re_esc(t): return "".join("\\" + c if c in "()[].*+?^$|\\" else c for c in t)
print("totals\t^ *收到 +%d( |$)" % t["received"])
print("totals\t受理中：办结 +%d( |$)" % t["closed"])
print("totals\t按期办结率 %s" % pct(r["closed_on_time_percent"]))
for sec in ("by_channel", "by_category"):
    for row in r[sec]["rows"]:
        print("%s %s\t^ *%s +%d +[0-9.]+%%$" % (sec, row["label"], row["label"], row["cases"]))
for d in r["by_dept"]["rows"]:
    cells = [str(d["received"]), str(d["closed"]), pct(d["closed_on_time_percent"]),
             str(d["overdue_now"]), num(d["median_reply_days"]), str(d["reopened"]),
             str(d["callbacks"]), pct(d["satisfaction_percent"])]
    print("dept %s\t^ *%s +%s *$" % (d["name"], d["name"], " +".join(c.replace(".", "\\.") for c in cells)))
# 十一 (二)/(六), 十三, the foot's chain head (issue 14: the PDF carries what the text has)
for n, sec, item, open_ in ((0, "late_feedback", "(二)", "未反馈"), (0, "late_rectify", "(六)", "未整改")):
    if not r[sec]:
        print("%s\tJSON has no %s rows" % (sec, sec))
    for x in r[sec]:
        done = x.get("feedback" if sec == "late_feedback" else "rectified") or open_
        print("%s %s %s\t^ *%s +%s +%s +%s +%s +%s +%d *$" % (sec, x["number"], x["dept"], re_esc(item),
              x["number"], re_esc(x["dept"]), x["received"], x["due"], done, x["days_late"]))
if not r["responsible"]:
    print("responsible\tJSON has no responsible rows")
for x in r["responsible"]:
    print("responsible %s %s\t^ *%s +%s +%d +%d *$" % (x["dept"], x["staff"], re_esc(x["dept"]),
          re_esc(x["staff"] or "（科室）"), x["substantiated"], x["partly"]))
print("chain head\t^ *%s *$" % r["chain_head"]["anchor"])
PY
[ -s "$TMP/expect" ] || notok "the JSON report's numbers" "$(head -c 300 "$TMP/r.json")"
grep -c '^dept' "$TMP/expect" | grep -qv '^0$' || notok "the JSON report has departments"
while IFS='	' read -r what re; do
	expect_match "the PDF's $what row has the JSON's numbers" "$re" "$TMP/r.txt"
done <"$TMP/expect"
# a table's header is repeated where it goes on to a new page: every page
# that opens with table rows opens with a header first (none begins mid-table
# without one is hard to see in text; at least each table's header is there)
for h in '十三、有效投诉责任科室与人员' '十四、补录事项' '审计链' '^ *无需认定 +[0-9]+ ' \
	'纠纷处理：医调委调解（件） +[0-9]+' '条款 +案件编号 +承办部门'; do
	expect_match "the PDF has /$h/ as the text report" "$h" "$TMP/r.txt"
done
# (三) has no list in the JSON: the PDF's rows are the text report's
expect_rc "report (text)" 0 c report quarterly 2026Q3 --at "$AT" --output "$TMP/r-text.txt"
grep -a '^(三) ' "$TMP/r-text.txt" | sed 's/ \{1,\}/ +/g; s/[()]/\\&/g; s/^/^ */; s/$/ *$/' >"$TMP/ret.re"
expect_eq "the text report has a (三) row" 1 "$(wc -l <"$TMP/ret.re")"
while read -r re; do
	expect_match "the PDF has the text's (三) row" "$re" "$TMP/r.txt"
done <"$TMP/ret.re"
# 十四 lists the steps entered late, by when they were entered: with the
# shipped margin (staff() widened it for the fixture) an admin's note and
# transfer dated July are late entries made now, in this quarter's report
CDESK_CONFIG=$CDESK_DATA/cdesk.ini run note TS2026-00002 --text "补录：电话回访" --at "2026-07-09 10:00"
CDESK_CONFIG=$CDESK_DATA/cdesk.ini run note TS2026-00003 --text "补录：现场沟通" --at "2026-07-16 09:30"
NOWQ=$(date +%Y)Q$(( ($(date +%-m) - 1) / 3 + 1 ))
expect_rc "report $NOWQ --format pdf" 0 c report quarterly "$NOWQ" --format pdf --output "$TMP/now.pdf"
expect_rc "report $NOWQ --format json" 0 c report quarterly "$NOWQ" --format json --output "$TMP/now.json"
pdftotext -layout "$TMP/now.pdf" "$TMP/now.txt"
python3 - "$TMP/now.json" >"$TMP/expect2" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
if not r["late_entries"]:
    print("late entries\tJSON has no late_entries")
for x in r["late_entries"]:
    print("late entry %s %s %s\t^ *%s +%s +%s +%s +%s *$" % (x["number"], x["action"], x["at"],
          re.escape(x["number"] or "-"), re.escape(x["action"]), re.escape(x["actor"]),
          re.escape(x["at"][:16]), re.escape(x["recorded"][:16])))
PY
n=$(wc -l <"$TMP/expect2")
good=0 bad=""
while IFS='	' read -r what re; do
	if grep -Eq "$re" "$TMP/now.txt"; then good=$((good + 1)); else bad="$bad $what;"; fi
done <"$TMP/expect2"
expect_eq "十四: every late entry of the JSON is a row of the PDF ($n)" "" "$bad"
for h in '渠道 +件数 +占比' '承办部门 +收到 +办结 +按期率' '案件编号 +承办部门'; do
	expect_match "table header /$h/" "$h" "$TMP/r.txt"
done

# a table longer than a page: 50 cases still overdue at the quarter's end make
# the overdue list go on over pages; each page of it opens with its header,
# and every row is whole on its page
LDB=$TMP/late.db
"$CDESK" --db "$LDB" init >/dev/null
{ echo "channel,received,kind,name,phone,account,class,depts,categories"
  i=0; while [ $i -lt 50 ]; do
	printf 'phone,2026-07-%02d 10:00,complaint,李%d,1390000%04d,候诊时间太长,general,NURSING,nursing\n' \
		$((i % 28 + 1)) $i $i; i=$((i + 1)); done; } >"$TMP/late.csv"
"$CDESK" --db "$LDB" import "$TMP/late.csv" >/dev/null 2>&1 || notok "fixture: import late.csv"
expect_rc "a report with a long table" 0 "$CDESK" --db "$LDB" report quarterly 2026Q3 --at "$AT" --format pdf --output "$TMP/late.pdf"
lp=$(pdfinfo "$TMP/late.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
p=1 spread=0 rows=0 bad=""
while [ "$p" -le "${lp:-0}" ]; do
	pdftotext -layout -f $p -l $p "$TMP/late.pdf" "$TMP/page.txt"
	n=$(grep -Ec '(^| )TS2026-[0-9]{5}(#[0-9]+)? ' "$TMP/page.txt")
	if [ "$n" -gt 0 ]; then
		spread=$((spread + 1))
		grep -q '案件编号 \{1,\}承办部门 \{1,\}收到 \{1,\}期限' "$TMP/page.txt" || bad="$bad page $p has rows without the header;"
		# (a long department name may wrap inside its cell: the row's own line
		# still holds its number, both dates, 未结 and the days)
		whole=$(grep -Ec '(^| )TS2026-[0-9]{5}(#[0-9]+)? .* 2026-[0-9]{2}-[0-9]{2} +2026-[0-9]{2}-[0-9]{2} +未结 +[0-9]+ *$' "$TMP/page.txt")
		[ "$whole" = "$n" ] || bad="$bad page $p: $n rows, $whole whole;"
		rows=$((rows + n))
	fi
	p=$((p + 1))
done
if [ "$spread" -ge 2 ]; then ok "the overdue list goes over $spread pages"; else notok "the overdue list goes over pages" "on $spread"; fi
expect_eq "every overdue case is listed once" 50 "$rows"
expect_eq "each page of the list has its header, every row whole" "" "$bad"

# ---- every page renders ----
render_all() {	# render_all NAME PDF PAGES
	if pdftoppm -r 50 -png "$2" "$TMP/$1" 2>"$TMP/ppm.err" &&
	   [ "$(ls "$TMP/$1"-*.png 2>/dev/null | wc -l)" = "$3" ] && [ ! -s "$TMP/ppm.err" ]; then
		ok "$1: all $3 pages render at 50 dpi"
	else notok "$1: all $3 pages render at 50 dpi" "$(head -c 300 "$TMP/ppm.err")"; fi
}
render_all report "$TMP/r.pdf" "$pages"
# compare_ref NAME PDF PAGE: that page against tests/data/pdf/NAME.pgm.gz
compare_ref() {
	pdftoppm -r 30 -gray -f "$3" -l "$3" -singlefile "$2" "$TMP/$1-cmp" 2>/dev/null
	if [ -n "$CDESK_UPDATE_GOLDEN" ]; then
		python3 tests/cli/pdfcmp.py --store "$TMP/$1-cmp.pgm" "$REF/$1.pgm.gz"
		ok "$1: reference rewritten"
	elif res=$(python3 tests/cli/pdfcmp.py "$TMP/$1-cmp.pgm" "$REF/$1.pgm.gz" 2>&1); then
		ok "$1: page $3 looks like its reference ($res)"
	else notok "$1: page $3 looks like its reference" "$res"; fi
}
compare_ref report-p1 "$TMP/r.pdf" 1

# ---- the registration form and the letter ----
expect_rc "print form --format pdf" 0 c print form TS2026-00001 --format pdf --output "$TMP/f.pdf" --at "$AT"
pdfinfo "$TMP/f.pdf" >"$TMP/finfo" 2>&1
expect_match "the form is A4" '^Page size: +595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' "$TMP/finfo"
fpages=$(sed -n 's/^Pages: *//p' "$TMP/finfo")
pdftotext -layout "$TMP/f.pdf" "$TMP/f.txt"
expect_match "the form's title" '医院投诉登记表' "$TMP/f.txt"
expect_match "the form's footer" "第 ?1 ?页 ?共 ?$fpages ?页" "$TMP/f.txt"
expect_match "the form has the number" 'TS2026-00001' "$TMP/f.txt"
expect_match "the account is in its box" '叫号系统多次跳号' "$TMP/f.txt"
expect_match "the first receiver" "$(id -un)" "$TMP/f.txt"
expect_match "the signature line" '投诉人签名' "$TMP/f.txt"
render_all form "$TMP/f.pdf" "$fpages"
compare_ref form-p1 "$TMP/f.pdf" 1
expect_rc "a .pdf --output is a PDF" 0 c print form TS2026-00001 --output "$TMP/g.pdf" --at "$AT"
expect_eq "a .pdf --output is a PDF: its magic" "%PDF-" "$(head -c 5 "$TMP/g.pdf")"
expect_rc "print letter --format pdf" 0 c print letter TS2026-00001 --format pdf --output "$TMP/l.pdf" --at "$AT"
pdftotext -layout "$TMP/l.pdf" "$TMP/l.txt"
expect_match "the letter's title" '投诉答复函' "$TMP/l.txt"
expect_match "the letter has the reply" '叫号系统存在故障' "$TMP/l.txt"
expect_match "the letter is dated with the reply" '2026年7月6日' "$TMP/l.txt"
expect_match "the letter has room for the seal" '（盖章）' "$TMP/l.txt"
render_all letter "$TMP/l.pdf" 1
expect_rc "a letter longer than a page" 0 c print letter TS2026-00004 --format pdf --output "$TMP/long.pdf" --at "$AT"
pdftotext -layout "$TMP/long.pdf" "$TMP/long.txt"
lpages=$(pdfinfo "$TMP/long.pdf" | sed -n 's/^Pages: *//p')
expect_eq "the long letter takes two pages" 2 "$lpages"
expect_match "its footer says so" "第 ?2 ?页 ?共 ?2 ?页" "$TMP/long.txt"
expect_match "none of the reply is lost" '最后一句' "$TMP/long.txt"
expect_match "the seal's room after it" '（盖章）' "$TMP/long.txt"
compare_ref letter-p1 "$TMP/l.pdf" 1
expect_rc "a letter without a reply" 5 c print letter TS2026-00002 --format pdf --output "$TMP/x.pdf"
expect_match "a letter without a reply says why" 'TS2026-00002 has no reply yet' "$TMP/err"
expect_rc "print --format ps" 2 c print form TS2026-00001 --format ps --output "$TMP/x.pdf"
expect_match "print --format ps names it" "'ps' is not text or pdf" "$TMP/err"
[ -e "$TMP/x.pdf" ] && notok "a refused print leaves no file" || ok "a refused print leaves no file"

# every glyph is drawn: cairo 1.16's CFF subset of Noto Sans CJK left 如 blank
# (so "现答复如下" printed "现答复 下"); the glyphs are Type 3 outlines now
pdffonts "$TMP/l.pdf" >"$TMP/lfonts" 2>&1
expect_nomatch "no CFF font subset in the PDF" 'CID Type 0C' "$TMP/lfonts"
ink() {	# ink PDF: the dark pixels of its first page at 72 dpi
	pdftoppm -r 72 -gray -f 1 -l 1 -singlefile "$1" "$TMP/ink" 2>/dev/null
	python3 -c "import sys; d=open(sys.argv[1],'rb').read().split(b'\n',3)[3]; print(sum(1 for b in d if b < 128))" "$TMP/ink.pgm"
}
run add --at "2026-09-20 10:00" --channel phone --kind complaint --class general --depts MEDICAL \
	--categories med_quality --name 王如 --phone 13700009998 --text "如如如如如如如如如如如如如如如如如如如如"
run add --at "2026-09-20 10:00" --channel phone --kind complaint --class general --depts MEDICAL \
	--categories med_quality --name 王如 --phone 13700009998 --text "。"
c print form TS2026-00008 --format pdf --output "$TMP/ru.pdf" --at "$AT" 2>/dev/null
c print form TS2026-00009 --format pdf --output "$TMP/dot.pdf" --at "$AT" 2>/dev/null
more=$(( $(ink "$TMP/ru.pdf") - $(ink "$TMP/dot.pdf") ))
if [ "$more" -gt 400 ]; then ok "twenty 如 are drawn ($more dark pixels more than 。)"
else notok "twenty 如 are drawn" "only $more dark pixels more than a form with 。"; fi

# a PDF is never poured onto a terminal (script gives the command one)
if command -v script >/dev/null; then
	script -qc "'$CDESK' --db '$DB' report quarterly 2026Q3 --format pdf --at '$AT'" /dev/null \
		>"$TMP/tty" 2>&1 </dev/null
	expect_match "report --format pdf on a terminal is refused" 'a PDF is not shown on a terminal' "$TMP/tty"
	expect_nomatch "and nothing of the PDF reaches it" '%PDF' "$TMP/tty"
fi

# ---- printing: [print] format, the letterhead, the font ----
cat >"$TMP/cdesk.ini" <<INI
[site]
name = 示范医院 医患关系协调办公室
[print]
command = cat > "$TMP/printed"
letterhead = 示范市第一人民医院
letterhead_note = 示范市健康路 1 号　电话 0000-12345678
font = Noto Serif CJK SC
[report]
target_on_time = 95
INI
expect_rc "report --print sends the PDF" 0 "$CDESK" --config "$TMP/cdesk.ini" --db "$DB" report quarterly 2026Q3 --print --at "$AT"
expect_eq "the printer got a PDF" "%PDF-" "$(head -c 5 "$TMP/printed")"
pdftotext "$TMP/printed" "$TMP/p.txt"
expect_match "the target from cdesk.ini" '目标按期率 95%' "$TMP/p.txt"
# (the glyphs are Type 3 outlines, so pdffonts names no family: the pages differ)
cp "$TMP/printed" "$TMP/serif.pdf"
pdftoppm -r 30 -gray -f 1 -l 1 -singlefile "$TMP/serif.pdf" "$TMP/serif" 2>/dev/null
pdftoppm -r 30 -gray -f 1 -l 1 -singlefile "$TMP/r.pdf" "$TMP/sans" 2>/dev/null
if [ -s "$TMP/serif.pgm" ] && ! cmp -s "$TMP/serif.pgm" "$TMP/sans.pgm"; then ok "[print] font is used"
else notok "[print] font is used" "Noto Serif CJK SC draws the same page as the default"; fi
expect_rc "print letter sends the PDF" 0 "$CDESK" --config "$TMP/cdesk.ini" --db "$DB" print letter TS2026-00001 --at "$AT"
pdftotext "$TMP/printed" "$TMP/p.txt"
expect_match "the letterhead from cdesk.ini" '示范市第一人民医院' "$TMP/p.txt"
expect_match "the letterhead's note" '示范市健康路 1 号' "$TMP/p.txt"
printf '[print]\nfont = No Such Family\n' >"$TMP/nofont.ini"
expect_rc "a font fontconfig does not have" 0 "$CDESK" --config "$TMP/nofont.ini" --db "$DB" report quarterly 2026Q3 --format pdf --output "$TMP/nofont.pdf" --at "$AT"
expect_match "is named in a warning, with the font used" "warning: \\[print\\] font 'No Such Family' is not installed: the PDF is set in '" "$TMP/err"
pdftotext "$TMP/nofont.pdf" "$TMP/nofont.txt"
expect_match "and the Chinese is still there" '投诉季度分析报告' "$TMP/nofont.txt"
expect_rc "the default font" 0 c print form TS2026-00001 --format pdf --output "$TMP/f2.pdf" --at "$AT"
expect_nomatch "draws no font warning" 'warning' "$TMP/err"
printf '[print]\nformat = postscript\n' >"$TMP/bad.ini"
expect_rc "[print] format = postscript" 7 "$CDESK" --config "$TMP/bad.ini" --db "$DB" report quarterly 2026Q3
expect_match "[print] format names what is wrong" "format.*'postscript' is not one of: pdf, text" "$TMP/err"
printf '[report]\ntarget_on_time = 120\n' >"$TMP/bad.ini"
expect_rc "[report] target_on_time = 120" 7 "$CDESK" --config "$TMP/bad.ini" --db "$DB" report quarterly 2026Q3
expect_match "target_on_time names what is wrong" "target_on_time.*'120' is not a percentage" "$TMP/err"
# CDESK_PDF_KEEP=DIR keeps the documents made here (doc/*.png are made from them)
[ -n "$CDESK_PDF_KEEP" ] && cp "$TMP/r.pdf" "$TMP/f.pdf" "$TMP/l.pdf" "$TMP/long.pdf" "$TMP/now.pdf" "$CDESK_PDF_KEEP"/
true
