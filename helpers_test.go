package zmq_test

// Helpers the root tests share beyond internal/zmqtest: sockets connected
// over each transport, patterned frames and their comparison, and waits on
// calls in progress in other goroutines.

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// frameSizes cross the boundaries the binding cares about: empty, VSM
// (≤33 bytes live inside zmq_msg_t) and the first heap-allocated size,
// 256 bytes, both sides of 64 KiB (above it a frame is not packed with
// others and is freed in C as soon as it was copied out), and a large
// frame.
var frameSizes = []int{0, 1, 33, 34, 255, 256, 257, 1000, 65_536, 65_537, 1 << 20}

// transports are the transports every libzmq build here has.
var transports = []string{"inproc", "ipc", "tcp"}

// pairOver returns two PAIR sockets of ctx, a bound and b connected to it
// over transport ("inproc", "ipc" in a temporary directory, "tcp" on
// 127.0.0.1).
func pairOver(t testing.TB, ctx *zmq.Context, transport string) (a, b *zmq.Socket) {
	t.Helper()
	return typedPairOver(t, ctx, transport, zmq.PAIR, zmq.PAIR)
}

// typedPairOver is pairOver for any two socket types.
func typedPairOver(t testing.TB, ctx *zmq.Context, transport string, ta, tb zmq.Type) (a, b *zmq.Socket) {
	t.Helper()
	var ep string
	if transport == "ipc" {
		// Before the sockets: its directory is removed after they are closed.
		ep = zt.IPC(t, "sock")
	}
	a, b = zt.Socket(t, ctx, ta), zt.Socket(t, ctx, tb)
	switch transport {
	case "inproc":
		ep = zt.Inproc(t)
	case "ipc":
	case "tcp":
		ep = zt.BindLocal(t, a)
	default:
		t.Fatalf("unknown transport %q", transport)
	}
	if transport == "tcp" {
		if err := b.Connect(ep); err != nil {
			t.Fatalf("Connect %s: %v", ep, err)
		}
	} else {
		bindConnect(t, a, b, ep)
	}
	return a, b
}

// bindConnect binds a to ep and connects b to it, for sockets that need
// options set before they are linked, or that the test closes itself.
func bindConnect(t testing.TB, a, b *zmq.Socket, ep string) {
	t.Helper()
	if err := a.Bind(ep); err != nil {
		t.Fatalf("Bind %s: %v", ep, err)
	}
	if err := b.Connect(ep); err != nil {
		t.Fatalf("Connect %s: %v", ep, err)
	}
}

// pattern returns n bytes that differ from one position and one seed to
// the next, so a shifted, truncated or stale frame does not compare equal.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7+i>>8) ^ seed
	}
	return b
}

// sameBytes fails the test unless got equals want, naming the first
// differing byte rather than printing megabytes.
func sameBytes(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d bytes, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: byte %d of %d is %#x, want %#x", what, i, len(want), got[i], want[i])
		}
	}
}

// noMore fails the test if s reports that more frames follow.
func noMore(t testing.TB, s *zmq.Socket, what string) {
	t.Helper()
	more, err := s.RcvMore()
	if err != nil {
		t.Fatalf("%s: RcvMore: %v", what, err)
	}
	if more {
		t.Fatalf("%s: RcvMore = true after a single-frame message", what)
	}
}

// checkParts fails the test unless got has want's parts, byte for byte.
func checkParts(t testing.TB, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d parts, want %d", len(got), len(want))
	}
	for i := range want {
		sameBytes(t, fmt.Sprintf("part %d", i), got[i], want[i])
	}
}

// waitBusy returns once a call of another goroutine is in progress on s,
// so that "A is blocked in Recv" is known rather than slept for. It reads
// the socket's state without taking the socket: a probe such as RcvMore
// could make the very call it waits for fail with ErrInUse.
func waitBusy(t testing.TB, s *zmq.Socket) {
	t.Helper()
	deadline := time.Now().Add(zt.Limit)
	for !zmq.SocketBusy(s) {
		if time.Now().After(deadline) {
			t.Fatalf("no call in progress on %v after %v", s, zt.Limit)
		}
		time.Sleep(time.Millisecond)
	}
}

// rawContext is zmq.NewContext, failing the test on error. The caller
// terminates it (zt.Context would at the test's end).
func rawContext(t testing.TB) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	return ctx
}

// terminatedContext returns a context already terminated, for the calls
// that must then say ErrClosed.
func terminatedContext(t testing.TB) *zmq.Context {
	t.Helper()
	ctx := rawContext(t)
	if err := ctx.Term(); err != nil {
		t.Fatalf("Term: %v", err)
	}
	return ctx
}

// mustSocket is ctx.NewSocket with libzmq's defaults (LINGER -1, no
// timeouts), failing the test on error. The caller closes it: the tests
// close sockets at chosen moments, or forget them on purpose.
func mustSocket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	return s
}

// rawSocket is mustSocket with LINGER 0, so that closing it never makes
// Term wait.
func rawSocket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s := mustSocket(t, ctx, typ)
	if err := s.SetLinger(0); err != nil {
		t.Fatalf("SetLinger: %v", err)
	}
	return s
}

// queueUndeliverable connects s (a PUSH) to a port nothing listens on
// and queues a message there, which Term then waits for as long as
// LINGER says: for ever with libzmq's default of -1.
func queueUndeliverable(t testing.TB, s *zmq.Socket) {
	t.Helper()
	if err := s.Connect("tcp://127.0.0.1:1"); err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if err := s.Send([]byte("undeliverable"), zmq.DONTWAIT); err != nil {
		t.Fatalf("Send: %v", err)
	}
}

// lingeringContext returns a context whose only socket was closed with
// an undeliverable message queued and LINGER linger: its Term waits that
// long.
func lingeringContext(t testing.TB, linger time.Duration) *zmq.Context {
	t.Helper()
	ctx := rawContext(t)
	s := mustSocket(t, ctx, zmq.PUSH)
	queueUndeliverable(t, s)
	if err := s.SetLinger(linger); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Linger(); err != nil || got != linger {
		t.Fatalf("Linger = %v, %v; want %v", got, err, linger)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// goTerm runs ctx.Term in a goroutine and returns a channel with its
// result.
func goTerm(ctx *zmq.Context) <-chan error {
	done := make(chan error, 1)
	go func() { done <- ctx.Term() }()
	return done
}

// waitFor returns the value from ch, failing the test if it takes longer
// than d.
func waitFor[T any](t testing.TB, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("%s did not happen within %v", what, d)
		panic("unreachable")
	}
}

// notYet fails the test if ch delivers within d.
func notYet[T any](t testing.TB, ch <-chan T, d time.Duration, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s returned (%v) within %v; want still blocked", what, v, d)
	case <-time.After(d):
	}
}

// TestMain fails the run if a test left goroutines behind or a context,
// socket or message open.
func TestMain(m *testing.M) {
	zt.LiveObjects = zmq.LiveObjects
	zt.Main(m)
}

// noGCUnderCheckfinalizers turns the collector off for the rest of a test
// that holds thousands of sockets, when GODEBUG has checkfinalizers=1
// (make check's cgocheck2 pass). That mode checks every cleanup at each
// collection with the world stopped: with 10,000 sockets, each with its
// cleanup, one collection stopped everything for 4.5 s here (gctrace),
// which a slower machine stretches past the limit a hang is given.
func noGCUnderCheckfinalizers(t testing.TB) {
	if !strings.Contains(os.Getenv("GODEBUG"), "checkfinalizers=1") {
		return
	}
	old := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(old) })
}

// osThreads is the "Threads:" line of /proc/self/status: the OS threads of
// the process.
func osThreads(t testing.TB) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no Threads: line in /proc/self/status")
	return 0
}

// waitParked waits until at least n calls of Send or Recv are parked in the
// socket wait, which holds no OS thread (a select; the context's goroutine
// waits for them all in the netpoller).
func waitParked(t testing.TB, n int) { waitParkedIn(t, "[select", "zmq.(*Socket).wait", n) }

// waitParkedIn waits until at least n goroutines whose stack holds fn are
// parked in state ("[select", "[IO wait"), and returns how many are.
func waitParkedIn(t testing.TB, state, fn string, n int) int {
	t.Helper()
	buf := make([]byte, 1<<20)
	// The limit runs from the last progress, not from the start: on a
	// slow or loaded machine 10,000 goroutines may take longer than
	// zt.Limit to park, but a hang still fails after zt.Limit of no change.
	deadline := time.Now().Add(zt.Limit)
	best := 0
	for {
		k := runtime.Stack(buf, true)
		if k == len(buf) { // the dump did not fit
			buf = make([]byte, 2*len(buf))
			continue
		}
		parked := 0
		for g := range bytes.SplitSeq(buf[:k], []byte("\n\n")) {
			if bytes.Contains(g, []byte(state)) && bytes.Contains(g, []byte(fn)) {
				parked++
			}
		}
		if parked >= n {
			return parked
		}
		if parked > best {
			best, deadline = parked, time.Now().Add(zt.Limit)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d goroutines parked in %s, and no more for %v", parked, n, fn, zt.Limit)
		}
		// A dump of 10,000 stacks stops the world; polling less often
		// lets the goroutines being waited for run.
		time.Sleep(50 * time.Millisecond)
	}
}

// xpubSubs returns an XPUB of ctx bound to an inproc endpoint and n SUBs
// connected to it, each subscribed to everything. XPUB_VERBOSE passes
// every subscription up, and xpubSubs returns once the XPUB has received
// all n: each SUB then gets the XPUB's next message. For a large n the
// caller raises ctx's MAX_SOCKETS first.
func xpubSubs(t testing.TB, ctx *zmq.Context, n int) (pub *zmq.Socket, subs []*zmq.Socket) {
	t.Helper()
	pub = zt.Socket(t, ctx, zmq.XPUB)
	if err := pub.SetXPubVerbose(true); err != nil {
		t.Fatal(err)
	}
	ep := zt.Inproc(t)
	if err := pub.Bind(ep); err != nil {
		t.Fatal(err)
	}
	subs = make([]*zmq.Socket, n)
	for i := range subs {
		subs[i] = zt.Socket(t, ctx, zmq.SUB)
		if err := subs[i].Connect(ep); err != nil {
			t.Fatalf("SUB %d: Connect: %v", i, err)
		}
		if err := subs[i].SetSubscribe(""); err != nil {
			t.Fatalf("SUB %d: SetSubscribe: %v", i, err)
		}
	}
	for i := range n {
		if _, err := pub.Recv(0); err != nil {
			t.Fatalf("subscription %d of %d: %v", i, n, err)
		}
	}
	return pub, subs
}

// must fails the test on the first error of errs.
func must(t testing.TB, what string, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}
