#!/bin/sh
# Smoke check of the built binaries: the Dockerfile's build stage runs it,
# so that an image whose programs do not talk to each other fails to
# build, and dockerfile_test.go (beside it) runs it outside Docker.
#
#   sh internal/verify/docker/smoke.sh BINDIR     BINDIR holds version, zmqcat and zmqdevice
#
# It checks the libzmq version the programs see, a request-reply round
# trip between two zmqcat processes, then one through a zmqdevice queue,
# which must then stop cleanly (exit 0) on SIGTERM. Endpoints are ipc://
# files in a temporary directory, so nothing collides with other programs;
# every step is bounded (zmqcat --timeout, and timeout(1) around each
# process). It prints a line per step and exits non-zero on the first
# failure.
set -eu

bin=${1:?usage: smoke.sh BINDIR}
tmp=$(mktemp -d)
pids=
cleanup() {
	for pid in $pids; do
		kill -KILL "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "smoke: FAILED: $*" >&2
	exit 1
}

# Each process runs under "timeout --foreground 20", directly (not in a
# shell function, so that $! of a background one is timeout itself).
# --foreground: a signal sent to timeout(1) reaches the program once;
# without it, timeout passes it on to the program and again to its
# process group, and a second SIGTERM ends a program that is cleaning up
# after the first (zmq.CatchSignals restores the default action once it
# has caught one).
limit="timeout --foreground 20"

# 1. The programs run, against the libzmq they were built for.
out=$($limit "$bin/version") || fail "version exited $?"
case $out in
"Current 0MQ version is 4."*) echo "smoke: $out" ;;
*) fail "version printed '$out'" ;;
esac

# 2. zmqcat rep --echo answers zmqcat req.
$limit "$bin/zmqcat" -t rep -b "ipc://$tmp/echo" --echo --count 1 --timeout 10s >"$tmp/rep.out" &
rep=$!
pids="$pids $rep"
out=$($limit "$bin/zmqcat" -t req -c "ipc://$tmp/echo" -m "Hello" --timeout 10s) || fail "zmqcat req exited $?"
[ "$out" = "Hello" ] || fail "zmqcat req printed '$out', want Hello"
wait "$rep" || fail "zmqcat rep exited $?"
[ "$(cat "$tmp/rep.out")" = "Hello" ] || fail "zmqcat rep printed '$(cat "$tmp/rep.out")', want Hello"
echo "smoke: zmqcat req -> zmqcat rep --echo: ok"

# 3. The same through a zmqdevice queue, with a two-frame message.
$limit "$bin/zmqdevice" queue --frontend "ipc://$tmp/clients" --backend "ipc://$tmp/services" 2>"$tmp/device.err" &
device=$!
pids="$pids $device"
$limit "$bin/zmqcat" -t rep -c "ipc://$tmp/services" --echo --count 1 --timeout 10s >/dev/null &
rep=$!
pids="$pids $rep"
out=$($limit "$bin/zmqcat" -t req -c "ipc://$tmp/clients" --multipart -m "Hello|World" --timeout 10s) ||
	fail "zmqcat req through the queue exited $?"
[ "$out" = "Hello|World" ] || fail "zmqcat req through the queue printed '$out', want Hello|World"
wait "$rep" || fail "zmqcat rep behind the queue exited $?"
# timeout(1) passes the SIGTERM on to zmqdevice, and exits with its status.
kill -TERM "$device"
if wait "$device"; then :; else
	status=$?
	fail "zmqdevice exited $status on SIGTERM: $(cat "$tmp/device.err")"
fi
grep -q "zmqdevice: interrupted" "$tmp/device.err" || fail "zmqdevice did not stop cleanly: $(cat "$tmp/device.err")"
echo "smoke: zmqcat req -> zmqdevice queue -> zmqcat rep --echo, then SIGTERM: ok"
echo "smoke: passed"
