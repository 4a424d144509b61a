package zmq_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// waitLimit bounds every wait in the tests, so a hang fails fast.
const waitLimit = 10 * time.Second

// newContext returns a context that is terminated when the test ends; the
// test fails if Term does not return within waitLimit ("open sockets
// remain"), which is how a test that forgot a socket is caught.
func newContext(t testing.TB) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	t.Cleanup(func() {
		done := make(chan error, 1)
		go func() { done <- ctx.Term() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Term: %v", err)
			}
		case <-time.After(waitLimit):
			t.Errorf("Term did not return within %v: open sockets remain", waitLimit)
		}
	})
	return ctx
}

// newSocket returns a socket of ctx with LINGER 0 and RCVTIMEO/SNDTIMEO of
// waitLimit, closed when the test ends (before its context is terminated).
func newSocket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(waitLimit), s.SetSndTimeo(waitLimit)} {
		if err != nil {
			t.Fatalf("setting up %v: %v", typ, err)
		}
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close %v: %v", typ, err)
		}
	})
	return s
}

// bindLocal binds s to a free port on 127.0.0.1 and returns the endpoint.
func bindLocal(t testing.TB, s *zmq.Socket) string {
	t.Helper()
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatalf("Bind: %v", err)
	}
	ep, err := s.LastEndpoint()
	if err != nil {
		t.Fatalf("LastEndpoint: %v", err)
	}
	return ep
}

var inprocSeq atomic.Int64

// inprocName returns an inproc endpoint no other test uses.
func inprocName(t testing.TB) string {
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	return fmt.Sprintf("inproc://%s-%d", name, inprocSeq.Add(1))
}

// connectedPair returns two sockets of ctx, a bound to a free tcp port
// and b connected to it.
func connectedPair(t testing.TB, ctx *zmq.Context, a, b zmq.Type) (*zmq.Socket, *zmq.Socket) {
	t.Helper()
	sa, sb := newSocket(t, ctx, a), newSocket(t, ctx, b)
	if err := sb.Connect(bindLocal(t, sa)); err != nil {
		t.Fatalf("Connect: %v", err)
	}
	return sa, sb
}

// within runs f in a goroutine and fails the test if it has not returned
// within d.
func within(t testing.TB, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v", what, d)
	}
}

// mustIs fails the test unless errors.Is(err, target).
func mustIs(t testing.TB, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

// TestMain fails the run if goroutines are left behind by the tests.
func TestMain(m *testing.M) {
	before := runtime.NumGoroutine()
	code := m.Run()
	if code == 0 {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<20)
			fmt.Fprintf(os.Stderr, "goroutines leaked: %d before, %d after\n%s\n", before, n, buf[:runtime.Stack(buf, true)])
			code = 1
		}
		// No context, socket or message left open: dropped ones are
		// released by their cleanups once the GC has run.
		var c, s, m int64
		for time.Now().Before(deadline.Add(5 * time.Second)) {
			runtime.GC()
			if c, s, m = zmq.LiveObjects(); c == 0 && s == 0 && m == 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if c != 0 || s != 0 || m != 0 {
			fmt.Fprintf(os.Stderr, "objects left open after the tests: %d contexts, %d sockets, %d messages\n", c, s, m)
			code = 1
		}
	}
	os.Exit(code)
}
