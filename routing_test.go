package zmq_test

// Routing by the socket patterns: ROUTER identities and envelopes,
// ROUTER_MANDATORY, and SUB prefix filtering.

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// A ROUTER sees each DEALER's identity frame and routes replies by it; two
// DEALERs' replies do not cross.
func TestRouterDealerEnvelope(t *testing.T) {
	ctx := zt.Context(t)
	router, dealer := zt.Pair(t, ctx, zmq.ROUTER, zmq.DEALER)

	if err := dealer.SendMessage([][]byte{{}, []byte("request")}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("ROUTER received %d frames, want 3 (identity, empty delimiter, body)", len(got))
	}
	id := got[0]
	if len(id) == 0 {
		t.Fatal("ROUTER's identity frame is empty")
	}
	checkParts(t, got[1:], [][]byte{{}, []byte("request")})

	// The reply is routed by the identity frame, which the DEALER does not see.
	if err := router.SendMessage([][]byte{id, {}, []byte("reply")}, 0); err != nil {
		t.Fatal(err)
	}
	back, err := dealer.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, back, [][]byte{{}, []byte("reply")})

	// A second DEALER gets a different identity, and replies do not cross.
	d2 := zt.Socket(t, ctx, zmq.DEALER)
	ep, err := router.LastEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := d2.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := d2.SendString("from d2", 0); err != nil {
		t.Fatal(err)
	}
	got2, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got2) != 2 || string(got2[1]) != "from d2" || bytes.Equal(got2[0], id) {
		t.Fatalf("second DEALER's message = %q (first identity %q)", got2, id)
	}
	if err := router.SendMessage([][]byte{got2[0], []byte("to d2")}, 0); err != nil {
		t.Fatal(err)
	}
	if s, err := d2.RecvString(0); err != nil || s != "to d2" {
		t.Fatalf("d2 RecvString = %q, %v", s, err)
	}
	_, err = dealer.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "first DEALER after the reply to the second")
}

// With ROUTER_MANDATORY a message to an unknown peer fails with
// ErrHostUnreachable instead of being dropped, and leaves nothing half
// sent.
func TestRouterMandatoryRouting(t *testing.T) {
	ctx := zt.Context(t)
	router := zt.Socket(t, ctx, zmq.ROUTER)
	ep := zt.BindLocal(t, router)

	// Without ROUTER_MANDATORY a message to an unknown peer is dropped.
	if err := router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, 0); err != nil {
		t.Fatalf("send to an unknown peer without ROUTER_MANDATORY: %v", err)
	}
	if err := router.SetRouterMandatory(true); err != nil {
		t.Fatal(err)
	}
	err := router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, 0)
	zt.MustIs(t, err, zmq.ErrHostUnreachable, "send to an unknown peer with ROUTER_MANDATORY")
	zt.MustIs(t, err, syscall.EHOSTUNREACH, "as syscall.EHOSTUNREACH")
	err = router.SendMessage([][]byte{[]byte("nobody"), []byte("lost")}, zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrHostUnreachable, "DONTWAIT send to an unknown peer with ROUTER_MANDATORY")

	// The Guide's identity fragment: a DEALER named "Lucy".
	dealer := zt.Socket(t, ctx, zmq.DEALER)
	if err := dealer.SetIdentity([]byte("Lucy")); err != nil {
		t.Fatal(err)
	}
	if id, err := dealer.Identity(); err != nil || string(id) != "Lucy" {
		t.Fatalf("Identity = %q, %v", id, err)
	}
	if err := dealer.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := dealer.SendString("hi", 0); err != nil {
		t.Fatal(err)
	}
	got, err := router.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, got, [][]byte{[]byte("Lucy"), []byte("hi")})
	// The failed sends left nothing half-sent: this message is routed whole.
	if err := router.SendMessage([][]byte{[]byte("Lucy"), []byte("hello"), []byte("Lucy")}, 0); err != nil {
		t.Fatal(err)
	}
	back, err := dealer.RecvMessage(0)
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, back, [][]byte{[]byte("hello"), []byte("Lucy")})
}

// A SUB receives exactly the messages whose first frame starts with a
// prefix it subscribed to, binary prefixes included.
func TestPubSubPrefix(t *testing.T) {
	ctx := zt.Context(t)
	pub, sub := zt.Pair(t, ctx, zmq.PUB, zmq.SUB)
	for _, p := range []string{"A", "\x00bin"} {
		if err := sub.SetSubscribe(p); err != nil {
			t.Fatal(err)
		}
	}
	// Subscriptions reach the PUB asynchronously: publish a probe until
	// the SUB sees one.
	if err := sub.SetRcvTimeo(10 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(zt.Limit)
	for {
		if err := pub.SendString("A-probe", 0); err != nil {
			t.Fatal(err)
		}
		_, err := sub.RecvString(0)
		if err == nil {
			break
		}
		zt.MustIs(t, err, zmq.ErrAgain, "waiting for the subscription")
		if time.Now().After(deadline) {
			t.Fatal("subscription did not reach the PUB")
		}
	}
	if err := sub.SetRcvTimeo(zt.Limit); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"B-1", "A-1", "a-2", "AB-2", "", "bin", "\x00bin-3", "\x00bi", "A-end"} {
		if err := pub.SendString(s, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Multipart messages are filtered on their first frame only.
	if err := pub.SendMessage([][]byte{[]byte("B"), []byte("A")}, 0); err != nil {
		t.Fatal(err)
	}
	if err := pub.SendMessage([][]byte{[]byte("A-multi"), []byte("B")}, 0); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for {
		parts, err := sub.RecvMessage(0)
		if err != nil {
			t.Fatalf("RecvMessage after %q: %v", got, err)
		}
		if len(parts) == 1 && string(parts[0]) == "A-probe" {
			continue // probes still in flight
		}
		got = append(got, parts...)
		if string(parts[0]) == "A-multi" {
			break
		}
	}
	checkParts(t, got, [][]byte{[]byte("A-1"), []byte("AB-2"), []byte("\x00bin-3"), []byte("A-end"), []byte("A-multi"), []byte("B")})
}
