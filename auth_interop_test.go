package zmq_test

// CURVE and ZAP against pyzmq: our authenticator judges pyzmq's CURVE
// clients, and pyzmq's ThreadAuthenticator judges ours. What crosses is
// checked by a binding that owes nothing to this one.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// pyCurveClients is a pyzmq script: a REQ CURVE client with an allowed
// key exchanges three messages with our server, then one with another
// key sends and gets nothing within a second. argv: endpoint, the
// server's public key, the allowed pair, the other pair.
const pyCurveClients = pyPrelude + `
def client(public, secret):
    s = socket(zmq.REQ)
    s.curve_serverkey = sys.argv[2].encode()
    s.curve_publickey = public.encode()
    s.curve_secretkey = secret.encode()
    s.connect(sys.argv[1])
    return s
good = client(sys.argv[3], sys.argv[4])
for i in range(3):
    good.send(b"ping %d" % i)
    print(good.recv().decode(), flush=True)
good.close()
bad = client(sys.argv[5], sys.argv[6])
bad.linger = 0
bad.rcvtimeo = 1000
bad.send(b"intruder")
try:
    print("bad client got %r" % bad.recv(), flush=True)
except zmq.Again:
    print("bad client got nothing", flush=True)
bad.close()
ctx.term()
`

// TestInteropCurveClientsOurAuth: a pyzmq CURVE client whose key our
// Authenticator allows exchanges messages with our CURVE server, which
// reads its key as User-Id; one with a key not allowed is refused, and
// nothing of it reaches the server.
func TestInteropCurveClientsOurAuth(t *testing.T) {
	serverPub, serverSec := zt.CurveKeypair(t)
	goodPub, goodSec := zt.CurveKeypair(t)
	badPub, badSec := zt.CurveKeypair(t)
	ctx := zt.Context(t)
	a := newAuth(t, ctx)
	must(t, "AllowCurve", a.AllowCurve("", goodPub))
	server := zt.Socket(t, ctx, zmq.REP)
	must(t, "CURVE server", server.SetCurveServer(true), server.SetCurveSecretKey([]byte(serverSec)))
	// The server's monitor is how an operator tells a refused key from a
	// slow server: it must name the refusal.
	mon, err := server.Monitor(zmq.EventHandshakeSucceeded | zmq.EventHandshakeFailedAuth)
	must(t, "Monitor", err)
	t.Cleanup(func() { mon.Close() })
	ep := zt.BindLocal(t, server)

	py := startPython(t, pyCurveClients, ep, serverPub, goodPub, goodSec, badPub, badSec)
	for i := range 3 {
		var m zmq.Msg
		if err := server.RecvMsg(&m, 0); err != nil {
			pyFail(t, py, "request %d: %v", i, err)
		}
		got := string(m.Bytes())
		user, err := m.Get(zmq.PropertyUserID)
		must(t, "Msg.Close", m.Close())
		if want := fmt.Sprintf("ping %d", i); got != want {
			pyFail(t, py, "request %d is %q, want %q", i, got, want)
		}
		if err != nil || user != goodPub {
			t.Errorf("request %d: User-Id %q (%v), want the client's key %q", i, user, err, goodPub)
		}
		must(t, "reply", server.SendString(fmt.Sprintf("pong %d", i), 0))
		if line := pyLine(t, py); line != fmt.Sprintf("pong %d", i) {
			pyFail(t, py, "python printed %q", line)
		}
	}
	// The good client's was the only handshake let in: the bad one's is
	// the first refused. Nothing of it may arrive, then or after.
	if line := pyLine(t, py); line != "bad client got nothing" {
		pyFail(t, py, "python printed %q", line)
	}
	waitRefused(t, a, 0, 1)
	if allowed, _ := zmq.AuthCounts(a); allowed != 1 {
		t.Errorf("the authenticator let %d handshakes in, want 1", allowed)
	}
	quiet, cancel := context.WithTimeout(context.Background(), refusedQuiet)
	defer cancel()
	if got, err := server.RecvContext(quiet, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the refused client got %q (%v) through", got, err)
	}
	py.ExpectExit(t, 0, zt.Limit)
	seen := map[zmq.EventKind]int{}
	for seen[zmq.EventHandshakeFailedAuth] == 0 {
		next, cancel := context.WithTimeout(context.Background(), zt.Limit)
		ev, err := mon.Next(next)
		cancel()
		if err != nil {
			t.Fatalf("monitor: %v after %v, want a HANDSHAKE_FAILED_AUTH", err, seen)
		}
		seen[ev.Kind]++
	}
	if seen[zmq.EventHandshakeSucceeded] != 1 || seen[zmq.EventHandshakeFailedAuth] != 1 {
		t.Errorf("monitor events %v, want one HANDSHAKE_SUCCEEDED and one HANDSHAKE_FAILED_AUTH", seen)
	}
}

// pyAuthServer is a pyzmq script: a REP CURVE server guarded by pyzmq's
// ThreadAuthenticator, which allows only the key in argv[1] and prints
// each decision. It prints its public key and endpoint, answers three
// requests, waits for one refusal, makes sure nothing arrives for half a
// second more, and says so.
const pyAuthServer = pyPrelude + `
import threading
from zmq.auth.thread import ThreadAuthenticator
refused = threading.Event()
class Keys:
    def callback(self, domain, key):
        ok = key.decode() == sys.argv[1]
        print(("allow " if ok else "deny ") + key.decode(), flush=True)
        if not ok:
            refused.set()
        return ok
auth = ThreadAuthenticator(ctx)
auth.start()
auth.configure_curve_callback("*", credentials_provider=Keys())
public, secret = zmq.curve_keypair()
server = socket(zmq.REP)
server.curve_secretkey = secret
server.curve_publickey = public
server.curve_server = True
port = server.bind_to_random_port("tcp://127.0.0.1")
print(public.decode(), "tcp://127.0.0.1:%d" % port, flush=True)
for i in range(3):
    server.send(server.recv() + b" back")
if not refused.wait(10):
    sys.exit("python: no key refused within 10s")
if server.poll(500):
    sys.exit("python: a refused client got %r through" % server.recv())
print("nothing more", flush=True)
server.close()
auth.stop()
ctx.term()
`

// TestInteropOurCurveClientPyAuth: our CURVE client with the key pyzmq's
// authenticator allows exchanges messages with the pyzmq server; one with
// another key is refused there and gets nothing.
func TestInteropOurCurveClientPyAuth(t *testing.T) {
	goodPub, goodSec := zt.CurveKeypair(t)
	badPub, badSec := zt.CurveKeypair(t)
	py := startPython(t, pyAuthServer, goodPub)
	fields := strings.Fields(pyLine(t, py))
	if len(fields) != 2 {
		pyFail(t, py, "python printed %q, want its public key and endpoint", fields)
	}
	serverPub, ep := fields[0], fields[1]

	ctx := zt.Context(t)
	client := func(pub, sec string) *zmq.Socket {
		c := zt.Socket(t, ctx, zmq.REQ)
		must(t, "CURVE client", c.SetCurveServerKey([]byte(serverPub)),
			c.SetCurvePublicKey([]byte(pub)), c.SetCurveSecretKey([]byte(sec)), c.Connect(ep))
		return c
	}
	good := client(goodPub, goodSec)
	if line := pyLine(t, py); line != "allow "+goodPub {
		pyFail(t, py, "python printed %q, want it to allow our key", line)
	}
	for i := range 3 {
		msg := fmt.Sprintf("hello %d", i)
		must(t, "send", good.SendString(msg, 0))
		got, err := good.RecvString(0)
		if err != nil || got != msg+" back" {
			pyFail(t, py, "reply %d: %q, %v", i, got, err)
		}
	}
	bad := client(badPub, badSec)
	must(t, "send", bad.SendString("intruder", 0))
	if line := pyLine(t, py); line != "deny "+badPub {
		pyFail(t, py, "python printed %q, want it to deny the other key", line)
	}
	if line := pyLine(t, py); line != "nothing more" {
		pyFail(t, py, "python printed %q", line)
	}
	if got, err := bad.Recv(zmq.DONTWAIT); !errors.Is(err, zmq.ErrAgain) {
		t.Errorf("the refused client received %q (%v)", got, err)
	}
	py.ExpectExit(t, 0, zt.Limit)
}
