package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/zmqgo/zmq/cmd/internal/clitest"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestCurve guards the CURVE flags between two zmqcat processes: the
// server prints its public key; a client whose key --curve-allow lists
// (among others, repeated and comma-separated) gets its echo; one with
// another key never completes the handshake, times out, and the server
// never sees its message.
func TestCurve(t *testing.T) {
	serverPub, serverSec := zmqtest.CurveKeypair(t)
	clientPub, clientSec := zmqtest.CurveKeypair(t)
	otherPub, _ := zmqtest.CurveKeypair(t)
	_, intruderSec := zmqtest.CurveKeypair(t)

	rep := zmqcat(t, "-t", "rep", "-b", "tcp://127.0.0.1:*", "--echo", "--count", "1", "--timeout", "10s",
		"--curve-server-secret", serverSec, "--curve-allow", otherPub, "-curve-allow", otherPub+","+clientPub)
	ep := boundEndpoint(t, rep)
	if _, err := rep.WaitStderr(regexp.MustCompile("^zmqcat: CURVE server public key "+regexp.QuoteMeta(serverPub)+"$"), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}

	intruder := zmqcat(t, "-t", "req", "-c", ep, "-m", "let me in", "--timeout", "1s",
		"--curve-server-key", serverPub, "--curve-secret", intruderSec)
	expectLines(t, intruder, 1)
	if !strings.Contains(intruder.Stderr(), "timeout after 1s: 0 replies received") {
		t.Errorf("the refused client said %q", intruder.Stderr())
	}

	client := zmqcat(t, "-t", "req", "-c", ep, "-m", "hello", "--timeout", "10s",
		"-curve-server-key", serverPub, "-curve-secret", clientSec)
	expectLines(t, client, 0, "hello")
	expectLines(t, rep, 0, "hello") // and nothing of the intruder's
}

// TestCurveWithoutAllow guards the warning of a CURVE server that lets in
// every client knowing its key.
func TestCurveWithoutAllow(t *testing.T) {
	serverPub, serverSec := zmqtest.CurveKeypair(t)
	_, anySec := zmqtest.CurveKeypair(t)
	pull := zmqcat(t, "-t", "pull", "-b", "tcp://127.0.0.1:*", "--count", "1", "--timeout", "10s", "--curve-server-secret", serverSec)
	ep := boundEndpoint(t, pull)
	if _, err := pull.WaitStderr(regexp.MustCompile(`^zmqcat: no --curve-allow: every client`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	push := zmqcat(t, "-t", "push", "-c", ep, "-m", "anyone", "--timeout", "10s", "--curve-server-key", serverPub, "--curve-secret", anySec)
	expectLines(t, push, 0)
	expectLines(t, pull, 0, "anyone")
}

// TestCurveUsageErrors guards the usage errors of the CURVE flags, which
// never repeat a secret key.
func TestCurveUsageErrors(t *testing.T) {
	pub, sec := zmqtest.CurveKeypair(t)
	notZ85 := strings.Repeat("#", 40) // each group above 2^32
	ep := "ipc:///nonexistent-dir/x"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--curve-server-secret", "short"}, "--curve-server-secret: not a CURVE secret key"},
		{[]string{"--curve-server-secret", notZ85}, "--curve-server-secret: not a CURVE secret key"},
		{[]string{"--curve-server-secret", sec, "--curve-server-key", pub}, "no --curve-server-key or --curve-secret"},
		{[]string{"--curve-server-key", pub}, "needs both --curve-server-key and --curve-secret"},
		{[]string{"--curve-secret", sec}, "needs both --curve-server-key and --curve-secret"},
		{[]string{"--curve-server-key", "short", "--curve-secret", sec}, `--curve-server-key "short": not a CURVE public key`},
		{[]string{"--curve-server-key", pub, "--curve-secret", notZ85}, "--curve-secret: not a CURVE secret key"},
		{[]string{"--curve-allow", pub}, "--curve-allow is for a CURVE server"},
		{[]string{"--curve-server-secret", sec, "--curve-allow", pub + ",x"}, `--curve-allow "x": not a CURVE public key`},
		{[]string{"--curve-server-secret", sec, "--curve-allow", pub + ","}, "--curve-allow: empty key"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			p := zmqcat(t, append([]string{"-t", "pull", "-b", ep}, tc.args...)...)
			clitest.ExpectUsageError(t, p, tc.want, nil)
			if strings.Contains(p.Stderr(), sec) || strings.Contains(p.Stderr(), notZ85) {
				t.Errorf("a secret key is on stderr: %q", p.Stderr())
			}
		})
	}
}
