package zmq_test

// Leak checks over many cycles that carry a tcp connection and a message,
// so that libzmq's engines, sessions and accepted connections are made and
// released each time, and the live-object counts after every way an
// object can end.

import (
	"runtime"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// liveSettled runs the GC until the live counts are at most base (objects
// dropped by earlier tests may be released meanwhile, lowering them), or
// fails after zt.Limit.
func liveSettled(t *testing.T, base [3]int64, what string) {
	t.Helper()
	deadline := time.Now().Add(zt.Limit)
	for {
		c, s, m := zmq.LiveObjects()
		if c <= base[0] && s <= base[1] && m <= base[2] {
			t.Logf("%s: live contexts %d, sockets %d, msgs %d (baseline %v)", what, c, s, m, base)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: live contexts %d, sockets %d, msgs %d; baseline %v", what, c, s, m, base)
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

func liveNow() [3]int64 {
	c, s, m := zmq.LiveObjects()
	return [3]int64{c, s, m}
}

// trafficCycle makes a context, binds a PAIR on tcp, and every tenth
// time connects a second PAIR and sends one message each way; then
// closes everything and terminates.
func trafficCycle(t *testing.T, i int) {
	ctx := rawContext(t)
	a := mustSocket(t, ctx, zmq.PAIR)
	a.SetLinger(0)
	a.SetRcvTimeo(zt.Limit)
	if err := a.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
	if i%10 == 0 {
		ep, err := a.LastEndpoint()
		if err != nil {
			t.Fatal(err)
		}
		b := mustSocket(t, ctx, zmq.PAIR)
		b.SetLinger(0)
		b.SetRcvTimeo(zt.Limit)
		if err := b.Connect(ep); err != nil {
			t.Fatal(err)
		}
		if err := b.SendString("ping", 0); err != nil {
			t.Fatal(err)
		}
		m := new(zmq.Msg)
		if err := a.RecvMsg(m, 0); err != nil || string(m.Bytes()) != "ping" {
			t.Fatalf("cycle %d: received %q, %v", i, m.Bytes(), err)
		}
		if err := a.SendMsg(m, 0); err != nil { // back the same way
			t.Fatal(err)
		}
		if got, err := b.RecvString(0); err != nil || got != "ping" {
			t.Fatalf("cycle %d: reply %q, %v", i, got, err)
		}
		m.Close()
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
}

// TestThousandCyclesLeaveNothing: after 1000 cycles of NewContext,
// NewSocket, Bind tcp, Close and Term, one in ten with a connected peer and
// a round trip, libzmq's threads and fds are back at the baseline, and so
// are the live counts.
func TestThousandCyclesLeaveNothing(t *testing.T) {
	trafficCycle(t, 0) // what is opened once belongs to the baseline
	runtime.GC()
	fds, tasks, live := fdCount(t), taskCount(t), liveNow()
	start := time.Now()
	zt.Within(t, 4*zt.Limit, "1000 context cycles", func() {
		for i := 0; i < 1000; i++ {
			trafficCycle(t, i)
		}
	})
	t.Logf("1000 cycles in %v", time.Since(start).Round(time.Millisecond))
	// Go may start a thread or two of its own meanwhile; leaked libzmq
	// threads would show as hundreds.
	untilBack(t, fds, tasks, 4, "after 1000 cycles")
	liveSettled(t, live, "after 1000 cycles")
}

// dropEverything makes objects of every kind and drops them without
// Close or Term.
//
//go:noinline
func dropEverything(t *testing.T) {
	leakContextAndSocket(t)
	if _, err := zmq.NewMsg(64); err != nil {
		t.Fatal(err)
	}
}

// TestLiveObjectsBalanced: after every way an object can end — Close,
// double Close, Term, Destroy of idle and busy sockets, a cleanup of a
// dropped Context, Socket and Msg, Msg Copy and Move, a device shut down
// — the live counts are back at the baseline.
func TestLiveObjectsBalanced(t *testing.T) {
	if !zmq.LiveHooked() {
		t.Fatal("the live-object hooks of debug.go are missing")
	}
	runtime.GC()
	base := liveNow()

	// Close, double Close, Msg Copy/Move, zero Msg (a subtest: its
	// cleanups close the sockets and terminate the context).
	t.Run("close", func(t *testing.T) {
		ctx := zt.Context(t)
		a, b := zt.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
		m1, err := zmq.NewMsg(100)
		if err != nil {
			t.Fatal(err)
		}
		var m2, m3 zmq.Msg
		if err := m2.Copy(m1); err != nil {
			t.Fatal(err)
		}
		if err := m3.Move(&m2); err != nil {
			t.Fatal(err)
		}
		if err := a.SendMsg(m1, 0); err != nil {
			t.Fatal(err)
		}
		if err := b.RecvMsg(&m2, 0); err != nil {
			t.Fatal(err)
		}
		for _, m := range []*zmq.Msg{m1, &m2, &m3, m1} {
			m.Close()
		}
	})

	// Destroy with one idle socket and one blocked in Recv.
	func() {
		ctx := rawContext(t)
		idle := mustSocket(t, ctx, zmq.PUSH)
		busy := mustSocket(t, ctx, zmq.PULL)
		done := make(chan error, 1)
		go func() { _, err := busy.Recv(0); done <- err }()
		waitBusy(t, busy)
		if err := ctx.Destroy(0); err != nil {
			t.Fatal(err)
		}
		zt.MustIs(t, waitFor(t, done, zt.Limit, "Recv during Destroy"), zmq.ErrTerm, "Recv during Destroy")
		idle.Close()
		busy.Close()
	}()

	// A device, shut down.
	func() {
		ctx := rawContext(t)
		front, _ := ctx.NewSocket(zmq.ROUTER)
		back, _ := ctx.NewSocket(zmq.DEALER)
		done := make(chan error, 1)
		go func() { done <- zmq.Device(zmq.QUEUE, front, back) }()
		waitBusy(t, front)
		ctx.Shutdown()
		zt.MustIs(t, waitFor(t, done, zt.Limit, "Device after Shutdown"), zmq.ErrTerm, "Device after Shutdown")
		front.Close()
		back.Close()
		ctx.Term()
	}()

	// Dropped without Close or Term: released by the cleanups.
	dropEverything(t)

	liveSettled(t, base, "after every kind of ending")
}
