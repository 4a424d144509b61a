package zmq_test

// How much a socket queues: high-water marks as libzmq's test_hwm counts
// them, and CONFLATE keeping only the newest message.

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// queueDepth counts the empty messages push accepts with DONTWAIT before
// ErrAgain, then receives them all on pull and checks nothing else came.
func queueDepth(t *testing.T, push, pull *zmq.Socket, max int) int {
	t.Helper()
	n := 0
	for ; n < max; n++ {
		err := push.Send(nil, zmq.DONTWAIT)
		if err != nil {
			zt.MustIs(t, err, zmq.ErrAgain, fmt.Sprintf("Send(DONTWAIT) #%d", n))
			break
		}
	}
	for i := range n {
		if _, err := pull.RecvInto(nil, 0); err != nil {
			t.Fatalf("receiving queued message %d of %d: %v", i, n, err)
		}
	}
	_, err := pull.RecvInto(nil, zmq.DONTWAIT)
	zt.MustIs(t, err, zmq.ErrAgain, "RecvInto after draining the queue")
	return n
}

// hwmPair returns PUSH connected to PULL over inproc, set up by setup
// before the connection is made (HWMs apply to later connections).
func hwmPair(t *testing.T, setup func(push, pull *zmq.Socket)) (push, pull *zmq.Socket) {
	t.Helper()
	ctx := zt.Context(t)
	push, pull = zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL)
	setup(push, pull)
	bindConnect(t, pull, push, zt.Inproc(t))
	return push, pull
}

// TestHWM, after libzmq's test_hwm: over inproc a PUSH queues exactly its
// SNDHWM plus its peer's RCVHWM, 0 lifts the limit, and a drained queue
// takes messages again. A wrong count means an HWM setter wrote the wrong
// option or value.
func TestHWM(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(push, pull *zmq.Socket) error
		want  int
	}{
		{"defaults", func(push, pull *zmq.Socket) error { return nil }, 2000},
		{"SNDHWM=RCVHWM=1", func(push, pull *zmq.Socket) error {
			if err := push.SetSndHWM(1); err != nil {
				return err
			}
			return pull.SetRcvHWM(1)
		}, 2},
		{"SetHWM(1) both", func(push, pull *zmq.Socket) error {
			if err := push.SetHWM(1); err != nil {
				return err
			}
			return pull.SetHWM(1)
		}, 2},
		{"SNDHWM=3 RCVHWM=5", func(push, pull *zmq.Socket) error {
			if err := push.SetSndHWM(3); err != nil {
				return err
			}
			return pull.SetRcvHWM(5)
		}, 8},
		{"0 is no limit", func(push, pull *zmq.Socket) error {
			if err := push.SetHWM(0); err != nil {
				return err
			}
			return pull.SetHWM(0)
		}, 10_000}, // the cap of the count, as in test_hwm
	} {
		t.Run(c.name, func(t *testing.T) {
			push, pull := hwmPair(t, func(push, pull *zmq.Socket) {
				if err := c.setup(push, pull); err != nil {
					t.Fatal(err)
				}
			})
			if got := queueDepth(t, push, pull, 10_000); got != c.want {
				t.Fatalf("%d messages queued before ErrAgain, want %d", got, c.want)
			}
			// Drained: the queue takes messages again. Not checked with
			// DONTWAIT: the PUSH learns of the room through its mailbox,
			// which a DONTWAIT send does not always read.
			if err := push.SendString("again", 0); err != nil {
				t.Fatalf("Send after draining: %v", err)
			}
			if s, err := pull.RecvString(0); err != nil || s != "again" {
				t.Fatalf("RecvString = %q, %v", s, err)
			}
		})
	}
}

// TestSetHWMOnPull, the Guide's mousetrap fragment: SetHWM sets both
// marks, a PULL with HWM 10000 connects and receives, and a negative HWM
// is refused.
func TestSetHWMOnPull(t *testing.T) {
	ctx := zt.Context(t)
	pull := zt.Socket(t, ctx, zmq.PULL)
	if err := pull.SetHWM(10000); err != nil {
		t.Fatalf("SetHWM: %v", err)
	}
	if v, err := pull.SndHWM(); err != nil || v != 10000 {
		t.Fatalf("SndHWM = %d, %v", v, err)
	}
	if v, err := pull.RcvHWM(); err != nil || v != 10000 {
		t.Fatalf("RcvHWM = %d, %v", v, err)
	}
	push := zt.Socket(t, ctx, zmq.PUSH)
	ep := zt.BindLocal(t, push)
	if err := pull.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := push.SendString("squeak", 0); err != nil {
		t.Fatal(err)
	}
	if s, err := pull.RecvString(0); err != nil || s != "squeak" {
		t.Fatalf("RecvString = %q, %v", s, err)
	}
	zt.MustIs(t, pull.SetHWM(-1), zmq.ErrInvalid, "SetHWM(-1)")
}

// TestConflate, after libzmq's test_conflate: a CONFLATE PULL keeps only
// the newest message, and a conflated receive never goes back in order.
func TestConflate(t *testing.T) {
	const count = 20
	t.Run("inproc", func(t *testing.T) {
		// The sender writes into the receiver's pipe itself, so once the
		// sends returned one receive gets the last. libzmq 4.3 takes
		// CONFLATE from the connecting side of an inproc pair: the PULL
		// connects.
		ctx := zt.Context(t)
		push, pull := zt.Socket(t, ctx, zmq.PUSH), zt.Socket(t, ctx, zmq.PULL)
		if err := pull.SetConflate(true); err != nil {
			t.Fatal(err)
		}
		bindConnect(t, push, pull, zt.Inproc(t))
		for i := range count {
			if err := push.SendString(fmt.Sprint(i), 0); err != nil {
				t.Fatal(err)
			}
		}
		if s, err := pull.RecvString(0); err != nil || s != fmt.Sprint(count-1) {
			t.Fatalf("RecvString = %q, %v; want %q", s, err, fmt.Sprint(count-1))
		}
		_, err := pull.RecvString(zmq.DONTWAIT)
		zt.MustIs(t, err, zmq.ErrAgain, "second RecvString")
	})
	t.Run("tcp", func(t *testing.T) {
		// Over tcp the I/O thread fills the pipe and nothing says when
		// the last message is in, so receive until the last, bounded, and
		// check that what came was conflated: increasing, fewer than sent.
		// libzmq 4.3's conflate buffer can strand a write that meets a
		// receive (it only try_locks) until the next write: a receive that
		// times out sends the last message again.
		//
		// That next write leaks the stranded message (zeromq/libzmq#4925),
		// which LeakSanitizer reports at exit, so the asan pass skips this.
		if sanitizerBuild {
			t.Skip("libzmq 4.3.4 leaks a CONFLATE message that loses dbuffer's try_lock race (zeromq/libzmq#4925)")
		}
		ctx := zt.Context(t)
		pull := zt.Socket(t, ctx, zmq.PULL)
		if err := pull.SetConflate(true); err != nil {
			t.Fatal(err)
		}
		if on, err := pull.Conflate(); err != nil || !on {
			t.Fatalf("Conflate = %v, %v", on, err)
		}
		if err := pull.SetRcvTimeo(200 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
		push := zt.Socket(t, ctx, zmq.PUSH)
		if err := push.Connect(zt.BindLocal(t, pull)); err != nil {
			t.Fatal(err)
		}
		for i := range count {
			if err := push.SendString(fmt.Sprint(i), 0); err != nil {
				t.Fatal(err)
			}
		}
		last := fmt.Sprint(count - 1)
		var got []string
		resent := 0
		for len(got) == 0 || got[len(got)-1] != last {
			s, err := pull.RecvString(0)
			switch {
			case errors.Is(err, zmq.ErrAgain) && resent < 10:
				resent++
				if err := push.SendString(last, 0); err != nil {
					t.Fatal(err)
				}
				continue
			case err != nil:
				t.Fatalf("RecvString after %q: %v", got, err)
			}
			got = append(got, s)
		}
		if len(got) >= count {
			t.Fatalf("received all %d messages %q: not conflated", len(got), got)
		}
		for i := 1; i < len(got); i++ {
			if len(got[i]) < len(got[i-1]) || (len(got[i]) == len(got[i-1]) && got[i] <= got[i-1]) {
				t.Fatalf("received %q: not in sending order", got)
			}
		}
		// Nothing after the last but, if it was sent again, its copy.
		for {
			s, err := pull.RecvString(zmq.DONTWAIT)
			if err != nil {
				zt.MustIs(t, err, zmq.ErrAgain, "RecvString after the last")
				break
			}
			if s != last || resent == 0 {
				t.Fatalf("received %q after %q", s, got)
			}
			resent--
		}
		if len(got) > 1 {
			t.Logf("conflated to %q (the first receive raced the I/O thread)", got)
		}
	})
}
