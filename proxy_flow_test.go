package zmq_test

// A proxy under back-pressure: it takes a message only when its
// destination (and capture socket) has room, waits in the netpoller for
// room to come back, and keeps the other direction moving meanwhile.

import (
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// setHWM gives s high-water marks of n messages each way.
func setHWM(t *testing.T, n int, socks ...*zmq.Socket) {
	t.Helper()
	for _, s := range socks {
		if err := s.SetSndHWM(n); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRcvHWM(n); err != nil {
			t.Fatal(err)
		}
	}
}

// flowMessage is message i of a stream: 1 to 4 frames, naming i.
func flowMessage(i int) [][]byte {
	m := make([][]byte, i%4+1)
	for f := range m {
		m[f] = []byte(fmt.Sprintf("%d.%d", i, f))
	}
	return m
}

// TestProxyBackpressure streams multipart messages through a Proxy whose
// backend and capture socket have a high-water mark of one message, read
// by two consumers at their own pace: the proxy keeps stopping for room
// on one or the other, and each gets every message, whole and in order.
func TestProxyBackpressure(t *testing.T) {
	const messages = 5000
	ctx := zt.Context(t)
	front, back, capture := zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PUSH)
	push, pull, tap := zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PULL)
	setHWM(t, 1, front, back, capture, push, pull, tap)
	feEP, beEP, capEP := bindInproc(t, front), bindInproc(t, back), bindInproc(t, capture)
	connect(t, push, feEP)
	connect(t, pull, beEP)
	connect(t, tap, capEP)
	p := startProxy(t, ctx, func() error { return zmq.Proxy(front, back, capture) }, front, back, capture)

	sendErr := make(chan error, 1)
	go func() {
		for i := range messages {
			if err := push.SendMessage(flowMessage(i), 0); err != nil {
				sendErr <- err
				return
			}
		}
		sendErr <- nil
	}()
	consume := func(s *zmq.Socket) <-chan error {
		errc := make(chan error, 1)
		go func() {
			for i := range messages {
				got, err := s.RecvMessage(0)
				if err != nil {
					errc <- fmt.Errorf("message %d: %w", i, err)
					return
				}
				if !sameMessage(got, flowMessage(i)) {
					errc <- fmt.Errorf("message %d is %q, want %q", i, strs(got), strs(flowMessage(i)))
					return
				}
			}
			errc <- nil
		}()
		return errc
	}
	pulled, tapped := consume(pull), consume(tap)
	for what, errc := range map[string]<-chan error{"sender": sendErr, "backend's reader": pulled, "capture's reader": tapped} {
		if err := waitFor(t, errc, zt.Limit, what); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	p.shutdown(t, ctx)
}

// TestProxyOneWayBlocked: with one direction of a PAIR-to-PAIR proxy full
// (its reader reads nothing), the other direction still passes every
// message; once the reader reads, the held messages follow, in order.
func TestProxyOneWayBlocked(t *testing.T) {
	ctx := zt.Context(t)
	front, back := zt.Socket(t, ctx, zmq.PAIR), zt.Socket(t, ctx, zmq.PAIR)
	a, b := zt.Socket(t, ctx, zmq.PAIR), zt.Socket(t, ctx, zmq.PAIR)
	setHWM(t, 2, front, back, a, b)
	feEP, beEP := bindInproc(t, front), bindInproc(t, back)
	connect(t, a, feEP)
	connect(t, b, beEP)
	p := startProxy(t, ctx, func() error { return zmq.Proxy(front, back, nil) }, front, back)
	roundTrip(t, a, b, frames("connected"))

	// a → b fills up: a's own queue, the proxy's two sockets and b's. A
	// send that finds no room for 100 ms tells it is full.
	if err := a.SetSndTimeo(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	held := 0
	for ; held < 1000; held++ {
		err := a.SendMessage(flowMessage(held), 0)
		if err != nil {
			zt.MustIs(t, err, zmq.ErrAgain, "filling a → b")
			break
		}
	}
	if held == 0 || held == 1000 {
		t.Fatalf("%d messages queued before a → b was full", held)
	}
	for i := range 100 {
		roundTrip(t, b, a, frames("down", fmt.Sprint(i)))
	}
	for i := range held {
		got, err := b.RecvMessage(0)
		if err != nil || !sameMessage(got, flowMessage(i)) {
			t.Fatalf("held message %d: %q, %v; want %q", i, strs(got), err, strs(flowMessage(i)))
		}
	}
	roundTrip(t, a, b, frames("after"))
	t.Logf("%d messages held while 100 passed the other way", held)
	p.shutdown(t, ctx)
}
