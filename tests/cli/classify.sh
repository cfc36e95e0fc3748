#!/bin/sh
# cdesk classify: text and JSON output against golden files, standard input,
# the claim threshold from --amount, bad input and a malformed rules file.
. tests/lib.sh
G=tests/cli/golden
AT="2026-11-27 09:00"

expect_rc "classify nurse" 0 "$CDESK" classify --at "$AT" "我母亲住院期间，护士态度非常恶劣，换药的时候还骂人。"
golden "classify nurse golden" "$G/classify-nurse.txt" "$TMP/out"

expect_rc "classify traditional --json" 0 "$CDESK" classify --json --at "$AT" \
	"醫生收了我們五千塊紅包，手術還是做壞了，現在要求賠償二十萬元，不然就找記者曝光。"
golden "classify --json golden" "$G/classify-bribe.json" "$TMP/out"

expect_rc "classify default" 0 "$CDESK" classify --at "$AT" "我想反映一个问题。"
golden "classify default golden" "$G/classify-default.txt" "$TMP/out"

# A consultation after the cutoff is due the next working day (Monday).
expect_rc "classify consultation" 0 "$CDESK" classify --at "2026-11-27 17:31" "请问复印病历需要带什么材料？"
expect_match "consultation kind" "^kind: +consultation" "$TMP/out"
expect_match "consultation simple" "^class: +simple" "$TMP/out"
expect_match "consultation due Monday" "^reply due: +2026-11-30 23:59:59" "$TMP/out"

# Standard input, several lines, and "-".
printf '停车场收费太贵了，\n车位也找不到。\n' | "$CDESK" classify --at "$AT" >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin exit" 0 $?
expect_match "stdin parking is logistics" "^lead: +LOGISTICS 总务科" "$TMP/out"
expect_nomatch "stdin parking is not billing" "BILLING" "$TMP/out"
printf 'The nurse was rude\n' | "$CDESK" classify --json - >"$TMP/out" 2>"$TMP/err"
expect_match "stdin dash json" '"dept": "NURSING"' "$TMP/out"
printf '护士态度差\r\n还骂人\r\n' | "$CDESK" classify >"$TMP/out" 2>"$TMP/err"
expect_eq "stdin CRLF accepted" 0 $?
expect_match "stdin CRLF classified" "^lead: +NURSING" "$TMP/out"

# The claim threshold: 9999 yuan is below it, 10000 reaches it.
"$CDESK" classify --amount 9999 "护士态度差" >"$TMP/out"
expect_match "9999 yuan no claim flag" '^flags: +none$' "$TMP/out"
expect_match "9999 yuan claim line" '^claim: +9999 yuan \(threshold 10000\)' "$TMP/out"
"$CDESK" classify --json --amount 9999 "护士态度差" >"$TMP/out"
expect_match "9999 yuan claim_fen" '"claim_fen": 999900' "$TMP/out"
"$CDESK" classify --claim 10000 "护士态度差" >"$TMP/out"
expect_match "10000 yuan claim flag" '^flags: +claim 索赔超限$' "$TMP/out"
"$CDESK" classify --json --group 3 --anonymous "护士态度差" >"$TMP/out"
expect_match "group flag" '"group"' "$TMP/out"
expect_match "anonymous flag" '"anonymous"' "$TMP/out"
"$CDESK" classify --json --channel phone --demand "赔偿3万元" "手术后一直疼" >"$TMP/out"
expect_match "demand claim" '"claim_fen": 3000000' "$TMP/out"

# Emergency: two clock hours.
expect_rc "classify emergency" 0 "$CDESK" classify --at "2026-11-27 16:30" "十几个家属聚众闹事，堵在门口"
expect_match "emergency class" "^class: +emergency" "$TMP/out"
expect_match "emergency due" "^reply due: +2026-11-27 18:30:00 \(2 hours" "$TMP/out"

# Bad input: exit 2, a message naming what is wrong, nothing on stdout.
expect_rc "invalid UTF-8" 2 "$CDESK" classify "$(printf 'bad \377 text')"
expect_match "invalid UTF-8 named" "text.*UTF-8" "$TMP/err"
expect_eq "invalid UTF-8 no output" "" "$(cat "$TMP/out")"
expect_rc "control character" 2 "$CDESK" classify "$(printf 'esc \033[31m red')"
expect_match "control character named" "control" "$TMP/err"
printf '' | "$CDESK" classify >"$TMP/out" 2>"$TMP/err"
expect_eq "empty stdin exit" 2 $?
expect_match "empty named" "no text to classify" "$TMP/err"
expect_rc "bad --amount" 2 "$CDESK" classify --amount 12abc "text"
expect_match "bad --amount named" "claim: '12abc' is not an amount" "$TMP/err"
expect_rc "bad --group" 2 "$CDESK" classify --group 0 "text"
expect_rc "bad --channel" 2 "$CDESK" classify --channel pigeon "text"
expect_match "bad --channel lists codes" "visit, phone" "$TMP/err"
expect_rc "unknown option" 2 "$CDESK" classify --colour red "text"

# A malformed rules file: exit 7 with file:line.
mkdir -p "$TMP/data"
cp -r data/holidays "$TMP/data/"
sed 's/^weight = 7$/weight = seven/' data/rules.ini >"$TMP/data/rules.ini"
line=$(grep -n '^weight = seven$' "$TMP/data/rules.ini" | cut -d: -f1)
CDESK_DATA="$TMP/data" "$CDESK" classify "护士" >"$TMP/out" 2>"$TMP/err"
expect_eq "malformed rules exit" 7 $?
expect_match "malformed rules file:line" "rules.ini:$line: \[rule:ethics-bribe\] weight: 'seven' is not a whole number" "$TMP/err"

# --lines: each line of standard input a text of its own (blank lines are
# skipped and keep their numbers); a bad line refuses the whole input.
printf '医生态度很差\n\n收费处多收了我200元\r\n' >"$TMP/lines"
expect_rc "--lines --json" 0 "$CDESK" classify --lines --json --at "2026-11-27 09:00" <"$TMP/lines"
expect_eq "--lines: one object a non-blank line, naming it" "1 MEDICAL
3 BILLING" "$(jq -r '"\(.line) \(.dept)"' "$TMP/out")"
expect_rc "--lines text" 0 "$CDESK" classify --lines --at "2026-11-27 09:00" <"$TMP/lines"
expect_eq "--lines text: a block a line, headed by it" "-- line 1 --
-- line 3 --" "$(grep '^-- line' "$TMP/out")"
printf '医生态度很差\n护士\001态度差\n' >"$TMP/bad"
expect_rc "--lines: a control character refuses the input" 2 "$CDESK" classify --lines <"$TMP/bad"
expect_match "--lines: the bad line is named" "standard input, line 2: text: control character U\+0001" "$TMP/err"
expect_eq "--lines: nothing printed for the good line" "" "$(cat "$TMP/out")"
expect_rc "--lines with a TEXT" 2 "$CDESK" classify --lines "医生态度很差"
expect_match "--lines with a TEXT: said why" "--lines reads standard input" "$TMP/err"
# the first text classified prints the warnings, even when line 1 is blank
printf '\n医生态度很差\n' >"$TMP/blank1"
expect_rc "--lines, line 1 blank" 0 "$CDESK" classify --lines --at "2030-11-27 09:00" <"$TMP/blank1"
expect_match "--lines: the calendar warning still comes" "no holiday calendar for 2030" "$TMP/err"
expect_eq "--lines: the first block starts the output" "-- line 2 --" "$(head -1 "$TMP/out")"
# Standard input over 4 MiB is refused whole, naming the limit: before, the
# shared reader stopped at 4 MiB and kept what it had (a JSON case cut short,
# the last lines of a --lines list dropped), and classify read any size.
awk 'BEGIN { for (i = 0; i < 170000; i++) print "医生态度很差，收费处多收钱" }' >"$TMP/big"
expect_rc "--lines, 5 MiB of input" 2 "$CDESK" classify --lines <"$TMP/big"
expect_match "--lines, 5 MiB: the limit is named" "standard input: more than 4 MiB" "$TMP/err"
expect_eq "--lines, 5 MiB: nothing printed" "" "$(cat "$TMP/out")"
expect_rc "classify, 5 MiB of input" 2 "$CDESK" classify <"$TMP/big"
expect_match "classify, 5 MiB: the limit is named" "more than 4 MiB" "$TMP/err"
