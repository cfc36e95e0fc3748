#!/bin/sh
# cdesk classify under a Chinese locale: the reasons of the suggestion are
# Chinese and name departments, categories, kinds, classes and flags by their
# Chinese names; under C they stay the English of the golden files.
. tests/lib.sh
G=tests/cli/golden
AT="2026-11-27 09:00"
NURSE="我母亲住院期间，护士态度非常恶劣，换药的时候还骂人。"

LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" classify --at "$AT" "$NURSE" >"$TMP/out" 2>"$TMP/err"
expect_eq "zh classify exit" 0 $?
expect_match "zh dept reason names 护理部 with 权重" '^  科室 +nursing-attitude +护士, 态度, 骂, 恶劣 → 护理部（权重 5）$' "$TMP/out"
expect_match "zh kind reason" '^  性质 +kind-complaint +恶劣 → 投诉（得分 3）$' "$TMP/out"
expect_match "zh category reason" '^  类别 +score +服务态度：得分 5$' "$TMP/out"
expect_match "zh class default reason" '^  处理类别 +default +没有规则设定处理类别 → 一般' "$TMP/out"
expect_nomatch "zh reasons have no English" '(weight|score [0-9]|NURSING \()' "$TMP/out"
expect_match "zh the lead line names the department (issue 10: no code under zh)" '^牵头科室： +护理部$' "$TMP/out"

LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" classify --at "$AT" "我想反映一个问题。" >"$TMP/out"
expect_match "zh default department by Chinese name" '没有规则指明科室 → 默认为' "$TMP/out"
expect_match "zh default kind" '没有比投诉更强的性质线索 → 投诉' "$TMP/out"

LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" classify --amount 20000 "护士态度差，我要找记者" >"$TMP/out"
expect_match "zh claim threshold" '^  标记:索赔超限 +threshold +20000 元 ≥ 10000 元 → 报理赔中心$' "$TMP/out"
expect_match "zh media flag by label" '^  标记:媒体 +[^ ]+ +.*记者 → 媒体$' "$TMP/out"
LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" classify --json --at "$AT" "$NURSE" >"$TMP/out"
expect_match "zh --json detail is Chinese too" '"detail": "护士, 态度, 骂, 恶劣 → 护理部（权重 5）"' "$TMP/out"
expect_match "zh --json part stays a code" '"part": "dept"' "$TMP/out"

# LC_ALL=C wins over LANG, and C / C.UTF-8 keep the golden English.
LANG=zh_CN.UTF-8 LC_ALL=C "$CDESK" classify --at "$AT" "$NURSE" >"$TMP/out"
golden "LC_ALL=C over zh LANG is the English golden" "$G/classify-nurse.txt" "$TMP/out"
LANG=C.UTF-8 LC_ALL= LANGUAGE= "$CDESK" classify --at "$AT" "$NURSE" >"$TMP/out"
golden "C.UTF-8 is the English golden" "$G/classify-nurse.txt" "$TMP/out"
LANG=C LC_ALL= LANGUAGE=zh_CN "$CDESK" classify --at "$AT" "我想反映一个问题。" >"$TMP/out"
golden "LANGUAGE alone under C stays English" "$G/classify-default.txt" "$TMP/out"
