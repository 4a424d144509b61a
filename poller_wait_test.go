package zmq_test

// How a Poll waits and ends: its timeout, Shutdown (ErrTerm), a closed
// socket (ErrClosed), and its sockets refused to other goroutines while it
// waits (ErrInUse).

import (
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Poll waits its whole timeout when nothing is ready, returns at once for
// 0, takes a timeout under a millisecond, and with -1 waits until a message
// comes.
func TestPollerTimeout(t *testing.T) {
	ctx := zt.Context(t)
	pull, push := plPipeline(t, ctx, "tcp")
	r, _ := plPipe(t)
	p := zmq.NewPoller()
	id := plAdd(t, p, pull, zmq.POLLIN)
	p.AddFD(int(r.Fd()), zmq.POLLIN)

	t.Run("50ms", func(t *testing.T) {
		start := time.Now()
		got, err := p.Poll(50 * time.Millisecond)
		took := time.Since(start)
		plCheck(t, "Poll(50ms)", got, err)
		t.Logf("Poll(50ms) with nothing ready took %v", took)
		if took < 48*time.Millisecond || took > 2*time.Second {
			t.Errorf("Poll(50ms) took %v", took)
		}
	})
	t.Run("zero", func(t *testing.T) {
		start := time.Now()
		got, err := p.Poll(0)
		took := time.Since(start)
		plCheck(t, "Poll(0)", got, err)
		t.Logf("Poll(0) took %v", took)
		if took > 20*time.Millisecond {
			t.Errorf("Poll(0) took %v", took)
		}
	})
	t.Run("sub-millisecond", func(t *testing.T) {
		got, err := p.Poll(300 * time.Microsecond)
		plCheck(t, "Poll(300µs)", got, err)
	})
	t.Run("empty poller", func(t *testing.T) {
		var empty zmq.Poller // the zero Poller is usable
		start := time.Now()
		got, err := empty.Poll(20 * time.Millisecond)
		took := time.Since(start)
		plCheck(t, "empty Poller, Poll(20ms)", got, err)
		if took < 18*time.Millisecond {
			t.Errorf("empty Poller, Poll(20ms) took %v", took)
		}
	})
	t.Run("forever", func(t *testing.T) {
		sent := make(chan error, 1)
		go func() {
			plWaitInUse(t, pull) // Poll has begun
			sent <- push.SendString("wake", 0)
		}()
		var got []zmq.Polled
		var err error
		zt.Within(t, zt.Limit, "Poll(-1)", func() { got, err = plPollBlocking(p) })
		if serr := <-sent; serr != nil {
			t.Fatalf("Send: %v", serr)
		}
		plCheck(t, "Poll(-1)", got, err, plWant{id, pull, -1, zmq.POLLIN})
		plRecv(t, pull, "wake")
	})
}

// Shutdown ends a Poll(-1) promptly with ErrTerm and gives its sockets
// back, so that they can be closed.
func TestPollerErrTerm(t *testing.T) {
	ctx := zt.Context(t)
	a, _ := plPipeline(t, ctx, "inproc")
	b, _ := plPipeline(t, ctx, "tcp")
	c := zt.Socket(t, ctx, zmq.ROUTER)
	zt.BindLocal(t, c)
	p := zmq.NewPoller()
	for _, s := range []*zmq.Socket{a, b, c} {
		p.Add(s, zmq.POLLIN)
	}
	done := plPollStarted(t, p, b)
	start := time.Now()
	if err := ctx.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	select {
	case r := <-done:
		took := time.Since(start)
		t.Logf("Poll returned %v, %v after Shutdown", r.err, took)
		zt.MustIs(t, r.err, zmq.ErrTerm, "Poll(-1) during Shutdown")
		if took > time.Second {
			t.Errorf("Poll returned %v after Shutdown", took)
		}
	case <-time.After(zt.Limit):
		t.Fatalf("Poll(-1) did not return within %v of Shutdown", zt.Limit)
	}
	// Sockets are released: a later Poll fails with ErrTerm again, not
	// ErrInUse, and closing them works.
	_, err := p.Poll(0)
	zt.MustIs(t, err, zmq.ErrTerm, "Poll after Shutdown")
	_, err = zmq.Poll([]zmq.PollItem{{Socket: a, Events: zmq.POLLIN}}, -1)
	zt.MustIs(t, err, zmq.ErrTerm, "zmq.Poll after Shutdown")
	for _, s := range []*zmq.Socket{a, b, c} {
		if err := s.Close(); err != nil {
			t.Errorf("Close after Shutdown: %v", err)
		}
	}
}

// A closed socket fails the Poll with ErrClosed even when another entry is
// ready, and leaves none of the other sockets taken.
func TestPollerErrClosed(t *testing.T) {
	ctx := zt.Context(t)
	a, pa := plPipeline(t, ctx, "inproc")
	b, _ := plPipeline(t, ctx, "inproc")
	plSend(t, pa, "ready") // a is ready: ErrClosed must win all the same
	p := zmq.NewPoller()
	p.Add(a, zmq.POLLIN)
	idB := plAdd(t, p, b, zmq.POLLIN)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := p.Poll(0)
	zt.MustIs(t, err, zmq.ErrClosed, "Poll with a closed socket")
	if len(got) != 0 {
		t.Errorf("failed Poll reported %s", plFormat(got))
	}
	// The socket taken before the closed one is given back.
	if _, err := a.Events(); err != nil {
		t.Fatalf("Events on the open socket after the failed Poll: %v", err)
	}
	items := []zmq.PollItem{{Socket: a, Events: zmq.POLLIN, REvents: zmq.POLLERR}, {Socket: b, Events: zmq.POLLIN}}
	n, err := zmq.Poll(items, 0)
	zt.MustIs(t, err, zmq.ErrClosed, "zmq.Poll with a closed socket")
	if n != 0 || items[0].REvents != 0 || items[1].REvents != 0 {
		t.Errorf("failed zmq.Poll = %d, REvents %v %v", n, items[0].REvents, items[1].REvents)
	}
	// Once the closed socket is removed, the Poller works again.
	if err := p.Remove(idB); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(zt.Limit)
	plCheck(t, "closed socket removed", got, err, plWant{0, a, -1, zmq.POLLIN})
}

// While Poll(-1) waits, other goroutines' calls on its sockets are refused
// with ErrInUse, and the sockets are free again once it returns.
func TestPollerInUse(t *testing.T) {
	ctx := zt.Context(t)
	pull, push := plPipeline(t, ctx, "inproc")
	d1, d2 := zt.Pair(t, ctx, zmq.DEALER, zmq.DEALER)
	p := zmq.NewPoller()
	idPull := plAdd(t, p, pull, zmq.POLLIN)
	p.Add(d2, zmq.POLLIN)
	done := plPollStarted(t, p, d2)

	zt.MustIs(t, d2.Send([]byte("busy"), 0), zmq.ErrInUse, "Send on a socket in a blocked Poll")
	_, err := d2.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrInUse, "Recv on a socket in a blocked Poll")
	other := zmq.NewPoller()
	other.Add(pull, zmq.POLLIN)
	_, err = other.Poll(0)
	zt.MustIs(t, err, zmq.ErrInUse, "a second Poller over a socket in a blocked Poll")
	_, err = zmq.Poll([]zmq.PollItem{{Socket: d2, Events: zmq.POLLIN}}, 0)
	zt.MustIs(t, err, zmq.ErrInUse, "zmq.Poll over a socket in a blocked Poll")

	plSend(t, push, "wake")
	r := waitFor(t, done, zt.Limit, "Poll(-1) returning after a message")
	plCheck(t, "woken", r.got, r.err, plWant{idPull, pull, -1, zmq.POLLIN})

	// After Poll, the sockets are free again.
	plSend(t, d2, "free")
	if got, err := d1.RecvString(0); err != nil || got != "free" {
		t.Fatalf("Recv on the peer = %q, %v", got, err)
	}
	plRecv(t, pull, "wake")
}
