#!/bin/sh
# tap-join.sh LABEL 'CMD' [LABEL 'CMD'...] - run TAP programs one after the
# other (in the emulated guest: one boot for several programs) and print
# one TAP stream: every result renumbered and prefixed with its LABEL, and
# a failed result for a program that skips as a whole ("1..0 # SKIP why":
# the programs joined here must run), exits non-zero without saying why, or
# runs fewer tests than it planned.
set -u
n=0
out=/tmp/tap-join.$$
while [ $# -ge 2 ]; do
	label=$1 cmd=$2; shift 2
	echo "# --- $label: $cmd"
	sh -c "$cmd" >"$out" 2>&1 </dev/null
	st=$?
	# awk prints the renumbered stream, then "COUNT PLANNED FAILED SKIPPED" last.
	awk -v n="$n" -v label="$label" '
		/^[ \t]*1\.\.[0-9]+/ {
			planned = $1; sub(/^[ \t]*1\.\./, "", planned)
			if (planned == 0) {
				why = $0; sub(/^[^#]*#[ \t]*(SKIP|skip)?[ \t]*/, "", why)
				n++; skipped = 1; print "not ok " n " - " label ": skipped as a whole: " why
			}
			next
		}
		/^(not )?ok [0-9]+/ {
			n++; res = ($1 == "not") ? "not ok" : "ok"
			if ($1 == "not") failed++
			rest = $0; sub(/^(not )?ok [0-9]+ ?-? ?/, "", rest)
			print res " " n " - " label ": " rest; ran++
			next
		}
		/^Bail out!/ { print; bailed = 1; next }
		{ print "# " $0 }
		END { printf "@@ %d %d %d %d %d\n", n, ran, (planned == "" ? -1 : planned), failed, skipped + 0 }
	' "$out" >"$out.tap"
	grep -v '^@@ ' "$out.tap"
	summary=$(grep '^@@ ' "$out.tap" | tail -n 1)
	n=$(echo "$summary" | cut -d' ' -f2)
	ran=$(echo "$summary" | cut -d' ' -f3)
	planned=$(echo "$summary" | cut -d' ' -f4)
	failed=$(echo "$summary" | cut -d' ' -f5)
	skipped=$(echo "$summary" | cut -d' ' -f6)
	if [ "$skipped" = 0 ] && [ "$planned" -ge 0 ] && [ "$ran" -lt "$planned" ]; then
		n=$((n + 1)); echo "not ok $n - $label: planned $planned tests, ran $ran (exit status $st)"
	elif [ "$st" != 0 ] && [ "$st" != 77 ] && [ "$failed" = 0 ]; then
		n=$((n + 1)); echo "not ok $n - $label: exit status $st"
	elif [ "$planned" = -1 ] && [ "$ran" = 0 ] && [ "$skipped" = 0 ]; then
		n=$((n + 1)); echo "not ok $n - $label: printed no TAP (exit status $st)"
	fi
done
rm -f "$out" "$out.tap"
echo "1..$n"
