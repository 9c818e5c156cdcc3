#!/usr/bin/env bash
# Runs every Go fuzz target for FUZZTIME each (default 60s), one at a time
# (the fuzzer uses every core it is given). `make fuzz ARGS=30s` sets the time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fuzztime=${1:-${FUZZTIME:-60s}}
status=0
while read -r pkg name; do
	[ -n "$pkg" ] || continue
	echo "==> $name ($pkg) for $fuzztime"
	if ! go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime"; then
		status=1
	fi
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
	for n in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$f"); do
		echo "./$(dirname "${f#./}") $n"
	done
done | sort)
exit $status
