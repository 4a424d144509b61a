#!/usr/bin/env bash
# asan-check.sh PACKAGE...: make check's asan pass (go test -asan), with
# ASAN_OPTIONS from the environment (the Makefile sets them).
#
# One LeakSanitizer report is known and not the binding's: about one full
# run in four or five, libzmq never drops the last reference to one
# connection's metadata (README, "Sanitizers"), and the run ends with
# exactly "344 byte(s) leaked in 4 allocation(s)", all of them indirect.
# When that report is the run's only failure (no failed test, no direct
# leak), the pass runs once more; any other failure fails it at once.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for attempt in 1 2; do
	go test -asan -count=1 -timeout 10m "$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	[ "$rc" -eq 0 ] && exit 0
	if [ "$attempt" -eq 1 ] &&
		grep -q 'SUMMARY: AddressSanitizer: 344 byte(s) leaked in 4 allocation(s)' "$out" &&
		! grep -q -e '--- FAIL' -e 'Direct leak' -e '^panic:' "$out"; then
		echo "asan-check: only the known libzmq metadata leak report; running the pass once more"
		continue
	fi
	exit "$rc"
done
