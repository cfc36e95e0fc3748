#!/bin/sh
# `make run`: open cdesk on a demo database, creating it when missing.
BIN=${1:-build/cdesk}
DB=${CDESK_DEMO_DB:-demo.db}
if $BIN --help | grep -q '^  demo '; then
	if [ ! -f "$DB" ]; then
		echo "Creating the demo database $DB …"
		$BIN --db "$DB" demo || exit $?
	fi
	exec $BIN --db "$DB"
fi
# Until the case store exists, show what the rule module does.
$BIN calendar "$(date +%Y-%m)"
echo
$BIN classify "护士打针态度很差，还多收了输液费，要求赔偿2万元"
