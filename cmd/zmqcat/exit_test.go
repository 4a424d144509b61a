package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/clitest"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestTimeout guards --timeout: a receiver with nothing to receive, a req
// with nobody to answer and a push with nobody to take its messages all
// give up promptly with status 1 and say how far they got.
func TestTimeout(t *testing.T) {
	start := time.Now()
	pull := zmqcat(t, "-t", "pull", "-b", zmqtest.IPC(t, "silent"), "--count", "1", "--timeout", "200ms")
	pull.ExpectExit(t, 1, zmqtest.Limit)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("--timeout 200ms took %v", took)
	}
	if !strings.Contains(pull.Stderr(), "zmqcat: timeout after 200ms: 0 of 1 messages received") {
		t.Errorf("stderr %q", pull.Stderr())
	}

	// A req with nobody to answer, and a push with nobody to take its
	// messages (ZMQ_IMMEDIATE holds them): the timeout ends the wait.
	req := zmqcat(t, "-t", "req", "-c", zmqtest.IPC(t, "nobody"), "-m", "anyone?", "--timeout", "200ms")
	req.ExpectExit(t, 1, zmqtest.Limit)
	if !strings.Contains(req.Stderr(), "timeout after 200ms: 0 replies received") {
		t.Errorf("stderr %q", req.Stderr())
	}
	push := zmqcat(t, "-t", "push", "-c", zmqtest.IPC(t, "nobody"), "-m", "anyone?", "--timeout", "200ms")
	push.ExpectExit(t, 1, zmqtest.Limit)
	if !strings.Contains(push.Stderr(), "timeout after 200ms: 0 messages sent") {
		t.Errorf("stderr %q", push.Stderr())
	}
}

// TestStopAndExitStatus guards the exit statuses of a stopped run: 0
// after messages without --count, 1 short of --count or when the input
// ends early.
func TestStopAndExitStatus(t *testing.T) {
	ctx := zmqtest.Context(t)
	push := zmqtest.Socket(t, ctx, zmq.PUSH)

	// Without --count, a receiver stopped after messages arrived: 0.
	ep := zmqtest.IPC(t, "a")
	pull := zmqcat(t, "-t", "pull", "-b", ep)
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	sendSeen(t, push, pull, "one")
	sendSeen(t, push, pull, "two")
	if err := pull.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	expectLines(t, pull, 0, "one", "two")

	// With --count, fewer than asked: 1. (A new PUSH: the first one
	// still queues for the zmqcat that is gone.)
	push = zmqtest.Socket(t, ctx, zmq.PUSH)
	ep = zmqtest.IPC(t, "b")
	pull = zmqcat(t, "-t", "pull", "-b", ep, "--count", "3")
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	sendSeen(t, push, pull, "only one")
	if err := pull.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	expectLines(t, pull, 1, "only one")
	if !strings.Contains(pull.Stderr(), "zmqcat: interrupted: 1 of 3 messages received") {
		t.Errorf("stderr %q", pull.Stderr())
	}

	// A sender whose input ends before --count: 1.
	sink := zmqtest.Socket(t, ctx, zmq.PULL)
	ep = zmqtest.BindLocal(t, sink)
	short := zmqcatInput(t, "a\nb\n", "-t", "push", "-c", ep, "--count", "5", "--timeout", "10s")
	short.ExpectExit(t, 1, zmqtest.Limit)
	if !strings.Contains(short.Stderr(), "input ended: 2 of 5 messages sent") {
		t.Errorf("stderr %q", short.Stderr())
	}
	for _, want := range []string{"a", "b"} {
		if got, err := sink.RecvString(0); err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
}

// TestHelp guards --help: every flag and the exit statuses are
// documented, and it exits 0.
func TestHelp(t *testing.T) {
	clitest.ExpectHelp(t, zmqcat(t, "--help"),
		"-t, --type", "-b, --bind", "-c, --connect", "-s, --subscribe", "-m, --message", "--echo",
		"--multipart", "--delim", "--raw", "--hex", "-n, --count", "--timeout", "--interval", "--linger",
		"-h, --help", "4-byte big-endian", "Exit status",
		"--curve-server-secret", "--curve-allow", "--curve-server-key", "--curve-secret",
		`zmqcat -t sub -c tcp://localhost:5556 -s "10001 " --count 5`,
	)
}

// TestUsageErrors guards the usage errors: one line on stderr naming the
// problem, nothing on stdout, status 2, for bad flags and endpoints alike.
func TestUsageErrors(t *testing.T) {
	ctx := zmqtest.Context(t)
	taken := zmqtest.BindLocal(t, zmqtest.Socket(t, ctx, zmq.PULL))
	ep := "ipc:///nonexistent-dir/x"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "-t TYPE is required"},
		{[]string{"-t", "stream", "-c", ep}, `unknown socket type "stream"`},
		{[]string{"-t", "push"}, "no endpoint"},
		{[]string{"-t", "push", "-c", ep + ","}, "empty endpoint"},
		{[]string{"-t", "push", "-c", ep, "-s", "x"}, "-s is for sub"},
		{[]string{"-t", "pull", "-c", ep, "-m", "x"}, "pull does not send"},
		{[]string{"-t", "push", "-c", ep, "--echo"}, "--echo is for rep"},
		{[]string{"-t", "rep", "-c", ep, "--echo", "-m", "x"}, "no -m with it"},
		{[]string{"-t", "push", "-c", ep, "--raw", "--multipart"}, "--raw"},
		{[]string{"-t", "push", "-c", ep, "--delim", ""}, "--delim must not be empty"},
		{[]string{"-t", "push", "-c", ep, "--count", "-1"}, "--count -1"},
		{[]string{"-t", "push", "-c", ep, "--timeout", "-1s"}, "must not be negative"},
		{[]string{"-t", "push", "-c", ep, "extra"}, `unexpected argument "extra"`},
		{[]string{"-t", "push", "-c", ep, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"-t", "push", "-c", ep, "--count", "x"}, `invalid value "x" for flag -count`},
		{[]string{"-t", "push", "-c", "nowhere"}, "PUSH connect nowhere: Invalid argument"},
		{[]string{"-t", "pull", "-b", "tcp://127.0.0.1:99999"}, "PULL bind tcp://127.0.0.1:99999: port 99999 out of range"},
		{[]string{"-t", "pull", "-b", taken}, "PULL bind " + taken + ": Address already in use"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			clitest.ExpectUsageError(t, zmqcat(t, tc.args...), tc.want, nil)
		})
	}
}
