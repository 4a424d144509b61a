package zmq_test

// Runtime cleanups of dropped sockets and contexts: they release libzmq's
// threads and fds, never block, and never run under a call in progress.

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// procCount counts the entries of a /proc/self directory.
func procCount(t testing.TB, dir string) int {
	t.Helper()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		t.Fatal(err)
	}
	return len(names)
}

func fdCount(t testing.TB) int   { return procCount(t, "/proc/self/fd") - 1 } // less the directory's own fd
func taskCount(t testing.TB) int { return procCount(t, "/proc/self/task") }

// untilBack runs runtime.GC and polls until fds and threads are back to at
// most the baseline plus slack, or fails after a deadline.
func untilBack(t testing.TB, fds, tasks, taskSlack int, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f, k := fdCount(t), taskCount(t)
		if f <= fds && k <= tasks+taskSlack {
			t.Logf("%s: fds %d (baseline %d), threads %d (baseline %d)", what, f, fds, k, tasks)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: fds %d (baseline %d), threads %d (baseline %d + %d) after 5s", what, f, fds, k, tasks, taskSlack)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// gcUntil runs the garbage collector until ch delivers, failing the test
// after d: a cleanup runs only once a collection found its object
// unreachable, so a plain wait could wait for ever.
func gcUntil[T any](t testing.TB, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case v := <-ch:
			return v
		case <-deadline:
			t.Fatalf("%s did not happen within %v", what, d)
		default:
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
	}
}

// leakContextAndSocket makes a context with a bound socket and drops both
// without Close or Term.
//
//go:noinline
func leakContextAndSocket(t testing.TB) {
	leakSocket(t, rawContext(t))
}

// leakSocket makes a bound socket of ctx and drops it without Close.
//
//go:noinline
func leakSocket(t testing.TB, ctx *zmq.Context) {
	s := mustSocket(t, ctx, zmq.PUSH)
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
}

// A context and socket dropped without Close or Term are released by their
// cleanups, fds and threads back to the baseline, and those cleanups do not
// hold up the other cleanups of the program.
func TestCleanupReleasesDroppedContextAndSocket(t *testing.T) {
	// Warm up with a full, clean cycle: what the runtime opens once is
	// then part of the baseline.
	func() {
		ctx := zt.Context(t)
		s := rawSocket(t, ctx, zmq.PAIR)
		zt.BindLocal(t, s)
		s.Close()
		ctx.Term()
	}()
	runtime.GC()
	fds, tasks := fdCount(t), taskCount(t)

	leakContextAndSocket(t)
	if f, k := fdCount(t), taskCount(t); f <= fds || k <= tasks {
		t.Fatalf("a live context with a bound socket holds fds %d (baseline %d), threads %d (baseline %d): nothing to measure", f, fds, k, tasks)
	} else {
		t.Logf("while leaked: fds %d (baseline %d), threads %d (baseline %d)", f, fds, k, tasks)
	}

	// An unrelated cleanup, registered after the leak, must still run: the
	// zmq cleanups do not block the goroutine that runs cleanups.
	ran := make(chan struct{})
	func() {
		obj := new([128]byte)
		runtime.AddCleanup(obj, func(ch chan struct{}) { close(ch) }, ran)
	}()
	untilBack(t, fds, tasks, 0, "after the cleanups")
	gcUntil(t, ran, 5*time.Second, "an unrelated cleanup")
}

// Term of a context whose socket was dropped returns once the socket's
// cleanup closed it, instead of waiting for ever.
func TestTermWaitsForDroppedSocketCleanup(t *testing.T) {
	ctx := rawContext(t)
	leakSocket(t, ctx)
	if err := gcUntil(t, goTerm(ctx), zt.Limit, "Term (the dropped socket's cleanup should close it)"); err != nil {
		t.Fatalf("Term: %v", err)
	}
}

// 200 cycles of NewContext, Bind, Close and Term leave no fd or libzmq
// thread behind.
func TestContextCyclesLeaveNothing(t *testing.T) {
	cycle := func() {
		ctx := rawContext(t)
		s := mustSocket(t, ctx, zmq.PAIR)
		if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := ctx.Term(); err != nil {
			t.Fatal(err)
		}
	}
	cycle()
	fds, tasks := fdCount(t), taskCount(t)
	zt.Within(t, zt.Limit, "200 context cycles", func() {
		for i := 0; i < 200; i++ {
			cycle()
		}
	})
	// Go may have started a thread or two of its own meanwhile; libzmq's
	// two threads per context would show as hundreds.
	untilBack(t, fds, tasks, 4, "after 200 cycles")
}

// recvUnreferenced makes a socket nobody references but the Recv running
// on it.
//
//go:noinline
func recvUnreferenced(ctx *zmq.Context, timeout time.Duration) error {
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	if err := s.SetRcvTimeo(timeout); err != nil {
		return err
	}
	_, err = s.Recv(0) // last use of s: its cleanup may run as soon as it returns
	return err
}

// A socket that only the Recv running on it references is not closed under
// that Recv by its cleanup, however often the GC runs.
func TestNoPrematureCleanupDuringRecv(t *testing.T) {
	ctx := rawContext(t)
	stop := make(chan struct{})
	gcDone := make(chan struct{})
	go func() {
		defer close(gcDone)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	start := time.Now()
	var rerr error
	zt.Within(t, zt.Limit, "Recv on an unreferenced socket", func() { rerr = recvUnreferenced(ctx, 300*time.Millisecond) })
	took := time.Since(start)
	zt.MustIs(t, rerr, zmq.ErrAgain, "Recv with RCVTIMEO 300ms")
	if took < 250*time.Millisecond {
		t.Errorf("Recv returned after %v, want >= ~300ms", took)
	}
	// The GC loop is still running: the socket's cleanup closes it and Term
	// can return.
	err := waitFor(t, goTerm(ctx), zt.Limit, "Term after the socket's cleanup")
	close(stop)
	<-gcDone
	if err != nil {
		t.Fatalf("Term: %v", err)
	}
}
