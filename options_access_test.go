package zmq_test

// Options libzmq can only read or only set, and write-only options taking
// effect on real traffic.

import (
	"testing"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestSocketOptionReadOnly reads the options libzmq only reports on every
// socket type: a getter with the wrong number or type gives a wrong
// answer here, and Events must follow the socket's state.
func TestSocketOptionReadOnly(t *testing.T) {
	ctx := zt.Context(t)
	for _, typ := range []zmq.Type{zmq.PAIR, zmq.PUB, zmq.SUB, zmq.REQ, zmq.REP, zmq.DEALER, zmq.ROUTER, zmq.PULL, zmq.PUSH, zmq.XPUB, zmq.XSUB, zmq.STREAM} {
		s := freshSocket(t, ctx, typ)
		if got, err := s.Type(); err != nil || got != typ {
			t.Errorf("Type of %v: %v, %v", typ, got, err)
		}
		if ts, err := s.ThreadSafe(); err != nil || ts {
			t.Errorf("ThreadSafe of %v: %v, %v", typ, ts, err)
		}
		if fd, err := s.FD(); err != nil || fd < 0 {
			t.Errorf("FD of %v: %v, %v", typ, fd, err)
		}
		if m, err := s.Mechanism(); err != nil || m != zmq.MechanismNull {
			t.Errorf("Mechanism of %v: %v, %v", typ, m, err)
		}
		if ep, err := s.LastEndpoint(); err != nil || ep != "" {
			t.Errorf("LastEndpoint of %v: %q, %v", typ, ep, err)
		}
	}

	// A fresh ROUTER can always send (it drops what it cannot route); a
	// fresh DEALER can do nothing.
	if ev, err := freshSocket(t, ctx, zmq.ROUTER).Events(); err != nil || ev != zmq.POLLOUT {
		t.Errorf("Events of a fresh ROUTER: %v, %v; want POLLOUT", ev, err)
	}
	if ev, err := freshSocket(t, ctx, zmq.DEALER).Events(); err != nil || ev != 0 {
		t.Errorf("Events of a fresh DEALER: %v, %v; want 0", ev, err)
	}

	// Events reports a message waiting, once poll has seen it arrive.
	push, pull := zt.Pair(t, ctx, zmq.PUSH, zmq.PULL)
	if err := push.SendString("x", 0); err != nil {
		t.Fatal(err)
	}
	if n, err := zmq.Poll([]zmq.PollItem{{Socket: pull, Events: zmq.POLLIN}}, zt.Limit); err != nil || n != 1 {
		t.Fatalf("the message did not arrive within %v: %d, %v", zt.Limit, n, err)
	}
	if ev, err := pull.Events(); err != nil || ev&zmq.POLLIN == 0 {
		t.Errorf("Events of a PULL with a message waiting: %v, %v; want POLLIN", ev, err)
	}
	if ev, _ := push.Events(); ev != zmq.POLLOUT {
		t.Errorf("Events of a connected PUSH: %v, want POLLOUT", ev)
	}
}

// TestSocketOptionWriteOnly sets each option libzmq cannot read on a
// socket type that takes it, and checks that another type refuses it: a
// setter with a wrong number would be refused by both, or by neither.
func TestSocketOptionWriteOnly(t *testing.T) {
	ctx := zt.Context(t)
	for _, c := range []struct {
		name      string
		typ       zmq.Type
		set       func(*zmq.Socket) error
		refusedBy zmq.Type // -1: every type takes it
	}{
		{"ZMQ_SUBSCRIBE", zmq.SUB, func(s *zmq.Socket) error { return s.SetSubscribe("a\x00b") }, zmq.PUSH},
		{"ZMQ_UNSUBSCRIBE", zmq.SUB, func(s *zmq.Socket) error { return s.SetUnsubscribe("a\x00b") }, zmq.PAIR},
		{"ZMQ_ROUTER_MANDATORY", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterMandatory(true) }, zmq.DEALER},
		{"ZMQ_ROUTER_RAW", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterRaw(true) }, zmq.DEALER},
		{"ZMQ_ROUTER_HANDOVER", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetRouterHandover(true) }, zmq.DEALER},
		{"ZMQ_CONNECT_ROUTING_ID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("peer")) }, zmq.DEALER},
		{"ZMQ_CONNECT_ROUTING_ID STREAM", zmq.STREAM, func(s *zmq.Socket) error { return s.SetConnectRoutingID([]byte("peer")) }, zmq.REQ},
		{"ZMQ_PROBE_ROUTER", zmq.DEALER, func(s *zmq.Socket) error { return s.SetProbeRouter(true) }, zmq.PUB},
		{"ZMQ_REQ_CORRELATE", zmq.REQ, func(s *zmq.Socket) error { return s.SetReqCorrelate(true) }, zmq.REP},
		{"ZMQ_REQ_RELAXED", zmq.REQ, func(s *zmq.Socket) error { return s.SetReqRelaxed(true) }, zmq.REP},
		{"ZMQ_XPUB_VERBOSE", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubVerbose(true) }, zmq.SUB},
		{"ZMQ_XPUB_VERBOSER", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubVerboser(true) }, zmq.SUB},
		{"ZMQ_XPUB_NODROP", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubNoDrop(true) }, zmq.SUB},
		{"ZMQ_XPUB_NODROP PUB", zmq.PUB, func(s *zmq.Socket) error { return s.SetXPubNoDrop(true) }, zmq.PUSH},
		{"ZMQ_XPUB_MANUAL", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubManual(true) }, zmq.SUB},
		{"ZMQ_XPUB_WELCOME_MSG", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubWelcomeMsg([]byte("hi")) }, zmq.SUB},
		{"ZMQ_XPUB_WELCOME_MSG nil", zmq.XPUB, func(s *zmq.Socket) error { return s.SetXPubWelcomeMsg(nil) }, zmq.SUB},
		{"ZMQ_STREAM_NOTIFY", zmq.STREAM, func(s *zmq.Socket) error { return s.SetStreamNotify(false) }, zmq.ROUTER},
		{"ZMQ_TCP_ACCEPT_FILTER", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("127.0.0.1") }, -1},
		{"ZMQ_TCP_ACCEPT_FILTER CIDR", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("10.0.0.0/8") }, -1},
		{"ZMQ_TCP_ACCEPT_FILTER clear", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetTCPAcceptFilter("") }, -1},
		{"ZMQ_IPC_FILTER_PID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterPID(1) }, -1},
		{"ZMQ_IPC_FILTER_UID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterUID(0) }, -1},
		{"ZMQ_IPC_FILTER_GID", zmq.ROUTER, func(s *zmq.Socket) error { return s.SetIPCFilterGID(0) }, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.set(freshSocket(t, ctx, c.typ)); err != nil {
				t.Errorf("on %v: %v", c.typ, err)
			}
			if c.refusedBy >= 0 {
				zt.MustIs(t, c.set(freshSocket(t, ctx, c.refusedBy)), zmq.ErrInvalid, c.name+" on "+c.refusedBy.String())
			}
		})
	}
}

// TestRouterMandatory: a write-only option must take effect, though it
// cannot be read back; here an unroutable send turns from dropped to
// ErrHostUnreachable.
func TestRouterMandatory(t *testing.T) {
	ctx := zt.Context(t)
	r := zt.Socket(t, ctx, zmq.ROUTER)
	if err := r.SendMessage([][]byte{[]byte("nobody"), []byte("x")}, zmq.DONTWAIT); err != nil {
		t.Fatalf("default ROUTER drops unroutable messages, got %v", err)
	}
	if err := r.SetRouterMandatory(true); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, r.SendMessage([][]byte{[]byte("nobody"), []byte("x")}, zmq.DONTWAIT), zmq.ErrHostUnreachable, "mandatory ROUTER to unknown peer")
}

// TestSubscribeUnsubscribe: a SUB's subscription and unsubscription must
// reach an XPUB byte for byte, NUL included (the prefix is binary).
func TestSubscribeUnsubscribe(t *testing.T) {
	ctx := zt.Context(t)
	xpub, sub := zt.Pair(t, ctx, zmq.XPUB, zmq.SUB)
	if err := sub.SetSubscribe("top\x00ic"); err != nil {
		t.Fatal(err)
	}
	if got, err := xpub.RecvString(0); err != nil || got != "\x01top\x00ic" {
		t.Fatalf("XPUB got %q, %v; want a subscription", got, err)
	}
	if err := sub.SetUnsubscribe("top\x00ic"); err != nil {
		t.Fatal(err)
	}
	if got, err := xpub.RecvString(0); err != nil || got != "\x00top\x00ic" {
		t.Fatalf("XPUB got %q, %v; want an unsubscription", got, err)
	}
}
