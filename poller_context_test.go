package zmq_test

// PollContext, and Poll waiting in Go's netpoller: a message, a pipe or the
// timeout ends the wait, a context cancels it at once (before anything is
// polled when it is already done), and a thousand waiting Pollers hold no
// OS thread each.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// pcResult is what a PollContext of another goroutine returned, and when.
type pcResult struct {
	got []zmq.Polled
	err error
	at  time.Time
}

// pcPollStarted runs p.PollContext(ctx, timeout) in a goroutine and returns
// once that call holds s, with the channel its result will come on.
func pcPollStarted(t testing.TB, ctx context.Context, p *zmq.Poller, s *zmq.Socket, timeout time.Duration) <-chan pcResult {
	t.Helper()
	done := make(chan pcResult, 1)
	go func() {
		got, err := p.PollContext(ctx, timeout)
		done <- pcResult{got, err, time.Now()}
	}()
	waitBusy(t, s)
	return done
}

// pcPolled returns a PULL of zctx bound over transport, the PUSH connected
// to it, and a new Poller whose one entry, id 0, watches the PULL for
// POLLIN.
func pcPolled(t testing.TB, zctx *zmq.Context, transport string) (p *zmq.Poller, pull, push *zmq.Socket) {
	t.Helper()
	pull, push = plPipeline(t, zctx, transport)
	p = zmq.NewPoller()
	p.Add(pull, zmq.POLLIN)
	return p, pull, push
}

// A message (inproc, tcp) or a pipe becoming readable wakes a PollContext
// that waits with no timeout, and it reports just that entry.
func TestPollContextWakes(t *testing.T) {
	zctx := zt.Context(t)
	for _, tr := range []string{"inproc", "tcp", "pipe"} {
		t.Run(tr, func(t *testing.T) {
			p, idle, _ := pcPolled(t, zctx, "inproc")
			r, w := plPipe(t)
			want := plWant{plAddFD(t, p, int(r.Fd()), zmq.POLLIN), nil, int(r.Fd()), zmq.POLLIN}
			var pull, push *zmq.Socket
			if tr != "pipe" {
				pull, push = plPipeline(t, zctx, tr)
				want = plWant{plAdd(t, p, pull, zmq.POLLIN), pull, -1, zmq.POLLIN}
			}
			done := pcPollStarted(t, context.Background(), p, idle, -1)
			notYet(t, done, 20*time.Millisecond, "PollContext with nothing ready")
			if push != nil {
				plSend(t, push, "wake")
			} else if _, err := w.Write([]byte{1}); err != nil {
				t.Fatal(err)
			}
			res := waitFor(t, done, zt.Limit, "PollContext woken by "+tr)
			plCheck(t, "woken by "+tr, res.got, res.err, want)
			if pull != nil {
				plRecv(t, pull, "wake")
			}
		})
	}
}

// A PollContext whose timeout passes returns no entries and no error, having
// waited the whole timeout.
func TestPollContextTimeout(t *testing.T) {
	zctx := zt.Context(t)
	p, _, _ := pcPolled(t, zctx, "tcp")
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 2 { // the second wait reuses the Poller's epoll set
		start := time.Now()
		got, err := p.PollContext(c, 30*time.Millisecond)
		took := time.Since(start)
		plCheck(t, "PollContext(30ms)", got, err)
		if took < 28*time.Millisecond || took > 2*time.Second {
			t.Errorf("PollContext(30ms) with nothing ready took %v", took)
		}
	}
}

// A context that is already done ends PollContext before anything is
// polled: a closed socket or one in use, which Poll refuses, make no
// difference. A nil context is refused.
func TestPollContextDone(t *testing.T) {
	zctx := zt.Context(t)
	closed := zt.Socket(t, zctx, zmq.PULL)
	held := zt.Socket(t, zctx, zmq.PULL)
	p := zmq.NewPoller()
	plAdd(t, p, closed, zmq.POLLIN) // Add refuses a closed socket: close it after
	plAdd(t, p, held, zmq.POLLIN)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zmq.HoldSocket(held); err != nil {
		t.Fatal(err)
	}
	defer zmq.ReleaseSocket(held)

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	for _, c := range []context.Context{canceled, expired} {
		start := time.Now()
		got, err := p.PollContext(c, -1)
		if err != c.Err() || len(got) != 0 {
			t.Fatalf("PollContext with a done context = %s, %v; want %v", plFormat(got), err, c.Err())
		}
		if took := time.Since(start); took > 100*time.Millisecond {
			t.Errorf("PollContext with a done context took %v", took)
		}
	}
	_, err := p.Poll(0)
	zt.MustIs(t, err, zmq.ErrClosed, "Poll over the same entries")
	//lint:ignore SA1012 a nil context is what is tested
	_, err = p.PollContext(nil, 0)
	zt.MustIs(t, err, zmq.ErrInvalid, "PollContext(nil)")
}

// Cancelling a waiting PollContext returns ctx.Err() at once and frees its
// sockets: they send and receive, and the next Poll reports them.
func TestPollContextCancel(t *testing.T) {
	zctx := zt.Context(t)
	p, pull, push := pcPolled(t, zctx, "tcp")
	for _, timeout := range []time.Duration{-1, zt.Limit} {
		c, cancel := context.WithCancel(context.Background())
		done := pcPollStarted(t, c, p, pull, timeout)
		start := time.Now()
		cancel()
		r := waitFor(t, done, zt.Limit, "PollContext returning after cancel")
		took := r.at.Sub(start)
		t.Logf("PollContext(%v) returned %v, %v after cancel", timeout, r.err, took)
		if r.err != context.Canceled || len(r.got) != 0 {
			t.Fatalf("cancelled PollContext = %s, %v; want context.Canceled", plFormat(r.got), r.err)
		}
		if took > 100*time.Millisecond {
			t.Errorf("PollContext returned %v after cancel", took)
		}
	}
	plSend(t, push, "after")
	got, err := p.PollContext(context.Background(), zt.Limit)
	plCheck(t, "PollContext after a cancellation", got, err, plWant{0, pull, -1, zmq.POLLIN})
	plRecv(t, pull, "after")
}

// Shutdown ends a waiting PollContext with ErrTerm, as it does Poll.
func TestPollContextTerm(t *testing.T) {
	zctx := zt.Context(t)
	p, pull, _ := pcPolled(t, zctx, "inproc")
	done := pcPollStarted(t, context.Background(), p, pull, -1)
	if err := zctx.Shutdown(); err != nil {
		t.Fatal(err)
	}
	zt.MustIs(t, waitFor(t, done, zt.Limit, "PollContext during Shutdown").err, zmq.ErrTerm, "PollContext during Shutdown")
}

// pollThousandChild makes TestPollContextThousand the child process that
// does the work, so that the threads it counts are its own, not those
// earlier tests of the same binary left idle.
const pollThousandChild = "ZMQGO_TEST_POLL_THOUSAND_CHILD"

// 1,000 goroutines blocked in PollContext, each on its own Poller and
// socket, hold fewer than 50 OS threads in all; after cancel() all of them
// return context.Canceled within 1s, and their sockets are usable again.
func TestPollContextThousand(t *testing.T) {
	if os.Getenv(pollThousandChild) != "1" {
		c, cancel := context.WithTimeout(context.Background(), 6*zt.Limit)
		defer cancel()
		cmd := exec.CommandContext(c, os.Args[0], "-test.run=^TestPollContextThousand$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), pollThousandChild+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		t.Logf("child:\n%s", out)
		return
	}
	const n = 1000
	zctx := zt.Context(t)
	if err := zctx.SetMaxSockets(n + 16); err != nil {
		t.Fatal(err)
	}
	// n SUBs of one XPUB, each polled by a Poller of its own: once all
	// are subscribed, each SUB gets the XPUB's next message, which shows
	// the sockets usable after the wait.
	pub, subs := xpubSubs(t, zctx, n)
	pollers := make([]*zmq.Poller, n)
	for i, s := range subs {
		pollers[i] = zmq.NewPoller()
		pollers[i].Add(s, zmq.POLLIN)
	}
	before := osThreads(t)
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range pollers {
		wg.Go(func() { _, errs[i] = pollers[i].PollContext(c, -1) })
	}
	for _, s := range subs {
		waitBusy(t, s)
	}
	waiting := waitParkedIn(t, "[IO wait", "(*Poller).PollContext", n)
	during := osThreads(t)
	t.Logf("%d goroutines parked in PollContext: %d OS threads (%d before they started)", waiting, during, before)
	if during >= 50 {
		t.Errorf("%d OS threads while %d goroutines wait in PollContext, want fewer than 50", during, n)
	}

	start := time.Now()
	cancel()
	zt.Within(t, zt.Limit, "the PollContexts returning after cancel", wg.Wait)
	took := time.Since(start)
	t.Logf("all %d returned %v after cancel", n, took)
	if took > time.Second {
		t.Errorf("the %d PollContexts took %v to return after cancel, want 1s at most", n, took)
	}
	for i, err := range errs {
		if err != context.Canceled {
			t.Fatalf("PollContext #%d returned %v, want context.Canceled", i, err)
		}
	}
	plSend(t, pub, "again")
	for i, p := range pollers {
		got, err := p.PollContext(context.Background(), zt.Limit)
		plCheck(t, fmt.Sprint("PollContext #", i, " after the cancellation"), got, err, plWant{0, subs[i], -1, zmq.POLLIN})
		plRecv(t, subs[i], "again")
	}
}

// pcOpenFDs is how many descriptors the process has open.
func pcOpenFDs(t testing.TB) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// Repeated waits cost no descriptor each: the package-level Poll closes the
// epoll set it made, and a Poller keeps its one set across waits.
func TestPollDescriptors(t *testing.T) {
	zctx := zt.Context(t)
	p, pull, _ := pcPolled(t, zctx, "inproc")
	items := []zmq.PollItem{{Socket: pull, Events: zmq.POLLIN}}
	const rounds = 200
	for _, c := range []struct {
		what string
		wait func() error
	}{
		{"zmq.Poll(100µs)", func() error { _, err := zmq.Poll(items, 100*time.Microsecond); return err }},
		{"Poller.Poll(100µs)", func() error { _, err := p.Poll(100 * time.Microsecond); return err }},
	} {
		before := pcOpenFDs(t)
		for range rounds {
			if err := c.wait(); err != nil {
				t.Fatalf("%s: %v", c.what, err)
			}
		}
		after := pcOpenFDs(t)
		t.Logf("%d rounds of %s: %d descriptors open before, %d after", rounds, c.what, before, after)
		if after > before+rounds/4 {
			t.Errorf("%d rounds of %s left %d more descriptors open", rounds, c.what, after-before)
		}
	}
}
