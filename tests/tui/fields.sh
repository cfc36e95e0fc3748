#!/bin/sh
# The intake form refuses the bad fields of tests/fields.inc with the very
# message `cdesk add` and `cdesk import` give (tests/cli/fields.sh), when the
# field is typed and Ctrl-S pressed, and registers nothing; the values every
# path takes it stores alike. Driven through tmux.
. tests/lib.sh
. tests/tui/tmux.inc
. tests/fields.inc

# The form's fields from the complainant's name (where the focus starts)
# to the claim, as the TUI shows them (src/tui/screen_intake.c's
# form_order): the essentials, the fold (8, opened with Enter), the rest.
form_index() {
	case $1 in
	name) echo 1 ;; phone) echo 2 ;; relation) echo 3 ;; patient_name) echo 4 ;;
	text) echo 5 ;; demand) echo 6 ;; address) echo 11 ;; id_number) echo 12 ;;
	group_size) echo 14 ;; representatives) echo 15 ;; patient_record) echo 16 ;;
	visit_date) echo 17 ;; staff) echo 18 ;; claim) echo 19 ;;
	*) echo 0 ;;
	esac
}

# wait_fixed TEXT: polls the screen until it shows TEXT (not a regex) within 5 s.
wait_fixed() {
	n=100
	while [ "$n" -gt 0 ]; do
		if screen_text | grep -qF -- "$1"; then return 0; fi
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# form KEY VALUE [ENV...]: a fresh database, the form opened, a name and an
# account typed and VALUE into KEY's field, then Ctrl-S.
form() {
	t_key=$1 t_val=$2; shift 2
	DB="$TMP/form.db"
	rm -f "$DB"*
	"$CDESK" --db "$DB" init >/dev/null
	start 200 40 LANG=C.UTF-8 LC_ALL= LANGUAGE= TERM=xterm-256color "$@"
	wait_for 'Queue|队列' >/dev/null
	keys F2
	wait_for 'New case|新建案件' >/dev/null
	target=$(form_index "$t_key")
	i=1
	while [ "$i" -le 19 ]; do
		if [ "$i" = 8 ]; then keys Enter; i=9; continue   # the fold opens
		elif [ "$i" = "$target" ]; then typ "$t_val"
		elif [ "$i" = 1 ]; then typ "张三"
		elif [ "$i" = 5 ]; then typ "医生态度差"
		fi
		[ "$i" -lt 19 ] && keys Tab
		i=$((i + 1))
	done
	keys C-s
}
cases() { sqlite3 "$DB" "SELECT count(*) FROM cases; SELECT count(*) FROM events WHERE case_id IS NOT NULL"; }

field_rows | while IFS='|' read -r row key value code msg paths; do
	case $paths in *t*) ;; *) continue ;; esac
	msg=$(field_message "$msg")
	form "$key" "$(field_value "$value")"
	if wait_fixed "$msg"; then ok "$row (form): the message"; else
		notok "$row (form): the message" "expected: $msg" "the screen shows:" \
			"$(screen_text | sed 's/ *$//' | grep -v '^$' | tail -4)"; fi
	expect_eq "$row (form): nothing registered" "0
0" "$(cases)"
done

good_rows | while IFS='|' read -r row key value col stores; do
	form "$key" "$value"
	if wait_for '(Registered|已登记) TS[0-9]{4}-[0-9]{5}'; then
		ok "$row (form): registered"; else
		notok "$row (form): registered" "$(screen_text | sed 's/ *$//' | grep -v '^$' | tail -4)"; fi
	keys Escape
	expect_eq "$row (form): stored" "$stores" \
		"$(sqlite3 "$DB" "SELECT $col FROM cases ORDER BY id DESC LIMIT 1")"
done

# Chinese: the form shows the message `cdesk add` gives under the same locale.
form phone 1234 LANG=zh_CN.UTF-8
want=$(LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$CDESK" --db "$DB" add --channel visit --name 张三 \
	--text x --phone 1234 2>&1 | sed 's/^cdesk: //')
if wait_fixed "$want"; then ok "zh (form): the message of cdesk add, in Chinese"; else
	notok "zh (form): the message of cdesk add, in Chinese" "expected: $want" \
		"$(screen_text | sed 's/ *$//' | grep -v '^$' | tail -3)"; fi
