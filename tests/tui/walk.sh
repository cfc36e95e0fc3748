#!/bin/sh
# The clerk's walk through the TUI, driven by tmux: register a complaint typed
# in Chinese, find it with `cdesk show`, open it from the "new" queue,
# transfer it and watch the timeline grow. Repeated under several locales,
# terminals and NO_COLOR.
. tests/lib.sh
. tests/tui/tmux.inc

YESTERDAY=$(date -d yesterday +%F 2>/dev/null || date -v-1d +%F)

# json_has NAME FILE KEY VALUE: `cdesk show --json` holds "KEY": "VALUE".
json_has() {
	if tr -d '\n' <"$2" | sed 's/": */":/g' | grep -qF "\"$3\":$4"; then ok "$1"; else
		notok "$1" "no \"$3\":$4 in:" "$(head -c 800 "$2")"; fi
}

# colours TAG yes|no: whether the screen uses colour (SGR 30-37/40-47).
colours() {
	if tm capture-pane -p -e | grep -Eq "$(printf '\033')\\[([0-9]+;)*(3[0-7]|4[0-7])(;[0-9]+)*m"; then
		got=yes; else got=no; fi
	expect_eq "$1: colour in use" "$2" "$got"
}

# walk TAG TITLE COLOUR ENV...: one full walk; TITLE is the intake form's
# title in the expected language, COLOUR whether colour is expected.
walk() {
	tag=$1; title=$2; colour=$3; shift 3
	new_db "walk-$tag"
	start 100 30 "$@"
	check "$tag: queues open first" '示范医院.*(Queues|队列)'
	colours "$tag" "$colour"
	keys F2
	check "$tag: F2 opens the intake form in the right language" "$title"
	check "$tag: with the suggestion panel" 'Rule suggestion|规则建议'
	# the focus starts on the complainant's name
	# the essentials first: name, phone, relation, patient, account, demand, unit
	typ "赵六"; keys Tab
	typ "13700001111"; keys Tab
	typ "女儿"; keys Tab
	typ "赵大妈"; keys Tab
	typ "护士打针态度很差，还多收了输液费"
	check "$tag: the suggestion follows the typing" '(NURSING|Nursing|护理部)'
	keys Tab
	typ "道歉并退还多收的费用"; keys Tab
	keys Enter                      # subject unit: chosen from its list
	check "$tag: the unit is chosen from a list" '┌'
	keys Down Enter
	# then the fold: Enter opens the rest (received, kind, address …)
	keys Tab
	check "$tag: the rest is under a fold that explains *" '(More|更多).*\* (= required|为必填)'
	keys Enter Tab Tab
	typ "北京市海淀区学院路1号"; keys Tab
	keys Tab Tab Tab Tab            # ID number, anonymous, group size, representatives
	typ "ZY2026001"; keys Tab
	typ "$YESTERDAY"; keys Tab
	typ "李护士"; keys Tab
	typ "500"
	keys C-s
	check "$tag: Ctrl-S registers and shows the number with what comes next" '┌─(Registered|已登记) TS[0-9]{4}-[0-9]{5}'
	check "$tag: another case, the case, the form" '再登记一件.*│' 
	check "$tag: … the case" '打开案件'
	check "$tag: … the registration form" '打印登记表'
	if [ "$tag" = c-utf8 ]; then
		keys 3
		check "$tag: the form went to the printer" 'sent to the printer'
		if screen_text | grep -q 'request id'; then
			notok "$tag: the print command's output stays off the screen" \
				"$(screen_text | grep 'request id')"
		else ok "$tag: the print command's output stays off the screen"; fi
	else
		keys Escape
	fi
	check "$tag: the status line shows the number" '(Registered|已登记) TS[0-9]{4}-[0-9]{5}'
	num=$(screen_text | grep -E '(Registered|已登记) TS' | grep -Eo 'TS[0-9]{4}-[0-9]{5}' | head -1)
	"$CDESK" --db "$DB" show "$num" --json >"$TMP/show.json" 2>"$TMP/show.err"
	json_has "$tag: show has the name as typed" "$TMP/show.json" name '"赵六"'
	json_has "$tag: show has the phone" "$TMP/show.json" phone '"13700001111"'
	json_has "$tag: show has the relation" "$TMP/show.json" relation '"女儿"'
	json_has "$tag: show has the address" "$TMP/show.json" address '"北京市海淀区学院路1号"'
	json_has "$tag: show has the patient" "$TMP/show.json" patient_name '"赵大妈"'
	json_has "$tag: show has the record number" "$TMP/show.json" patient_record '"ZY2026001"'
	json_has "$tag: show has the visit date" "$TMP/show.json" visit_date "\"$YESTERDAY\""
	json_has "$tag: show has the staff" "$TMP/show.json" staff '"李护士"'
	json_has "$tag: show has the account" "$TMP/show.json" text '"护士打针态度很差，还多收了输液费"'
	json_has "$tag: show has the demand" "$TMP/show.json" demand '"道歉并退还多收的费用"'
	json_has "$tag: show has the claim in fen" "$TMP/show.json" claim_fen '50000'
	json_has "$tag: the case is registered" "$TMP/show.json" status '"registered"'
	if grep -q '"unit": *"' "$TMP/show.json" || tr -d '\n' <"$TMP/show.json" | grep -q '"unit":"'; then
		ok "$tag: show has the unit chosen"; else notok "$tag: show has the unit chosen" "$(head -c 400 "$TMP/show.json")"; fi

	# back on the "new" queue: newest first, then open it
	check "$tag: the new case is in the new queue" "$num"
	keys s s s
	check "$tag: sorted newest first" '(received|受理时间) ↓'
	keys Home Enter
	check "$tag: Enter opens the case" "$num .*(registered|已登记|登记)"
	before=$(screen_text | grep -Ec '^ +20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} ')
	keys t
	check "$tag: t asks for the lead department" '┌'
	keys Down Enter
	check "$tag: then for co-departments" '┌'
	# (the list starts on the case's next department; Home is "(done)")
	keys Home Enter
	typ "请核实后书面反馈"; keys Enter
	check "$tag: the transfer's last step confirms" '\[y/n\]'
	keys y
	check "$tag: the timeline shows the transfer" ' (transfer|交办) +请核实后书面反馈'
	after=$(screen_text | grep -Ec '^ +20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} ')
	expect_eq "$tag: the timeline grew by one event" "$((before + 1))" "$after"
	"$CDESK" --db "$DB" show "$num" --json >"$TMP/show2.json" 2>/dev/null
	json_has "$tag: the case is routed" "$TMP/show2.json" status '"routed"'
	if [ "$tag" = c-utf8 ]; then
		expect_match "$tag: the printed form names the case" "$num" "$TMP/printed.txt"
		expect_match "$tag: the printed form has the account" '护士打针态度很差' "$TMP/printed.txt"
	fi

	# help is generated from the key table
	keys F1
	check "$tag: F1 shows the keys" 'Ctrl-L|F10'
	keys Escape Escape
	check "$tag: Esc goes back to the queue" '(Queue|队列) [0-9]+/[0-9]+'
	keys q
	expect_eq "$tag: q quits with status 0" 0 "$(wait_exit)"
}

# the print command of this configuration writes the registration form to a file
print_config "$TMP/printed.txt"
walk c-utf8 'New case' yes LANG=C.UTF-8 LC_ALL= TERM=xterm-256color CDESK_CONFIG="$TMP/cdesk.ini"
walk zh '新建案件' yes LANG=zh_CN.UTF-8 LC_ALL= TERM=xterm-256color
walk nocolor 'New case' no LANG=C.UTF-8 LC_ALL= NO_COLOR=1 TERM=xterm-256color
walk screen 'New case' yes LANG=C.UTF-8 LC_ALL= TERM=screen
walk vt100 '新建案件' no LANG=zh_CN.UTF-8 LC_ALL= TERM=vt100
