# cdesk.ini, rules.ini and holiday files as read: a key written twice is
# refused with both lines, a byte-order mark is accepted, and cdesk.ini
# stacks (shipped defaults, the site's file, the user's) with `cdesk config`
# saying where each setting came from.
. tests/lib.sh

D="$TMP/data"
cp -r "$CDESK_TOP/data" "$D"
export CDESK_DATA="$D" CDESK_SITE_CONFIG="$TMP/site.ini" XDG_CONFIG_HOME="$TMP/xdg"
unset CDESK_CONFIG CDESK_DB
mkdir -p "$TMP/xdg/cdesk"

# rules.ini: a second claim_threshold_yuan silently won before.
sed 's/^claim_threshold_yuan = 10000$/&\nclaim_threshold_yuan = 1/' "$CDESK_TOP/data/rules.ini" >"$D/rules.ini"
l1=$(grep -n '^claim_threshold_yuan = 10000$' "$D/rules.ini" | cut -d: -f1)
l2=$(grep -n '^claim_threshold_yuan = 1$' "$D/rules.ini" | cut -d: -f1)
expect_rc "rules.ini: a key written twice is refused" 7 "$CDESK" due 2026-11-02 --class general
expect_match "rules.ini: the refusal names both lines" \
	"rules.ini:$l2: \[settings\] claim_threshold_yuan: listed twice in \[settings\] \(first at line $l1\)" "$TMP/err"
cp "$CDESK_TOP/data/rules.ini" "$D/rules.ini"

# A byte-order mark at the start of rules.ini, a holiday file and cdesk.ini.
printf '\357\273\277' | cat - "$CDESK_TOP/data/rules.ini" >"$D/rules.ini"
printf '\357\273\277' | cat - "$CDESK_TOP/data/holidays/cn-2026.ini" >"$D/holidays/cn-2026.ini"
printf '\357\273\277[cases]\nprefix = BOM\n' >"$TMP/xdg/cdesk/cdesk.ini"
expect_rc "a byte-order mark is accepted (rules, holidays, cdesk.ini)" 0 "$CDESK" due 2026-09-30 --days 1
expect_match "the holiday file with a BOM is read (National Day skipped)" '^2026-10-08' "$TMP/out"
expect_rc "cdesk config with a BOM in cdesk.ini" 0 "$CDESK" config
expect_match "the prefix from the file with a BOM" '^prefix = BOM .*xdg/cdesk/cdesk.ini:2$' "$TMP/out"
cp "$CDESK_TOP/data/rules.ini" "$D/rules.ini"
cp "$CDESK_TOP/data/holidays/cn-2026.ini" "$D/holidays/cn-2026.ini"

# cdesk.ini: a key written twice in the user's file.
printf '[cases]\nprefix = AA\n\n[site]\nname = x\n[cases]\nprefix = BB\n' >"$TMP/xdg/cdesk/cdesk.ini"
expect_rc "cdesk.ini: a key written twice is refused" 7 "$CDESK" config
expect_match "cdesk.ini: the refusal names both lines" \
	'cdesk.ini:7: \[cases\] prefix: listed twice in \[cases\] \(first at line 2\)' "$TMP/err"
printf '[holidays]\n' >>"$D/holidays/cn-2026.ini"
grep -m1 '^2026-' "$CDESK_TOP/data/holidays/cn-2026.ini" >>"$D/holidays/cn-2026.ini"
printf '[site]\nname = x\n' >"$TMP/xdg/cdesk/cdesk.ini"
expect_rc "a holiday date written twice is refused" 7 "$CDESK" calendar 2026-01
expect_match "the holiday refusal names both lines" 'cn-2026.ini:[0-9]*: \[holidays\] .*listed twice.*first at line [0-9]*' "$TMP/err"
cp "$CDESK_TOP/data/holidays/cn-2026.ini" "$D/holidays/cn-2026.ini"

# Stacking: shipped defaults, then the site's file, then the user's.
printf '[site]\nname = 第一人民医院\n\n[database]\npath = %s/site.db\n\n[print]\ncommand = lp -d office\n' "$TMP" >"$TMP/site.ini"
printf '[database]\npath = %s/mine.db\n[print]\ncommand = cat\n[cases]\nprefix = HX\n' "$TMP" >"$TMP/xdg/cdesk/cdesk.ini"
expect_rc "cdesk config runs" 0 "$CDESK" config
expect_match "files are listed in order: shipped, site, user" "^;   .*data/cdesk.ini$" "$TMP/out"
expect_eq "three files read" 3 "$(grep -c '^;   /' "$TMP/out")"
expect_match "the site's name comes from the site's file" '^name = 第一人民医院 .*site.ini:2$' "$TMP/out"
expect_match "the user's print command is over the site's" '^command = cat .*xdg/cdesk/cdesk.ini:4$' "$TMP/out"
expect_match "the user's prefix over the default" '^prefix = HX .*cdesk.ini:6$' "$TMP/out"
expect_match "the language is not set" '^language = .*; not set$' "$TMP/out"
expect_match "the personal database path does not hide the site's" "^path = $TMP/site.db .*site.ini:5\$" "$TMP/out"
expect_match "the personal database path is said to be ignored" '^; ignored: the path at .*xdg/cdesk/cdesk.ini:2' "$TMP/out"
expect_match "the database in use is the site's" "^; in use: database $TMP/site.db \(from \[database\] path\)" "$TMP/out"
expect_rc "--db over the configuration" 0 "$CDESK" --db "$TMP/x.db" config
expect_match "--db is named as the source" "^; in use: database $TMP/x.db \(from --db\)" "$TMP/out"
expect_rc "cdesk config --json" 0 "$CDESK" config --json
expect_match "--json gives each source" '"source": ".*site.ini:2"' "$TMP/out"
rm "$TMP/site.ini"
expect_rc "without a site file the personal database path applies" 0 "$CDESK" config
expect_match "the personal path in use" "^; in use: database $TMP/mine.db" "$TMP/out"
expect_nomatch "nothing ignored" '^; ignored' "$TMP/out"
expect_rc "a bad value in the site's file is refused" 7 env CDESK_SITE_CONFIG="$TMP/bad.ini" sh -c \
	"printf '[ui]\nlanguage = fr\n' >'$TMP/bad.ini'; exec \"\$0\" config" "$CDESK"
expect_match "the site's file and line are named" "bad.ini:2: \[ui\] language: 'fr' is not one of" "$TMP/err"
