package zmq_test

// One goroutine per socket: a call in progress refuses other goroutines
// with ErrInUse, and a socket handed over through libzmq alone is free.

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// While Recv blocks, every call on its socket from another goroutine is
// refused with ErrInUse and changes nothing; the Recv then ends normally,
// by a message or by Shutdown.
func TestBlockedCallRefusesOtherGoroutines(t *testing.T) {
	for _, wake := range []string{"message", "shutdown"} {
		t.Run(wake, func(t *testing.T) {
			ctx := zt.Context(t)
			a := rawSocket(t, ctx, zmq.PAIR)
			b := rawSocket(t, ctx, zmq.PAIR)
			defer a.Close()
			defer b.Close()
			if err := a.SetRcvTimeo(zt.Limit); err != nil {
				t.Fatal(err)
			}
			ep := zt.Inproc(t)
			bindConnect(t, a, b, ep)
			type result struct {
				msg string
				err error
			}
			got := make(chan result, 1)
			go func() {
				m, err := a.RecvString(0)
				got <- result{m, err}
			}()
			waitBusy(t, a)

			is := func(err error, what string) {
				t.Helper()
				if !errors.Is(err, zmq.ErrInUse) {
					t.Errorf("%s while Recv blocks on another goroutine: %v, want ErrInUse", what, err)
				}
			}
			is(a.Send([]byte("no"), 0), "Send")
			is(a.SendString("no", zmq.DONTWAIT), "SendString")
			is(a.SetLinger(time.Second), "SetLinger")
			_, err := a.Linger()
			is(err, "Linger")
			is(a.Bind(zt.Inproc(t)), "Bind")
			is(a.Connect(ep), "Connect")
			_, err = a.Recv(zmq.DONTWAIT)
			is(err, "Recv")
			_, err = a.RecvInto(make([]byte, 8), zmq.DONTWAIT)
			is(err, "RecvInto")
			_, err = a.LastEndpoint()
			is(err, "LastEndpoint")

			switch wake {
			case "message":
				if err := b.SendString("hello", 0); err != nil {
					t.Fatal(err)
				}
				r := waitFor(t, got, zt.Limit, "Recv of the message")
				if r.err != nil || r.msg != "hello" {
					t.Fatalf("blocked Recv = %q, %v; want hello", r.msg, r.err)
				}
				// Nothing the refused calls did reached the socket: the
				// linger is still 0 and it still works both ways.
				if l, err := a.Linger(); err != nil || l != 0 {
					t.Errorf("Linger after a refused SetLinger = %v, %v; want 0", l, err)
				}
				if err := a.SendString("back", 0); err != nil {
					t.Fatal(err)
				}
				if m, err := b.RecvString(0); err != nil || m != "back" {
					t.Fatalf("RecvString = %q, %v", m, err)
				}
			case "shutdown":
				if err := ctx.Shutdown(); err != nil {
					t.Fatal(err)
				}
				r := waitFor(t, got, 2*time.Second, "Recv after Shutdown")
				zt.MustIs(t, r.err, zmq.ErrTerm, "blocked Recv after Shutdown")
			}
			if err := a.Close(); err != nil {
				t.Errorf("Close after the blocked call returned: %v", err)
			}
		})
	}
}

// Two goroutines sending on one socket get success or ErrInUse and nothing
// else, and the socket works afterwards.
func TestConcurrentSendStress(t *testing.T) {
	const n = 10000
	ctx := zt.Context(t)
	pub := zt.Socket(t, ctx, zmq.PUB) // no subscribers: Send never blocks
	zt.BindLocal(t, pub)
	type tally struct{ g, ok, inUse int }
	res := make(chan tally, 2)
	start := make(chan struct{})
	for g := 0; g < 2; g++ {
		go func() {
			c := tally{g: g}
			msg := []byte("hammer")
			<-start
			for i := 0; i < n; i++ {
				switch err := pub.Send(msg, 0); {
				case err == nil:
					c.ok++
				case errors.Is(err, zmq.ErrInUse):
					c.inUse++
				default:
					t.Errorf("Send: %v", err)
					res <- c
					return
				}
			}
			res <- c
		}()
	}
	close(start)
	var total tally
	for g := 0; g < 2; g++ {
		c := waitFor(t, res, zt.Limit, "hammering goroutine")
		t.Logf("goroutine %d: %d ok, %d ErrInUse", c.g, c.ok, c.inUse)
		total.ok += c.ok
		total.inUse += c.inUse
	}
	t.Logf("%d sends: %d ok, %d ErrInUse", 2*n, total.ok, total.inUse)
	if total.ok+total.inUse != 2*n {
		t.Errorf("%d ok + %d in use != %d", total.ok, total.inUse, 2*n)
	}
	if err := pub.Send([]byte("after"), 0); err != nil {
		t.Errorf("Send after the stress: %v", err)
	}
}

// TestHandoffThroughLibzmq passes a socket from one goroutine to another
// with no Go synchronisation between them, only libzmq's: the receiver
// learns from the message itself that the sender's Send is over, then
// closes the sender's socket. That is correct (the call has ended), and
// under -race the detector must agree: a Send that ends its call in C
// must touch nothing of the Socket after the crossing.
func TestHandoffThroughLibzmq(t *testing.T) {
	ctx := zt.Context(t)
	for i := 0; i < 20; i++ {
		pull := rawSocket(t, ctx, zmq.PULL)
		push := rawSocket(t, ctx, zmq.PUSH)
		ep := fmt.Sprintf("inproc://handoff-%d", i)
		bindConnect(t, pull, push, ep)
		go push.Send([]byte("done with push"), 0)
		if err := pull.SetRcvTimeo(zt.Limit); err != nil {
			t.Fatal(err)
		}
		if _, err := pull.Recv(0); err != nil {
			t.Fatal(err)
		}
		// Send's call may still be returning, but it has ended: Close
		// succeeds or, rarely, reports ErrInUse and is retried.
		for err := push.Close(); err != nil; err = push.Close() {
			if !errors.Is(err, zmq.ErrInUse) {
				t.Fatal(err)
			}
			runtime.Gosched()
		}
		pull.Close()
	}
}
