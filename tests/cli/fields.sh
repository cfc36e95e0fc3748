#!/bin/sh
# One table of bad intake fields (tests/fields.inc): `cdesk add` with
# options, `cdesk add -` with JSON on stdin and `cdesk import` of a one-row
# CSV each refuse every row with the same message and change nothing; the
# values every path takes are stored alike. (The form: tests/tui/fields.sh.)
. tests/lib.sh
. tests/fields.inc
DB="$TMP/fields.db"
C() { "$CDESK" --db "$DB" "$@"; }
# English messages whatever the environment's locale (they follow it)
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
C init >/dev/null
ESC=$(printf '\033') BEL=$(printf '\007')

state() { sqlite3 "$DB" "SELECT count(*) FROM cases; SELECT count(*), max(id) FROM events"; }

# json_str TEXT: TEXT as a JSON string.
json_str() {
	printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
		-e "s/$ESC/\\\\u001b/g" -e "s/$BEL/\\\\u0007/g")"
}
csv_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

# The other fields a case needs, unless the row is about them.
base_opts() {
	for kv in channel=visit name=张三 text=医生态度差; do
		[ "${kv%%=*}" = "$1" ] || printf -- '--%s\n%s\n' "${kv%%=*}" "${kv#*=}"
	done
}
base_json() {
	for kv in channel=visit name=张三 text=医生态度差; do
		[ "${kv%%=*}" = "$1" ] || printf '"%s":"%s",' "${kv%%=*}" "${kv#*=}"
	done
}
base_cols() {
	for kv in channel=visit name=张三 text=医生态度差; do
		[ "${kv%%=*}" = "$1" ] || printf '%s,' "$(field_column "${kv%%=*}")"
	done
}
base_vals() {
	for kv in channel=visit name=张三 text=医生态度差; do
		[ "${kv%%=*}" = "$1" ] || printf '%s,' "${kv#*=}"
	done
}

# add_opts KEY VALUE: `cdesk add` with the base options and --OPTION VALUE.
add_opts() {
	o_key=$1 o_val=$2
	set --
	# the base options, one per line, none holding a newline
	while IFS= read -r line; do set -- "$@" "$line"; done <<EOF
$(base_opts "$o_key")
EOF
	C add "$@" "--$(field_option "$o_key")" "$o_val"
}
add_json() { printf '{%s"%s":%s}' "$(base_json "$1")" "$1" "$(json_str "$2")" | C add -; }
import_one() {
	{ printf '%s%s\n' "$(base_cols "$1")" "$(field_column "$1")"
	  printf '%s%s\n' "$(base_vals "$1")" "$(csv_str "$2")"; } >"$TMP/one.csv"
	(cd "$TMP" && C import one.csv)
}

# refused NAME PATH EXIT EXPECTED_FIRST_LINE CMD...
refused() {
	f_name=$1 f_rc=$3 f_want=$4; shift 4
	f_before=$(state)
	"$@" >"$TMP/out" 2>"$TMP/err"
	expect_eq "$f_name: exit $f_rc" "$f_rc" "$?"
	if grep -qxF -- "$f_want" "$TMP/err"; then ok "$f_name: the message"; else
		notok "$f_name: the message" "expected: $f_want" "stderr:   $(head -c 400 "$TMP/err")"; fi
	expect_eq "$f_name: nothing written" "$f_before" "$(state)"
}

field_rows | while IFS='|' read -r row key value code msg paths; do
	val=$(field_value "$value")
	msg=$(field_message "$msg")
	problem=${msg#*: }
	case $paths in *c*) refused "$row (add --$(field_option "$key"))" c "$code" "cdesk: $msg" \
		add_opts "$key" "$val" ;; esac
	case $paths in *j*) refused "$row (add JSON)" j "$code" "cdesk: $msg" add_json "$key" "$val" ;; esac
	case $paths in *v*) refused "$row (import CSV)" v 7 \
		"cdesk: one.csv: line 2, field '$(field_column "$key")': $problem" import_one "$key" "$val" ;;
	esac
done

# JSON numbers meet the same check as the text a clerk types.
refused "group size 50000 as a JSON number" j 2 \
	"cdesk: group size: '50000' is not a number of people from 1 to 10000" \
	sh -c 'printf "{\"channel\":\"visit\",\"name\":\"张三\",\"text\":\"x\",\"group_size\":50000}" |
		"$CDESK" --db "$1" add -' sh "$DB"
refused "claim 12.345 as a JSON number" j 2 \
	"cdesk: JSON input: \"claim\" must be a string of yuan (\"350.50\") or a whole number of yuan (350), not a number with a fraction (JSON keeps those as binary floating point)" \
	sh -c 'printf "{\"channel\":\"visit\",\"name\":\"张三\",\"text\":\"x\",\"claim\":12.345}" |
		"$CDESK" --db "$1" add -' sh "$DB"

# What every path takes, it stores alike.
stored() { sqlite3 "$DB" "SELECT $1 FROM cases ORDER BY id DESC LIMIT 1"; }
good_rows | while IFS='|' read -r row key value col stores; do
	expect_rc "$row (add --$(field_option "$key"))" 0 add_opts "$key" "$value"
	expect_eq "$row (add): stored" "$stores" "$(stored "$col")"
	expect_rc "$row (add JSON)" 0 add_json "$key" "$value"
	expect_eq "$row (add JSON): stored" "$stores" "$(stored "$col")"
	expect_rc "$row (import CSV)" 0 import_one "$key" "$value"
	expect_eq "$row (import CSV): stored" "$stores" "$(stored "$col")"
done
printf '{"channel":"visit","name":"张三","text":"x","claim":12000}' | C add - >/dev/null 2>"$TMP/err"
expect_eq "claim as a whole JSON number of yuan" 1200000 "$(stored claim_fen)"

# classify reads amounts with the same rule (it took "1,500" where add refused it)
"$CDESK" classify --claim 1,500 "护士态度差" >"$TMP/out" 2>"$TMP/err"
expect_match "classify --claim 1,500 as add takes it" '^claim: +1500 yuan' "$TMP/out"
"$CDESK" classify --claim 1.234 "护士态度差" >"$TMP/out" 2>"$TMP/err"
expect_eq "classify --claim 1.234 as add refuses it" \
	"cdesk: claim: '1.234' has more than two decimals (yuan.fen)" "$(head -1 "$TMP/err")"
"$CDESK" classify --group 50000 "护士态度差" >"$TMP/out" 2>"$TMP/err"
expect_eq "classify --group 50000 as add refuses it" \
	"cdesk: group size: '50000' is not a number of people from 1 to 10000" "$(head -1 "$TMP/err")"

# The messages follow the messages locale, the same on every path.
LANG=zh_CN.UTF-8 C add --channel visit --name 张三 --text x --phone 1234 >/dev/null 2>"$TMP/err"
expect_eq "zh: add says it in Chinese" "cdesk: 电话：“1234”有 4 位数字；电话号码应为 5 到 15 位" \
	"$(cat "$TMP/err")"
printf 'channel,name,account,phone\nvisit,张三,x,1234\n' >"$TMP/zh.csv"
(cd "$TMP" && LANG=zh_CN.UTF-8 C import zh.csv) >/dev/null 2>"$TMP/err"
expect_match "zh: import says it alike" "^cdesk: zh.csv: 第 2 行，字段“phone”：“1234”有 4 位数字；电话号码应为 5 到 15 位\$" \
	"$TMP/err"
