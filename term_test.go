package zmq_test

// Term and Shutdown against open sockets and blocked calls: Term waits for
// open sockets, Shutdown and Term wake blocked calls with ErrTerm, and
// LINGER bounds Term.

import (
	"errors"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// Term wakes a blocked Recv with ErrTerm, then waits for its socket to be
// closed before returning.
func TestTermUnblocksRecv(t *testing.T) {
	ctx := zt.Context(t)
	s := rawSocket(t, ctx, zmq.PULL)
	if err := s.SetRcvTimeo(zt.Limit); err != nil { // bound the test if Term fails to wake it
		t.Fatal(err)
	}
	if err := s.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	recvErr := make(chan error, 1)
	closeNow := make(chan struct{})
	closed := make(chan error, 1)
	go func() {
		_, err := s.Recv(0)
		recvErr <- err
		<-closeNow
		closed <- s.Close()
	}()
	waitBusy(t, s)

	start := time.Now()
	term := goTerm(ctx)
	err := waitFor(t, recvErr, 2*time.Second, "Recv after Term")
	zt.MustIs(t, err, zmq.ErrTerm, "Recv during Term")
	t.Logf("Recv returned %v %v after Term began", err, time.Since(start))

	// The socket is still open: Term must wait for it.
	notYet(t, term, 50*time.Millisecond, "Term with the socket still open")
	close(closeNow)
	if err := waitFor(t, closed, zt.Limit, "Close"); err != nil {
		t.Fatalf("Close after ErrTerm: %v", err)
	}
	if err := waitFor(t, term, zt.Limit, "Term after the last Close"); err != nil {
		t.Fatalf("Term: %v", err)
	}
}

// Shutdown wakes a blocked Recv with ErrTerm and makes later calls fail
// with ErrTerm without closing anything; Term returns once the sockets are
// closed.
func TestShutdownUnblocksAndRefuses(t *testing.T) {
	ctx := zt.Context(t)
	pull := rawSocket(t, ctx, zmq.PULL)
	push := rawSocket(t, ctx, zmq.PUSH)
	fresh := rawSocket(t, ctx, zmq.PUSH) // untouched until after Shutdown
	defer func() {
		for _, s := range []*zmq.Socket{pull, push, fresh} {
			s.Close()
		}
	}()
	if err := pull.SetRcvTimeo(zt.Limit); err != nil {
		t.Fatal(err)
	}
	bindConnect(t, pull, push, zt.Inproc(t))
	recvErr := make(chan error, 1)
	go func() {
		_, err := pull.Recv(0)
		recvErr <- err
	}()
	waitBusy(t, pull)

	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- ctx.Shutdown() }()
	if err := waitFor(t, shut, 2*time.Second, "Shutdown"); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	zt.MustIs(t, waitFor(t, recvErr, 2*time.Second, "Recv after Shutdown"), zmq.ErrTerm, "blocked Recv after Shutdown")
	t.Logf("Shutdown and the blocked Recv's ErrTerm took %v", time.Since(start))

	_, err := ctx.NewSocket(zmq.PAIR)
	zt.MustIs(t, err, zmq.ErrTerm, "NewSocket after Shutdown")
	var oe *zmq.OpError
	if !errors.As(err, &oe) {
		t.Errorf("NewSocket after Shutdown: %T %v, want *OpError", err, err)
	}

	// libzmq 4.3 accepts an option set before the socket has taken the
	// stop command, which only send, recv, bind and connect process; after
	// one of those SetLinger fails with ErrTerm (below).
	if err := fresh.SetLinger(0); err != nil {
		t.Errorf("SetLinger as the first call after Shutdown: %v; libzmq 4.3.4 accepts it", err)
	}

	zt.MustIs(t, push.Send([]byte("x"), 0), zmq.ErrTerm, "Send after Shutdown")
	zt.MustIs(t, push.Bind(zt.Inproc(t)), zmq.ErrTerm, "Bind after Shutdown")
	zt.MustIs(t, push.Connect(zt.Inproc(t)), zmq.ErrTerm, "Connect after Shutdown")
	zt.MustIs(t, push.SetLinger(0), zmq.ErrTerm, "SetLinger after Shutdown")
	_, err = pull.Recv(zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrTerm, "Recv(DONTWAIT) after Shutdown")
	zt.MustIs(t, fresh.Bind(zt.Inproc(t)), zmq.ErrTerm, "Bind on a fresh socket after Shutdown")
	zt.MustIs(t, fresh.SetLinger(0), zmq.ErrTerm, "SetLinger after Bind after Shutdown")
	if err := ctx.Shutdown(); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}

	for _, s := range []*zmq.Socket{pull, push, fresh} {
		if err := s.Close(); err != nil {
			t.Errorf("Close %v after Shutdown: %v", s, err)
		}
	}
	start = time.Now()
	if err := waitFor(t, goTerm(ctx), 2*time.Second, "Term after Shutdown and Close"); err != nil {
		t.Fatalf("Term: %v", err)
	}
	t.Logf("Term after Shutdown took %v", time.Since(start))
	if err := ctx.Shutdown(); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Shutdown after Term: %v, want ErrClosed", err)
	}
}

// Shutdown wakes a blocked Send or SendMsg with ErrTerm, and the failed
// SendMsg keeps its content.
func TestShutdownUnblocksSend(t *testing.T) {
	for _, how := range []string{"Send", "SendMsg"} {
		t.Run(how, func(t *testing.T) {
			ctx := zt.Context(t)
			push := rawSocket(t, ctx, zmq.PUSH) // no peer: Send blocks
			defer push.Close()
			if err := push.SetSndTimeo(zt.Limit); err != nil {
				t.Fatal(err)
			}
			m, err := zmq.NewMsg(5)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			copy(m.Bytes(), "hello")
			sendErr := make(chan error, 1)
			go func() {
				if how == "Send" {
					sendErr <- push.Send([]byte("hello"), 0)
				} else {
					sendErr <- push.SendMsg(m, 0)
				}
			}()
			waitBusy(t, push)
			if err := ctx.Shutdown(); err != nil {
				t.Fatal(err)
			}
			zt.MustIs(t, waitFor(t, sendErr, 2*time.Second, how+" after Shutdown"), zmq.ErrTerm, "blocked "+how+" after Shutdown")
			// A failed SendMsg leaves the message with its sender
			// (zmq_msg_send(3)).
			if got := string(m.Bytes()); got != "hello" {
				t.Errorf("Msg after a failed SendMsg holds %q, want hello", got)
			}
			if err := push.Close(); err != nil {
				t.Fatal(err)
			}
			if err := waitFor(t, goTerm(ctx), 2*time.Second, "Term"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Term waits while a socket is open, refusing new sockets meanwhile, and
// every waiting Term returns once the socket is closed.
func TestTermWaitsForOpenSocket(t *testing.T) {
	ctx := rawContext(t)
	s := rawSocket(t, ctx, zmq.PAIR)
	if err := s.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}
	term1 := goTerm(ctx)
	term2 := goTerm(ctx)
	notYet(t, term1, 200*time.Millisecond, "Term with a socket open")
	notYet(t, term2, 10*time.Millisecond, "second Term with a socket open")

	// While Term waits: no new sockets, and the open one still works.
	_, err := ctx.NewSocket(zmq.PAIR)
	zt.MustIs(t, err, zmq.ErrTerm, "NewSocket while Term waits")
	if err := ctx.Shutdown(); err != nil {
		t.Errorf("Shutdown while Term waits: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := waitFor(t, term1, zt.Limit, "Term after Close"); err != nil {
		t.Errorf("Term: %v", err)
	}
	if err := waitFor(t, term2, zt.Limit, "second Term after Close"); err != nil {
		t.Errorf("second Term: %v", err)
	}
	if err := waitFor(t, goTerm(ctx), time.Second, "Term of a terminated context"); err != nil {
		t.Errorf("third Term: %v", err)
	}
	_, err = ctx.NewSocket(zmq.PAIR)
	zt.MustIs(t, err, zmq.ErrClosed, "NewSocket after Term")
}

// LINGER bounds Term's wait for an undeliverable message: none with 0, the
// linger otherwise.
func TestLingerBoundsTerm(t *testing.T) {
	for _, linger := range []time.Duration{0, 300 * time.Millisecond} {
		t.Run(linger.String(), func(t *testing.T) {
			ctx := lingeringContext(t, linger)
			start := time.Now()
			if err := waitFor(t, goTerm(ctx), zt.Limit, "Term"); err != nil {
				t.Fatalf("Term: %v", err)
			}
			took := time.Since(start)
			t.Logf("LINGER %v: Term took %v", linger, took)
			if linger > 0 && took < linger-50*time.Millisecond {
				t.Errorf("Term took %v, want >= %v (LINGER %v)", took, linger-50*time.Millisecond, linger)
			}
			if linger == 0 && took > 250*time.Millisecond {
				t.Errorf("Term took %v with LINGER 0, want it fast", took)
			}
		})
	}
}
