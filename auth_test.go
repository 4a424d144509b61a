package zmq_test

// Tests of the ZAP authenticator with real handshakes over tcp (libzmq
// asks no authenticator for inproc). A refusal is waited for through the
// authenticator's counts, not by sleeping; the server must then receive
// nothing for a while (libzmq does not retry a refused handshake, so
// there is no later event to wait for). The handshake, and so the ZAP
// request, comes with the connect: expectIn and expectOut connect the
// client themselves, after reading the counts.

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// newAuth starts an authenticator on ctx, closed when the test ends.
func newAuth(t *testing.T, ctx *zmq.Context) *zmq.Authenticator {
	t.Helper()
	a, err := zmq.NewAuthenticator(ctx)
	if err != nil {
		t.Fatalf("NewAuthenticator: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("Authenticator.Close: %v", err)
		}
	})
	return a
}

// curveServer returns a PULL CURVE server of ctx with the secret key, in
// the ZAP domain (unless ""), bound to a free port, and its endpoint.
func curveServer(t *testing.T, ctx *zmq.Context, secret, domain string) (*zmq.Socket, string) {
	t.Helper()
	s := zt.Socket(t, ctx, zmq.PULL)
	must(t, "CURVE server", s.SetCurveServer(true), s.SetCurveSecretKey([]byte(secret)))
	if domain != "" {
		must(t, "ZAP domain", s.SetZAPDomain(domain))
	}
	return s, zt.BindLocal(t, s)
}

// curveClient returns a PUSH of ctx with the client key pair, for the
// CURVE server with public key serverPublic.
func curveClient(t *testing.T, ctx *zmq.Context, serverPublic, public, secret string) *zmq.Socket {
	t.Helper()
	c := zt.Socket(t, ctx, zmq.PUSH)
	must(t, "CURVE client", c.SetCurveServerKey([]byte(serverPublic)),
		c.SetCurvePublicKey([]byte(public)), c.SetCurveSecretKey([]byte(secret)))
	return c
}

// expectIn connects c to ep and checks that msg, sent by c, reaches
// server with the User-Id user (unless "").
func expectIn(t *testing.T, c *zmq.Socket, ep string, server *zmq.Socket, msg, user string) {
	t.Helper()
	must(t, "connect", c.Connect(ep))
	must(t, "send", c.SendString(msg, 0))
	var m zmq.Msg
	defer m.Close()
	if err := server.RecvMsg(&m, 0); err != nil {
		t.Fatalf("%q: RecvMsg: %v", msg, err)
	}
	if string(m.Bytes()) != msg {
		t.Fatalf("received %q, want %q", m.Bytes(), msg)
	}
	if user == "" {
		return
	}
	if got, err := m.Get(zmq.PropertyUserID); err != nil || got != user {
		t.Errorf("%q: User-Id %q (%v), want %q", msg, got, err, user)
	}
}

// waitRefused waits until a has refused at least n requests more than
// before.
func waitRefused(t *testing.T, a *zmq.Authenticator, before, n uint64) {
	t.Helper()
	deadline := time.Now().Add(zt.Limit)
	for {
		_, refused := zmq.AuthCounts(a)
		if refused >= before+n {
			return
		}
		if time.Now().After(deadline) {
			allowed, _ := zmq.AuthCounts(a)
			t.Fatalf("the authenticator refused %d requests in %v, want %d (allowed %d)", refused-before, zt.Limit, n, allowed)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// refusedQuiet is how long a server must then receive nothing.
const refusedQuiet = 200 * time.Millisecond

// expectOut connects c to ep and checks that c, sending msg, is refused:
// the authenticator refuses it and server receives nothing.
func expectOut(t *testing.T, a *zmq.Authenticator, c *zmq.Socket, ep string, server *zmq.Socket, msg string) {
	t.Helper()
	_, before := zmq.AuthCounts(a)
	must(t, "connect", c.Connect(ep))
	must(t, "send", c.SendString(msg, zmq.DONTWAIT))
	waitRefused(t, a, before, 1)
	ctx, cancel := context.WithTimeout(context.Background(), refusedQuiet)
	defer cancel()
	if got, err := server.RecvContext(ctx, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a refused client got %q (%v) through", got, err)
	}
}

// TestAuthCurve guards the CURVE policies: a key allowed in the socket's
// domain or in "*" gets in with its key as User-Id, any key of a domain
// opened with AllowAnyCurve too; another key, or one allowed in another
// domain only, never completes the handshake.
func TestAuthCurve(t *testing.T) {
	serverPub, serverSec := zt.CurveKeypair(t)
	type peer struct {
		domain string // the server's ZAP domain
		key    int    // which client key pair
		in     bool
	}
	for _, tc := range []struct {
		name  string
		setup func(a *zmq.Authenticator, pubs []string) error
		peers []peer
	}{
		{"default domain", func(a *zmq.Authenticator, pubs []string) error {
			return a.AllowCurve("", pubs[0])
		}, []peer{{"", 0, true}, {"", 1, false}, {"other", 0, false}}},
		{"named domain", func(a *zmq.Authenticator, pubs []string) error {
			return a.AllowCurve("vip", pubs[0], pubs[1])
		}, []peer{{"vip", 1, true}, {"vip", 2, false}, {"", 0, false}}},
		{"every domain", func(a *zmq.Authenticator, pubs []string) error {
			return a.AllowCurve("*", pubs[2])
		}, []peer{{"", 2, true}, {"x", 2, true}, {"x", 1, false}}},
		{"any key", func(a *zmq.Authenticator, pubs []string) error {
			return a.AllowAnyCurve("open")
		}, []peer{{"open", 1, true}, {"closed", 1, false}}},
		{"no policy", func(a *zmq.Authenticator, pubs []string) error {
			return nil
		}, []peer{{"", 0, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := zt.Context(t)
			a := newAuth(t, ctx)
			var pubs, secs []string
			for range 3 {
				p, s := zt.CurveKeypair(t)
				pubs, secs = append(pubs, p), append(secs, s)
			}
			must(t, "policy", tc.setup(a, pubs))
			for i, p := range tc.peers {
				server, ep := curveServer(t, ctx, serverSec, p.domain)
				c := curveClient(t, ctx, serverPub, pubs[p.key], secs[p.key])
				if p.in {
					expectIn(t, c, ep, server, "peer "+string(rune('0'+i)), pubs[p.key])
				} else {
					expectOut(t, a, c, ep, server, "peer "+string(rune('0'+i)))
				}
			}
		})
	}
}

// plainServer returns a PULL PLAIN server of ctx bound to a free port, and
// its endpoint.
func plainServer(t *testing.T, ctx *zmq.Context) (*zmq.Socket, string) {
	t.Helper()
	s := zt.Socket(t, ctx, zmq.PULL)
	must(t, "PLAIN server", s.SetPlainServer(true))
	return s, zt.BindLocal(t, s)
}

// plainClient returns a PUSH of ctx, a PLAIN client with user and
// password.
func plainClient(t *testing.T, ctx *zmq.Context, user, password string) *zmq.Socket {
	t.Helper()
	c := zt.Socket(t, ctx, zmq.PUSH)
	must(t, "PLAIN client", c.SetPlainUsername(user), c.SetPlainPassword(password))
	return c
}

// TestAuthPlain guards PLAIN: a wrong password and an unknown user are
// refused, the right password lets in with the user name as User-Id, and
// users added later (with a new password) count from the next handshake.
func TestAuthPlain(t *testing.T) {
	ctx := zt.Context(t)
	a := newAuth(t, ctx)
	must(t, "AllowPlain", a.AllowPlain("*", map[string]string{"admin": "secret", "guest": "guest"}))

	server, ep := plainServer(t, ctx)
	expectOut(t, a, plainClient(t, ctx, "admin", "wrong"), ep, server, "wrong password")
	expectOut(t, a, plainClient(t, ctx, "nobody", "secret"), ep, server, "unknown user")
	expectOut(t, a, plainClient(t, ctx, "admin", "secre"), ep, server, "a prefix of the password")
	expectIn(t, plainClient(t, ctx, "admin", "secret"), ep, server, "right password", "admin")

	must(t, "AllowPlain", a.AllowPlain("", map[string]string{"guest": "new", "late": "x"}))
	expectIn(t, plainClient(t, ctx, "late", "x"), ep, server, "added later", "late")
	// "guest" has a password in "" and another in "*": either lets in.
	expectIn(t, plainClient(t, ctx, "guest", "new"), ep, server, "new password", "guest")
	expectIn(t, plainClient(t, ctx, "guest", "guest"), ep, server, "password of *", "guest")
}

// nullServer returns a PULL server of ctx with no security mechanism, in
// ZAP domain "net" (without a domain, libzmq asks no authenticator about
// NULL peers), bound to a free port.
func nullServer(t *testing.T, ctx *zmq.Context) (*zmq.Socket, string) {
	t.Helper()
	s := zt.Socket(t, ctx, zmq.PULL)
	must(t, "ZAP domain", s.SetZAPDomain("net"))
	return s, zt.BindLocal(t, s)
}

// ipcServer is nullServer over ipc, whose peers have no IP address.
func ipcServer(t *testing.T, ctx *zmq.Context) (*zmq.Socket, string) {
	t.Helper()
	s := zt.Socket(t, ctx, zmq.PULL)
	ep := zt.IPC(t, "auth")
	must(t, "ipc server", s.SetZAPDomain("net"), s.Bind(ep))
	return s, ep
}

// from returns the endpoint ep (tcp://host:port) connected to from the
// local address src: libzmq's "tcp://src:0;host:port".
func from(src, ep string) string {
	return "tcp://" + src + ":0;" + strings.TrimPrefix(ep, "tcp://")
}

// TestAuthAddresses guards Allow and Deny: a denied address never
// completes a handshake (NULL, PLAIN or CURVE), another address does; an
// allow list lets only its addresses in; a prefix covers its addresses;
// an ipc peer, which has no IP address, matches no rule. Peers come from
// 127.0.0.1 and 127.0.0.2, both on the loopback.
func TestAuthAddresses(t *testing.T) {
	t.Run("deny", func(t *testing.T) {
		ctx := zt.Context(t)
		a := newAuth(t, ctx)
		must(t, "Deny", a.Deny("127.0.0.1"))
		server, ep := nullServer(t, ctx)
		expectOut(t, a, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.1", ep), server, "denied")
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.2", ep), server, "not denied", "")
		ipc, iep := ipcServer(t, ctx)
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), iep, ipc, "no address, not denied", "")

		// A denied address stays out whatever else would let it in.
		must(t, "Allow", a.Allow("127.0.0.0/8"), a.AllowPlain("*", map[string]string{"u": "p"}))
		plain, pep := plainServer(t, ctx)
		expectOut(t, a, plainClient(t, ctx, "u", "p"), pep, plain, "denied, right password")
	})
	t.Run("allow another", func(t *testing.T) {
		ctx := zt.Context(t)
		a := newAuth(t, ctx)
		must(t, "Allow", a.Allow("10.1.2.3", "2001:db8::/32"))
		server, ep := nullServer(t, ctx)
		expectOut(t, a, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.1", ep), server, "not allowed")
		must(t, "Allow", a.Allow("127.0.0.2"))
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.2", ep), server, "allowed later", "")
		expectOut(t, a, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.1", ep), server, "still not allowed")
	})
	t.Run("allow prefix", func(t *testing.T) {
		ctx := zt.Context(t)
		a := newAuth(t, ctx)
		must(t, "Allow", a.Allow("127.0.0.1/8")) // not masked: taken as 127.0.0.0/8
		server, ep := nullServer(t, ctx)
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.1", ep), server, "in the prefix", "")
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.2", ep), server, "in the prefix too", "")
		ipc, iep := ipcServer(t, ctx)
		expectOut(t, a, zt.Socket(t, ctx, zmq.PUSH), iep, ipc, "no address, not allowed")
	})
	t.Run("NULL without a domain", func(t *testing.T) {
		// libzmq does not ask: the rules cannot apply. The doc says so.
		ctx := zt.Context(t)
		a := newAuth(t, ctx)
		must(t, "Deny", a.Deny("127.0.0.0/8"))
		server := zt.Socket(t, ctx, zmq.PULL)
		ep := zt.BindLocal(t, server)
		expectIn(t, zt.Socket(t, ctx, zmq.PUSH), from("127.0.0.1", ep), server, "not asked", "")
		if allowed, refused := zmq.AuthCounts(a); allowed+refused != 0 {
			t.Errorf("the authenticator was asked %d times about NULL peers without a domain", allowed+refused)
		}
	})
}

// TestAuthTwoContexts guards per-context policies: each context's CURVE
// server lets in only the key its own authenticator allows, and neither
// authenticator hears of the other context's handshakes.
func TestAuthTwoContexts(t *testing.T) {
	serverPub, serverSec := zt.CurveKeypair(t)
	pub1, sec1 := zt.CurveKeypair(t)
	pub2, sec2 := zt.CurveKeypair(t)
	ctx1, ctx2 := zt.Context(t), zt.Context(t)
	a1, a2 := newAuth(t, ctx1), newAuth(t, ctx2)
	must(t, "AllowCurve", a1.AllowCurve("", pub1), a2.AllowCurve("", pub2))
	server1, ep1 := curveServer(t, ctx1, serverSec, "")
	server2, ep2 := curveServer(t, ctx2, serverSec, "")

	// The clients live in a third context: only the servers' contexts ask.
	cctx := zt.Context(t)
	expectIn(t, curveClient(t, cctx, serverPub, pub1, sec1), ep1, server1, "1 in 1", pub1)
	expectIn(t, curveClient(t, cctx, serverPub, pub2, sec2), ep2, server2, "2 in 2", pub2)
	expectOut(t, a1, curveClient(t, cctx, serverPub, pub2, sec2), ep1, server1, "2 in 1")
	expectOut(t, a2, curveClient(t, cctx, serverPub, pub1, sec1), ep2, server2, "1 in 2")
	for i, a := range []*zmq.Authenticator{a1, a2} {
		// Each heard of its own context's two handshakes only.
		if allowed, refused := zmq.AuthCounts(a); allowed != 1 || refused != 1 {
			t.Errorf("authenticator %d let %d peers in and refused %d, want 1 and 1", i+1, allowed, refused)
		}
	}
}

// TestAuthRulesChangeWhileRunning guards the lock: rules added from
// several goroutines while handshakes are answered (run with -race).
func TestAuthRulesChangeWhileRunning(t *testing.T) {
	serverPub, serverSec := zt.CurveKeypair(t)
	ctx := zt.Context(t)
	a := newAuth(t, ctx)
	server, ep := curveServer(t, ctx, serverSec, "")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				p, _, err := zmq.NewCurveKeypair()
				if err == nil {
					err = errors.Join(a.AllowCurve("d", p), a.Deny("10.9.0.0/16"), a.AllowPlain("*", map[string]string{"u": "p"}))
				}
				if err != nil {
					t.Errorf("goroutine %d, round %d: %v", g, i, err)
					return
				}
			}
		})
	}
	for i := range 5 {
		pub, sec := zt.CurveKeypair(t)
		must(t, "AllowCurve", a.AllowCurve("", pub))
		expectIn(t, curveClient(t, ctx, serverPub, pub, sec), ep, server, "client "+string(rune('0'+i)), pub)
	}
	wg.Wait()
}
