# The command line's frame: help, version, usage errors and exit codes.
. tests/lib.sh

expect_rc "--help exits 0" 0 "$CDESK" --help
expect_match "--help lists commands" '^  classify ' "$TMP/out"
expect_rc "--version exits 0" 0 "$CDESK" --version
expect_match "--version prints the version" '^cdesk [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out"
expect_rc "unknown command is a usage error" 2 "$CDESK" frobnicate
expect_match "unknown command is named" "unknown command 'frobnicate'" "$TMP/err"
expect_rc "unknown global option is a usage error" 2 "$CDESK" --frob
expect_match "unknown option is named" "unknown option '--frob'" "$TMP/err"
expect_rc "unknown command option is a usage error" 2 "$CDESK" calendar --frob 2026-01
expect_match "unknown command option is named" "unknown option '--frob'" "$TMP/err"
expect_rc "--db without a value" 2 "$CDESK" --db
expect_rc "a missing --config file is not found" 3 "$CDESK" --config "$TMP/none.ini" calendar 2026-01
printf '[site]\nname = x\n[bogus]\nkey = 1\n' >"$TMP/bad.ini"
expect_rc "a config with an unknown section is refused" 7 "$CDESK" --config "$TMP/bad.ini" calendar 2026-01
expect_match "the config error names file and line" 'bad.ini:4: \[bogus\] key: unknown setting' "$TMP/err"
