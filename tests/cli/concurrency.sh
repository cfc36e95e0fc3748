#!/bin/sh
# Many terminals on one file: 8 processes each adding 100 cases at once give
# 800 cases with unique, gapless numbers and no error; an import killed
# with SIGKILL half-way leaves no trace.
. tests/lib.sh
# The database lives in memory-backed storage when there is some, so that the
# test measures locking, not the disk's fsync.
DIR=$TMP
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	DIR=$(mktemp -d /dev/shm/cdesk-test.XXXXXX)
	trap 'rm -rf "$TMP" "$DIR"' EXIT
fi
DB=$DIR/c.db
AT="2026-07-03 09:15"
$CDESK --db "$DB" init >/dev/null || { notok "init"; exit 1; }

# 100 cases a process (the 100-terminal load is make bench's); 40 under the
# sanitizers, whose start-up cost would make the test take minutes there.
N=100
[ "$BUILD" = build-san ] && N=40
TOTAL=$((8 * N))
adder() {
	p=$1
	i=1
	while [ $i -le $N ]; do
		$CDESK --db "$DB" add --at "$AT" --channel phone --name "进程$p" \
			--phone "1380$p$(printf %05d $i)" --text "第${p}号终端的第${i}件投诉：护士态度差" \
			>>"$DIR/out.$p" 2>>"$DIR/err.$p" || echo "exit $? at $i" >>"$DIR/err.$p"
		i=$((i + 1))
	done
}
for p in 1 2 3 4 5 6 7 8; do
	adder $p &
done
wait
cat "$DIR"/err.* >"$TMP/errs"
expect_eq "no process printed an error" "" "$(head -c 400 "$TMP/errs")"
cat "$DIR"/out.* | grep -o '^TS2026-[0-9]*' | sort >"$TMP/numbers"
expect_eq "$TOTAL numbers printed" $TOTAL "$(wc -l <"$TMP/numbers" | tr -d ' ')"
expect_eq "numbers are unique" $TOTAL "$(sort -u "$TMP/numbers" | wc -l | tr -d ' ')"
seq 1 $TOTAL | while read -r n; do printf 'TS2026-%05d\n' "$n"; done >"$TMP/want"
golden "numbers are gapless (TS2026-00001 … $TOTAL)" "$TMP/want" "$TMP/numbers"
$CDESK --db "$DB" export --format csv | grep -c '^TS2026-' >"$TMP/n"
expect_eq "$TOTAL cases in the database" $TOTAL "$(cat "$TMP/n")"
expect_rc "check after the rush" 0 $CDESK --db "$DB" check

# SIGKILL in the middle of an import: all or nothing, even then.
{
	echo "channel,name,phone,account,received"
	i=1
	while [ $i -le 20000 ]; do
		echo "visit,王$i,139$(printf %08d $i),多收了输液费，要求退费（第$i行）,2026-07-02 10:00"
		i=$((i + 1))
	done
} >"$DIR/big.csv"
$CDESK --db "$DB" import "$DIR/big.csv" --at "$AT" >/dev/null 2>&1 &
pid=$!
# The import holds its one transaction from its first row; a second in, it is
# half-way through 20,000 rows.
sleep 1
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid
	wait $pid 2>/dev/null
	ok "import killed with SIGKILL while writing"
else
	wait $pid 2>/dev/null
	notok "import killed with SIGKILL while writing" "the import finished within a second"
fi
$CDESK --db "$DB" export --format csv | grep -c '^TS2026-' >"$TMP/n"
expect_eq "the killed import left no case behind" $TOTAL "$(cat "$TMP/n")"
expect_rc "check after the kill" 0 $CDESK --db "$DB" check
expect_rc "the next add still gets the next number" 0 $CDESK --db "$DB" add --at "$AT" \
	--channel visit --name 张三 --text "之后的一件"
expect_match "next number follows" "^TS2026-$(printf %05d $((TOTAL + 1)))" "$TMP/out"
