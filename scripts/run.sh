#!/bin/sh
# `make run`: open cdesk on a demo database, creating it when missing.
BIN=${1:-build/cdesk}
DB=${CDESK_DEMO_DB:-demo.db}
if $BIN --help | grep -q '^  demo '; then
	if [ ! -f "$DB" ]; then
		# made under another name and renamed when whole: an interrupted
		# first run (Ctrl-C, a closed terminal) leaves no half-made demo
		# for the next one to open
		echo "Creating the demo database $DB …"
		# (and a -wal or -shm left without its file is an orphan that
		# must not be read into the new one)
		rm -f "$DB.part" "$DB.part-wal" "$DB.part-shm" "$DB.part-journal" "$DB-wal" "$DB-shm"
		$BIN --db "$DB.part" demo || { rc=$?; rm -f "$DB.part" "$DB.part-wal" "$DB.part-shm"; exit $rc; }
		# the -wal goes with its file (it may hold committed pages); the
		# -shm is only an index of it, which the next open makes again
		if [ -e "$DB.part-wal" ]; then mv "$DB.part-wal" "$DB-wal" || exit $?; fi
		rm -f "$DB.part-shm"
		mv "$DB.part" "$DB" || exit $?
	fi
	exec $BIN --db "$DB"
fi
# Until the case store exists, show what the rule module does.
$BIN calendar "$(date +%Y-%m)"
echo
$BIN classify "护士打针态度很差，还多收了输液费，要求赔偿2万元"
