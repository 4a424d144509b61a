package zmq_test

// Lifecycle of contexts and sockets: Term and Shutdown against blocked
// calls, LINGER, and the runtime cleanups of dropped sockets and contexts.
// Term waits for open sockets, Shutdown and Term wake blocked calls with
// ErrTerm, LINGER bounds Term, and cleanups never block or run under a
// call in progress.

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// waitBusy returns once a call of another goroutine is in progress on s,
// so that "A is blocked in Recv" is known rather than slept for. It reads
// the socket's state without taking the socket: a probe such as RcvMore
// could make the very call it waits for fail with ErrInUse.
func waitBusy(t testing.TB, s *zmq.Socket) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !zmq.SocketBusy(s) {
		if time.Now().After(deadline) {
			t.Fatalf("no call in progress on %v after %v", s, waitLimit)
		}
		time.Sleep(time.Millisecond)
	}
}

// rawSocket is ctx.NewSocket with LINGER 0, failing the test on error. The
// caller closes it (the tests here close sockets at chosen moments).
func rawSocket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	if err := s.SetLinger(0); err != nil {
		t.Fatalf("SetLinger: %v", err)
	}
	return s
}

// goTerm runs ctx.Term in a goroutine and returns a channel with its
// result.
func goTerm(ctx *zmq.Context) <-chan error {
	done := make(chan error, 1)
	go func() { done <- ctx.Term() }()
	return done
}

// wait returns the value from ch, failing the test if it takes longer than d.
func lcWait[T any](t testing.TB, ch <-chan T, d time.Duration, what string) T {
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
func lcNotYet[T any](t testing.TB, ch <-chan T, d time.Duration, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s returned (%v) within %v; want still blocked", what, v, d)
	case <-time.After(d):
	}
}

func TestTermUnblocksRecv(t *testing.T) {
	ctx := newContext(t)
	s := rawSocket(t, ctx, zmq.PULL)
	if err := s.SetRcvTimeo(waitLimit); err != nil { // bound the test if Term fails to wake it
		t.Fatal(err)
	}
	if err := s.Bind(inprocName(t)); err != nil {
		t.Fatal(err)
	}
	recvErr := make(chan error, 1)
	closeNow := make(chan struct{})
	closed := make(chan error, 1)
	go func() {
		_, err := s.Recv(0)
		recvErr <- err
		<-closeNow
		closed <- s.Close()
	}()
	waitBusy(t, s)

	start := time.Now()
	term := goTerm(ctx)
	err := lcWait(t, recvErr, 2*time.Second, "Recv after Term")
	mustIs(t, err, zmq.ErrTerm, "Recv during Term")
	t.Logf("Recv returned %v %v after Term began", err, time.Since(start))

	// The socket is still open: Term must wait for it.
	lcNotYet(t, term, 50*time.Millisecond, "Term with the socket still open")
	close(closeNow)
	if err := lcWait(t, closed, waitLimit, "Close"); err != nil {
		t.Fatalf("Close after ErrTerm: %v", err)
	}
	if err := lcWait(t, term, waitLimit, "Term after the last Close"); err != nil {
		t.Fatalf("Term: %v", err)
	}
}

func TestShutdownUnblocksAndRefuses(t *testing.T) {
	ctx := newContext(t)
	pull := rawSocket(t, ctx, zmq.PULL)
	push := rawSocket(t, ctx, zmq.PUSH)
	fresh := rawSocket(t, ctx, zmq.PUSH) // untouched until after Shutdown
	defer func() {
		for _, s := range []*zmq.Socket{pull, push, fresh} {
			s.Close()
		}
	}()
	if err := pull.SetRcvTimeo(waitLimit); err != nil {
		t.Fatal(err)
	}
	ep := inprocName(t)
	if err := pull.Bind(ep); err != nil {
		t.Fatal(err)
	}
	if err := push.Connect(ep); err != nil {
		t.Fatal(err)
	}
	recvErr := make(chan error, 1)
	go func() {
		_, err := pull.Recv(0)
		recvErr <- err
	}()
	waitBusy(t, pull)

	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- ctx.Shutdown() }()
	if err := lcWait(t, shut, 2*time.Second, "Shutdown"); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	mustIs(t, lcWait(t, recvErr, 2*time.Second, "Recv after Shutdown"), zmq.ErrTerm, "blocked Recv after Shutdown")
	t.Logf("Shutdown and the blocked Recv's ErrTerm took %v", time.Since(start))

	_, err := ctx.NewSocket(zmq.PAIR)
	mustIs(t, err, zmq.ErrTerm, "NewSocket after Shutdown")
	var oe *zmq.OpError
	if !errors.As(err, &oe) {
		t.Errorf("NewSocket after Shutdown: %T %v, want *OpError", err, err)
	}

	// An option set before the socket has processed the stop command
	// succeeds: libzmq 4.3.4's setsockopt checks a flag that only
	// send/recv/bind/connect (process_commands) set. Measured: nil. After
	// any of those, SetLinger fails with ErrTerm (below).
	if err := fresh.SetLinger(0); err != nil {
		t.Errorf("SetLinger as the first call after Shutdown: %v; libzmq 4.3.4 accepts it", err)
	}

	mustIs(t, push.Send([]byte("x"), 0), zmq.ErrTerm, "Send after Shutdown")
	mustIs(t, push.Bind(inprocName(t)), zmq.ErrTerm, "Bind after Shutdown")
	mustIs(t, push.Connect(inprocName(t)), zmq.ErrTerm, "Connect after Shutdown")
	mustIs(t, push.SetLinger(0), zmq.ErrTerm, "SetLinger after Shutdown")
	_, err = pull.Recv(zmq.DONTWAIT)
	mustIs(t, err, zmq.ErrTerm, "Recv(DONTWAIT) after Shutdown")
	mustIs(t, fresh.Bind(inprocName(t)), zmq.ErrTerm, "Bind on a fresh socket after Shutdown")
	mustIs(t, fresh.SetLinger(0), zmq.ErrTerm, "SetLinger after Bind after Shutdown")
	if err := ctx.Shutdown(); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}

	for _, s := range []*zmq.Socket{pull, push, fresh} {
		if err := s.Close(); err != nil {
			t.Errorf("Close %v after Shutdown: %v", s, err)
		}
	}
	start = time.Now()
	if err := lcWait(t, goTerm(ctx), 2*time.Second, "Term after Shutdown and Close"); err != nil {
		t.Fatalf("Term: %v", err)
	}
	t.Logf("Term after Shutdown took %v", time.Since(start))
	if err := ctx.Shutdown(); !errors.Is(err, zmq.ErrClosed) {
		t.Errorf("Shutdown after Term: %v, want ErrClosed", err)
	}
}

func TestShutdownUnblocksSend(t *testing.T) {
	for _, how := range []string{"Send", "SendMsg"} {
		t.Run(how, func(t *testing.T) {
			ctx := newContext(t)
			push := rawSocket(t, ctx, zmq.PUSH) // no peer: Send blocks
			defer push.Close()
			if err := push.SetSndTimeo(waitLimit); err != nil {
				t.Fatal(err)
			}
			m, err := zmq.NewMsg(5)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			copy(m.Bytes(), "hello")
			sendErr := make(chan error, 1)
			go func() {
				if how == "Send" {
					sendErr <- push.Send([]byte("hello"), 0)
				} else {
					sendErr <- push.SendMsg(m, 0)
				}
			}()
			waitBusy(t, push)
			if err := ctx.Shutdown(); err != nil {
				t.Fatal(err)
			}
			mustIs(t, lcWait(t, sendErr, 2*time.Second, how+" after Shutdown"), zmq.ErrTerm, "blocked "+how+" after Shutdown")
			// A failed SendMsg leaves the message with its sender
			// (zmq_msg_send(3)).
			if got := string(m.Bytes()); got != "hello" {
				t.Errorf("Msg after a failed SendMsg holds %q, want hello", got)
			}
			if err := push.Close(); err != nil {
				t.Fatal(err)
			}
			if err := lcWait(t, goTerm(ctx), 2*time.Second, "Term"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTermWaitsForOpenSocket(t *testing.T) {
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	s := rawSocket(t, ctx, zmq.PAIR)
	if err := s.Bind(inprocName(t)); err != nil {
		t.Fatal(err)
	}
	term1 := goTerm(ctx)
	term2 := goTerm(ctx)
	lcNotYet(t, term1, 200*time.Millisecond, "Term with a socket open")
	lcNotYet(t, term2, 10*time.Millisecond, "second Term with a socket open")

	// While Term waits: no new sockets, and the open one still works.
	_, err = ctx.NewSocket(zmq.PAIR)
	mustIs(t, err, zmq.ErrTerm, "NewSocket while Term waits")
	if err := ctx.Shutdown(); err != nil {
		t.Errorf("Shutdown while Term waits: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := lcWait(t, term1, waitLimit, "Term after Close"); err != nil {
		t.Errorf("Term: %v", err)
	}
	if err := lcWait(t, term2, waitLimit, "second Term after Close"); err != nil {
		t.Errorf("second Term: %v", err)
	}
	if err := lcWait(t, goTerm(ctx), time.Second, "Term of a terminated context"); err != nil {
		t.Errorf("third Term: %v", err)
	}
	_, err = ctx.NewSocket(zmq.PAIR)
	mustIs(t, err, zmq.ErrClosed, "NewSocket after Term")
}

func TestLingerBoundsTerm(t *testing.T) {
	for _, linger := range []time.Duration{0, 300 * time.Millisecond} {
		t.Run(linger.String(), func(t *testing.T) {
			ctx, err := zmq.NewContext()
			if err != nil {
				t.Fatal(err)
			}
			s, err := ctx.NewSocket(zmq.PUSH)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Connect("tcp://127.0.0.1:1"); err != nil { // nothing listens
				t.Fatal(err)
			}
			if err := s.Send([]byte("undeliverable"), zmq.DONTWAIT); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if err := s.SetLinger(linger); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Linger(); err != nil || got != linger {
				t.Fatalf("Linger = %v, %v; want %v", got, err, linger)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if err := lcWait(t, goTerm(ctx), waitLimit, "Term"); err != nil {
				t.Fatalf("Term: %v", err)
			}
			took := time.Since(start)
			t.Logf("LINGER %v: Term took %v", linger, took)
			if linger > 0 && took < linger-50*time.Millisecond {
				t.Errorf("Term took %v, want >= %v (LINGER %v)", took, linger-50*time.Millisecond, linger)
			}
			if linger == 0 && took > 250*time.Millisecond {
				t.Errorf("Term took %v with LINGER 0, want it fast", took)
			}
		})
	}
}

func TestBlockedCallRefusesOtherGoroutines(t *testing.T) {
	for _, wake := range []string{"message", "shutdown"} {
		t.Run(wake, func(t *testing.T) {
			ctx := newContext(t)
			a := rawSocket(t, ctx, zmq.PAIR)
			b := rawSocket(t, ctx, zmq.PAIR)
			defer a.Close()
			defer b.Close()
			if err := a.SetRcvTimeo(waitLimit); err != nil {
				t.Fatal(err)
			}
			ep := inprocName(t)
			if err := a.Bind(ep); err != nil {
				t.Fatal(err)
			}
			if err := b.Connect(ep); err != nil {
				t.Fatal(err)
			}
			type result struct {
				msg string
				err error
			}
			got := make(chan result, 1)
			go func() {
				m, err := a.RecvString(0)
				got <- result{m, err}
			}()
			waitBusy(t, a)

			is := func(err error, what string) {
				t.Helper()
				if !errors.Is(err, zmq.ErrInUse) {
					t.Errorf("%s while Recv blocks on another goroutine: %v, want ErrInUse", what, err)
				}
			}
			is(a.Send([]byte("no"), 0), "Send")
			is(a.SendString("no", zmq.DONTWAIT), "SendString")
			is(a.SetLinger(time.Second), "SetLinger")
			_, err := a.Linger()
			is(err, "Linger")
			is(a.Bind(inprocName(t)), "Bind")
			is(a.Connect(ep), "Connect")
			_, err = a.Recv(zmq.DONTWAIT)
			is(err, "Recv")
			_, err = a.RecvInto(make([]byte, 8), zmq.DONTWAIT)
			is(err, "RecvInto")
			_, err = a.LastEndpoint()
			is(err, "LastEndpoint")

			switch wake {
			case "message":
				if err := b.SendString("hello", 0); err != nil {
					t.Fatal(err)
				}
				r := lcWait(t, got, waitLimit, "Recv of the message")
				if r.err != nil || r.msg != "hello" {
					t.Fatalf("blocked Recv = %q, %v; want hello", r.msg, r.err)
				}
				// Nothing the refused calls did reached the socket: the
				// linger is still 0 and it still works both ways.
				if l, err := a.Linger(); err != nil || l != 0 {
					t.Errorf("Linger after a refused SetLinger = %v, %v; want 0", l, err)
				}
				if err := a.SendString("back", 0); err != nil {
					t.Fatal(err)
				}
				if m, err := b.RecvString(0); err != nil || m != "back" {
					t.Fatalf("RecvString = %q, %v", m, err)
				}
			case "shutdown":
				if err := ctx.Shutdown(); err != nil {
					t.Fatal(err)
				}
				r := lcWait(t, got, 2*time.Second, "Recv after Shutdown")
				mustIs(t, r.err, zmq.ErrTerm, "blocked Recv after Shutdown")
			}
			if err := a.Close(); err != nil {
				t.Errorf("Close after the blocked call returned: %v", err)
			}
		})
	}
}

func TestConcurrentSendStress(t *testing.T) {
	const n = 10000
	ctx := newContext(t)
	pub := newSocket(t, ctx, zmq.PUB) // no subscribers: Send never blocks
	bindLocal(t, pub)
	type tally struct{ g, ok, inUse int }
	res := make(chan tally, 2)
	start := make(chan struct{})
	for g := 0; g < 2; g++ {
		go func() {
			c := tally{g: g}
			msg := []byte("hammer")
			<-start
			for i := 0; i < n; i++ {
				switch err := pub.Send(msg, 0); {
				case err == nil:
					c.ok++
				case errors.Is(err, zmq.ErrInUse):
					c.inUse++
				default:
					t.Errorf("Send: %v", err)
					res <- c
					return
				}
			}
			res <- c
		}()
	}
	close(start)
	var total tally
	for g := 0; g < 2; g++ {
		c := lcWait(t, res, waitLimit, "hammering goroutine")
		t.Logf("goroutine %d: %d ok, %d ErrInUse", c.g, c.ok, c.inUse)
		total.ok += c.ok
		total.inUse += c.inUse
	}
	t.Logf("%d sends: %d ok, %d ErrInUse", 2*n, total.ok, total.inUse)
	if total.ok+total.inUse != 2*n {
		t.Errorf("%d ok + %d in use != %d", total.ok, total.inUse, 2*n)
	}
	if err := pub.Send([]byte("after"), 0); err != nil {
		t.Errorf("Send after the stress: %v", err)
	}
}

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

// leakContextAndSocket makes a context with a bound socket and drops both
// without Close or Term.
//
//go:noinline
func leakContextAndSocket(t testing.TB) {
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ctx.NewSocket(zmq.PAIR)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
}

//go:noinline
func leakSocket(t testing.TB, ctx *zmq.Context) {
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
}

func TestCleanupReleasesDroppedContextAndSocket(t *testing.T) {
	// Warm up with a full, clean cycle: what the runtime opens once is
	// then part of the baseline.
	func() {
		ctx := newContext(t)
		s := rawSocket(t, ctx, zmq.PAIR)
		bindLocal(t, s)
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
	deadline := time.After(5 * time.Second)
	for done := false; !done; {
		select {
		case <-ran:
			done = true
		case <-deadline:
			t.Fatal("an unrelated cleanup did not run within 5s")
		default:
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
	}
}

func TestTermWaitsForDroppedSocketCleanup(t *testing.T) {
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	leakSocket(t, ctx)
	term := goTerm(ctx)
	deadline := time.After(waitLimit)
	for {
		select {
		case err := <-term:
			if err != nil {
				t.Fatalf("Term: %v", err)
			}
			return
		case <-deadline:
			t.Fatal("Term did not return though the dropped socket should have been closed by its cleanup")
		default:
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
	}
}

func TestContextCyclesLeaveNothing(t *testing.T) {
	cycle := func() {
		ctx, err := zmq.NewContext()
		if err != nil {
			t.Fatal(err)
		}
		s, err := ctx.NewSocket(zmq.PAIR)
		if err != nil {
			t.Fatal(err)
		}
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
	within(t, waitLimit, "200 context cycles", func() {
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

func TestNoPrematureCleanupDuringRecv(t *testing.T) {
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
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
	within(t, waitLimit, "Recv on an unreferenced socket", func() { rerr = recvUnreferenced(ctx, 300*time.Millisecond) })
	took := time.Since(start)
	mustIs(t, rerr, zmq.ErrAgain, "Recv with RCVTIMEO 300ms")
	if took < 250*time.Millisecond {
		t.Errorf("Recv returned after %v, want >= ~300ms", took)
	}
	// The GC loop is still running: the socket's cleanup closes it and Term
	// can return.
	err = lcWait(t, goTerm(ctx), waitLimit, "Term after the socket's cleanup")
	close(stop)
	<-gcDone
	if err != nil {
		t.Fatalf("Term: %v", err)
	}
}

// TestHandoffThroughLibzmq passes a socket from one goroutine to another
// with no Go synchronisation between them, only libzmq's: the receiver
// learns from the message itself that the sender's Send is over, then
// closes the sender's socket. That is correct (the call has ended), and
// under -race the detector must agree: a Send that ends its call in C
// (zgo_end) must touch nothing of the Socket after the crossing.
func TestHandoffThroughLibzmq(t *testing.T) {
	ctx := newContext(t)
	for i := 0; i < 20; i++ {
		pull := rawSocket(t, ctx, zmq.PULL)
		push := rawSocket(t, ctx, zmq.PUSH)
		ep := fmt.Sprintf("inproc://handoff-%d", i)
		if err := pull.Bind(ep); err != nil {
			t.Fatal(err)
		}
		if err := push.Connect(ep); err != nil {
			t.Fatal(err)
		}
		go push.Send([]byte("done with push"), 0)
		if err := pull.SetRcvTimeo(waitLimit); err != nil {
			t.Fatal(err)
		}
		if _, err := pull.Recv(0); err != nil {
			t.Fatal(err)
		}
		// Send's call may still be returning, but it has ended: Close
		// succeeds or, rarely, reports ErrInUse and is retried.
		for err := push.Close(); err != nil; err = push.Close() {
			if !errors.Is(err, zmq.ErrInUse) {
				t.Fatal(err)
			}
			runtime.Gosched()
		}
		pull.Close()
	}
}
