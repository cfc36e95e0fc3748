#!/bin/sh
# The reasons of the live suggestion on the intake form, through tmux: in
# Chinese under zh_CN.UTF-8 (parts and details, departments by Chinese name),
# in English under C.UTF-8.
. tests/lib.sh
. tests/tui/tmux.inc

# reasons TAG ENV...: opens the intake form and types a nurse complaint into
# the account field (the 4th Tab from the name: name, phone, relation, patient).
reasons() {
	tag=$1; shift
	DB="$TMP/reasons-$tag.db"
	"$CDESK" --db "$DB" init >/dev/null
	start 120 40 "$@"
	keys F2
	check "$tag: the intake form opens" 'Rule suggestion|规则建议'
	keys Tab Tab Tab Tab
	typ "护士态度非常恶劣，换药的时候还骂人"
}

reasons zh LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color
check "zh: the department reason is Chinese" '科室: 护士, 态度.* → 护理部（权重'
check "zh: the kind reason is Chinese" '性质: 恶劣 → 投诉（得分 3）'
check "zh: the category reason is Chinese" '类别: 服务态度：得分 5'
check "zh: the class reason is Chinese" '处理类别: 没有规则设定处理类别'
not_shown "zh: no English reason left" '(weight|dept:|NURSING \(weight)'
keys Escape y q
wait_exit >/dev/null

reasons c LANG=C.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color
check "C: the department reason stays English" 'dept: 护士, 换药 → NURSING \(weight 3\)'
check "C: the category reason stays English" 'category: attitude \(服务态度\): score 5'
keys Escape y q
wait_exit >/dev/null

# A broken keyword rule: the TUI starts (its queue reads no keyword rule);
# the intake form names the file, line and rule, and saving refuses.
BAD=$TMP/bad
mkdir "$BAD" && cp -R "$CDESK_DATA"/. "$BAD"/ || notok "fixture: copy the data"
awk '/^\[rule:/ { r = 1 } r && !d && /^dept *=/ { print "dept = NOSUCH"; d = 1; next } { print }' \
	"$CDESK_DATA/rules.ini" >"$BAD/rules.ini"
bline=$(grep -n '^dept = NOSUCH$' "$BAD/rules.ini" | cut -d: -f1)
DB="$TMP/reasons-bad.db"
"$CDESK" --db "$DB" init >/dev/null
start 160 40 LANG=C.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color CDESK_DATA="$BAD"
keys F2
check "a broken rule: the intake form opens" 'Rule suggestion'
check "and names the file, line and rule" "rules\\.ini:$bline: \\[rule:[^]]*\\] dept: unknown department"
tm kill-server >/dev/null 2>&1
