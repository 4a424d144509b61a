package zmq_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// A goroutine waiting in Recv parks in Go's netpoller instead of blocking
// an OS thread in libzmq: 200 of them wait without a thread each, and
// every one gets its message.
func TestWaitingHoldsNoThread(t *testing.T) {
	ctx := zt.Context(t)
	const n = 200
	pulls := make([]*zmq.Socket, n)
	pushes := make([]*zmq.Socket, n)
	for i := range pulls {
		pulls[i], pushes[i] = typedPairOver(t, ctx, "inproc", zmq.PULL, zmq.PUSH)
	}
	before := taskCount(t)
	got := make(chan string, n)
	for i := range pulls {
		go func() {
			s, err := pulls[i].RecvString(0)
			if err != nil {
				s = err.Error()
			}
			got <- s
		}()
	}
	waitParked(t, n)
	// Parked goroutines hold no thread. The runtime may still have made
	// threads while the goroutines crossed into C on their way to the wait
	// (and keeps them idle), but a thread per waiting goroutine means the
	// waits block in C.
	if during := taskCount(t); during >= before+n {
		t.Errorf("%d goroutines waiting in Recv: %d threads, %d before", n, during, before)
	}
	for i, s := range pushes {
		if err := s.SendString(fmt.Sprint(i), 0); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for range n {
		select {
		case s := <-got:
			seen[s] = true
		case <-time.After(zt.Limit):
			t.Fatalf("%d of %d receivers woke", len(seen), n)
		}
	}
	for i := range n {
		if !seen[fmt.Sprint(i)] {
			t.Errorf("message %d not received", i)
		}
	}
}

// Shutdown wakes a goroutine waiting to send at the high-water mark.
func TestWaitingSendWokenByShutdown(t *testing.T) {
	ctx := rawContext(t)
	push := mustSocket(t, ctx, zmq.PUSH)
	if err := push.SetSndHWM(1); err != nil {
		t.Fatal(err)
	}
	// No peer: the first send already has nowhere to go.
	if err := push.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- push.SendString("x", 0) }()
	waitParked(t, 1)
	if err := ctx.Shutdown(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		zt.MustIs(t, err, zmq.ErrTerm, "Send waiting at Shutdown")
	case <-time.After(zt.Limit):
		t.Fatal("Send did not return after Shutdown")
	}
	if err := push.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
}

// An XPUB with XPUB_NODROP at the high-water mark says POLLOUT in
// ZMQ_EVENTS (libzmq's distributor always does) yet refuses the message
// with EAGAIN: a blocking Send must wait for the subscriber to make room,
// not spin, and must then deliver every message.
func TestWaitSendXPubNoDrop(t *testing.T) {
	ctx := zt.Context(t)
	pub, sub := zt.Socket(t, ctx, zmq.XPUB), zt.Socket(t, ctx, zmq.SUB)
	for _, err := range []error{pub.SetXPubNoDrop(true), pub.SetSndHWM(5), sub.SetRcvHWM(5)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	bindConnect(t, pub, sub, zt.Inproc(t))
	if err := sub.SetSubscribe(""); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Recv(0); err != nil { // the subscription: the pipe is up
		t.Fatal(err)
	}
	const n = 200
	sent := make(chan error, 1)
	go func() {
		for i := range n {
			if err := pub.SendString(fmt.Sprint(i), 0); err != nil {
				sent <- fmt.Errorf("Send %d: %w", i, err)
				return
			}
		}
		sent <- nil
	}()
	waitParked(t, 1) // at the high-water mark, parked, not spinning
	for i := range n {
		got, err := sub.RecvString(0)
		if err != nil || got != fmt.Sprint(i) {
			t.Fatalf("message %d: %q, %v", i, got, err)
		}
	}
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(zt.Limit):
		t.Fatal("the sender did not finish")
	}
}
