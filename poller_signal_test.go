package zmq_test

// Poll under a signal storm: a signal neither ends a Poll early nor
// restarts its timeout.

import (
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// TestPollerEINTR: a signal neither ends a Poll early nor restarts its
// timeout. Under the CPU profiler and a SIGURG storm on the polling
// thread, Poll(2s) with nothing ready lasts 2s, and one that gets a
// message at 1s returns then.
func TestPollerEINTR(t *testing.T) {
	underCPUProfile(t)
	ctx := zt.Context(t)

	// Everything is set up here and checked after all four have run at
	// once, each on its own signalled thread (goroutines, not parallel
	// subtests: -parallel may be smaller than 4).
	raw := zt.Socket(t, ctx, zmq.PULL)
	zt.BindLocal(t, raw)
	if err := raw.SetRcvTimeo(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}

	pull, _ := plPipeline(t, ctx, "tcp")
	r, _ := plPipe(t)
	idle := zmq.NewPoller()
	idle.Add(pull, zmq.POLLIN)
	idle.AddFD(int(r.Fd()), zmq.POLLIN)

	pkgPull, _ := plPipeline(t, ctx, "inproc")
	items := []zmq.PollItem{{Socket: pkgPull, Events: zmq.POLLIN}}

	latePull, latePush := plPipeline(t, ctx, "tcp")
	idlePull, _ := plPipeline(t, ctx, "inproc")
	late := zmq.NewPoller()
	late.Add(idlePull, zmq.POLLIN)
	lateID := plAdd(t, late, latePull, zmq.POLLIN)

	type run struct {
		got          []zmq.Polled
		n            int
		err          error
		took         time.Duration
		end          time.Time
		sent         int
		eintr, again int
	}
	var rawRun, idleRun, pkgRun, lateRun run
	timed := func(res *run, f func()) func() {
		return func() {
			start := time.Now()
			res.sent = zt.OnSignalledThread(syscall.SIGURG, zt.StormEvery, f)
			res.end = time.Now()
			res.took = res.end.Sub(start)
		}
	}
	sendErr := make(chan error, 1)
	var sentAt time.Time
	var wg sync.WaitGroup
	for _, f := range []func(){
		// The control: the same storm on a raw zmq_poll counts
		// EINTRs, to show the Polls were interrupted at all.
		timed(&rawRun, func() { rawRun.eintr, rawRun.again, rawRun.err = zmq.RawPollEINTRs(raw, time.Second) }),
		timed(&idleRun, func() { idleRun.got, idleRun.err = idle.Poll(2 * time.Second) }),
		timed(&pkgRun, func() { pkgRun.n, pkgRun.err = zmq.Poll(items, 2*time.Second) }),
		timed(&lateRun, func() { lateRun.got, lateRun.err = late.Poll(2 * time.Second) }),
	} {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	// The point of this one is the timing: the message comes 1s in.
	timer := time.AfterFunc(time.Second, func() {
		sentAt = time.Now()
		sendErr <- latePush.SendString("late", 0)
	})
	defer timer.Stop()
	zt.Within(t, 6*time.Second, "the Polls under signals", wg.Wait)
	if err := <-sendErr; err != nil {
		t.Fatalf("Send: %v", err)
	}

	t.Logf("raw zmq_poll for 1s (100ms each), %d SIGURG to its thread: %d EINTR, %d timeouts, %v", rawRun.sent, rawRun.eintr, rawRun.again, rawRun.err)
	if rawRun.err != nil || rawRun.eintr == 0 {
		t.Errorf("%d signals, no EINTR in a raw receive: the Poll checks prove nothing", rawRun.sent)
	}

	t.Logf("Poller.Poll(2s), nothing ready: %s, %v after %v, %d signals sent to its thread", plFormat(idleRun.got), idleRun.err, idleRun.took, idleRun.sent)
	plCheck(t, "Poll(2s), nothing ready", idleRun.got, idleRun.err)
	if idleRun.took < 1900*time.Millisecond {
		t.Errorf("Poll(2s) with nothing ready returned after %v", idleRun.took)
	}

	t.Logf("zmq.Poll(2s), nothing ready: %d, %v after %v, %d signals sent to its thread", pkgRun.n, pkgRun.err, pkgRun.took, pkgRun.sent)
	if pkgRun.n != 0 || pkgRun.err != nil {
		t.Errorf("zmq.Poll(2s) = %d, %v; want 0, nil", pkgRun.n, pkgRun.err)
	}
	if pkgRun.took < 1900*time.Millisecond {
		t.Errorf("zmq.Poll(2s) returned after %v", pkgRun.took)
	}

	after := lateRun.end.Sub(sentAt)
	t.Logf("Poller.Poll(2s), message at 1s: %s, %v after %v (%v after the Send), %d signals sent to its thread", plFormat(lateRun.got), lateRun.err, lateRun.took, after, lateRun.sent)
	plCheck(t, "Poll(2s), message at 1s", lateRun.got, lateRun.err, plWant{lateID, latePull, -1, zmq.POLLIN})
	if after < 0 || after > 500*time.Millisecond || lateRun.took > 1800*time.Millisecond {
		t.Errorf("Poll(2s) with a message at 1s returned after %v, %v after the Send", lateRun.took, after)
	}
	plRecv(t, latePull, "late")
}
