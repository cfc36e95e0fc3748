#!/bin/sh
# Reliability (issue 13): a backup that finishes while three terminals
# write, in WAL mode and checked; a failed backup leaves nothing; the busy
# wait honours one budget and says who holds the lock; NUL bytes refused;
# truncated, full and read-only databases named clearly, and the read-only
# commands working on a read-only file, directory and mount.
. tests/lib.sh
X=$CDESK
DB=$TMP/r.db
AT="2026-07-03 09:15"
# A few hundred cases: more pages than one step of SQLite's stepwise backup
# copies, so that writers meanwhile would make it start again.
$X --db "$DB" demo --cases 300 --fast-history --at "2026-11-20 10:00" >/dev/null || { notok "demo"; exit 1; }

# ---- backup while three terminals add cases in a loop
writer() {
	i=0
	while [ ! -e "$TMP/stop" ]; do
		$X --db "$DB" add --channel phone --name "终端$1" --phone "1390000$1$(printf %03d $i)" \
			--text "第$1号终端的投诉：护士态度差，排队很久" >/dev/null 2>>"$TMP/werr.$1" ||
			echo "exit $?" >>"$TMP/werr.$1"
		i=$((i + 1))
	done
}
for p in 1 2 3; do writer $p & done
sleep 1
start=$(date +%s)
timeout 20 $X --db "$DB" backup "$TMP/copy.db" >"$TMP/out" 2>"$TMP/err"
rc=$?
took=$(($(date +%s) - start))
touch "$TMP/stop"
wait
expect_eq "backup while three write: exit 0" "0" "$rc$(head -c 300 "$TMP/err")"
[ "$took" -le 10 ] && ok "backup finished in ${took}s (at most 10)" ||
	notok "backup took ${took}s"
expect_eq "the writers saw no error" "" "$(cat "$TMP"/werr.* 2>/dev/null | head -c 300)"
expect_rc "the copy passes cdesk check" 0 $X --db "$TMP/copy.db" check
expect_eq "the copy is in WAL mode" "wal" \
	"$(sqlite3 "$TMP/copy.db" 'PRAGMA journal_mode' 2>&1)"
expect_eq "the copy is 0660" "660" "$(stat -c %a "$TMP/copy.db")"
expect_eq "no temporary file is left" "" "$(ls -A "$TMP" | grep 'backup-' | head -3)"
expect_rc "backup onto an existing file: conflict" 6 $X --db "$DB" backup "$TMP/copy.db"
expect_match "… named" "copy.db already exists" "$TMP/err"
expect_rc "backup into a missing directory" 3 $X --db "$DB" backup "$TMP/nodir/copy.db"
expect_match "… named" "nodir/copy.db" "$TMP/err"

# ---- a full disk (a small tmpfs, when this runs as root and may mount)
FULL=$TMP/full
mkdir -p "$FULL"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=512k tmpfs "$FULL" 2>/dev/null; then
	expect_rc "backup onto a full disk fails" 1 $X --db "$DB" backup "$FULL/copy.db"
	expect_match "… saying the disk is full" "disk full" "$TMP/err"
	expect_eq "… and leaves no file there" "" "$(ls -A "$FULL")"
	# an empty database of this schema needs more than 512 KB: init fails,
	# and leaves nothing half-made (it left a file without its admin)
	expect_rc "init on a full disk fails" 1 $X --db "$FULL/f.db" init
	expect_match "… saying the disk is full" "f.db could not be written: the disk is full" "$TMP/err"
	expect_eq "… and leaves no file there" "" "$(ls -A "$FULL")"
	umount "$FULL"
	mount -t tmpfs -o size=1m tmpfs "$FULL"
	expect_rc "init with room" 0 $X --db "$FULL/f.db" init
	i=0
	while [ $i -lt 100 ]; do
		$X --db "$FULL/f.db" add --channel phone --name 满盘 \
			--text "护士态度差 $(head -c 4000 /dev/urandom | od -An -x | tr -d ' \n')" \
			>/dev/null 2>"$TMP/err" || break
		i=$((i + 1))
	done
	expect_match "add on a full disk names the file and the cause" "f.db could not be written: the disk is full" "$TMP/err"
	n=$($X --db "$FULL/f.db" list all --limit 1000 2>/dev/null | grep -c '^TS')
	expect_eq "… and the cases saved before are all there" "$i" "$n"
	umount "$FULL"
else
	ok "# SKIP full disk: cannot mount a tmpfs here"
fi

# ---- a file size limit (ulimit -f): the write fails and is reported, cdesk
# is not killed by SIGXFSZ half-way
cp "$TMP/copy.db" "$TMP/lim.db"
sh -c "ulimit -f 8; exec $X --db '$TMP/lim.db' add --channel phone --name 限额 --text '护士态度差，文件受限'" \
	>"$TMP/out" 2>"$TMP/err"
expect_eq "over the file size limit: exit 1, not a signal" 1 "$?"
expect_match "… naming the file and the cause" "lim.db could not be written or read .*size limit" "$TMP/err"
expect_rc "… and the database is intact" 0 $X --db "$TMP/lim.db" check

# ---- the busy wait: one budget in all, then exit 6 naming the lock
if command -v sqlite3 >/dev/null; then
	{ echo "BEGIN EXCLUSIVE;"; sleep 8; echo "COMMIT;"; } | sqlite3 "$DB" &
	holder=$!
	sleep 0.5
	start=$(date +%s)
	CDESK_BUSY_TIMEOUT=1.5 timeout 6 $X --db "$DB" add --channel phone --name 等待 \
		--text "护士态度差，等了很久" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	took=$(($(date +%s) - start))
	expect_eq "a held lock: add fails with exit 6" 6 "$rc"
	[ "$took" -le 4 ] && ok "… after the 1.5 s budget (${took}s)" || notok "… took ${took}s"
	expect_match "… saying the database is busy" \
		"the database is busy \(locked by another cdesk or sqlite3\)" "$TMP/err"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
fi

# ---- a truncated database
cp "$TMP/copy.db" "$TMP/cut.db"
truncate -s 200000 "$TMP/cut.db"
expect_rc "a truncated database: exit 7" 7 $X --db "$TMP/cut.db" list all
expect_match "… named as truncated" "cut.db is a truncated database" "$TMP/err"
truncate -s 40 "$TMP/cut.db"
expect_rc "a database cut inside its header: exit 7" 7 $X --db "$TMP/cut.db" show TS2026-00001
expect_match "… named as truncated" "cut.db is a truncated database" "$TMP/err"

# ---- read-only: a file, a directory, a mount
RO=$TMP/ro
mkdir -p "$RO"
cp "$TMP/copy.db" "$RO/ro.db"
N1=$($X --db "$RO/ro.db" list all --limit 1 2>/dev/null | grep -o '^TS[0-9-]*')
readers() {   # WHO-PREFIX WHAT
	expect_rc "$2: show" 0 $1 $X --db "$RO/ro.db" show "$N1"
	expect_rc "$2: list" 0 $1 $X --db "$RO/ro.db" list all --limit 5
	expect_rc "$2: search" 0 $1 $X --db "$RO/ro.db" search 护士
	expect_rc "$2: report" 0 $1 $X --db "$RO/ro.db" report quarterly 2026Q3
	expect_rc "$2: check" 0 $1 $X --db "$RO/ro.db" check
	expect_rc "$2: export" 0 $1 $X --db "$RO/ro.db" export
	expect_rc "$2: add is refused" 4 $1 $X --db "$RO/ro.db" add --channel phone --name 只读 \
		--text "护士态度差，只读"
	expect_match "$2: … naming the file" "ro.db: .*cannot be written" "$TMP/err"
}
if staff "$RO/ro.db"; then
	chmod 0444 "$RO/ro.db"
	sqlite3 "$RO/ro.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$RO/ro.db-wal" "$RO/ro.db-shm"
	readers "as $OFFICER" "read-only file"
	chmod 0555 "$RO"
	readers "as $OFFICER" "read-only directory"
	chmod 0755 "$RO"
	# A copy whose -wal still holds a commit, in a directory that cannot be
	# written: SQLite cannot read it without a -shm; say so.
	W=$TMP/walcopy
	mkdir -p "$W"
	{ echo "PRAGMA wal_autocheckpoint = 0; INSERT INTO meta VALUES ('rel-test', 'x');"; sleep 2; } |
		sqlite3 "$TMP/copy.db" >/dev/null &
	sleep 1
	cp "$TMP/copy.db" "$TMP/copy.db-wal" "$W/"
	wait
	chmod 0444 "$W"/*; chmod 0555 "$W"
	expect_rc "a read-only directory, a -wal with changes: refused" 4 as "$OFFICER" $X --db "$W/copy.db" list all
	expect_match "… saying why" "copy.db: its -wal holds changes not yet in the file" "$TMP/err"
	chmod 0755 "$W"
fi
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64m tmpfs "$RO" 2>/dev/null; then
	cp "$TMP/copy.db" "$RO/ro.db"
	mount -o remount,ro "$RO"
	readers "" "read-only mount"
	umount "$RO"
fi

# ---- NUL bytes from standard input or in JSON: refused, never cut short
before=$($X --db "$DB" list all --limit 100000 2>/dev/null | wc -l)
printf '护士态度差\000后面的话' >"$TMP/nul.txt"
expect_rc "add --text - with a NUL byte: refused" 2 sh -c "$X --db '$DB' add --channel phone --name 甲 --text - <'$TMP/nul.txt'"
expect_match "… naming the byte" "NUL byte at byte 16" "$TMP/err"
printf '{"channel":"phone","name":"乙","account":"护士态度差\000后面"}' >"$TMP/nul.json"
expect_rc "JSON input with a raw NUL byte: refused" 2 sh -c "$X --db '$DB' add --json-in <'$TMP/nul.json'"
expect_match "… naming it" "NUL byte" "$TMP/err"
printf '{"channel":"phone","name":"乙","account":"护士态度差\\u0000后面"}' >"$TMP/nul2.json"
expect_rc "JSON input with \\u0000: refused" 2 sh -c "$X --db '$DB' add --json-in <'$TMP/nul2.json'"
expect_match "… saying why" "NUL character" "$TMP/err"
expect_rc "a step's --text - with a NUL byte: refused" 2 sh -c "$X --db '$DB' note '$N1' --text - <'$TMP/nul.txt'"
expect_rc "classify from stdin with a NUL byte: refused" 2 sh -c "$X classify <'$TMP/nul.txt'"
# Over 4 MiB: refused whole, naming the limit (before, the reader kept the
# first 4 MiB and the JSON parser then complained of a cut-short document)
awk 'BEGIN { printf "{\"channel\":\"phone\",\"name\":\"丙\",\"account\":\"";
	for (i = 0; i < 400000; i++) printf "护士态度差"; print "\"}" }' >"$TMP/big.json"
expect_rc "JSON input over 4 MiB: refused" 2 sh -c "$X --db '$DB' add --json-in <'$TMP/big.json'"
expect_match "… naming the limit" "standard input: more than 4 MiB" "$TMP/err"
expect_eq "… and nothing was added" "$before" "$($X --db "$DB" list all --limit 100000 2>/dev/null | wc -l)"
