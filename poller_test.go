package zmq_test

// Poller and the package-level Poll (issue 3, poller.go): fair readiness
// reporting over sockets and a pipe, Update/Remove, timeouts, no
// allocation in the steady state, EINTR retried with what is left of the
// timeout, ErrTerm/ErrClosed/ErrInUse.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// plPipeline returns a PULL socket bound over transport ("inproc" or
// "tcp") and a PUSH socket connected to it.
func plPipeline(t testing.TB, ctx *zmq.Context, transport string) (pull, push *zmq.Socket) {
	t.Helper()
	pull, push = newSocket(t, ctx, zmq.PULL), newSocket(t, ctx, zmq.PUSH)
	var ep string
	switch transport {
	case "inproc":
		ep = inprocName(t)
		if err := pull.Bind(ep); err != nil {
			t.Fatalf("Bind: %v", err)
		}
	case "tcp":
		ep = bindLocal(t, pull)
	default:
		t.Fatalf("transport %q", transport)
	}
	if err := push.Connect(ep); err != nil {
		t.Fatalf("Connect: %v", err)
	}
	return pull, push
}

// plPipe returns both ends of an os.Pipe, closed when the test ends.
func plPipe(t testing.TB) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	return r, w
}

// plWaitReady waits (bounded) until s reports ev, with a Poller of its own.
func plWaitReady(t testing.TB, s *zmq.Socket, ev zmq.Events) {
	t.Helper()
	p := zmq.NewPoller()
	p.Add(s, ev)
	got, err := p.Poll(waitLimit)
	if err != nil || len(got) != 1 || got[0].Events&ev == 0 {
		t.Fatalf("waiting for %v on %v: %v, %v", ev, s, got, err)
	}
}

// plWaitInUse waits (bounded) until another goroutine's call holds s: its
// Events returns ErrInUse. It is how the tests know a Poll has begun.
func plWaitInUse(t testing.TB, s *zmq.Socket) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		_, err := s.Events()
		if errors.Is(err, zmq.ErrInUse) {
			return
		}
		if err != nil {
			t.Errorf("Events while waiting for the poll: %v", err)
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%v not in use within %v: Poll did not start", s, waitLimit)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// plPollBlocking is p.Poll(-1) for a goroutine that plWaitInUse watches:
// the probe takes the socket for an instant, and a Poll that begins in
// that instant fails with ErrInUse; it is retried.
func plPollBlocking(p *zmq.Poller) ([]zmq.Polled, error) {
	deadline := time.Now().Add(waitLimit)
	for {
		got, err := p.Poll(-1)
		if !errors.Is(err, zmq.ErrInUse) || time.Now().After(deadline) {
			return got, err
		}
		time.Sleep(time.Millisecond)
	}
}

// plWant is an expected Polled; Socket nil means the file descriptor FD.
type plWant struct {
	id     int
	socket *zmq.Socket
	fd     int
	events zmq.Events
}

func plCheck(t testing.TB, what string, got []zmq.Polled, err error, want ...plWant) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: Poll: %v", what, err)
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		g, w := got[i], want[i]
		ok = g.ID == w.id && g.Socket == w.socket && g.Events == w.events
		if w.socket == nil {
			ok = ok && g.FD == w.fd
		}
	}
	if !ok {
		t.Fatalf("%s: Poll reported %s, want %s", what, plFormat(got), plFormatWant(want))
	}
}

func plFormat(ps []zmq.Polled) string {
	var b bytes.Buffer
	b.WriteString("[")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(" ")
		}
		if p.Socket != nil {
			fmt.Fprintf(&b, "{id %d %v %v}", p.ID, p.Socket, p.Events)
		} else {
			fmt.Fprintf(&b, "{id %d fd %d %v}", p.ID, p.FD, p.Events)
		}
	}
	b.WriteString("]")
	return b.String()
}

func plFormatWant(ws []plWant) string {
	ps := make([]zmq.Polled, len(ws))
	for i, w := range ws {
		ps[i] = zmq.Polled{ID: w.id, Socket: w.socket, FD: w.fd, Events: w.events}
	}
	return plFormat(ps)
}

func plRecv(t testing.TB, s *zmq.Socket, want string) {
	t.Helper()
	got, err := s.RecvString(zmq.DONTWAIT)
	if err != nil || got != want {
		t.Fatalf("Recv on %v = %q, %v; want %q", s, got, err, want)
	}
}

func plSend(t testing.TB, s *zmq.Socket, msg string) {
	t.Helper()
	if err := s.SendString(msg, 0); err != nil {
		t.Fatalf("Send on %v: %v", s, err)
	}
}

func TestPollerFairReadiness(t *testing.T) {
	ctx := newContext(t)
	var pulls, pushes [3]*zmq.Socket
	for i, tr := range []string{"inproc", "tcp", "inproc"} {
		pulls[i], pushes[i] = plPipeline(t, ctx, tr)
	}
	r, w := plPipe(t)
	fd := int(r.Fd())

	p := zmq.NewPoller()
	for i, s := range pulls {
		if id := p.Add(s, zmq.POLLIN); id != i {
			t.Fatalf("Add #%d returned id %d", i, id)
		}
	}
	if id := p.AddFD(fd, zmq.POLLIN); id != 3 {
		t.Fatalf("AddFD returned id %d, want 3", id)
	}
	all := []plWant{
		{0, pulls[0], -1, zmq.POLLIN},
		{1, pulls[1], -1, zmq.POLLIN},
		{2, pulls[2], -1, zmq.POLLIN},
		{3, nil, fd, zmq.POLLIN},
	}
	got, err := p.Poll(0)
	plCheck(t, "nothing sent", got, err)

	// Everything ready: one Poll reports all four, in add order, and
	// keeps doing so while nothing is read (a busy socket does not hide
	// the others). Socket 0 gets many messages, the others one.
	for i := range 50 {
		plSend(t, pushes[0], fmt.Sprint("m", i))
	}
	plSend(t, pushes[1], "one")
	plSend(t, pushes[2], "two")
	if _, err := w.Write([]byte{'x'}); err != nil {
		t.Fatal(err)
	}
	for _, s := range pulls {
		plWaitReady(t, s, zmq.POLLIN)
	}
	for round := range 3 {
		got, err = p.Poll(waitLimit)
		plCheck(t, fmt.Sprint("all ready, round ", round), got, err, all...)
	}

	// Draining a source takes it out of the next result.
	plRecv(t, pulls[1], "one")
	got, err = p.Poll(0)
	plCheck(t, "pull 1 drained", got, err, all[0], all[2], all[3])
	var b [1]byte
	if _, err := r.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(0)
	plCheck(t, "pull 1 and pipe drained", got, err, all[0], all[2])
	plRecv(t, pulls[2], "two")
	for i := range 49 {
		plRecv(t, pulls[0], fmt.Sprint("m", i))
	}
	got, err = p.Poll(0)
	plCheck(t, "one message left on pull 0", got, err, all[0])
	plRecv(t, pulls[0], "m49")
	got, err = p.Poll(0)
	plCheck(t, "all drained", got, err)

	// One source at a time: only it is reported.
	for i, want := range all {
		if i < 3 {
			plSend(t, pushes[i], "solo")
		} else if _, err := w.Write([]byte{'y'}); err != nil {
			t.Fatal(err)
		}
		got, err = p.Poll(waitLimit)
		plCheck(t, fmt.Sprint("only ", i, " ready"), got, err, want)
		if i < 3 {
			plRecv(t, pulls[i], "solo")
		} else if _, err := r.Read(b[:]); err != nil {
			t.Fatal(err)
		}
		got, err = p.Poll(0)
		plCheck(t, fmt.Sprint(i, " drained again"), got, err)
	}
}

func TestPollerPOLLOUT(t *testing.T) {
	ctx := newContext(t)
	for _, tr := range []string{"inproc", "tcp"} {
		t.Run(tr, func(t *testing.T) {
			_, push := plPipeline(t, ctx, tr)
			p := zmq.NewPoller()
			id := p.Add(push, zmq.POLLIN|zmq.POLLOUT) // a PUSH is never readable
			got, err := p.Poll(waitLimit)
			plCheck(t, "PUSH with a peer", got, err, plWant{id, push, -1, zmq.POLLOUT})
		})
	}
	t.Run("no peer", func(t *testing.T) {
		lonely := newSocket(t, ctx, zmq.PUSH)
		p := zmq.NewPoller()
		p.Add(lonely, zmq.POLLOUT)
		got, err := p.Poll(20 * time.Millisecond)
		plCheck(t, "PUSH without a peer", got, err)
	})
	t.Run("pipe write end", func(t *testing.T) {
		_, w := plPipe(t)
		p := zmq.NewPoller()
		id := p.AddFD(int(w.Fd()), zmq.POLLOUT)
		got, err := p.Poll(waitLimit)
		plCheck(t, "pipe write end", got, err, plWant{id, nil, int(w.Fd()), zmq.POLLOUT})
	})
}

func TestPollerUpdate(t *testing.T) {
	ctx := newContext(t)
	d1, d2 := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
	ep := inprocName(t)
	if err := d1.Bind(ep); err != nil {
		t.Fatal(err)
	}
	if err := d2.Connect(ep); err != nil {
		t.Fatal(err)
	}
	plSend(t, d2, "in") // d1 is now readable and writable

	p := zmq.NewPoller()
	id := p.Add(d1, zmq.POLLIN)
	got, err := p.Poll(waitLimit)
	plCheck(t, "POLLIN", got, err, plWant{id, d1, -1, zmq.POLLIN})

	for _, ev := range []zmq.Events{zmq.POLLOUT, zmq.POLLIN | zmq.POLLOUT, zmq.POLLIN} {
		if err := p.Update(id, ev); err != nil {
			t.Fatalf("Update(%d, %v): %v", id, ev, err)
		}
		got, err = p.Poll(waitLimit)
		plCheck(t, fmt.Sprint("updated to ", ev), got, err, plWant{id, d1, -1, ev})
	}
	if err := p.Update(id, 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got, err = p.Poll(30 * time.Millisecond)
	plCheck(t, "updated to 0", got, err)
	if took := time.Since(start); took < 25*time.Millisecond {
		t.Errorf("Poll(30ms) watching nothing returned after %v", took)
	}

	// A file descriptor entry too.
	r, w := plPipe(t)
	fid := p.AddFD(int(r.Fd()), zmq.POLLIN)
	if _, err := w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(waitLimit)
	plCheck(t, "pipe", got, err, plWant{fid, nil, int(r.Fd()), zmq.POLLIN})
	if err := p.Update(fid, zmq.POLLOUT); err != nil { // a read end is never writable
		t.Fatal(err)
	}
	got, err = p.Poll(0)
	plCheck(t, "pipe read end, POLLOUT", got, err)

	for _, bad := range []int{-1, 2, 99} {
		mustIs(t, p.Update(bad, zmq.POLLIN), zmq.ErrInvalid, fmt.Sprint("Update(", bad, ")"))
	}
}

func TestPollerRemove(t *testing.T) {
	ctx := newContext(t)
	var pulls, pushes [5]*zmq.Socket
	for i := range pulls {
		pulls[i], pushes[i] = plPipeline(t, ctx, "inproc")
		plSend(t, pushes[i], "x") // every socket stays readable
	}
	p := zmq.NewPoller()
	for i := range 3 {
		p.Add(pulls[i], zmq.POLLIN)
	}
	if err := p.Remove(1); err != nil {
		t.Fatalf("Remove(1): %v", err)
	}
	got, err := p.Poll(waitLimit)
	plCheck(t, "1 removed", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})

	// A removed entry is gone: Update and Remove refuse it; the socket is
	// no longer taken by Poll (closing it does not make Poll fail).
	mustIs(t, p.Remove(1), zmq.ErrInvalid, "Remove(1) twice")
	mustIs(t, p.Update(1, zmq.POLLIN), zmq.ErrInvalid, "Update of removed 1")
	for _, bad := range []int{-1, 3, 1000} {
		mustIs(t, p.Remove(bad), zmq.ErrInvalid, fmt.Sprint("Remove(", bad, ")"))
	}
	if err := pulls[1].Close(); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(waitLimit)
	plCheck(t, "removed socket closed", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})

	// The next Add reuses the id; later ones append.
	if id := p.Add(pulls[3], zmq.POLLIN); id != 1 {
		t.Fatalf("Add after Remove(1) returned %d, want 1", id)
	}
	r, w := plPipe(t)
	if id := p.AddFD(int(r.Fd()), zmq.POLLIN); id != 3 {
		t.Fatalf("AddFD returned %d, want 3", id)
	}
	if _, err := w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(waitLimit)
	plCheck(t, "id 1 reused", got, err,
		plWant{0, pulls[0], -1, zmq.POLLIN}, plWant{1, pulls[3], -1, zmq.POLLIN},
		plWant{2, pulls[2], -1, zmq.POLLIN}, plWant{3, nil, int(r.Fd()), zmq.POLLIN})

	// Removing the fd and the first socket; the fd's id is reused by a
	// socket.
	for _, id := range []int{3, 0} {
		if err := p.Remove(id); err != nil {
			t.Fatalf("Remove(%d): %v", id, err)
		}
	}
	got, err = p.Poll(waitLimit)
	plCheck(t, "0 and 3 removed", got, err,
		plWant{1, pulls[3], -1, zmq.POLLIN}, plWant{2, pulls[2], -1, zmq.POLLIN})
	a, b := p.Add(pulls[4], zmq.POLLIN), p.Add(pulls[0], zmq.POLLIN)
	if (a != 0 || b != 3) && (a != 3 || b != 0) {
		t.Fatalf("Adds after removing 0 and 3 returned %d, %d", a, b)
	}
	if id := p.Add(pulls[0], zmq.POLLOUT); id != 4 {
		t.Fatalf("Add with no free id returned %d, want 4", id)
	}
	got, err = p.Poll(waitLimit)
	if err != nil || len(got) != 4 {
		t.Fatalf("after re-adding: %s, %v", plFormat(got), err)
	}
	for _, g := range got {
		if want := map[int]*zmq.Socket{a: pulls[4], b: pulls[0], 1: pulls[3], 2: pulls[2]}[g.ID]; g.Socket != want {
			t.Fatalf("after re-adding: %s", plFormat(got))
		}
	}

	// Everything removed: nothing to report.
	for id := range 5 {
		if err := p.Remove(id); err != nil {
			t.Fatalf("Remove(%d): %v", id, err)
		}
	}
	got, err = p.Poll(10 * time.Millisecond)
	plCheck(t, "all removed", got, err)
}

func TestPollerTimeout(t *testing.T) {
	ctx := newContext(t)
	pull, push := plPipeline(t, ctx, "tcp")
	r, _ := plPipe(t)
	p := zmq.NewPoller()
	id := p.Add(pull, zmq.POLLIN)
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
		within(t, waitLimit, "Poll(-1)", func() { got, err = plPollBlocking(p) })
		if serr := <-sent; serr != nil {
			t.Fatalf("Send: %v", serr)
		}
		plCheck(t, "Poll(-1)", got, err, plWant{id, pull, -1, zmq.POLLIN})
		plRecv(t, pull, "wake")
	})
}

func TestPollerAllocs(t *testing.T) {
	ctx := newContext(t)
	pull, push := plPipeline(t, ctx, "inproc")
	plSend(t, push, "stays")
	r, w := plPipe(t)
	if _, err := w.Write([]byte{1}); err != nil {
		t.Fatal(err)
	}
	idle, _ := plPipeline(t, ctx, "inproc")
	p := zmq.NewPoller()
	p.Add(pull, zmq.POLLIN)
	p.Add(idle, zmq.POLLIN)
	p.Add(pull, zmq.POLLOUT) // the same socket twice
	p.AddFD(int(r.Fd()), zmq.POLLIN)

	var got []zmq.Polled
	var err error
	for _, timeout := range []time.Duration{0, time.Second, -1} {
		allocs := testing.AllocsPerRun(200, func() { got, err = p.Poll(timeout) })
		if err != nil || len(got) != 2 {
			t.Fatalf("Poll(%v) = %s, %v", timeout, plFormat(got), err)
		}
		t.Logf("Poller.Poll(%v), 2 of 4 entries ready: %v allocations", timeout, allocs)
		if allocs != 0 {
			t.Errorf("Poller.Poll(%v): %v allocations per call, want 0", timeout, allocs)
		}
	}

	// Nothing ready, Poll(0): no allocation either.
	q := zmq.NewPoller()
	q.Add(idle, zmq.POLLIN)
	allocs := testing.AllocsPerRun(200, func() { got, err = q.Poll(0) })
	if err != nil || len(got) != 0 {
		t.Fatalf("Poll(0) = %s, %v", plFormat(got), err)
	}
	if allocs != 0 {
		t.Errorf("Poller.Poll(0), nothing ready: %v allocations per call, want 0", allocs)
	}

	// The package-level Poll builds a Poller each call: reported, not
	// asserted.
	items := []zmq.PollItem{
		{Socket: pull, Events: zmq.POLLIN},
		{Socket: idle, Events: zmq.POLLIN},
		{FD: int(r.Fd()), Events: zmq.POLLIN},
	}
	var n int
	allocs = testing.AllocsPerRun(200, func() { n, err = zmq.Poll(items, 0) })
	if err != nil || n != 2 {
		t.Fatalf("zmq.Poll = %d, %v", n, err)
	}
	t.Logf("package-level zmq.Poll over 3 items: %v allocations per call", allocs)
}

// A signal does not end a Poll early: under the CPU profiler, with SIGURG
// sent to the polling thread every 5ms (see eintr_test.go), Poll(2s) with
// nothing ready lasts 2s, and one that gets a message at 1s returns then.
func TestPollerEINTR(t *testing.T) {
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		t.Fatalf("StartCPUProfile: %v", err)
	}
	stop := make(chan struct{})
	var burn sync.WaitGroup
	burn.Add(1)
	go burnCPU(stop, &burn)
	defer func() {
		close(stop)
		burn.Wait()
		pprof.StopCPUProfile()
		t.Logf("CPU profile: %d bytes", prof.Len())
	}()
	ctx := newContext(t)

	// Everything is set up here and checked after all four have run at
	// once, each on its own signalled thread (goroutines, not parallel
	// subtests: -parallel may be smaller than 4).
	raw := newSocket(t, ctx, zmq.PULL)
	bindLocal(t, raw)
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
	lateID := late.Add(latePull, zmq.POLLIN)

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
			res.sent = onSignalledThread(syscall.SIGURG, stormEvery, f)
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
	within(t, 6*time.Second, "the Polls under signals", wg.Wait)
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

func TestPollerErrTerm(t *testing.T) {
	ctx := newContext(t)
	a, _ := plPipeline(t, ctx, "inproc")
	b, _ := plPipeline(t, ctx, "tcp")
	c := newSocket(t, ctx, zmq.ROUTER)
	bindLocal(t, c)
	p := zmq.NewPoller()
	for _, s := range []*zmq.Socket{a, b, c} {
		p.Add(s, zmq.POLLIN)
	}
	done := make(chan error, 1)
	go func() {
		_, err := plPollBlocking(p)
		done <- err
	}()
	plWaitInUse(t, b)
	start := time.Now()
	if err := ctx.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	select {
	case err := <-done:
		took := time.Since(start)
		t.Logf("Poll returned %v, %v after Shutdown", err, took)
		mustIs(t, err, zmq.ErrTerm, "Poll(-1) during Shutdown")
		if took > time.Second {
			t.Errorf("Poll returned %v after Shutdown", took)
		}
	case <-time.After(waitLimit):
		t.Fatalf("Poll(-1) did not return within %v of Shutdown", waitLimit)
	}
	// Sockets are released: a later Poll fails with ErrTerm again, not
	// ErrInUse, and closing them works.
	_, err := p.Poll(0)
	mustIs(t, err, zmq.ErrTerm, "Poll after Shutdown")
	_, err = zmq.Poll([]zmq.PollItem{{Socket: a, Events: zmq.POLLIN}}, -1)
	mustIs(t, err, zmq.ErrTerm, "zmq.Poll after Shutdown")
	for _, s := range []*zmq.Socket{a, b, c} {
		if err := s.Close(); err != nil {
			t.Errorf("Close after Shutdown: %v", err)
		}
	}
}

func TestPollerErrClosed(t *testing.T) {
	ctx := newContext(t)
	a, pa := plPipeline(t, ctx, "inproc")
	b, _ := plPipeline(t, ctx, "inproc")
	plSend(t, pa, "ready") // a is ready: ErrClosed must win all the same
	p := zmq.NewPoller()
	p.Add(a, zmq.POLLIN)
	idB := p.Add(b, zmq.POLLIN)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := p.Poll(0)
	mustIs(t, err, zmq.ErrClosed, "Poll with a closed socket")
	if len(got) != 0 {
		t.Errorf("failed Poll reported %s", plFormat(got))
	}
	// The socket taken before the closed one is given back.
	if _, err := a.Events(); err != nil {
		t.Fatalf("Events on the open socket after the failed Poll: %v", err)
	}
	items := []zmq.PollItem{{Socket: a, Events: zmq.POLLIN, REvents: zmq.POLLERR}, {Socket: b, Events: zmq.POLLIN}}
	n, err := zmq.Poll(items, 0)
	mustIs(t, err, zmq.ErrClosed, "zmq.Poll with a closed socket")
	if n != 0 || items[0].REvents != 0 || items[1].REvents != 0 {
		t.Errorf("failed zmq.Poll = %d, REvents %v %v", n, items[0].REvents, items[1].REvents)
	}
	// Once the closed socket is removed, the Poller works again.
	if err := p.Remove(idB); err != nil {
		t.Fatal(err)
	}
	got, err = p.Poll(waitLimit)
	plCheck(t, "closed socket removed", got, err, plWant{0, a, -1, zmq.POLLIN})
}

func TestPollerInUse(t *testing.T) {
	ctx := newContext(t)
	pull, push := plPipeline(t, ctx, "inproc")
	d1, d2 := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
	ep := bindLocal(t, d1)
	if err := d2.Connect(ep); err != nil {
		t.Fatal(err)
	}
	p := zmq.NewPoller()
	idPull := p.Add(pull, zmq.POLLIN)
	p.Add(d2, zmq.POLLIN)
	type result struct {
		got []zmq.Polled
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := plPollBlocking(p)
		done <- result{got, err}
	}()
	plWaitInUse(t, d2)

	mustIs(t, d2.Send([]byte("busy"), 0), zmq.ErrInUse, "Send on a socket in a blocked Poll")
	_, err := d2.Recv(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrInUse, "Recv on a socket in a blocked Poll")
	other := zmq.NewPoller()
	other.Add(pull, zmq.POLLIN)
	_, err = other.Poll(0)
	mustIs(t, err, zmq.ErrInUse, "a second Poller over a socket in a blocked Poll")
	_, err = zmq.Poll([]zmq.PollItem{{Socket: d2, Events: zmq.POLLIN}}, 0)
	mustIs(t, err, zmq.ErrInUse, "zmq.Poll over a socket in a blocked Poll")

	plSend(t, push, "wake")
	var r result
	select {
	case r = <-done:
	case <-time.After(waitLimit):
		t.Fatalf("Poll(-1) did not return after a message")
	}
	plCheck(t, "woken", r.got, r.err, plWant{idPull, pull, -1, zmq.POLLIN})

	// After Poll, the sockets are free again.
	plSend(t, d2, "free")
	if got, err := d1.RecvString(0); err != nil || got != "free" {
		t.Fatalf("Recv on the peer = %q, %v", got, err)
	}
	plRecv(t, pull, "wake")
}

func TestPollerSameSocketTwice(t *testing.T) {
	ctx := newContext(t)
	d1, d2 := newSocket(t, ctx, zmq.DEALER), newSocket(t, ctx, zmq.DEALER)
	ep := inprocName(t)
	if err := d1.Bind(ep); err != nil {
		t.Fatal(err)
	}
	if err := d2.Connect(ep); err != nil {
		t.Fatal(err)
	}
	p := zmq.NewPoller()
	in := p.Add(d1, zmq.POLLIN)
	out := p.Add(d1, zmq.POLLOUT)
	in2 := p.Add(d1, zmq.POLLIN)
	got, err := p.Poll(waitLimit)
	plCheck(t, "nothing to read yet", got, err, plWant{out, d1, -1, zmq.POLLOUT})
	plSend(t, d2, "x")
	plWaitReady(t, d1, zmq.POLLIN)
	got, err = p.Poll(waitLimit)
	plCheck(t, "readable and writable", got, err,
		plWant{in, d1, -1, zmq.POLLIN}, plWant{out, d1, -1, zmq.POLLOUT}, plWant{in2, d1, -1, zmq.POLLIN})

	items := []zmq.PollItem{{Socket: d1, Events: zmq.POLLIN}, {Socket: d1, Events: zmq.POLLOUT}}
	n, err := zmq.Poll(items, waitLimit)
	if err != nil || n != 2 || items[0].REvents != zmq.POLLIN || items[1].REvents != zmq.POLLOUT {
		t.Fatalf("zmq.Poll over one socket twice = %d, %v, REvents %v %v", n, err, items[0].REvents, items[1].REvents)
	}
	plRecv(t, d1, "x")
}

// The Guide's mspoller: a PULL, a SUB and (beyond the Guide) a pipe in
// one zmq_poll.
func TestPollPackage(t *testing.T) {
	ctx := newContext(t)
	receiver, tasks := plPipeline(t, ctx, "tcp")
	publisher, subscriber := newSocket(t, ctx, zmq.XPUB), newSocket(t, ctx, zmq.SUB)
	ep := inprocName(t)
	if err := publisher.Bind(ep); err != nil {
		t.Fatal(err)
	}
	if err := subscriber.Connect(ep); err != nil {
		t.Fatal(err)
	}
	if err := subscriber.SetSubscribe("10001 "); err != nil {
		t.Fatal(err)
	}
	// XPUB hands us the subscription: from then on it is in force.
	if sub, err := publisher.Recv(0); err != nil || string(sub) != "\x0110001 " {
		t.Fatalf("subscription = %q, %v", sub, err)
	}
	r, w := plPipe(t)

	items := []zmq.PollItem{
		{Socket: receiver, Events: zmq.POLLIN},
		{Socket: subscriber, Events: zmq.POLLIN},
		{FD: int(r.Fd()), Events: zmq.POLLIN},
	}
	check := func(what string, n int, err error, want ...zmq.Events) {
		t.Helper()
		ready := 0
		for _, ev := range want {
			if ev != 0 {
				ready++
			}
		}
		bad := err != nil || n != ready
		for i := range items {
			bad = bad || items[i].REvents != want[i]
		}
		if bad {
			t.Fatalf("%s: zmq.Poll = %d, %v, REvents %v %v %v; want %d, REvents %v",
				what, n, err, items[0].REvents, items[1].REvents, items[2].REvents, ready, want)
		}
	}
	items[0].REvents, items[2].REvents = zmq.POLLOUT, zmq.POLLERR // stale: Poll clears them
	start := time.Now()
	n, err := zmq.Poll(items, 30*time.Millisecond)
	if took := time.Since(start); took < 28*time.Millisecond {
		t.Errorf("zmq.Poll(30ms) returned after %v", took)
	}
	check("nothing ready", n, err, 0, 0, 0)

	plSend(t, tasks, "task 1")
	n, err = zmq.Poll(items, waitLimit)
	check("a task", n, err, zmq.POLLIN, 0, 0)
	plRecv(t, receiver, "task 1")

	plSend(t, publisher, "10001 75 40")
	plSend(t, publisher, "10002 not for us")
	n, err = zmq.Poll(items, waitLimit)
	check("an update", n, err, 0, zmq.POLLIN, 0)
	plRecv(t, subscriber, "10001 75 40")

	// All three at once.
	plSend(t, tasks, "task 2")
	plSend(t, publisher, "10001 76 41")
	if _, err := w.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	plWaitReady(t, receiver, zmq.POLLIN)
	n, err = zmq.Poll(items, -1)
	check("all three", n, err, zmq.POLLIN, zmq.POLLIN, zmq.POLLIN)

	// The Guide's loop: serve whatever is ready until all is read.
	var got []string
	for len(got) < 3 {
		if _, err := zmq.Poll(items, waitLimit); err != nil {
			t.Fatal(err)
		}
		if items[0].REvents&zmq.POLLIN != 0 {
			s, err := receiver.RecvString(0)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if items[1].REvents&zmq.POLLIN != 0 {
			s, err := subscriber.RecvString(0)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if items[2].REvents&zmq.POLLIN != 0 {
			var b [8]byte
			n, err := r.Read(b[:])
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, "pipe "+string(b[:n]))
		}
	}
	if fmt.Sprint(got) != "[task 2 10001 76 41 pipe q]" {
		t.Fatalf("served %q", got)
	}
	n, err = zmq.Poll(items, 0)
	check("all read", n, err, 0, 0, 0)

	// No items: waits for the timeout, as zmq_poll does.
	start = time.Now()
	if n, err := zmq.Poll(nil, 20*time.Millisecond); n != 0 || err != nil {
		t.Fatalf("zmq.Poll(nil) = %d, %v", n, err)
	}
	if took := time.Since(start); took < 18*time.Millisecond {
		t.Errorf("zmq.Poll(nil, 20ms) returned after %v", took)
	}
}

// POLLERR is what libzmq reports for a file descriptor in trouble (a pipe
// whose writer is gone: POLLHUP), whether it was asked for or not.
func TestPollerPOLLERR(t *testing.T) {
	r, w := plPipe(t)
	p := zmq.NewPoller()
	id := p.AddFD(int(r.Fd()), zmq.POLLIN)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := p.Poll(waitLimit)
	if err != nil || len(got) != 1 || got[0].ID != id || got[0].Events&zmq.POLLERR == 0 {
		t.Fatalf("Poll on a pipe with its writer closed = %s, %v; want POLLERR", plFormat(got), err)
	}
	t.Logf("pipe with its writer closed: %v", got[0].Events)

	items := []zmq.PollItem{{FD: int(r.Fd()), Events: zmq.POLLIN}}
	if n, err := zmq.Poll(items, waitLimit); err != nil || n != 1 || items[0].REvents&zmq.POLLERR == 0 {
		t.Fatalf("zmq.Poll on a pipe with its writer closed = %d, %v, REvents %v", n, err, items[0].REvents)
	}
}

// A nil socket is refused with ErrClosed, not a crash.
func TestPollerNilSocket(t *testing.T) {
	p := zmq.NewPoller()
	p.Add(nil, zmq.POLLIN)
	_, err := p.Poll(0)
	mustIs(t, err, zmq.ErrClosed, "Poll over a nil socket")
}
