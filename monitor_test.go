package zmq_test

// Socket monitor tests: the events of real tcp connections (Go and pyzmq
// peers, a CURVE handshake refused by a ZAP handler), and the end of a
// monitor by Close, by its socket's Close and by its context's end, also
// when they race.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// monStart starts a monitor of s, closed when the test ends (before s,
// cleanups running last in, first out).
func monStart(t *testing.T, s *zmq.Socket, kinds zmq.EventKind) *zmq.Monitor {
	t.Helper()
	m, err := s.Monitor(kinds)
	must(t, "Monitor", err)
	t.Cleanup(func() { must(t, "Monitor.Close", m.Close()) })
	return m
}

// monNext returns the monitor's next event, failing the test if none
// comes within zt.Limit.
func monNext(t *testing.T, m *zmq.Monitor) zmq.Event {
	t.Helper()
	ev, err := monNextOrEnd(m)
	must(t, "Next", err)
	return ev
}

func monNextOrEnd(m *zmq.Monitor) (zmq.Event, error) {
	ctx, cancel := context.WithTimeout(context.Background(), zt.Limit)
	defer cancel()
	return m.Next(ctx)
}

// monDrain returns the events left and the error that ends the monitor
// (context.DeadlineExceeded if it did not end within zt.Limit).
func monDrain(m *zmq.Monitor) ([]zmq.Event, error) {
	var evs []zmq.Event
	for {
		ev, err := monNextOrEnd(m)
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
	}
}

// A peer connects, talks and goes: the bind side reports LISTENING,
// ACCEPTED, HANDSHAKE_SUCCEEDED and DISCONNECTED, in that order, and
// nothing else until its own close, for a Go peer and for pyzmq.
func TestMonitorBindSide(t *testing.T) {
	for _, peer := range []string{"go", "pyzmq"} {
		t.Run(peer, func(t *testing.T) {
			ctx := zt.Context(t)
			srv := zt.Socket(t, ctx, zmq.ROUTER)
			m := monStart(t, srv, zmq.EventAll)
			ep := zt.BindLocal(t, srv)
			var finish func() // the peer takes the reply and goes
			if peer == "go" {
				cli := rawSocket(t, ctx, zmq.DEALER)
				must(t, "client", cli.Connect(ep), cli.SendString("hi", 0))
				finish = func() {
					if got, err := cli.RecvString(0); err != nil || got != "bye" {
						t.Fatalf("reply %q, %v", got, err)
					}
					cli.Close()
				}
			} else {
				py := startPython(t, pyPrelude+`
d = socket(zmq.DEALER)
d.connect(sys.argv[1])
d.send(b"hi")
if d.recv() != b"bye":
    sys.exit("python: wrong reply")
d.close()
ctx.term()
print("ok")
`, ep)
				finish = func() {
					if got := pyLine(t, py); got != "ok" {
						pyFail(t, py, "python printed %q", got)
					}
					py.ExpectExit(t, 0, zt.Limit)
				}
			}
			parts, err := srv.RecvMessage(0)
			if err != nil || len(parts) != 2 || string(parts[1]) != "hi" {
				t.Fatalf("RecvMessage = %q, %v", parts, err)
			}
			must(t, "reply", srv.SendMessage([][]byte{parts[0], []byte("bye")}, 0))
			finish()
			want := []zmq.EventKind{zmq.EventListening, zmq.EventAccepted, zmq.EventHandshakeSucceeded, zmq.EventDisconnected}
			for i, kind := range want {
				ev := monNext(t, m)
				if ev.Kind != kind || ev.Endpoint != ep {
					t.Fatalf("event %d is %+v, want %v on %q", i, ev, kind, ep)
				}
				if kind != zmq.EventHandshakeSucceeded && ev.Value <= 0 {
					t.Errorf("%v: Value %d is not a descriptor", kind, ev.Value)
				}
			}
			srv.Close()
			evs, err := monDrain(m)
			if len(evs) != 2 || evs[0].Kind != zmq.EventClosed || evs[1].Kind != zmq.EventMonitorStopped {
				t.Errorf("after closing the socket: %+v, want the listener's CLOSED and MONITOR_STOPPED", evs)
			}
			zt.MustIs(t, err, zmq.ErrClosed, "Next after the socket's close")
		})
	}
}

// A connect to a port where nothing listens reports CONNECT_DELAYED and
// CONNECT_RETRIED, with the reconnect interval (plus libzmq's jitter) as
// the latter's Value.
func TestMonitorConnectRetried(t *testing.T) {
	ctx := zt.Context(t)
	cli := zt.Socket(t, ctx, zmq.DEALER)
	ivl := 20 * time.Millisecond
	must(t, "SetReconnectIvl", cli.SetReconnectIvl(ivl))
	m := monStart(t, cli, zmq.EventConnectDelayed|zmq.EventConnectRetried)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, "Listen", err)
	ep := "tcp://" + l.Addr().String()
	l.Close()
	must(t, "Connect", cli.Connect(ep))
	first, second := monNext(t, m), monNext(t, m)
	if first.Kind != zmq.EventConnectDelayed || first.Endpoint != ep {
		t.Errorf("first event %+v, want CONNECT_DELAYED on %s", first, ep)
	}
	if second.Kind != zmq.EventConnectRetried || second.Endpoint != ep {
		t.Fatalf("second event %+v, want CONNECT_RETRIED on %s", second, ep)
	}
	if ms := int(ivl / time.Millisecond); second.Value < ms || second.Value >= 2*ms {
		t.Errorf("CONNECT_RETRIED Value %d, want the interval %d ms plus less than as much jitter", second.Value, ms)
	}
}

// Closing the socket ends the monitor: the events libzmq reported, then
// MONITOR_STOPPED if it was asked for, then ErrClosed, for good. Kinds
// not asked for (the listener's CLOSED, MONITOR_STOPPED) are not seen.
func TestMonitorEndsWithSocket(t *testing.T) {
	for _, stopped := range []bool{true, false} {
		t.Run(fmt.Sprint("stopped=", stopped), func(t *testing.T) {
			ctx := zt.Context(t)
			s := rawSocket(t, ctx, zmq.PAIR)
			kinds, want := zmq.EventListening, []zmq.Event(nil)
			if stopped {
				kinds, want = kinds|zmq.EventMonitorStopped, []zmq.Event{{Kind: zmq.EventMonitorStopped}}
			}
			m := monStart(t, s, kinds)
			zt.BindLocal(t, s)
			if ev := monNext(t, m); ev.Kind != zmq.EventListening {
				t.Fatalf("event %+v, want LISTENING", ev)
			}
			must(t, "Close", s.Close())
			evs, err := monDrain(m)
			zt.MustIs(t, err, zmq.ErrClosed, "Next after the socket's close")
			if !slices.Equal(evs, want) {
				t.Fatalf("events %+v, want %+v", evs, want)
			}
			_, err = monNextOrEnd(m)
			zt.MustIs(t, err, zmq.ErrClosed, "Next again")
			must(t, "Monitor.Close twice", m.Close(), m.Close())
		})
	}
}

// Term, Shutdown and Destroy end a waiting Next with ErrTerm, and a
// monitor that was never closed does not keep Term waiting.
func TestMonitorContextEnds(t *testing.T) {
	for _, how := range []string{"term", "shutdown", "destroy"} {
		t.Run(how, func(t *testing.T) {
			ctx := rawContext(t)
			s := rawSocket(t, ctx, zmq.PAIR)
			zt.BindLocal(t, s)
			m, err := s.Monitor(zmq.EventAll)
			must(t, "Monitor", err)
			next := make(chan error, 1)
			go func() { _, err := monNextOrEnd(m); next <- err }()
			waitParkedIn(t, "[select", "zmq.(*Monitor).Next", 1)
			var term <-chan error
			switch how {
			case "term":
				term = goTerm(ctx)
			case "shutdown":
				must(t, "Shutdown", ctx.Shutdown())
			case "destroy":
				zt.Within(t, zt.Limit, "Destroy", func() { must(t, "Destroy", ctx.Destroy(0)) })
			}
			end := waitFor(t, next, zt.Limit, "Next")
			if how == "destroy" && !errors.Is(end, zmq.ErrTerm) {
				// Destroy closes the socket first: its last events, up to
				// MONITOR_STOPPED, may come before the context's end.
				_, end = monDrain(m)
				zt.MustIs(t, end, zmq.ErrClosed, "Next after Destroy")
			} else {
				zt.MustIs(t, end, zmq.ErrTerm, "Next after "+how)
			}
			s.Close()
			if how == "shutdown" {
				term = goTerm(ctx)
			}
			if term != nil {
				must(t, "Term", waitFor(t, term, zt.Limit, "Term"))
			}
			if _, err = monNextOrEnd(m); err != end {
				t.Fatalf("Next again: %v, want %v", err, end)
			}
			must(t, "Close after the context's end", m.Close())
			_, err = monNextOrEnd(m)
			zt.MustIs(t, err, zmq.ErrClosed, "Next after Close")
		})
	}
}

// Close ends a waiting Next with ErrClosed and is idempotent; a second
// monitor is refused while the first is open and works once it is closed.
func TestMonitorClose(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.PAIR)
	m, err := s.Monitor(zmq.EventAll)
	must(t, "Monitor", err)
	_, err = s.Monitor(zmq.EventAll)
	zt.MustIs(t, err, zmq.ErrInvalid, "a second Monitor while the first is open")
	next := make(chan error, 1)
	go func() { _, err := monNextOrEnd(m); next <- err }()
	waitParkedIn(t, "[select", "zmq.(*Monitor).Next", 1)
	must(t, "Close twice", m.Close(), m.Close())
	zt.MustIs(t, waitFor(t, next, zt.Limit, "Next"), zmq.ErrClosed, "a waiting Next at Close")
	_, err = monNextOrEnd(m)
	zt.MustIs(t, err, zmq.ErrClosed, "Next after Close")

	m2 := monStart(t, s, zmq.EventListening)
	ep := zt.BindLocal(t, s)
	if ev := monNext(t, m2); ev.Kind != zmq.EventListening || ev.Endpoint != ep {
		t.Fatalf("the second monitor's event %+v, want LISTENING on %s", ev, ep)
	}
}

func TestEventKindString(t *testing.T) {
	for k, want := range map[zmq.EventKind]string{
		0:                                       "0",
		zmq.EventClosed | 0x8000:                "CLOSED|EventKind(0x8000)",
		1 << 16:                                 "EventKind(0x10000)",
		zmq.EventDisconnected | zmq.EventClosed: "CLOSED|DISCONNECTED",
	} {
		if got := k.String(); got != want {
			t.Errorf("EventKind(%#x).String() = %q, want %q", uint32(k), got, want)
		}
	}
}

// Key pairs of libzmq's own tests (testutil_security.cpp), as Z85 text.
const (
	monServerPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
	monServerSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
	monClientPublic = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
	monClientSecret = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
)

// A CURVE client that a ZAP handler refuses with 400 shows on the
// server's monitor as HANDSHAKE_FAILED_AUTH with Value 400. The handler
// is a REP written here, on the server's context (RFC 27).
func TestMonitorHandshakeFailedAuth(t *testing.T) {
	if !zmq.Has("curve") {
		t.Skip("libzmq without CURVE")
	}
	ctx := zt.Context(t)
	zap := zt.Socket(t, ctx, zmq.REP)
	must(t, "ZAP bind", zap.Bind("inproc://zeromq.zap.01"))
	srv := zt.Socket(t, ctx, zmq.ROUTER)
	must(t, "server keys", srv.SetCurveServer(true), srv.SetCurveSecretKey([]byte(monServerSecret)))
	m := monStart(t, srv, zmq.EventHandshakeSucceeded|zmq.EventHandshakeFailedAuth|
		zmq.EventHandshakeFailedNoDetail|zmq.EventHandshakeFailedProtocol)
	ep := zt.BindLocal(t, srv)
	cli := zt.Socket(t, ctx, zmq.DEALER)
	must(t, "client", cli.SetCurveServerKey([]byte(monServerPublic)),
		cli.SetCurvePublicKey([]byte(monClientPublic)), cli.SetCurveSecretKey([]byte(monClientSecret)),
		cli.Connect(ep))
	req, err := zap.RecvMessage(0)
	must(t, "ZAP request", err)
	if len(req) < 7 || string(req[0]) != "1.0" || string(req[5]) != "CURVE" || len(req[6]) != 32 {
		t.Fatalf("ZAP request %q is not a CURVE request of RFC 27", req)
	}
	reply := [][]byte{[]byte("1.0"), req[1], []byte("400"), []byte("No access"), {}, {}}
	must(t, "ZAP reply", zap.SendMessage(reply, 0))
	if ev := monNext(t, m); ev != (zmq.Event{Kind: zmq.EventHandshakeFailedAuth, Endpoint: ep, Value: 400}) {
		t.Fatalf("event %+v, want HANDSHAKE_FAILED_AUTH on %s with Value 400", ev, ep)
	}
}

// A monitor nobody reads never stalls its socket (libzmq's own queue
// blocks the reporting thread after about 2,000 events); it keeps the
// newest 16,384 events.
func TestMonitorUnread(t *testing.T) {
	ctx := zt.Context(t)
	s := rawSocket(t, ctx, zmq.PULL)
	defer s.Close()
	m := monStart(t, s, zmq.EventListening|zmq.EventClosed)
	const kept, cycles = 16384, 16384/2 + 200
	var last string
	zt.Within(t, 4*zt.Limit, "bind and unbind cycles", func() {
		for range cycles {
			err := s.Bind("tcp://127.0.0.1:*")
			if last, _ = s.LastEndpoint(); err == nil {
				err = s.Unbind(last)
			}
			if err != nil {
				t.Errorf("bind and unbind: %v", err)
				return
			}
		}
	})
	s.Close()
	// Unbind's CLOSED events come from the I/O thread: let the monitor
	// take them all, up to MONITOR_STOPPED, before Next makes room.
	waitNoGoroutine(t, "zmq.(*monitorState).run")
	evs, err := monDrain(m)
	zt.MustIs(t, err, zmq.ErrClosed, "Next after the socket's close")
	if len(evs) != kept {
		t.Fatalf("%d events kept of %d, want %d", len(evs), 2*cycles, kept)
	}
	// The oldest were dropped: the last unbind's CLOSED is there.
	if !slices.ContainsFunc(evs, func(ev zmq.Event) bool { return ev.Kind == zmq.EventClosed && ev.Endpoint == last }) {
		t.Errorf("the last unbind's CLOSED on %s was not kept", last)
	}
}

// waitNoGoroutine waits until no goroutine's stack holds fn.
func waitNoGoroutine(t *testing.T, fn string) {
	t.Helper()
	buf := make([]byte, 16<<20)
	for deadline := time.Now().Add(zt.Limit); strings.Contains(string(buf[:runtime.Stack(buf, true)]), fn); {
		if time.Now().After(deadline) {
			t.Fatalf("a goroutine in %s is still running after %v", fn, zt.Limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A Monitor dropped without Close is closed by its cleanup: a new one can
// be made, and libzmq's replacing the old one ends its goroutine.
func TestMonitorForgotten(t *testing.T) {
	ctx := zt.Context(t)
	s := zt.Socket(t, ctx, zmq.PAIR)
	_, err := s.Monitor(zmq.EventAll)
	must(t, "Monitor", err)
	waitParkedIn(t, "[select", "zmq.(*monitorState).run", 1) // parked, holding no thread
	var m *zmq.Monitor
	for deadline := time.Now().Add(zt.Limit); m == nil; time.Sleep(5 * time.Millisecond) {
		runtime.GC()
		if m, err = s.Monitor(zmq.EventListening); err != nil && (!errors.Is(err, zmq.ErrInvalid) || time.Now().After(deadline)) {
			t.Fatalf("Monitor after the first was dropped: %v", err)
		}
	}
	defer m.Close()
	if ep := zt.BindLocal(t, s); monNext(t, m).Endpoint != ep {
		t.Fatalf("the new monitor did not report the bind on %s", ep)
	}
}

// Monitor.Close, the socket's Close and Term, all at once, while Next
// waits: everything returns, and Next says ErrClosed or ErrTerm.
func TestMonitorRaces(t *testing.T) {
	for i := range 30 {
		ctx := rawContext(t)
		s := rawSocket(t, ctx, zmq.PAIR)
		zt.BindLocal(t, s)
		m, err := s.Monitor(zmq.EventAll)
		must(t, "Monitor", err)
		var wg sync.WaitGroup
		var nextErr error
		wg.Go(func() { _, nextErr = monDrain(m) })
		wg.Go(func() { m.Close() })
		wg.Go(func() { s.Close() })
		wg.Go(func() { ctx.Term() })
		zt.Within(t, zt.Limit, fmt.Sprintf("round %d", i), wg.Wait)
		if !errors.Is(nextErr, zmq.ErrClosed) && !errors.Is(nextErr, zmq.ErrTerm) {
			t.Fatalf("round %d: Next ended with %v", i, nextErr)
		}
	}
}

// Misuse gets errors: kinds libzmq does not have, a closed socket, a
// socket in use by another goroutine, a nil Monitor or context.Context, a
// cancelled wait.
func TestMonitorMisuse(t *testing.T) {
	ctx := zt.Context(t)
	s := rawSocket(t, ctx, zmq.PAIR)
	m := monStart(t, s, zmq.EventAll)

	for _, bad := range []zmq.EventKind{0, 1 << 16, 1 << 31} { // libzmq's 16 bits only
		_, err := s.Monitor(bad)
		zt.MustIs(t, err, zmq.ErrInvalid, fmt.Sprintf("Monitor(%#x)", uint32(bad)))
	}
	var nilMon *zmq.Monitor
	_, err := nilMon.Next(context.Background())
	zt.MustIs(t, err, zmq.ErrClosed, "Next of a nil Monitor")
	zt.MustIs(t, nilMon.Close(), zmq.ErrClosed, "Close of a nil Monitor")
	var nilCtx context.Context // the misuse tested
	_, err = m.Next(nilCtx)
	zt.MustIs(t, err, zmq.ErrInvalid, "Next(nil)")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = m.Next(cancelled)
	zt.MustIs(t, err, context.Canceled, "Next with a cancelled context")
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = m.Next(short)
	zt.MustIs(t, err, context.DeadlineExceeded, "Next past its context's deadline")

	// Another goroutine's Recv holds s: Monitor says ErrInUse, and Close
	// still ends the Monitor for its user.
	recv := make(chan error, 1)
	go func() { _, err := s.Recv(0); recv <- err }()
	waitBusy(t, s)
	_, err = s.Monitor(zmq.EventAll)
	zt.MustIs(t, err, zmq.ErrInUse, "Monitor during another goroutine's Recv")
	must(t, "Close during another goroutine's Recv", m.Close())
	_, err = m.Next(context.Background())
	zt.MustIs(t, err, zmq.ErrClosed, "Next after Close")
	s.Close()
	zt.MustIs(t, waitFor(t, recv, zt.Limit, "Recv"), zmq.ErrClosed, "Recv at Close")
	_, err = s.Monitor(zmq.EventAll)
	zt.MustIs(t, err, zmq.ErrClosed, "Monitor of a closed socket")
}
