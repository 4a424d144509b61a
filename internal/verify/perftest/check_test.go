package perftest_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The output of libzmq 4.3.4's perf/local_thr.cpp and perf/remote_lat.cpp
// ("message size: %d [B]\n" and so on), with the numbers captured.
var (
	thrOutput = regexp.MustCompile(`^message size: (\d+) \[B\]\n` +
		`message count: (\d+)\n` +
		`mean throughput: (\d+) \[msg/s\]\n` +
		`mean throughput: (\d+\.\d{3}) \[Mb/s\]\n$`)
	latOutput = regexp.MustCompile(`^message size: (\d+) \[B\]\n` +
		`roundtrip count: (\d+)\n` +
		`average latency: (\d+\.\d{3}) \[us\]\n$`)
)

// The usage lines of libzmq 4.3.4's tools.
var usages = map[string]string{
	"local_thr":  "usage: local_thr <bind-to> <message-size> <message-count> [<enable_curve>]",
	"remote_thr": "usage: remote_thr <connect-to> <message-size> <message-count> [<enable_curve>]",
	"local_lat":  "usage: local_lat <bind-to> <message-size> <roundtrip-count>",
	"remote_lat": "usage: remote_lat <connect-to> <message-size> <roundtrip-count>",
}

// checkThroughput checks that r is a successful local_thr run of count
// messages of size bytes, whose output is libzmq's, numbers included.
func checkThroughput(t *testing.T, r result, size, count int) {
	t.Helper()
	m := checkRun(t, r, thrOutput, "four", size, count)
	if m == nil {
		return
	}
	msgs, _ := strconv.ParseFloat(m[3], 64)
	mbits, _ := strconv.ParseFloat(m[4], 64)
	if msgs < 1 {
		t.Errorf("%s printed a rate of %s msg/s", r.name, m[3])
	}
	// Mb/s is msg/s before its truncation to an integer, times the size
	// in bits, over 10^6, rounded to 3 decimals.
	lo := msgs * float64(size) * 8 / 1e6
	hi := (msgs + 1) * float64(size) * 8 / 1e6
	if mbits < lo-0.0005 || mbits > hi+0.0005 {
		t.Errorf("%s printed %s Mb/s for %s msg/s of %d B; want %.3f to %.3f", r.name, m[4], m[3], size, lo, hi)
	}
}

// checkLatency checks that r is a successful remote_lat run of count
// roundtrips of size bytes, whose output is libzmq's.
func checkLatency(t *testing.T, r result, size, count int) {
	t.Helper()
	m := checkRun(t, r, latOutput, "three", size, count)
	if m == nil {
		return
	}
	if us, _ := strconv.ParseFloat(m[3], 64); us <= 0 {
		t.Errorf("%s printed a latency of %s us", r.name, m[3])
	}
}

// checkRun checks what both reports must have: exit 0, nothing on
// stderr, stdout of libzmq's form out (of that many lines), and the size
// and count of the run as its first two numbers. It returns the numbers,
// nil when the form is wrong.
func checkRun(t *testing.T, r result, out *regexp.Regexp, lines string, size, count int) []string {
	t.Helper()
	if r.code != 0 || r.stderr != "" {
		t.Errorf("%v; want exit 0 and nothing on stderr", r)
		return nil
	}
	m := out.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Errorf("%s printed %q; want libzmq's %s lines (%v)", r.name, r.stdout, lines, out)
		return nil
	}
	if m[1] != strconv.Itoa(size) || m[2] != strconv.Itoa(count) {
		t.Errorf("%s printed size %s and count %s; want %d and %d", r.name, m[1], m[2], size, count)
	}
	return m
}

// wantSilent checks that r exited 0 having printed nothing, as libzmq's
// remote_thr and local_lat do.
func wantSilent(t *testing.T, r result) {
	t.Helper()
	wantOutput(t, r, "")
}

func wantOutput(t *testing.T, r result, stdout string) {
	t.Helper()
	if r.code != 0 || r.stdout != stdout || r.stderr != "" {
		t.Errorf("%v; want exit 0, stdout %q and nothing on stderr", r, stdout)
	}
}

// oneLine reports whether s is exactly one line, newline included.
func oneLine(s string) bool {
	return strings.HasSuffix(s, "\n") && strings.Count(s, "\n") == 1
}
