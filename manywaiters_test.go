package zmq_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Issue 13's first done-when item: 10,000 goroutines, each blocked in
// RecvContext on its own inproc socket, hold fewer than 50 OS threads; all
// of them return context.Canceled within 1 s of cancel(); and the sockets
// still receive afterwards.
//
// The sockets are 10,000 SUBs of one XPUB: libzmq gives each socket one
// eventfd (its ZMQ_FD), and 10,000 PULL/PUSH pairs would need twice the
// 20,000 descriptors a process may open here. XPUB_VERBOSE passes every
// SUB's subscription up, so that receiving all 10,000 of them is the
// handshake which says every SUB will get the XPUB's next message.
func TestManyWaitersCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 sockets: skipped under -short")
	}
	noGCUnderCheckfinalizers(t)
	const n = 10_000
	start := time.Now()
	ctx := zt.Context(t)
	if err := ctx.SetMaxSockets(n + 100); err != nil {
		t.Fatal(err)
	}
	pub, subs := xpubSubs(t, ctx, n)
	t.Logf("%d sockets made and subscribed in %v", n+1, time.Since(start))

	cctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, n)
	for _, s := range subs {
		go func() {
			b, err := s.RecvContext(cctx, 0)
			if err == nil {
				err = errors.New("received " + strconv.Quote(string(b)))
			}
			errs <- err
		}()
	}
	waitParked(t, n)
	t.Logf("all %d parked in RecvContext %v after the start", n, time.Since(start))
	threads := osThreads(t)
	t.Logf("%d goroutines waiting in RecvContext: %d OS threads", n, threads)
	if threads >= 50 {
		t.Errorf("%d goroutines waiting in RecvContext: %d OS threads, want fewer than 50", n, threads)
	}

	cancelled := time.Now()
	cancel()
	bound := time.After(time.Second)
	for i := range n {
		select {
		case err := <-errs:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("waiter %d: %v, want context.Canceled", i, err)
			}
		case <-bound:
			t.Fatalf("%d of %d waiters returned within 1 s of cancel()", i, n)
		}
	}
	t.Logf("all %d returned context.Canceled %v after cancel()", n, time.Since(cancelled))

	// The sockets are usable: each gets the XPUB's next message.
	if err := pub.SendString("again", 0); err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		if got, err := s.RecvString(0); err != nil || got != "again" {
			t.Fatalf("SUB %d after the cancellation: %q, %v", i, got, err)
		}
	}
	t.Logf("whole test body: %v", time.Since(start))
}
