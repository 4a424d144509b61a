package examples

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// helloClientOutput is what hwclient prints for n requests answered.
func helloClientOutput(n int) string {
	var b strings.Builder
	b.WriteString("Connecting to hello world server...\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Sending Hello %d...\nReceived World %d\n", i, i)
	}
	return b.String()
}

// startPython runs script with Debian's python3-zmq and args.
func startPython(t *testing.T, script string, args ...string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.Start(t, "/usr/bin/python3", append([]string{"-c", script}, args...)...)
}

// pythonOutput waits for py to exit 0 and returns what it printed.
func pythonOutput(t *testing.T, py *zmqtest.Proc) string {
	t.Helper()
	py.ExpectExit(t, 0, 30*time.Second)
	return py.Stdout()
}

// helloDial waits until something accepts TCP connections on the shifted
// book port, which for interrupt means its signal handling is installed.
func helloDial(t *testing.T, top *topology, port int, p *zmqtest.Proc) {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", port+top.offset)
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if p.Exited() || time.Now().After(deadline) {
			t.Fatalf("%s: nothing accepts on %s: %v; stdout %q, stderr %q", p.Name, addr, err, p.Stdout(), p.Stderr())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pyREQ sends each argument after the first (the endpoint) as a request
// and prints each reply on its own line.
const pyREQ = `
import sys, zmq
ctx = zmq.Context()
s = ctx.socket(zmq.REQ)
s.setsockopt(zmq.LINGER, 0)
s.setsockopt(zmq.RCVTIMEO, 20000)
s.connect(sys.argv[1])
for req in sys.argv[2:]:
    s.send(req.encode())
    print(s.recv().decode(), flush=True)
s.close()
ctx.term()
`

// pyREP binds to argv[1], answers argv[2] requests "Hello" with "World"
// and prints how many it served.
const pyREP = `
import sys, zmq
ctx = zmq.Context()
s = ctx.socket(zmq.REP)
s.setsockopt(zmq.RCVTIMEO, 20000)
s.bind(sys.argv[1])
n = int(sys.argv[2])
for i in range(n):
    req = s.recv()
    if req != b"Hello":
        sys.exit("unexpected request %r" % req)
    s.send(b"World")
s.close(linger=2000)
ctx.term()
print("served", n)
`

// TestHelloWorld guards the Guide's first pair: hwclient gets its ten
// replies, hwserver prints each request and exits 0 on SIGINT.
func TestHelloWorld(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	server := top.start("hwserver")
	client := top.start("hwclient")
	client.ExpectExit(t, 0, 30*time.Second)
	if got, want := client.Stdout(), helloClientOutput(10); got != want {
		t.Errorf("hwclient printed %q, want %q", got, want)
	}
	// Every request was printed before its reply was sent.
	if got, want := server.Stdout(), strings.Repeat("Received Hello\n", 10); got != want {
		t.Errorf("hwserver printed %q, want 10 lines Received Hello", got)
	}
	if err := server.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	server.ExpectExit(t, 0, 5*time.Second)
}

// hwserver interrupted while it works on a request (in its 1 s sleep)
// still closes and terminates cleanly: its Send returns ErrTerm.
func TestHelloServerInterruptedMidRequest(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	server := top.start("hwserver")
	client := top.start("hwclient")
	if err := server.ExpectLine("Received Hello", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := server.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	server.ExpectExit(t, 0, 5*time.Second)
	client.Stop(time.Second) // blocked waiting for a reply that never comes
}

// Interop: a python REQ gets World from hwserver.
func TestHelloServerPythonREQ(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	server := top.start("hwserver")
	py := startPython(t, pyREQ, top.endpoint("localhost", 5555), "Hello", "Hello")
	if got := pythonOutput(t, py); got != "World\nWorld\n" {
		t.Errorf("python REQ got %q, want two World replies", got)
	}
	if got := server.Stdout(); got != "Received Hello\nReceived Hello\n" {
		t.Errorf("hwserver printed %q, want 2 lines Received Hello", got)
	}
	if err := server.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	server.ExpectExit(t, 0, 5*time.Second)
}

// Interop: hwclient gets its replies from a python REP.
func TestHelloClientPythonREP(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	py := startPython(t, pyREP, top.endpoint("*", 5555), "3")
	client := top.start("hwclient", "-n", "3")
	client.ExpectExit(t, 0, 30*time.Second)
	if got, want := client.Stdout(), helloClientOutput(3); got != want {
		t.Errorf("hwclient printed %q, want %q", got, want)
	}
	if got := pythonOutput(t, py); got != "served 3\n" {
		t.Errorf("python REP printed %q", got)
	}
}

// interruptOutput is all the interrupt example prints on stdout: the
// book's line, once its context is done.
const interruptOutput = "W: interrupt received, killing server...\n"

// TestInterruptSignals guards the Guide's interrupt example: it exits 0
// within a second of SIGINT or SIGTERM, having printed the book's line and
// nothing else.
func TestInterruptSignals(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			top := newTopology(t)
			p := top.start("interrupt")
			helloDial(t, top, 5555, p)
			if err := p.Signal(sig); err != nil {
				t.Fatal(err)
			}
			// The spec's bound: a clean exit follows the signal at once.
			p.ExpectExit(t, 0, time.Second)
			if got, errs := p.Stdout(), p.Stderr(); got != interruptOutput || errs != "" {
				t.Errorf("interrupt printed %q and %q on stderr, want %q and nothing", got, errs, interruptOutput)
			}
		})
	}
}

// interrupt answers a python REQ silently (the reply is the request),
// then still exits cleanly on SIGINT.
func TestInterruptAfterRequest(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	p := top.start("interrupt")
	py := startPython(t, pyREQ, top.endpoint("localhost", 5555), "Hello")
	if got := pythonOutput(t, py); got != "Hello\n" {
		t.Errorf("python REQ got %q, want the request echoed", got)
	}
	if err := p.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.ExpectExit(t, 0, time.Second)
	if got, errs := p.Stdout(), p.Stderr(); got != interruptOutput || errs != "" {
		t.Errorf("interrupt printed %q and %q on stderr, want %q and nothing", got, errs, interruptOutput)
	}
}

// With -v, interrupt says on stderr what it does: a line per request
// served and one when it cleans up; stdout stays the book's line.
func TestInterruptVerbose(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	p := top.start("interrupt", "-v")
	py := startPython(t, pyREQ, top.endpoint("localhost", 5555), "1", "2")
	if got := pythonOutput(t, py); got != "1\n2\n" {
		t.Errorf("python REQ got %q, want 1 and 2 echoed", got)
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	p.ExpectExit(t, 0, time.Second)
	if got := p.Stdout(); got != interruptOutput {
		t.Errorf("interrupt -v printed %q, want %q", got, interruptOutput)
	}
	if got, want := p.Stderr(), "W: recv\nW: recv\nW: cleaning up\n"; got != want {
		t.Errorf("interrupt -v printed %q on stderr, want %q", got, want)
	}
}

// Signals that signal.NotifyContext does not watch (SIGURG, which Go's
// runtime uses for preemption, and SIGPROF, as under a CPU profiler)
// interrupt system calls but must not stop the server: it keeps
// answering, and a SIGINT afterwards still ends it cleanly.
func TestInterruptSignalStorm(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	p := top.start("interrupt")
	helloDial(t, top, 5555, p)
	done := make(chan struct{})
	stormed := make(chan int)
	go func() {
		n := 0
		defer func() { stormed <- n }()
		for {
			select {
			case <-done:
				return
			default:
			}
			for _, sig := range []syscall.Signal{syscall.SIGURG, syscall.SIGPROF} {
				if p.Signal(sig) != nil {
					return
				}
				n++
			}
			time.Sleep(time.Millisecond)
		}
	}()
	// Let the storm hit the idle server (blocked in Recv) for a while
	// first: this is part of the scenario, not a wait for readiness.
	time.Sleep(500 * time.Millisecond)
	py := startPython(t, pyREQ, top.endpoint("localhost", 5555), "1", "2", "3", "4", "5")
	out := pythonOutput(t, py)
	close(done)
	n := <-stormed
	t.Logf("%d signals sent", n)
	if out != "1\n2\n3\n4\n5\n" {
		t.Errorf("python REQ got %q under %d signals, want 1..5 echoed", out, n)
	}
	if p.Exited() {
		t.Fatalf("interrupt exited under %d signals; stdout %q, stderr %q", n, p.Stdout(), p.Stderr())
	}
	if err := p.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	p.ExpectExit(t, 0, time.Second)
	if got := p.Stdout(); got != interruptOutput {
		t.Errorf("interrupt printed %q, want %q", got, interruptOutput)
	}
}

// TestMTServer guards the worker pool: 5 hwclients at once are served by
// mtserver's 5 workers.
// Served one at a time the 50 requests would take 50 s: the 40 s guard
// also shows the workers run in parallel.
func TestMTServer(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	server := top.start("mtserver")
	clients := make([]*zmqtest.Proc, 5)
	for i := range clients {
		clients[i] = top.start("hwclient")
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, err := c.Wait(40 * time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			if code != 0 {
				t.Errorf("hwclient exited with status %d; stderr %q", code, c.Stderr())
			}
			if got, want := c.Stdout(), helloClientOutput(10); got != want {
				t.Errorf("hwclient printed %q, want %q", got, want)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if got, want := server.Stdout(), strings.Repeat("Received request: [Hello]\n", 50); got != want {
		t.Errorf("mtserver printed %d lines %q, want 50 Received request: [Hello]",
			strings.Count(got, "\n"), got)
	}
	if err := server.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	server.ExpectExit(t, 0, 5*time.Second)
}

// mtserver interrupted while its workers are busy: they see ErrTerm on
// Send, close their sockets, and the process exits 0.
func TestMTServerInterruptedBusy(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	server := top.start("mtserver")
	for i := 0; i < 3; i++ {
		top.start("hwclient")
	}
	for i := 0; i < 3; i++ {
		if err := server.ExpectLine("Received request: [Hello]", 20*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if err := server.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	server.ExpectExit(t, 0, 5*time.Second)
}

// TestMTRelay guards the PAIR relay over inproc: the steps signal in
// order, every time, and the program prints the book's one line (the
// steps' own lines only under -v, on stderr).
func TestMTRelay(t *testing.T) {
	t.Parallel()
	top := newTopology(t)
	const want = "Test successful!\n"
	const steps = "Step 1 ready, signaling step 2\nStep 2 ready, signaling step 3\n"
	for i := 0; i < 20; i++ {
		p := top.start("mtrelay", "-v")
		p.ExpectExit(t, 0, 5*time.Second)
		if got := p.Stdout(); got != want {
			t.Fatalf("run %d: mtrelay printed %q, want %q", i, got, want)
		}
		if got := p.Stderr(); got != steps {
			t.Fatalf("run %d: mtrelay -v printed %q on stderr, want %q", i, got, steps)
		}
	}
	p := top.start("mtrelay")
	p.ExpectExit(t, 0, 5*time.Second)
	if got := p.Stdout() + p.Stderr(); got != want {
		t.Fatalf("mtrelay printed %q, want only %q", got, want)
	}
}
