package zmq_test

// A device or proxy running in its own goroutine for the device and proxy
// tests, and the message helpers those tests share.

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// proxyRun is a Device or Proxy running in its own goroutine.
type proxyRun struct {
	done chan struct{}
	err  error
	took time.Duration // from the stop signal (see stopAt) to the return
	stop time.Time
	mu   sync.Mutex
}

// startProxy runs run in a goroutine; when it returns, that goroutine
// closes socks (they are in use while the proxy runs, so only it can).
// A cleanup shuts ctx down and waits for it, so a failing test does not
// leave the proxy behind; it runs before the sockets' and context's own
// cleanups, being registered after them.
func startProxy(t *testing.T, ctx *zmq.Context, run func() error, socks ...*zmq.Socket) *proxyRun {
	t.Helper()
	p := &proxyRun{done: make(chan struct{})}
	go func() {
		err := run()
		p.mu.Lock()
		if !p.stop.IsZero() {
			p.took = time.Since(p.stop)
		}
		p.mu.Unlock()
		for _, s := range socks {
			if cerr := s.Close(); cerr != nil {
				t.Errorf("closing %v after the proxy returned: %v", s, cerr)
			}
		}
		p.err = err
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
			return
		default:
		}
		ctx.Shutdown()
		select {
		case <-p.done:
		case <-time.After(zt.Limit):
			t.Errorf("proxy still running %v after Shutdown", zt.Limit)
		}
	})
	return p
}

// stopAt records the moment the proxy was told to stop.
func (p *proxyRun) stopAt() {
	p.mu.Lock()
	p.stop = time.Now()
	p.mu.Unlock()
}

// wait returns the proxy's error, failing the test if it has not
// returned within d.
func (p *proxyRun) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		t.Fatalf("proxy did not return within %v", d)
		return nil
	}
}

// running fails the test if the proxy has returned (it was refused, or
// failed) within d.
func (p *proxyRun) running(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-p.done:
		t.Fatalf("proxy returned early: %v", p.err)
	case <-time.After(d):
	}
}

// shutdown shuts ctx down and requires the proxy to return ErrTerm within
// a second.
func (p *proxyRun) shutdown(t *testing.T, ctx *zmq.Context) time.Duration {
	t.Helper()
	p.stopAt()
	if err := ctx.Shutdown(); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	zt.MustIs(t, p.wait(t, time.Second), zmq.ErrTerm, "proxy after Shutdown")
	return p.took
}

// bindInproc binds s to a fresh inproc endpoint and returns it.
func bindInproc(t *testing.T, s *zmq.Socket) string {
	t.Helper()
	ep := zt.Inproc(t)
	if err := s.Bind(ep); err != nil {
		t.Fatalf("Bind %s: %v", ep, err)
	}
	return ep
}

func connect(t *testing.T, s *zmq.Socket, ep string) {
	t.Helper()
	if err := s.Connect(ep); err != nil {
		t.Fatalf("Connect %s: %v", ep, err)
	}
}

func setRcvTimeo(t *testing.T, s *zmq.Socket, d time.Duration) {
	t.Helper()
	if err := s.SetRcvTimeo(d); err != nil {
		t.Fatalf("SetRcvTimeo: %v", err)
	}
}

// frames turns strings into a message.
func frames(ss ...string) [][]byte {
	m := make([][]byte, len(ss))
	for i, s := range ss {
		m[i] = []byte(s)
	}
	return m
}

func strs(m [][]byte) []string {
	s := make([]string, len(m))
	for i, b := range m {
		s[i] = string(b)
	}
	return s
}

func sameMessage(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// nothingArrives fails the test if s receives anything within d.
func nothingArrives(t *testing.T, s *zmq.Socket, d time.Duration, what string) {
	t.Helper()
	setRcvTimeo(t, s, d)
	m, err := s.RecvMessage(0)
	if err == nil {
		t.Fatalf("%s: received %q", what, strs(m))
	}
	zt.MustIs(t, err, zmq.ErrAgain, what)
	setRcvTimeo(t, s, zt.Limit)
}

// roundTrip sends m from a to b through the proxy and checks it arrives.
func roundTrip(t *testing.T, from, to *zmq.Socket, m [][]byte) {
	t.Helper()
	if err := from.SendMessage(m, 0); err != nil {
		t.Fatal(err)
	}
	got, err := to.RecvMessage(0)
	if err != nil {
		t.Fatalf("waiting for %q: %v", strs(m), err)
	}
	if !sameMessage(got, m) {
		t.Fatalf("got %q, want %q", strs(got), strs(m))
	}
}

func size(m [][]byte) uint64 {
	n := 0
	for _, b := range m {
		n += len(b)
	}
	return uint64(n)
}
