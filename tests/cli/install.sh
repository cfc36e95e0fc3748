#!/bin/sh
# The conventions of a packaged program (issue 10): `make install PREFIX=…`
# after a plain `make` installs a binary that finds its data, templates and
# translations under that prefix with no environment variable; a staged
# install (DESTDIR) compiles in the final prefix, not the build's first one;
# bash completion is installed and completes commands, options, queues,
# departments and case numbers; COMMAND --help prints one line an option.
. "$CDESK_TOP/tests/lib.sh"
top=$CDESK_TOP
B=${BUILD:-build}
# the sanitizer build's objects relink only with its flags
san=; [ "$B" = build-san ] && san=SANITIZE=1

# ---- COMMAND --help, help COMMAND, -V ----
"$CDESK" close --help >"$TMP/h1" 2>&1
expect_match "close --help: the usage line" '^usage: cdesk close NUMBER \[?--finding' "$TMP/h1"
expect_match "close --help: --finding on a line of its own" '^  --finding substantiated\|partly\|not' "$TMP/h1"
expect_match "close --help: --paid with its question" '^  --paid YUAN +Compensation paid' "$TMP/h1"
expect_match "close --help: the common --at" '^  --at DATETIME +the effective time' "$TMP/h1"
"$CDESK" help close >"$TMP/h2" 2>&1
golden "help close is close --help" "$TMP/h1" "$TMP/h2"
"$CDESK" list --help >"$TMP/h3"
expect_match "list --help: --soon explained" '^  --soon N +due within N working days' "$TMP/h3"
n=$(grep -c '^  --' "$TMP/h3")
[ "$n" -ge 17 ] && ok "list --help: every option a line ($n)" || notok "list --help: $n option lines"
"$CDESK" add --help >"$TMP/h4"
expect_match "add --help: a field's option named by the field table" '^  --id-number TEXT +ID number' "$TMP/h4"
expect_rc "-V is --version" 0 "$CDESK" -V
expect_match "-V prints the version" '^cdesk [0-9]+\.[0-9]+' "$TMP/out"
expect_rc "help of an unknown command: usage error" 2 "$CDESK" help frobnicate

# ---- install after a plain make: the prefix of the install, not the first build ----
# a copy of the build tree (its objects and timestamps), so this tree's build is untouched
cp -a "$top/$B" "$TMP/b"
P="$TMP/prefix"
(cd "$top" && make --no-print-directory $san B="$TMP/b" PREFIX="$P" install) >"$TMP/make.log" 2>&1
expect_eq "make install PREFIX=… after make" 0 $?
[ -x "$P/bin/cdesk" ] && ok "installed binary" || notok "no $P/bin/cdesk" "$(tail -5 "$TMP/make.log")"
grep -q "src/core/config.o" "$TMP/make.log" && ok "the object holding the paths was rebuilt for the new prefix" ||
	notok "config.o not rebuilt" "$(grep -c cc "$TMP/make.log") compiles"
mkdir "$TMP/elsewhere"
cd "$TMP/elsewhere" || exit 1
# no CDESK_* variable, another working directory: the installed data only
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 TERM=dumb \
	"$P/bin/cdesk" classify "护士态度恶劣，还骂人" >"$TMP/c1" 2>&1
expect_match "installed: rules found under the prefix" 'NURSING' "$TMP/c1"
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 \
	"$P/bin/cdesk" due 2026-10-01 --days 1 >"$TMP/c2" 2>&1
expect_match "installed: holiday files found under the prefix (国庆 2026)" '^2026-10-08' "$TMP/c2"
expect_match "installed: the holiday named from the installed file" '国庆节' "$TMP/c2"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=zh_CN.UTF-8 \
		"$P/bin/cdesk" classify "护士态度恶劣，还骂人" >"$TMP/c3" 2>&1
	expect_match "installed: the translations found under the prefix" '没有规则设定处理类别' "$TMP/c3"
fi
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 \
	"$P/bin/cdesk" --db "$TMP/i.db" init >/dev/null 2>&1
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 \
	"$P/bin/cdesk" --db "$TMP/i.db" add --channel phone --name 张三 --phone 13800000000 \
	--text "护士态度不好" --at "2026-09-01 09:00" >"$TMP/c4" 2>&1
num=$(sed -n 's/^\(TS[0-9]*-[0-9]*\).*/\1/p' "$TMP/c4" | head -1)
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 \
	"$P/bin/cdesk" --db "$TMP/i.db" print form "$num" --output "$TMP/form.txt" >"$TMP/c5" 2>&1
expect_match "installed: the form template found under the prefix" '张三' "$TMP/form.txt"
# the PDF engine: installed as PREFIX/lib/cdesk/cdesk-pdf.so, found there (not beside the binary)
[ -f "$P/lib/cdesk/cdesk-pdf.so" ] && [ ! -e "$P/bin/cdesk-pdf.so" ] &&
	ok "the PDF engine installed as lib/cdesk/cdesk-pdf.so" || notok "no $P/lib/cdesk/cdesk-pdf.so"
env -i PATH=/usr/bin:/bin HOME="$TMP/elsewhere" LANG=C.UTF-8 \
	"$P/bin/cdesk" --db "$TMP/i.db" print form "$num" --format pdf --output "$TMP/form.pdf" >"$TMP/c6" 2>&1
[ "$(head -c 5 "$TMP/form.pdf" 2>/dev/null)" = "%PDF-" ] &&
	ok "installed: print --format pdf loads the installed engine" ||
	notok "installed: no PDF from the installed binary" "$(cat "$TMP/c6")"
[ -f "$P/share/bash-completion/completions/cdesk" ] && ok "completion installed" ||
	notok "no share/bash-completion/completions/cdesk"
[ -f "$P/share/man/man1/cdesk.1" ] && ok "man page installed" || notok "no cdesk.1"
cd "$top" || exit 1

# ---- a staged install: DESTDIR, the final prefix compiled in ----
(cd "$top" && make --no-print-directory $san B="$TMP/b" PREFIX=/usr DESTDIR="$TMP/stage" install) \
	>"$TMP/make2.log" 2>&1
expect_eq "make install PREFIX=/usr DESTDIR=stage" 0 $?
if grep -aq '/usr/share/cdesk' "$TMP/stage/usr/bin/cdesk" &&
   ! grep -aq "$P/share" "$TMP/stage/usr/bin/cdesk"; then
	ok "staged binary looks in /usr/share/cdesk, not the earlier prefix"
else
	notok "staged binary's paths" "$(strings "$TMP/stage/usr/bin/cdesk" | grep 'share/' | head -5)"
fi
grep -aq '/usr/share/locale' "$TMP/stage/usr/bin/cdesk" && ok "staged binary: /usr/share/locale" ||
	notok "staged binary lacks /usr/share/locale"
grep -aq '/usr/lib/cdesk' "$TMP/stage/usr/bin/cdesk" && [ -f "$TMP/stage/usr/lib/cdesk/cdesk-pdf.so" ] &&
	ok "staged: the PDF engine in /usr/lib/cdesk, and the binary looks there" ||
	notok "staged binary or engine: /usr/lib/cdesk"

# ---- bash completion: complete -p and the words it offers ----
"$CDESK" --db "$TMP/i.db" init >/dev/null 2>&1
# a fixed seed and time: at "now" the first year may hold one case only
"$CDESK" --db "$TMP/c.db" demo --cases 20 --seed 7 --at "2026-11-20 16:00" >/dev/null 2>&1
first=$("$CDESK" --db "$TMP/c.db" list all --sort number --limit 1 --json 2>/dev/null |
	sed -n 's/.*"number": *"\([^"]*\)".*/\1/p' | head -1)
mkdir -p "$TMP/bin" && ln -sf "$CDESK" "$TMP/bin/cdesk"
comp() {
	# comp WORD… : what completing the last word offers
	PATH="$TMP/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		_cdesk; printf "%s\n" "${COMPREPLY[@]}"' comp "$top/data/completion/cdesk.bash" "$@"
}
bash -c ". '$top/data/completion/cdesk.bash'; complete -p cdesk" >"$TMP/cp" 2>&1
expect_match "complete -p: cdesk completes through _cdesk" '^complete -F _cdesk cdesk$' "$TMP/cp"
comp cdesk tra >"$TMP/w1"; expect_match "a command: tra → transfer" '^transfer$' "$TMP/w1"
comp cdesk list ov >"$TMP/w2"; expect_match "a queue: list ov → overdue" '^overdue$' "$TMP/w2"
comp cdesk list dept:NU >"$TMP/w3"; expect_match "a department queue: dept:NU → dept:NURSING" '^dept:NURSING$' "$TMP/w3"
comp cdesk transfer X --le >"$TMP/w4"; expect_match "an option: --le → --lead" '^--lead$' "$TMP/w4"
comp cdesk transfer X --lead MED >"$TMP/w5"; expect_match "a department code: MED → MEDICAL" '^MEDICAL$' "$TMP/w5"
pre=$(printf '%s' "$first" | cut -c1-8)
comp cdesk --db "$TMP/c.db" show "$pre" >"$TMP/w6"
expect_match "a case number from the database given by --db" "^$first\$" "$TMP/w6"
n=$(wc -l <"$TMP/w6")
[ "$n" -ge 2 ] && ok "case numbers: $n offered for $pre" || notok "case numbers offered: $n"
PATH="$TMP/bin:$PATH" bash -c ". '$top/data/completion/cdesk.bash'; compgen -W \"\$(cdesk _complete commands)\" -- rep" >"$TMP/w7"
expect_match "compgen over the command words: rep → report, reply" '^reply$' "$TMP/w7"
