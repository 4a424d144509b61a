package main

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/cmd/internal/clitest"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// curveSocket returns a socket of ctx made by zmqtest.Socket, a CURVE
// client of the server with public key server.
func curveSocket(t *testing.T, ctx *zmq.Context, typ zmq.Type, server, public, secret string) *zmq.Socket {
	t.Helper()
	s := zmqtest.Socket(t, ctx, typ)
	if err := errors.Join(s.SetCurveServerKey([]byte(server)), s.SetCurvePublicKey([]byte(public)),
		s.SetCurveSecretKey([]byte(secret))); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCurveQueue guards both CURVE roles of zmqdevice: its bound frontend
// is a CURVE server that lets in only the --curve-allow keys, its
// connected backend a CURVE client of a service that has its own
// authenticator. Requests pass both ways; the service reads the device's
// derived public key as User-Id; a client with another key gets nothing
// and nothing of it reaches the service.
func TestCurveQueue(t *testing.T) {
	devicePub, deviceSec := zmqtest.CurveKeypair(t)   // the device as a server
	backendPub, backendSec := zmqtest.CurveKeypair(t) // the device as a client
	servicePub, serviceSec := zmqtest.CurveKeypair(t)
	clientPub, clientSec := zmqtest.CurveKeypair(t)
	intruderPub, intruderSec := zmqtest.CurveKeypair(t)

	ctx := zmqtest.Context(t)
	auth, err := zmq.NewAuthenticator(ctx) // closed after the sockets, before Term
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { auth.Close() })
	if err := auth.AllowCurve("", backendPub); err != nil {
		t.Fatal(err)
	}
	rep := zmqtest.Socket(t, ctx, zmq.REP)
	if err := errors.Join(rep.SetCurveServer(true), rep.SetCurveSecretKey([]byte(serviceSec))); err != nil {
		t.Fatal(err)
	}
	service := zmqtest.BindLocal(t, rep)

	d := startDevice(t, "queue", "--frontend", "tcp://127.0.0.1:*", "--backend", service, "--backend-mode", "connect",
		"--curve-server-secret", deviceSec, "--curve-allow", clientPub,
		"--curve-server-key", servicePub, "--curve-secret", backendSec)
	if !strings.Contains(d.Stderr(), "zmqdevice: CURVE server public key "+devicePub+"\n") {
		t.Errorf("the device did not print its public key: %v", d.Proc)
	}
	req := curveSocket(t, ctx, zmq.REQ, devicePub, clientPub, clientSec)
	connect(t, req, d.ep(t, "frontend"))
	for i := range 3 {
		if err := echoStep(req, rep, i); err != nil {
			t.Fatalf("round trip %d: %v", i, err)
		}
	}
	sendMessage(t, req, "who")
	var m zmq.Msg
	defer m.Close()
	if err := rep.RecvMsg(&m, 0); err != nil {
		t.Fatal(err)
	}
	if user, err := m.Get(zmq.PropertyUserID); err != nil || user != backendPub {
		t.Errorf("the service sees User-Id %q (%v), want the device's public key %q", user, err, backendPub)
	}
	sendMessage(t, rep, "you")
	recvMessage(t, req)

	intruder := curveSocket(t, ctx, zmq.REQ, devicePub, intruderPub, intruderSec)
	if err := intruder.SetRcvTimeo(300 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	connect(t, intruder, d.ep(t, "frontend"))
	sendMessage(t, intruder, "let me in")
	if got, err := intruder.RecvMessage(0); !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("the intruder got %q (%v)", got, err)
	}
	if got, err := rep.RecvMessage(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("the intruder's %q (%v) reached the service", got, err)
	}
	if err := echoStep(req, rep, 4); err != nil { // still serving, and only the allowed client
		t.Fatal(err)
	}
	d.stopCleanly(t, syscall.SIGTERM)
}

// TestCurveUsageErrors guards the CURVE usage errors of zmqdevice: a
// role no side can take, bad keys (never repeating a secret one), and
// that --help documents the flags.
func TestCurveUsageErrors(t *testing.T) {
	pub, sec := zmqtest.CurveKeypair(t)
	free := "tcp://127.0.0.1:*"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--frontend-mode", "connect", "--backend-mode", "connect", "--curve-server-secret", sec}, "no side binds"},
		{[]string{"--curve-server-key", pub, "--curve-secret", sec}, "no side connects"},
		{[]string{"--curve-server-secret", "short"}, "--curve-server-secret: not a CURVE secret key"},
		{[]string{"--curve-server-secret", sec, "--curve-allow", "nope"}, `--curve-allow "nope": not a CURVE public key`},
		{[]string{"--curve-allow", pub}, "--curve-allow is for a CURVE server"},
		{[]string{"--backend-mode", "connect", "--curve-server-key", pub}, "needs both"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string{"streamer", "--frontend", free, "--backend", free}, tc.args...)
			p := zmqtest.Start(t, filepath.Join(binDir, "zmqdevice"), args...)
			clitest.ExpectUsageError(t, p, tc.want, nil)
			if strings.Contains(p.Stderr(), sec) {
				t.Errorf("the secret key is on stderr: %q", p.Stderr())
			}
		})
	}
	clitest.ExpectHelp(t, zmqtest.Start(t, filepath.Join(binDir, "zmqdevice"), "--help"),
		"--curve-server-secret", "--curve-allow", "--curve-server-key", "--curve-secret", "a CURVE queue")
}

// TestCurveWarnsWithoutAllow guards the warning of a CURVE device that
// lets in every client knowing its key.
func TestCurveWarnsWithoutAllow(t *testing.T) {
	_, sec := zmqtest.CurveKeypair(t)
	d := startDevice(t, "streamer", "--frontend", "tcp://127.0.0.1:*", "--backend", "tcp://127.0.0.1:*", "--curve-server-secret", sec)
	if !regexp.MustCompile(`(?m)^zmqdevice: no --curve-allow: every client`).MatchString(d.Stderr()) {
		t.Errorf("no warning: %v", d.Proc)
	}
	d.stopCleanly(t, syscall.SIGINT)
}
