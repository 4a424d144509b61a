package zmq_test

// A Poller's epoll set follows its entries: after Update, Remove and Add,
// and when a descriptor number comes to mean another file, a waiting Poll
// still wakes for what its entries ask. File descriptors epoll cannot hold
// and ones that are not open neither fail the Poll nor hang it.

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// rawPipe is syscall.Pipe2, its ends closed when the test ends unless the
// test closed them (closing a number twice could close another test's
// descriptor, so the test sets an end to -1 when it closes it).
func rawPipe(t testing.TB) *[2]int {
	t.Helper()
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, fd := range fds {
			if fd >= 0 {
				syscall.Close(fd)
			}
		}
	})
	return &fds
}

// plBlockOnce makes p wait once with nothing ready, so that it has an epoll
// set filled from its entries as they are now.
func plBlockOnce(t testing.TB, p *zmq.Poller) {
	t.Helper()
	if got, err := p.Poll(time.Millisecond); err != nil || len(got) != 0 {
		t.Fatalf("Poll(1ms) with nothing ready = %s, %v", plFormat(got), err)
	}
}

func TestPollerWatchFollowsEntries(t *testing.T) {
	zctx := zt.Context(t)

	// An Update from POLLOUT to POLLIN of a pipe's read end: the write
	// end's data wakes the wait.
	t.Run("update", func(t *testing.T) {
		idle, _ := plPipeline(t, zctx, "inproc")
		r, w := plPipe(t)
		p := zmq.NewPoller()
		p.Add(idle, zmq.POLLIN)
		id := plAddFD(t, p, int(r.Fd()), zmq.POLLOUT) // a read end is never writable
		plBlockOnce(t, p)
		if err := p.Update(id, zmq.POLLIN); err != nil {
			t.Fatal(err)
		}
		done := plPollStarted(t, p, idle)
		if _, err := w.Write([]byte{1}); err != nil {
			t.Fatal(err)
		}
		res := waitFor(t, done, zt.Limit, "Poll woken by the pipe after Update")
		plCheck(t, "pipe after Update", res.got, res.err, plWant{id, nil, int(r.Fd()), zmq.POLLIN})
	})

	// A socket removed and closed, another added (libzmq may well give it
	// the same ZMQ_FD number): a message to the new one wakes the wait.
	t.Run("socket replaced", func(t *testing.T) {
		old, _ := plPipeline(t, zctx, "inproc")
		oldFD, err := old.FD()
		if err != nil {
			t.Fatal(err)
		}
		p := zmq.NewPoller()
		id := plAdd(t, p, old, zmq.POLLIN)
		plBlockOnce(t, p)
		if err := p.Remove(id); err != nil {
			t.Fatal(err)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}
		pull, push := plPipeline(t, zctx, "inproc")
		newFD, err := pull.FD()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("ZMQ_FD of the removed socket %d, of the added one %d", oldFD, newFD)
		id = plAdd(t, p, pull, zmq.POLLIN)
		done := plPollStarted(t, p, pull)
		plSend(t, push, "new")
		res := waitFor(t, done, zt.Limit, "Poll woken by the added socket")
		plCheck(t, "added socket", res.got, res.err, plWant{id, pull, -1, zmq.POLLIN})
		plRecv(t, pull, "new")
	})

	// The number of a polled pipe comes to mean another pipe (dup3 over
	// it), the entry untouched: the new pipe's data wakes the wait.
	t.Run("fd number reused", func(t *testing.T) {
		idle, _ := plPipeline(t, zctx, "inproc")
		a, b := rawPipe(t), rawPipe(t)
		p := zmq.NewPoller()
		p.Add(idle, zmq.POLLIN)
		id := plAddFD(t, p, a[0], zmq.POLLIN)
		plBlockOnce(t, p)
		if err := syscall.Dup3(b[0], a[0], syscall.O_CLOEXEC); err != nil {
			t.Fatal(err)
		}
		syscall.Close(b[0])
		b[0] = -1
		done := plPollStarted(t, p, idle)
		if _, err := syscall.Write(b[1], []byte{1}); err != nil {
			t.Fatal(err)
		}
		res := waitFor(t, done, zt.Limit, "Poll woken by the pipe now under the polled number")
		plCheck(t, "reused number", res.got, res.err, plWant{id, nil, a[0], zmq.POLLIN})
	})
}

// A descriptor that is not open is reported at once with POLLERR, as
// zmq_poll does, by a Poller that has waited before or not; one that epoll
// cannot hold (a regular file) neither fails the Poll nor keeps a message
// from waking it.
func TestPollerOddFDs(t *testing.T) {
	zctx := zt.Context(t)
	pull, push := plPipeline(t, zctx, "inproc")
	const closedFD = 1 << 20 // above the process's limit: never open
	for _, waited := range []bool{false, true} {
		p := zmq.NewPoller()
		p.Add(pull, zmq.POLLIN)
		if waited {
			plBlockOnce(t, p)
		}
		id := plAddFD(t, p, closedFD, zmq.POLLIN)
		zt.Within(t, zt.Limit, "Poll(-1) over a descriptor that is not open", func() {
			got, err := p.Poll(-1)
			plCheck(t, "descriptor not open", got, err, plWant{id, nil, closedFD, zmq.POLLERR})
		})
	}

	f, err := os.Open("poller_watch_test.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := zmq.NewPoller()
	id := plAdd(t, p, pull, zmq.POLLIN)
	p.AddFD(int(f.Fd()), 0) // never ready: a regular file reports only POLLIN and POLLOUT
	plBlockOnce(t, p)
	done := plPollStarted(t, p, pull)
	plSend(t, push, "past the file")
	res := waitFor(t, done, zt.Limit, "Poll over a regular file woken by a message")
	plCheck(t, "regular file and a message", res.got, res.err, plWant{id, pull, -1, zmq.POLLIN})
	plRecv(t, pull, "past the file")
}
