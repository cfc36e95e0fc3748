#!/bin/sh
# The trust boundary (SPEC §9). First, as any user: --output never writes
# through a link planted under the name of its temporary file. Then, as root
# only: cdesk installed setgid into a staging prefix (make install-server),
# two staff users made with useradd, and the attacks a staff user has at hand:
# the sqlite3 shell, $CDESK_DATA, $CDESK_DB, $CDESK_CONFIG, $CDESK_LOCALEDIR,
# --db, --config, $USER, --output over the database or through another
# user's link, import of the database file, backup, a uid without a name.
. tests/lib.sh

# ---- --output and a planted link (any user) ----
DB="$TMP/t.db"
"$CDESK" --db "$DB" init >/dev/null
"$CDESK" --db "$DB" add --channel phone --text '护士态度不好' --name 张三 --phone 13800000000 \
	--at "2026-11-02 09:00" >/dev/null
mkdir "$TMP/drop"
# planted NAME OUTPUT CMD...: runs CMD with a link OUTPUT.tmpPID -> victim
# planted first, for the pid CMD will have (exec keeps it): the temporary
# name cdesk used to write through. The victim must be left as it was.
planted() {
	name=$1; out=$2; shift 2
	printf 'precious\n' >"$TMP/victim"
	rm -f "$out" "$out".*
	(umask 022; sh -c 'v=$1 o=$2; shift 2; ln -s "$v" "$o.tmp$$" && exec "$@"' sh \
		"$TMP/victim" "$out" "$@") >"$TMP/out" 2>"$TMP/err"
	expect_eq "$name: exit 0" 0 $?
	expect_eq "$name: the victim of the planted link is untouched" precious "$(cat "$TMP/victim")"
	if [ -f "$out" ] && [ ! -L "$out" ] && [ -s "$out" ]; then ok "$name: the output is a file of its own"
	else notok "$name: the output is a file of its own" "$(ls -la "$TMP/drop")"; fi
	expect_eq "$name: mode 0600" 600 "$(stat -c %a "$out" 2>/dev/null)"
}
planted "export --output" "$TMP/drop/e.csv" "$CDESK" --db "$DB" export --output "$TMP/drop/e.csv"
planted "report --output" "$TMP/drop/r.txt" "$CDESK" --db "$DB" report quarterly 2026Q4 \
	--at "2026-11-20 10:00" --output "$TMP/drop/r.txt"
planted "print --output" "$TMP/drop/f.txt" "$CDESK" --db "$DB" print form TS2026-00001 \
	--output "$TMP/drop/f.txt"
# the target itself a link: replaced, not written through
printf 'precious\n' >"$TMP/victim"
ln -s "$TMP/victim" "$TMP/drop/l.csv"
expect_rc "export --output onto a link" 0 "$CDESK" --db "$DB" export --output "$TMP/drop/l.csv"
expect_eq "the link's target is untouched" precious "$(cat "$TMP/victim")"
if [ -f "$TMP/drop/l.csv" ] && [ ! -L "$TMP/drop/l.csv" ]; then ok "the link was replaced by the file"
else notok "the link was replaced by the file" "$(ls -la "$TMP/drop")"; fi
(umask 077; "$CDESK" --db "$DB" export --output "$TMP/drop/u.csv")
expect_eq "a stricter umask is kept" 600 "$(stat -c %a "$TMP/drop/u.csv")"
(umask 0277; "$CDESK" --db "$DB" export --output "$TMP/drop/u4.csv")
expect_eq "umask 0277 gives 0400" 400 "$(stat -c %a "$TMP/drop/u4.csv")"
expect_eq "no temporary file is left (only the planted links)" "" \
	"$(ls "$TMP/drop" | grep -v '^[a-z0-9]*\.\(csv\|txt\)\(\.tmp[0-9]*\)\{0,1\}$')"

# ---- installed setgid, with real staff users (root only) ----
if [ "$(id -u)" != 0 ]; then
	ok "installed setgid # SKIP not root"
	exit 0
fi
for c in useradd userdel groupadd groupdel setpriv sqlite3 make msgfmt; do
	if ! command -v $c >/dev/null 2>&1; then ok "installed setgid # SKIP no $c"; exit 0; fi
done
G=cdesk-t-$$; UA=cdesk-t-$$-a; UB=cdesk-t-$$-b
P="$TMP/prefix"; S="$TMP/state"; X="$P/bin/cdesk"
cleanup() {
	for u in "$UA" "$UB"; do
		userdel "$u" 2>/dev/null
		getent group "$u" >/dev/null && groupdel "$u" 2>/dev/null
	done
	groupdel "$G" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
chmod 0755 "$TMP"
for u in "$UA" "$UB"; do
	useradd -M -d "$TMP/home-$u" -s /bin/sh -U "$u" && mkdir "$TMP/home-$u" &&
		chown "$u:$u" "$TMP/home-$u" || { notok "useradd $u"; exit 1; }
done
# as USER CMD...: the user's real uid and groups, with $USER and $LOGNAME
# saying root (an actor taken from them would be a lie).
as() {
	u=$1; shift
	setpriv --reuid="$u" --regid="$u" --init-groups env HOME="$TMP/home-$u" USER=root \
		LOGNAME=root "$@"
}
HA="$TMP/home-$UA"; HB="$TMP/home-$UB"

# The staged binary compiles the staged paths in: a build directory of its
# own (build/ stays as the other tests use it), and none of the calling
# make's flags. Never a sanitizer build, even in make check's sanitizer pass:
# LeakSanitizer cannot work in a process that is not dumpable.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE make -C "$CDESK_TOP" -j2 SANITIZE= \
	B="$TMP/build" PREFIX="$P" STATEDIR="$S" CDESK_GROUP="$G" install-server >"$TMP/make.log" 2>&1
expect_eq "make install-server into a staging prefix" 0 $?
[ -x "$X" ] || { notok "staged cdesk" "$(tail -20 "$TMP/make.log")"; exit 1; }
expect_eq "the group exists" "$G" "$(getent group "$G" | cut -d: -f1)"
expect_eq "cdesk is setgid to the group" "2755 root $G" "$(stat -c '%a %U %G' "$X")"
expect_eq "the state directory is root:group 2770" "2770 root $G" "$(stat -c '%a %U %G' "$S")"
if id -Gn "$UA" | tr ' ' '\n' | grep -qx "$G"; then notok "the staff are not in the group"
else ok "the staff are not in the group"; fi

expect_rc "root: cdesk init" 0 "$X" init
expect_match "init makes the installed database" "created $S/cdesk.db" "$TMP/out"
# the two staff are officers of this database (root, who made it, is its admin)
expect_rc "root registers staff a" 0 "$X" user add "$UA" --role officer
expect_rc "root registers staff b" 0 "$X" user add "$UB" --role officer
for f in cdesk.db cdesk.db-wal cdesk.db-shm; do
	expect_eq "$f is root:group 0660" "660 root $G" "$(stat -c '%a %U %G' "$S/$f" 2>&1)"
done

# -- the database file is the program's only --
as "$UA" sqlite3 "$S/cdesk.db" 'select 1' >"$TMP/out" 2>"$TMP/err"
if [ $? != 0 ]; then ok "staff: sqlite3 cannot open the database"
else notok "staff: sqlite3 cannot open the database" "$(cat "$TMP/out")"; fi
as "$UA" sh -c "exec 3<'$S/cdesk.db'" 2>"$TMP/err"
expect_match "staff: reading the file is permission denied" "Permission denied" "$TMP/err"
as "$UA" sh -c "ls '$S'" 2>"$TMP/err" >/dev/null
expect_match "staff: listing the directory is permission denied" "Permission denied" "$TMP/err"

TXT='护士态度不好，打针很疼'
expect_rc "staff a: add" 0 as "$UA" "$X" add --channel phone --text "$TXT" --name 张三 \
	--phone 13800000001
NA=$(head -1 "$TMP/out")
expect_rc "staff b: add" 0 as "$UB" "$X" add --channel visit --text "$TXT" --name 李四 \
	--phone 13800000002
NB=$(head -1 "$TMP/out")
expect_rc "staff a: list all" 0 as "$UA" "$X" list all
expect_match "list shows b's case too" "$NB" "$TMP/out"
expect_rc "staff b: show a's case" 0 as "$UB" "$X" show "$NA" --json
expect_match "the actor is the real uid's login, not \$USER" "\"actor\": \"$UA\"" "$TMP/out"
expect_nomatch "no event is root's" '"actor": "root"' "$TMP/out"

# -- paths from the environment and the options --
mkdir "$HA/mydata" && printf 'not an ini file [[[\n' >"$HA/mydata/rules.ini" && chown -R "$UA" "$HA/mydata"
CDESK_DATA="$HA/mydata" "$CDESK" --db "$DB" classify "$TXT" >/dev/null 2>&1
expect_eq "(the uninstalled cdesk would read that rules file: exit 7)" 7 $?
expect_rc "staff: CDESK_DATA=~/mydata add uses the installed rules" 0 \
	as "$UA" env CDESK_DATA="$HA/mydata" "$X" add --channel phone --text "$TXT" --name 王五 \
	--phone 13800000003
expect_match "classified by the installed rules" "NURSING" "$TMP/out"
expect_rc "staff: CDESK_DB=~/other.db is ignored" 0 as "$UA" env CDESK_DB="$HA/other.db" "$X" list all
expect_match "it lists the installed cases" "$NB" "$TMP/out"
if [ ! -e "$HA/other.db" ]; then ok "no ~/other.db was made"; else notok "no ~/other.db was made"; fi
printf '[database]\npath = %s\n' "$HA/other.db" >"$HA/my.ini"
expect_rc "staff: CDESK_CONFIG=~/my.ini is ignored" 0 as "$UA" env CDESK_CONFIG="$HA/my.ini" "$X" list all
expect_match "it lists the installed cases" "$NB" "$TMP/out"
expect_rc "staff: --db ~/other.db is refused" 4 as "$UA" "$X" --db "$HA/other.db" list all
expect_match "the refusal names --db" "^cdesk: --db .*refused" "$TMP/err"
expect_rc "staff: list --db ~/other.db is refused" 4 as "$UA" "$X" list all --db "$HA/other.db"
expect_rc "staff: --db naming the installed file is fine" 0 as "$UA" "$X" --db "$S/cdesk.db" list all
expect_rc "staff: --config ~/my.ini is refused" 4 as "$UA" "$X" --config "$HA/my.ini" list all
expect_match "the refusal names --config" "^cdesk: --config .*refused" "$TMP/err"
# a catalog of the user's: a translation is a printf format
mkdir -p "$HA/locale/zh_CN/LC_MESSAGES"
sed 's/^msgstr ".\{1,\}"$/msgstr "PWNED"/' "$CDESK_TOP/po/zh_CN.po" >"$TMP/pwn.po"
msgfmt -o "$HA/locale/zh_CN/LC_MESSAGES/cdesk.mo" "$TMP/pwn.po" 2>/dev/null
LANG=zh_CN.UTF-8 CDESK_LOCALEDIR="$HA/locale" "$CDESK" --db "$DB" classify "$TXT" >"$TMP/out" 2>&1
expect_match "(the uninstalled cdesk would take that catalog)" PWNED "$TMP/out"
as "$UA" env LANG=zh_CN.UTF-8 CDESK_LOCALEDIR="$HA/locale" "$X" classify "$TXT" >"$TMP/out" 2>&1
expect_nomatch "staff: CDESK_LOCALEDIR=~/locale is ignored" PWNED "$TMP/out"
expect_match "the installed catalog is used" "护理部" "$TMP/out"

# -- files written for the user --
expect_rc "staff: export --output ~/a.csv" 0 as "$UA" "$X" export --output "$HA/a.csv"
expect_eq "the export is the user's, own group, 0600" "600 $UA $UA" "$(stat -c '%a %U %G' "$HA/a.csv")"
sum=$(cksum <"$S/cdesk.db")
expect_rc "staff: export --output over the database is refused" 1 \
	as "$UA" "$X" export --output "$S/cdesk.db"
expect_match "permission denied" "Permission denied" "$TMP/err"
expect_eq "the database file is unchanged" "$sum" "$(cksum <"$S/cdesk.db")"
expect_rc "staff: report --output into the state directory is refused" 1 \
	as "$UA" "$X" report quarterly 2026Q4 --output "$S/r.txt"
expect_rc "staff: import of the database file is refused" 2 as "$UA" "$X" import "$S/cdesk.db"
expect_match "the file is opened as the user: permission denied" "Permission denied" "$TMP/err"
expect_rc "staff officer: backup is refused by role" 4 as "$UA" "$X" backup "$HA/copy.db"
expect_match "backup: the role that may is named" "not allowed to .*admin" "$TMP/err"
# even a staff admin may not: its copy would be its own to read
expect_rc "root makes staff a an admin" 0 "$X" user role "$UA" admin
expect_rc "staff admin: backup is refused" 4 as "$UA" "$X" backup "$HA/copy.db"
expect_match "backup: only root" "only root" "$TMP/err"
expect_rc "root makes staff a an officer again" 0 "$X" user role "$UA" officer
if [ ! -e "$HA/copy.db" ]; then ok "no copy was made"; else notok "no copy was made"; fi
expect_rc "staff: init is refused" 4 as "$UA" "$X" init
expect_rc "root: backup" 0 "$X" backup "$TMP/backup.db"
expect_eq "root's backup is 0660 with the database's group" "660 root $G" \
	"$(stat -c '%a %U %G' "$TMP/backup.db")"

# -- another user's link planted under the temporary file's name --
mkdir "$TMP/shared" && chmod 0777 "$TMP/shared"     # group-writable, no sticky bit
printf 'precious\n' >"$HA/victim" && chown "$UA" "$HA/victim"
as "$UA" sh -c 'echo $$ >"$1/pid"; while [ ! -e "$1/go" ]; do sleep 0.1; done
	exec "$2" export --output "$1/report.csv"' sh "$TMP/shared" "$X" >"$TMP/out" 2>"$TMP/err" &
bg=$!
n=0; while [ ! -s "$TMP/shared/pid" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
pid=$(cat "$TMP/shared/pid")
as "$UB" sh -c 'ln -s "$1" "$2.tmp$3" && touch "$4"' sh "$HA/victim" "$TMP/shared/report.csv" \
	"$pid" "$TMP/shared/go"
wait $bg
expect_eq "b's link for a's export: a's export succeeds" 0 $?
expect_eq "b's link for a's export: a's file is untouched" precious "$(cat "$HA/victim")"
expect_eq "a's export is a's" "600 $UA" "$(stat -c '%a %U' "$TMP/shared/report.csv")"

# -- core dumps, and the process's memory is not its user's to read --
# (setpriv and env exec: the background pid is cdesk's)
(sleep 3) | setpriv --reuid="$UA" --regid="$UA" --init-groups env HOME="$HA" "$X" classify \
	>/dev/null 2>&1 &
bg=$!
n=0; while [ "$(readlink "/proc/$bg/exe" 2>/dev/null)" != "$X" ] && [ $n -lt 50 ]; do
	sleep 0.1; n=$((n + 1)); done
# cdesk lowers the limit first thing in main, a moment after the exec: wait
# for it (up to 5 s) rather than read it the instant the exec is seen
n=0; until grep -Eq "^Max core file size +0 +0 " "/proc/$bg/limits" 2>/dev/null || [ $n -ge 50 ]; do
	sleep 0.1; n=$((n + 1)); done
expect_match "core file size limit 0" "^Max core file size +0 +0 " "/proc/$bg/limits"
as "$UA" sh -c "cat /proc/$bg/environ" >/dev/null 2>"$TMP/err"
expect_match "not dumpable: its own user cannot read /proc/PID/environ" "Permission denied" "$TMP/err"
wait $bg

# -- the PDF engine: installed setgid, only PREFIX/lib/cdesk/cdesk-pdf.so is loaded --
# a copy of the setgid binary (root's cp -p keeps the bit) beside a library
# of a staff user's own: cdesk must not run it with the group
mkdir "$TMP/copy" "$TMP/mark" && chmod 755 "$TMP/copy" && chmod 1777 "$TMP/mark"
cp -p "$X" "$TMP/copy/cdesk"
printf '#include <stdio.h>\n%s\n' \
	'__attribute__((constructor)) static void planted(void) { FILE *f = fopen(MARK, "w"); if (f) fclose(f); }' \
	>"$TMP/planted.c"
if cc -shared -fPIC -DMARK="\"$TMP/mark/loaded\"" -o "$TMP/copy/cdesk-pdf.so" "$TMP/planted.c" 2>"$TMP/err"; then
	expect_rc "staff: print --format pdf through a setgid copy beside a planted engine" 0 \
		as "$UA" "$TMP/copy/cdesk" print form "$NA" --format pdf --output "$HA/f.pdf"
	[ ! -e "$TMP/mark/loaded" ] && ok "the planted cdesk-pdf.so beside the copy is not loaded" ||
		notok "the planted cdesk-pdf.so was loaded by a setgid cdesk"
	expect_eq "the installed engine drew the PDF" "%PDF-" "$(head -c 5 "$HA/f.pdf" 2>/dev/null)"
else
	notok "fixture: cc -shared" "$(cat "$TMP/err")"
fi

# -- a uid without a passwd entry --
uid=54321; while getent passwd $uid >/dev/null; do uid=$((uid + 1)); done
setpriv --reuid=$uid --regid=$uid --clear-groups env HOME=/ "$X" list all >"$TMP/out" 2>"$TMP/err"
expect_eq "an unnamed uid is refused" 4 $?
expect_match "it says why" "uid $uid has no entry in the user database" "$TMP/err"

# -- nothing of the state directory is a staff user's --
expect_rc "root: cdesk check" 0 "$X" check
expect_eq "after staff used cdesk, every file under the state directory is root:group" \
	"root $G" "$(find "$S" -printf '%u %g\n' | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "the -wal and -shm are still there" "2" "$(ls "$S" | grep -c -- '-wal$\|-shm$')"
