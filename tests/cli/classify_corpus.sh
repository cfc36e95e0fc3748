#!/bin/sh
# The real-complaint corpus (tests/data/corpus.tsv) through the command line:
# every text classified by `cdesk classify --lines --json`, and the figures over the
# whole corpus held at what was reached (lead department first, lead in the
# suggested set, class right, flags found). The per-part floors (tuning and
# held back) are in tests/unit/test_corpus.c; bench_corpus prints both.
. tests/lib.sh
C=tests/data/corpus.tsv

# One cdesk for the whole corpus (classify --lines: a JSON object a line,
# each naming its line), then one jq scoring each answer against its label.
grep -v '^#' "$C" >"$TMP/rows"
cut -f7 "$TMP/rows" >"$TMP/texts"
"$CDESK" classify --lines --json --at "2026-11-27 09:00" <"$TMP/texts" >"$TMP/answers" 2>"$TMP/err"
expect_eq "classify --lines over the corpus exits 0" "0 " "$? $(head -c 300 "$TMP/err")"
cut -f1-4 "$TMP/rows" | jq -R -s -c 'split("\n") | map(select(length > 0) | split("\t"))' \
	>"$TMP/labels"
jq -r --slurpfile labels "$TMP/labels" '
	$labels[0][.line - 1] as [$lead, $co, $cls, $flags]
	| [ (if .dept == $lead then 1 else 0 end),
	    (if (.depts | index($lead)) != null then 1 else 0 end),
	    (if .class == $cls then 1 else 0 end),
	    ($flags | if . == "-" then [] else split(",") end) as $want
	    | ($want | length),
	    ([ $want[] as $f | select(.flags | index($f) != null) ] | length) ]
	| @tsv' "$TMP/answers" >"$TMP/scores" || echo "ERROR jq" >>"$TMP/scores"

# --lines answers as one call per text does: a few texts spread over the file
for k in 1 50 100 200 300; do
	t=$(sed -n "${k}p" "$TMP/texts")
	[ -n "$t" ] || continue
	"$CDESK" classify --json --at "2026-11-27 09:00" "$t" | jq -c . >"$TMP/one"
	sed -n "${k}p" "$TMP/answers" | jq -c 'del(.line)' >"$TMP/many"
	if cmp -s "$TMP/one" "$TMP/many"; then ok "text $k: --lines answers as a call of its own"
	else notok "text $k: --lines answers as a call of its own" "$(diff "$TMP/one" "$TMP/many" | head -5)"; fi
done

expect_eq "every corpus text classified" 0 "$(grep -c '^ERROR' "$TMP/scores")"
n=$(grep -vc '^#' "$C")
expect_eq "one score per text" "$n" "$(wc -l <"$TMP/scores" | tr -d ' ')"
awk -F'\t' '{ lf += $1; ls += $2; cr += $3; fw += $4; ff += $5 }
	END { printf "%d %d %d %d\n", 1000 * lf / NR, 1000 * ls / NR, 1000 * cr / NR,
	      fw ? 1000 * ff / fw : 0 }' "$TMP/scores" >"$TMP/figs"
read -r lead_first in_set class_right flags_found <"$TMP/figs"
echo "# corpus through cdesk classify: lead first $lead_first‰, in set $in_set‰," \
	"class right $class_right‰, flags found $flags_found‰ ($n texts)"
# Floors: the figures reached over both parts together (permille), 721 texts
# and 111 rules, 14 tuning rows relabelled (tests/data/README); the 98 rules
# before scored 826, 914, 808, 794 on the old labels. 721 texts and 98 rules
# were lower than at 636 texts because the corpus grew by parts/p8.tsv,
# which the rules had never seen: the 95 rules scored 811, 905,
# 796, 782 on the 721 texts, from the bench_corpus counts; 636 texts and 95
# rules: 845, 926, 812, 798; 636 texts and 88 rules: 820, 916, 779, 752;
# 531 texts and 88 rules: 858, 935, 806, 786; 428 texts and 82 rules: 859,
# 932, 813, 753; 328 texts and 73 rules: 862, 923, 801, 720; with the 65
# rules before: 789, 871, 774, 653; at 182 texts, before parts/p4.tsv: 870,
# 940, 840, 670).
expect_eq "lead first ≥ 857‰" 1 "$([ "$lead_first" -ge 857 ] && echo 1 || echo 0)"
expect_eq "lead in set ≥ 927‰" 1 "$([ "$in_set" -ge 927 ] && echo 1 || echo 0)"
expect_eq "class right ≥ 846‰" 1 "$([ "$class_right" -ge 846 ] && echo 1 || echo 0)"
expect_eq "flags found ≥ 819‰" 1 "$([ "$flags_found" -ge 819 ] && echo 1 || echo 0)"
