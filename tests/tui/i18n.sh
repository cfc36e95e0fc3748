#!/bin/sh
# The core's messages on the full-screen interface follow its language
# (issue 10): a refusal the core words (here a stale screen's conflict, with
# the last step) is Chinese under zh_CN.UTF-8 and under [ui] language =
# zh_CN, English under [ui] language = en, as the screens around it.
. tests/lib.sh
. tests/tui/tmux.inc

one_case_db i18n
printf '[ui]\nlanguage = en\n' >"$TMP/en.ini"
printf '[ui]\nlanguage = zh_CN\n' >"$TMP/zh.ini"

# stale TAG: another terminal adds a note, then this screen (on the case)
# transfers to the first department, with no co-department and no note
stale() {
	"$CDESK" --db "$DB" note "$N" --text "另一终端的备注$1" >/dev/null
	keys t Down Enter Home Enter Enter y
}
# open TAG ENV...: cdesk on the case
open() {
	tag=$1; shift
	start 100 30 "$@" TERM=xterm-256color
	check "$tag: the queue shows the case" "$N"
	keys Enter
	check "$tag: the case opens" "$N +(registered|已登记)"
}
quit() { keys q q; expect_eq "$1: q twice quits" 0 "$(wait_exit)"; }

open zh LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE=
stale 1
check "zh: the core's conflict is Chinese on the screen" "$N 在您查看之后已被他人修改"
check "zh: with the last step, in Chinese (the step by its name)" '上一步骤：备注'
if screen_text | grep -q 'changed by someone else'; then
	notok "zh: no English left of the conflict" "$(screen_text | grep 'changed by')"
else ok "zh: no English left of the conflict"; fi
quit zh


open "[ui] language = en" LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= CDESK_CONFIG="$TMP/en.ini"
stale 2
check "[ui] language = en under zh_CN.UTF-8: the conflict is English" \
	'changed by someone else.*last step: note'
quit "[ui] language = en"

open "[ui] language = zh_CN" LANG=C.UTF-8 LC_ALL= LANGUAGE= CDESK_CONFIG="$TMP/zh.ini"
stale 3
check "[ui] language = zh_CN under C.UTF-8: the conflict is Chinese" "$N 在您查看之后已被他人修改"
quit "[ui] language = zh_CN"

open C LANG=C.UTF-8 LC_ALL= LANGUAGE=
stale 4
check "C: the conflict is English" 'changed by someone else.*last step: note'
quit C

# the case screen's departments joined with the Chinese comma, not ", "
one_case_db i18n2
"$CDESK" --db "$DB" transfer "$N" --lead NURSING --co BILLING >/dev/null
start 100 30 LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color
check "zh departments: the queues" '队列'
# the top line names the role as the command line does (core/vocab.c)
check "zh: the top line's role by the core's name" "$(id -un) \\(系统管理员\\)"
keys F4
typ "$N"
keys Enter
check "zh departments: the search finds the case" "$N"
keys Enter
check "zh: the departments joined by the Chinese comma" '承办科室: 护理部（牵头）， *稽核科'
not_shown "zh: no ASCII comma between the departments" '（牵头）, '
keys q q q
