// Package zmqtest holds what the tests of this module share: contexts and
// sockets that clean up after the test, endpoints no other test uses,
// bounded waits, the leak checks of a TestMain, a signal storm aimed at
// one thread, and a runner for child processes (the tools of cmd/, the
// Guide's examples), which the demo tour uses outside tests too, with a
// buffer their output can be copied to from several goroutines.
//
// Every wait is bounded, by Limit unless the caller says otherwise, so
// that a hang fails the test instead of stalling the run.
package zmqtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// Limit bounds every wait of the tests.
const Limit = 10 * time.Second

// Context returns a context that is terminated when the test ends. The
// test fails if Term does not return within Limit: a test that left a
// socket open is caught that way.
func Context(t testing.TB) *zmq.Context {
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
		case <-time.After(Limit):
			t.Errorf("Term did not return within %v: open sockets remain", Limit)
		}
	})
	return ctx
}

// Socket returns a socket of ctx with LINGER 0 and RCVTIMEO and SNDTIMEO
// of Limit, closed when the test ends (before Context's cleanup
// terminates ctx, cleanups running last in, first out). A goroutine using
// the socket must have ended by then.
func Socket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(Limit), s.SetSndTimeo(Limit)} {
		if err != nil {
			s.Close()
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

// BindLocal binds s to a free tcp port of 127.0.0.1 and returns the
// endpoint it got.
func BindLocal(t testing.TB, s *zmq.Socket) string {
	t.Helper()
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatalf("bind tcp://127.0.0.1:*: %v", err)
	}
	ep, err := s.LastEndpoint()
	if err != nil {
		t.Fatalf("LastEndpoint: %v", err)
	}
	return ep
}

// Pair returns two sockets of ctx made by Socket: a bound to a free tcp
// port, b connected to it.
func Pair(t testing.TB, ctx *zmq.Context, a, b zmq.Type) (*zmq.Socket, *zmq.Socket) {
	t.Helper()
	sa, sb := Socket(t, ctx, a), Socket(t, ctx, b)
	ep := BindLocal(t, sa)
	if err := sb.Connect(ep); err != nil {
		t.Fatalf("connect %s: %v", ep, err)
	}
	return sa, sb
}

var inprocSeq atomic.Int64

// Inproc returns an inproc endpoint that no other test uses: inproc
// names are process-wide, and parallel tests must not meet.
func Inproc(t testing.TB) string {
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	return fmt.Sprintf("inproc://%s-%d", name, inprocSeq.Add(1))
}

// IPC returns an ipc:// endpoint in a fresh temporary directory that is
// removed when the test ends. The directory is short-named because a
// socket path must fit in 107 bytes.
func IPC(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "zc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return "ipc://" + filepath.Join(dir, name)
}

// Within runs f in a goroutine and fails the test if it has not returned
// within d. The goroutine is left running then: the test is failing
// anyway, and its end reports the leak.
func Within(t testing.TB, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v", what, d)
	}
}

// MustIs fails the test unless errors.Is(err, target).
func MustIs(t testing.TB, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}
