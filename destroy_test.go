package zmq_test

// Context.Destroy: idle sockets are closed at once, busy ones when their
// call returns, forgotten ones too, and Destroy returns even when plain
// Term would wait for ever.

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// destroyLimit bounds each Destroy of these tests, far above what one
// takes when nothing lingers.
const destroyLimit = 3 * time.Second

// destroyContext returns a context that the test is expected to
// Destroy; if the test ends without doing so, it is destroyed then.
func destroyContext(t *testing.T) *zmq.Context {
	t.Helper()
	ctx := rawContext(t)
	t.Cleanup(func() {
		limit := zt.Limit
		if t.Failed() {
			limit = 100 * time.Millisecond // a Destroy of the test may hang
		}
		done := make(chan error, 1)
		go func() { done <- ctx.Destroy(0) }()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, zmq.ErrClosed) {
				t.Errorf("Destroy at cleanup: %v", err)
			}
		case <-time.After(limit):
			t.Errorf("Destroy at cleanup did not return within %v", limit)
		}
	})
	return ctx
}

// destroyWithin calls ctx.Destroy(linger), fails the test if it does not
// return within d, and returns how long it took and its error.
func destroyWithin(t *testing.T, ctx *zmq.Context, linger, d time.Duration) (time.Duration, error) {
	t.Helper()
	var err error
	start := time.Now()
	zt.Within(t, d, "Destroy", func() { err = ctx.Destroy(linger) })
	return time.Since(start), err
}

// checkClosedByDestroy checks that s was closed: calls return ErrClosed
// and Close returns nil, twice.
func checkClosedByDestroy(t *testing.T, s *zmq.Socket) {
	t.Helper()
	if err := s.Send([]byte("x"), zmq.DONTWAIT); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("%v: Send after Destroy: %v, want ErrClosed", s, err)
	}
	if _, err := s.Recv(zmq.DONTWAIT); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("%v: Recv after Destroy: %v, want ErrClosed", s, err)
	}
	if err := s.Bind("inproc://after-destroy"); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("%v: Bind after Destroy: %v, want ErrClosed", s, err)
	}
	if err := s.SetLinger(0); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("%v: SetLinger after Destroy: %v, want ErrClosed", s, err)
	}
	for i := 0; i < 2; i++ {
		if err := s.Close(); err != nil {
			t.Errorf("%v: Close after Destroy: %v, want nil", s, err)
		}
	}
}

// Destroy(0) closes idle sockets at once, even one whose LINGER of -1 would
// keep plain Term waiting for ever on an undeliverable message.
func TestDestroyClosesIdleSockets(t *testing.T) {
	ctx := destroyContext(t)
	push := mustSocket(t, ctx, zmq.PUSH)
	queueUndeliverable(t, push)
	if l, err := push.Linger(); err != nil || l >= 0 {
		t.Fatalf("Linger = %v, %v; the test needs libzmq's default, -1", l, err)
	}
	pull := mustSocket(t, ctx, zmq.PULL)
	zt.BindLocal(t, pull)
	rep := mustSocket(t, ctx, zmq.REP)
	if err := rep.Bind(zt.Inproc(t)); err != nil {
		t.Fatal(err)
	}

	took, err := destroyWithin(t, ctx, 0, destroyLimit)
	t.Logf("Destroy(0) with 3 idle sockets, one with an undeliverable message: %v after %v", err, took)
	if err != nil {
		t.Fatalf("Destroy(0): %v", err)
	}
	if took > time.Second {
		t.Errorf("Destroy(0) took %v", took)
	}
	for _, s := range []*zmq.Socket{push, pull, rep} {
		checkClosedByDestroy(t, s)
	}
	if _, err := ctx.NewSocket(zmq.PAIR); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("NewSocket after Destroy: %v, want ErrClosed", err)
	}
}

// A goroutine blocked in a call on the context's sockets gets ErrTerm,
// and the sockets it holds are closed as the call returns, though that
// goroutine never closes them.
func TestDestroyWhileBlocked(t *testing.T) {
	cases := []struct {
		name  string
		types []zmq.Type
		call  func(ss []*zmq.Socket) error
	}{
		{"Recv", []zmq.Type{zmq.PULL}, func(ss []*zmq.Socket) error {
			_, err := ss[0].Recv(0)
			return err
		}},
		{"Send", []zmq.Type{zmq.PUSH}, func(ss []*zmq.Socket) error {
			return ss[0].Send([]byte("no peer"), 0) // no pipe: Send blocks
		}},
		{"Poll", []zmq.Type{zmq.PULL, zmq.ROUTER}, func(ss []*zmq.Socket) error {
			p := zmq.NewPoller()
			for _, s := range ss {
				p.Add(s, zmq.POLLIN)
			}
			_, err := p.Poll(-1)
			return err
		}},
		{"Device", []zmq.Type{zmq.ROUTER, zmq.DEALER}, func(ss []*zmq.Socket) error {
			return zmq.Device(zmq.QUEUE, ss[0], ss[1])
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := destroyContext(t)
			var ss []*zmq.Socket
			for _, typ := range tc.types {
				s := mustSocket(t, ctx, typ)
				if typ != zmq.PUSH {
					zt.BindLocal(t, s)
				}
				ss = append(ss, s)
			}

			type result struct {
				call  error   // the blocking call
				after []error // a later Recv on each socket
				close []error // Close on each socket
			}
			res := make(chan result, 1)
			go func() {
				var r result
				for {
					// The probes below may hold a socket for an instant.
					r.call = tc.call(ss)
					if !errors.Is(r.call, zmq.ErrInUse) {
						break
					}
					runtime.Gosched()
				}
				for _, s := range ss {
					_, err := s.Recv(zmq.DONTWAIT)
					r.after = append(r.after, err)
					r.close = append(r.close, s.Close())
				}
				res <- r
			}()

			// Wait until the goroutine holds every socket: from then on its
			// call can only end with ErrTerm.
			deadline := time.Now().Add(zt.Limit)
			for held := 0; held < len(ss); {
				if time.Now().After(deadline) {
					t.Fatalf("the goroutine did not start its %s", tc.name)
				}
				held = 0
				for _, s := range ss {
					if _, err := s.RcvMore(); errors.Is(err, zmq.ErrInUse) {
						held++
					}
				}
				time.Sleep(time.Millisecond)
			}
			// Held, the call can only end with ErrTerm; a moment more lets it
			// reach libzmq, the case most worth testing, though either is fine.
			time.Sleep(20 * time.Millisecond)

			took, err := destroyWithin(t, ctx, 0, destroyLimit)
			t.Logf("Destroy(0) during %s: %v after %v", tc.name, err, took)
			if err != nil {
				t.Errorf("Destroy: %v", err)
			}
			var r result
			zt.Within(t, 5*time.Second, tc.name+" returning", func() { r = <-res })
			zt.MustIs(t, r.call, zmq.ErrTerm, tc.name+" during Destroy")
			for i, s := range ss {
				if !errors.Is(r.after[i], zmq.ErrClosed) {
					t.Errorf("%v: Recv after the %s returned: %v, want ErrClosed", s, tc.name, r.after[i])
				}
				if r.close[i] != nil {
					t.Errorf("%v: Close after Destroy: %v, want nil", s, r.close[i])
				}
				checkClosedByDestroy(t, s)
			}
		})
	}
}

// forgetSocket makes a socket with an undeliverable message queued and
// LINGER -1, and drops it.
//
//go:noinline
func forgetSocket(t *testing.T, ctx *zmq.Context) {
	queueUndeliverable(t, mustSocket(t, ctx, zmq.PUSH))
}

// gcAndCleanups runs the collector a few times and gives the cleanups it
// queues time to run.
func gcAndCleanups() {
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// A socket the program forgot, collected or not, neither keeps Destroy
// waiting nor gets closed twice by Destroy and its cleanup.
func TestDestroyForgottenSocket(t *testing.T) {
	t.Run("not collected", func(t *testing.T) {
		ctx := destroyContext(t)
		forgetSocket(t, ctx)
		took, err := destroyWithin(t, ctx, 0, destroyLimit)
		t.Logf("Destroy(0) with a forgotten socket: %v after %v", err, took)
		if err != nil {
			t.Fatalf("Destroy: %v", err)
		}
		gcAndCleanups() // the socket's cleanup must not close it again
	})
	// Here the socket's cleanup has closed it before Destroy: with its own
	// LINGER (-1) it would keep the undeliverable message, and Term wait
	// for it, for ever. The cleanup must close with LINGER 0.
	t.Run("collected", func(t *testing.T) {
		ctx := destroyContext(t)
		forgetSocket(t, ctx)
		gcAndCleanups()
		took, err := destroyWithin(t, ctx, 0, destroyLimit)
		t.Logf("Destroy(0) with a forgotten socket, after GC: %v after %v", err, took)
		if err != nil {
			t.Fatalf("Destroy: %v", err)
		}
		gcAndCleanups()
	})
	t.Run("many", func(t *testing.T) {
		// Some collected, some not, some cleanups running during Destroy.
		ctx := destroyContext(t)
		keep := mustSocket(t, ctx, zmq.PULL)
		for i := 0; i < 50; i++ {
			forgetSocket(t, ctx)
			if i%10 == 0 {
				runtime.GC()
			}
		}
		go runtime.GC()
		took, err := destroyWithin(t, ctx, 0, destroyLimit)
		t.Logf("Destroy(0) with 50 forgotten sockets: %v after %v", err, took)
		if err != nil {
			t.Fatalf("Destroy: %v", err)
		}
		gcAndCleanups()
		checkClosedByDestroy(t, keep)
	})
}

// TestDestroyDuringCall stages a call in progress between two crossings
// into libzmq (where Shutdown cannot reach it): Destroy marks the socket,
// and the call's end closes it, which lets Destroy's Term return.
func TestDestroyDuringCall(t *testing.T) {
	ctx := destroyContext(t)
	s := mustSocket(t, ctx, zmq.PAIR)
	if err := zmq.HoldSocket(s); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ctx.Destroy(0) }()
	deadline := time.Now().Add(destroyLimit)
	for !zmq.SocketMarked(s) {
		if time.Now().After(deadline) {
			t.Fatalf("Destroy did not mark the busy socket within %v", destroyLimit)
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Destroy returned (%v) while a call held the socket", err)
	default:
	}
	zmq.ReleaseSocket(s)
	if err := waitFor(t, done, destroyLimit, "Destroy after the call ended"); err != nil {
		t.Fatalf("Destroy: %v", err)
	}
	checkClosedByDestroy(t, s)
}

// A second Destroy returns ErrClosed, and Term after Destroy returns nil.
func TestDestroyTwice(t *testing.T) {
	ctx := destroyContext(t)
	s := mustSocket(t, ctx, zmq.PULL)
	if _, err := destroyWithin(t, ctx, 0, destroyLimit); err != nil {
		t.Fatalf("first Destroy: %v", err)
	}
	if _, err := destroyWithin(t, ctx, 0, destroyLimit); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("second Destroy: %v, want ErrClosed", err)
	}
	if err := ctx.Term(); err != nil {
		t.Errorf("Term after Destroy: %v", err)
	}
	checkClosedByDestroy(t, s)
}

// Destroy of a terminated context returns ErrClosed instead of terminating
// it again.
func TestDestroyAfterTerm(t *testing.T) {
	ctx := destroyContext(t)
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
	if _, err := destroyWithin(t, ctx, 0, destroyLimit); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Destroy after Term: %v, want ErrClosed", err)
	}
}

// Destroy of a nil or zero Context returns ErrClosed instead of crashing.
func TestDestroyNil(t *testing.T) {
	var ctx *zmq.Context
	if err := ctx.Destroy(0); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("nil Context: Destroy = %v, want ErrClosed", err)
	}
	if err := new(zmq.Context).Destroy(0); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("zero Context: Destroy = %v, want ErrClosed", err)
	}
}

// Destroy's linger applies to what the sockets queued: Destroy waits for
// it, and no longer.
func TestDestroyLinger(t *testing.T) {
	const linger = 200 * time.Millisecond
	ctx := destroyContext(t)
	push := mustSocket(t, ctx, zmq.PUSH)
	queueUndeliverable(t, push)
	took, err := destroyWithin(t, ctx, linger, destroyLimit)
	t.Logf("Destroy(%v) with an undeliverable message: %v after %v", linger, err, took)
	if err != nil {
		t.Fatalf("Destroy: %v", err)
	}
	if took < 150*time.Millisecond {
		t.Errorf("Destroy(%v) returned after %v, before the linger expired", linger, took)
	}
	if took > 3*time.Second {
		t.Errorf("Destroy(%v) took %v", linger, took)
	}
	checkClosedByDestroy(t, push)
}
