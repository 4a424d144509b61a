package zmq_test

// Poller: readiness reported fairly over sockets and a pipe, in the order
// the entries were added, POLLOUT and POLLERR, and no allocation per Poll.
// The pl* helpers serve every Poller and Poll test.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// plPipeline returns a PULL socket bound over transport ("inproc" or
// "tcp") and a PUSH socket connected to it.
func plPipeline(t testing.TB, ctx *zmq.Context, transport string) (pull, push *zmq.Socket) {
	t.Helper()
	pull, push = zt.Socket(t, ctx, zmq.PULL), zt.Socket(t, ctx, zmq.PUSH)
	var ep string
	switch transport {
	case "inproc":
		ep = zt.Inproc(t)
		if err := pull.Bind(ep); err != nil {
			t.Fatalf("Bind: %v", err)
		}
	case "tcp":
		ep = zt.BindLocal(t, pull)
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
	got, err := p.Poll(zt.Limit)
	if err != nil || len(got) != 1 || got[0].Events&ev == 0 {
		t.Fatalf("waiting for %v on %v: %v, %v", ev, s, got, err)
	}
}

// plWaitInUse waits (bounded) until another goroutine's call holds s: its
// Events returns ErrInUse. It is how the tests know a Poll has begun.
func plWaitInUse(t testing.TB, s *zmq.Socket) {
	t.Helper()
	deadline := time.Now().Add(zt.Limit)
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
			t.Errorf("%v not in use within %v: Poll did not start", s, zt.Limit)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// plPollBlocking is p.Poll(-1) for a goroutine that plWaitInUse watches:
// the probe takes the socket for an instant, and a Poll that begins in
// that instant fails with ErrInUse; it is retried.
func plPollBlocking(p *zmq.Poller) ([]zmq.Polled, error) {
	deadline := time.Now().Add(zt.Limit)
	for {
		got, err := p.Poll(-1)
		if !errors.Is(err, zmq.ErrInUse) || time.Now().After(deadline) {
			return got, err
		}
		time.Sleep(time.Millisecond)
	}
}

// plResult is what a Poll of another goroutine returned.
type plResult struct {
	got []zmq.Polled
	err error
}

// plPollStarted runs plPollBlocking(p) in a goroutine and returns once
// that Poll holds s, with the channel its result will come on.
func plPollStarted(t testing.TB, p *zmq.Poller, s *zmq.Socket) <-chan plResult {
	t.Helper()
	done := make(chan plResult, 1)
	go func() {
		got, err := plPollBlocking(p)
		done <- plResult{got, err}
	}()
	plWaitInUse(t, s)
	return done
}

// plWant is an expected Polled; Socket nil means the file descriptor FD.
type plWant struct {
	id     int
	socket *zmq.Socket
	fd     int
	events zmq.Events
}

// plCheck fails the test unless Poll returned exactly want, in order.
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

// Each Poll reports every ready entry in the order they were added, a busy
// socket hiding none of the others, and a drained entry drops out.
func TestPollerFairReadiness(t *testing.T) {
	ctx := zt.Context(t)
	var pulls, pushes [3]*zmq.Socket
	for i, tr := range []string{"inproc", "tcp", "inproc"} {
		pulls[i], pushes[i] = plPipeline(t, ctx, tr)
	}
	r, w := plPipe(t)
	fd := int(r.Fd())

	p := zmq.NewPoller()
	for i, s := range pulls {
		if id := plAdd(t, p, s, zmq.POLLIN); id != i {
			t.Fatalf("Add #%d returned id %d", i, id)
		}
	}
	if id := plAddFD(t, p, fd, zmq.POLLIN); id != 3 {
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
		got, err = p.Poll(zt.Limit)
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
		got, err = p.Poll(zt.Limit)
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

// POLLOUT is reported for a PUSH with a peer and for a pipe's write end,
// not for a PUSH without a peer.
func TestPollerPOLLOUT(t *testing.T) {
	ctx := zt.Context(t)
	for _, tr := range []string{"inproc", "tcp"} {
		t.Run(tr, func(t *testing.T) {
			_, push := plPipeline(t, ctx, tr)
			p := zmq.NewPoller()
			id := plAdd(t, p, push, zmq.POLLIN|zmq.POLLOUT) // a PUSH is never readable
			got, err := p.Poll(zt.Limit)
			plCheck(t, "PUSH with a peer", got, err, plWant{id, push, -1, zmq.POLLOUT})
		})
	}
	t.Run("no peer", func(t *testing.T) {
		lonely := zt.Socket(t, ctx, zmq.PUSH)
		p := zmq.NewPoller()
		p.Add(lonely, zmq.POLLOUT)
		got, err := p.Poll(20 * time.Millisecond)
		plCheck(t, "PUSH without a peer", got, err)
	})
	t.Run("pipe write end", func(t *testing.T) {
		_, w := plPipe(t)
		p := zmq.NewPoller()
		id := plAddFD(t, p, int(w.Fd()), zmq.POLLOUT)
		got, err := p.Poll(zt.Limit)
		plCheck(t, "pipe write end", got, err, plWant{id, nil, int(w.Fd()), zmq.POLLOUT})
	})
}

// Poller.Poll allocates nothing per call, with entries ready or not and
// with any timeout.
func TestPollerAllocs(t *testing.T) {
	ctx := zt.Context(t)
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

// POLLERR is what libzmq reports for a file descriptor in trouble (a pipe
// whose writer is gone: POLLHUP), whether it was asked for or not.
func TestPollerPOLLERR(t *testing.T) {
	r, w := plPipe(t)
	p := zmq.NewPoller()
	id := plAddFD(t, p, int(r.Fd()), zmq.POLLIN)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := p.Poll(zt.Limit)
	if err != nil || len(got) != 1 || got[0].ID != id || got[0].Events&zmq.POLLERR == 0 {
		t.Fatalf("Poll on a pipe with its writer closed = %s, %v; want POLLERR", plFormat(got), err)
	}
	t.Logf("pipe with its writer closed: %v", got[0].Events)

	items := []zmq.PollItem{{FD: int(r.Fd()), Events: zmq.POLLIN}}
	if n, err := zmq.Poll(items, zt.Limit); err != nil || n != 1 || items[0].REvents&zmq.POLLERR == 0 {
		t.Fatalf("zmq.Poll on a pipe with its writer closed = %d, %v, REvents %v", n, err, items[0].REvents)
	}
}

// Add refuses a nil, zero or closed socket and AddFD a negative fd when
// they are called, with an *OpError "add", and the Poller stays empty:
// the mistake is reported where it was made, not by every later Poll.
func TestPollerAddRefused(t *testing.T) {
	closed := zt.Socket(t, zt.Context(t), zmq.PULL)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	p := zmq.NewPoller()
	for _, c := range []struct {
		name string
		add  func() (int, error)
		want error
	}{
		{"Add(nil)", func() (int, error) { return p.Add(nil, zmq.POLLIN) }, zmq.ErrClosed},
		{"Add(&Socket{})", func() (int, error) { return p.Add(&zmq.Socket{}, zmq.POLLIN) }, zmq.ErrClosed},
		{"Add(closed)", func() (int, error) { return p.Add(closed, zmq.POLLIN) }, zmq.ErrClosed},
		{"AddFD(-1)", func() (int, error) { return p.AddFD(-1, zmq.POLLIN) }, zmq.ErrInvalid},
	} {
		id, err := c.add()
		zt.MustIs(t, err, c.want, c.name)
		var oe *zmq.OpError
		if !errors.As(err, &oe) || oe.Op != "add" || id != -1 {
			t.Errorf("%s = %d, %#v; want -1 and an *OpError with Op \"add\"", c.name, id, err)
		}
	}
	if got, err := p.Poll(0); err != nil || len(got) != 0 {
		t.Fatalf("Poll after refused Adds = %v, %v; want nothing, nil", plFormat(got), err)
	}
}

// plAdd is Poller.Add for a socket the test knows is open.
func plAdd(t testing.TB, p *zmq.Poller, s *zmq.Socket, ev zmq.Events) int {
	t.Helper()
	id, err := p.Add(s, ev)
	if err != nil {
		t.Fatalf("Add(%v): %v", s, err)
	}
	return id
}

// plAddFD is Poller.AddFD for a valid fd.
func plAddFD(t testing.TB, p *zmq.Poller, fd int, ev zmq.Events) int {
	t.Helper()
	id, err := p.AddFD(fd, ev)
	if err != nil {
		t.Fatalf("AddFD(%d): %v", fd, err)
	}
	return id
}
