package zmq_test

// The authenticator's life: one per context, Close and the context's
// Term, Shutdown and Destroy in either order, bad rules and malformed ZAP
// requests answered, never a panic or a hang.

import (
	"errors"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestAuthSecondOnContext guards one authenticator per context: a second
// is an *OpError matching EADDRINUSE that says why; once the first is
// closed, a new one may start.
func TestAuthSecondOnContext(t *testing.T) {
	ctx := zt.Context(t)
	a, err := zmq.NewAuthenticator(ctx)
	must(t, "NewAuthenticator", err)
	b, err := zmq.NewAuthenticator(ctx)
	var oe *zmq.OpError
	if b != nil || !errors.As(err, &oe) || !errors.Is(err, syscall.EADDRINUSE) || !strings.Contains(err.Error(), "already runs") {
		t.Fatalf("second NewAuthenticator: %v, %v; want an *OpError matching EADDRINUSE", b, err)
	}
	must(t, "Close", a.Close())
	newAuth(t, ctx)
}

// TestAuthBadInput guards the errors of bad rules, of a closed or nil
// authenticator and of a terminated context: errors, never panics.
func TestAuthBadInput(t *testing.T) {
	ctx := zt.Context(t)
	a := newAuth(t, ctx)
	pub, _ := zt.CurveKeypair(t)
	for name, err := range map[string]error{
		"Allow(not an address)": a.Allow("127.0.0.1", "localhost"),
		"Allow(/33)":            a.Allow("10.0.0.0/33"),
		"Deny(empty)":           a.Deny(""),
		"AllowCurve(short)":     a.AllowCurve("", pub, "short"),
		"AllowCurve(not Z85)":   a.AllowCurve("", strings.Repeat(" ", 40)),
		"AllowCurve(overflow)":  a.AllowCurve("", strings.Repeat("#", 40)), // above 2^32 in each group
	} {
		var oe *zmq.OpError
		if !errors.As(err, &oe) || !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("%s: %v, want an *OpError matching ErrInvalid", name, err)
		}
	}
	// Nothing of a refused list was added: 127.0.0.1 is still not an
	// allowed address, so there is no allow list at all.
	server, ep := nullServer(t, ctx)
	expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.2", ep), server, "no allow list", "")

	must(t, "Close", a.Close(), a.Close())
	for name, err := range map[string]error{
		"Allow":         a.Allow("127.0.0.1"),
		"Deny":          a.Deny("127.0.0.1"),
		"AllowPlain":    a.AllowPlain("", nil),
		"AllowCurve":    a.AllowCurve("", pub),
		"AllowAnyCurve": a.AllowAnyCurve(""),
	} {
		zt.MustIs(t, err, zmq.ErrClosed, name+" after Close")
	}
	var none *zmq.Authenticator
	zt.MustIs(t, none.Allow("127.0.0.1"), zmq.ErrClosed, "Allow on nil")
	zt.MustIs(t, none.Close(), zmq.ErrClosed, "Close on nil")
	_, err := zmq.NewAuthenticator(nil)
	zt.MustIs(t, err, zmq.ErrClosed, "NewAuthenticator(nil)")
	dead, err := zmq.NewContext()
	must(t, "NewContext", err, dead.Term())
	_, err = zmq.NewAuthenticator(dead)
	zt.MustIs(t, err, zmq.ErrClosed, "NewAuthenticator(terminated)")
}

// rawAuthContext returns a context the test terminates itself.
func rawAuthContext(t *testing.T) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	must(t, "NewContext", err)
	return ctx
}

// TestAuthCloseThenTerm guards Close: its goroutine waits parked, without
// an OS thread; Close waits for it to end, may be called from several
// goroutines at once and again later, and leaves nothing for Term to wait
// for.
func TestAuthCloseThenTerm(t *testing.T) {
	ctx := rawAuthContext(t)
	a, err := zmq.NewAuthenticator(ctx)
	must(t, "NewAuthenticator", err)
	waitParkedIn(t, "[select", "zmq.(*Authenticator).serve", 1)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := a.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	wg.Wait()
	must(t, "second Close", a.Close())
	zt.Within(t, zt.Limit, "Term after Close", func() { must(t, "Term", ctx.Term()) })
	must(t, "Close after Term", a.Close())
}

// TestAuthContextEnds guards an authenticator that is not closed: Term,
// Shutdown or Destroy of its context ends its goroutine and closes its
// socket, even with a CURVE connection authenticated through it, so
// that Term returns; rules given later are an error; Close still returns
// nil.
func TestAuthContextEnds(t *testing.T) {
	serverPub, serverSec := zt.CurveKeypair(t)
	pub, sec := zt.CurveKeypair(t)
	for _, tc := range []struct {
		name string
		end  func(*zmq.Context) error
		want error // from the rules then
	}{
		{"Term", func(c *zmq.Context) error { return nil }, zmq.ErrTerm},
		{"Shutdown", (*zmq.Context).Shutdown, zmq.ErrTerm},
		{"Destroy", func(c *zmq.Context) error { return c.Destroy(0) }, zmq.ErrTerm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := rawAuthContext(t)
			a, err := zmq.NewAuthenticator(ctx)
			must(t, "NewAuthenticator", err, a.AllowCurve("", pub))
			server, err := ctx.NewSocket(zmq.PULL)
			must(t, "server", err, server.SetLinger(0), server.SetRcvTimeo(zt.Limit), server.SetCurveServer(true), server.SetCurveSecretKey([]byte(serverSec)))
			ep := zt.BindLocal(t, server)
			client, err := ctx.NewSocket(zmq.PUSH)
			must(t, "client", err, client.SetLinger(0), client.SetCurveServerKey([]byte(serverPub)),
				client.SetCurvePublicKey([]byte(pub)), client.SetCurveSecretKey([]byte(sec)))
			expectIn(t, client, ep, server, "authenticated", pub)

			zt.Within(t, zt.Limit, tc.name, func() {
				must(t, tc.name, tc.end(ctx))
				if tc.name != "Destroy" {
					must(t, "Close sockets", server.Close(), client.Close(), ctx.Term())
				}
			})
			// At once: Term returns when the authenticator's socket is
			// closed, which may be before its goroutine has ended.
			if err := a.Allow("127.0.0.1"); !errors.Is(err, tc.want) {
				t.Errorf("Allow after %s: %v, want %v", tc.name, err, tc.want)
			}
			must(t, "Close after "+tc.name, a.Close())
		})
	}
}

// TestAuthMalformedRequests sends the authenticator ZAP requests libzmq
// would not, from a REQ and a DEALER of its context: each gets a reply of
// six frames with its request id, refusing it (400) or saying it cannot
// judge it (500); a good request still gets 200 afterwards.
func TestAuthMalformedRequests(t *testing.T) {
	ctx := zt.Context(t)
	newAuth(t, ctx)
	req := zt.Socket(t, ctx, zmq.REQ)
	must(t, "connect", req.Connect("inproc://zeromq.zap.01"))
	f := func(frames ...string) [][]byte {
		b := make([][]byte, len(frames))
		for i, s := range frames {
			b[i] = []byte(s)
		}
		return b
	}
	for _, tc := range []struct {
		name    string
		request [][]byte
		id      string
		code    string
	}{
		{"one frame", f("1.0"), "", "400"},
		{"five frames", f("1.0", "5", "", "127.0.0.1", ""), "5", "400"},
		{"version 2.0", f("2.0", "7", "", "127.0.0.1", "", "NULL"), "7", "400"},
		{"unknown mechanism", f("1.0", "8", "", "127.0.0.1", "", "KERBEROS", "x"), "8", "500"},
		{"NULL with credentials", f("1.0", "9", "", "127.0.0.1", "", "NULL", "x"), "9", "400"},
		{"PLAIN, one credential", f("1.0", "10", "", "127.0.0.1", "", "PLAIN", "user"), "10", "400"},
		{"CURVE, short key", f("1.0", "11", "", "127.0.0.1", "", "CURVE", "short"), "11", "400"},
		{"CURVE, two keys", f("1.0", "12", "", "", "", "CURVE", strings.Repeat("k", 32), strings.Repeat("k", 32)), "12", "400"},
		{"binary garbage", [][]byte{{0xff, 0}, {0}, {}, {0x80}}, "\x00", "400"},
		{"good NULL", f("1.0", "13", "d", "127.0.0.1", "", "NULL"), "13", "200"},
	} {
		must(t, tc.name+": send", req.SendMessage(tc.request, 0))
		reply, err := req.RecvMessage(0)
		must(t, tc.name+": recv", err)
		if len(reply) != 6 || string(reply[0]) != "1.0" || string(reply[1]) != tc.id || string(reply[2]) != tc.code {
			t.Errorf("%s: reply %q, want 1.0, id %q, code %s", tc.name, reply, tc.id, tc.code)
		}
	}

	// A DEALER sends no empty delimiter first: the reply comes back
	// without one too.
	dealer := zt.Socket(t, ctx, zmq.DEALER)
	must(t, "connect", dealer.Connect("inproc://zeromq.zap.01"))
	must(t, "send", dealer.SendMessage(f("1.0", "14", "", "", "", "NULL"), 0))
	reply, err := dealer.RecvMessage(0)
	must(t, "recv", err)
	if len(reply) != 6 || string(reply[1]) != "14" || string(reply[2]) != "200" {
		t.Errorf("DEALER: reply %q", reply)
	}
	must(t, "send", dealer.SendMessage(f("", ""), 0)) // a delimiter and nothing else
	reply, err = dealer.RecvMessage(0)
	must(t, "recv", err)
	if len(reply) != 7 || len(reply[0]) != 0 || string(reply[3]) != "400" {
		t.Errorf("DEALER, empty request: reply %q", reply)
	}
}
