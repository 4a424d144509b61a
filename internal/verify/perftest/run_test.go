package perftest_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// buildCPeer compiles testdata/cpeer.c, or skips the test when
// there is no gcc or no libzmq pkg-config file.
func buildCPeer(t *testing.T) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc to build the C peer")
	}
	pkgConfig, err := exec.LookPath("pkg-config")
	if err != nil {
		t.Skip("no pkg-config to find libzmq for the C peer")
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	flags, err := exec.CommandContext(ctx, pkgConfig, "--cflags", "--libs", "libzmq").Output()
	if err != nil {
		t.Skipf("pkg-config --cflags --libs libzmq: %v", err)
	}
	out := filepath.Join(t.TempDir(), "cpeer")
	args := append([]string{"-O2", "-Wall", "-Werror", "-o", out, filepath.Join("testdata", "cpeer.c")}, strings.Fields(string(flags))...)
	if b, err := exec.CommandContext(ctx, gcc, args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// result is how a run of a program ended.
type result struct {
	name           string
	stdout, stderr string
	code           int  // exit status; -1 when killed by a signal
	timedOut       bool // killed at runTimeout
}

func (r result) String() string {
	s := fmt.Sprintf("%s: exit %d, stdout %q, stderr %q", r.name, r.code, r.stdout, r.stderr)
	if r.timedOut {
		s += fmt.Sprintf(" (killed after %v)", runTimeout)
	}
	return s
}

// runTool runs one program to the end.
func runTool(t *testing.T, path string, args ...string) result {
	t.Helper()
	return finish(startTool(t, filepath.Base(path), path, args), runTimeout)
}

// side is one program of a pair: its arguments hold endpointArg where
// the endpoint goes.
type side struct {
	name string
	path string
	args []string
}

// runPair runs binder and connector together on a free tcp port of
// 127.0.0.1 until both have exited, and returns how each ended. When one
// fails, the other is killed: it would wait for ever for its peer. When
// the port was taken between picking it and binding it, the pair runs
// again on another.
func runPair(t *testing.T, binder, connector side) (b, c result) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		endpoint := freeEndpoint(t)
		b, c = runPairOn(t, endpoint, binder, connector)
		if attempt < 3 && b.code != 0 && strings.Contains(b.stderr, "Address already in use") {
			t.Logf("%s: %s was taken, trying another port", binder.name, endpoint)
			continue
		}
		if b.timedOut || c.timedOut {
			t.Fatalf("pair on %s did not finish:\n%v\n%v", endpoint, b, c)
		}
		return b, c
	}
}

func runPairOn(t *testing.T, endpoint string, binder, connector side) (b, c result) {
	t.Helper()
	deadline := time.Now().Add(runTimeout)
	bp := startTool(t, binder.name, binder.path, withEndpoint(binder.args, endpoint))
	cp := startTool(t, connector.name, connector.path, withEndpoint(connector.args, endpoint))
	type ended struct {
		first bool
		r     result
	}
	done := make(chan ended, 2)
	go func() { done <- ended{true, finish(bp, time.Until(deadline))} }()
	go func() { done <- ended{false, finish(cp, time.Until(deadline))} }()
	for range 2 {
		e := <-done
		if e.r.code != 0 {
			// Its peer would wait for ever.
			bp.Stop(stopGrace)
			cp.Stop(stopGrace)
		}
		if e.first {
			b = e.r
		} else {
			c = e.r
		}
	}
	return b, c
}

func withEndpoint(args []string, endpoint string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == endpointArg {
			a = endpoint
		}
		out[i] = a
	}
	return out
}

// freeEndpoint returns a tcp endpoint on 127.0.0.1 whose port was free a
// moment ago: libzmq picks it for a wildcard bind, which is then closed.
func freeEndpoint(t *testing.T) string {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatal(err)
	}
	endpoint, err := s.LastEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Term returns once the socket, listener included, is closed.
	if err := ctx.Term(); err != nil {
		t.Fatal(err)
	}
	return endpoint
}

// stopGrace is how long a tool stopped with SIGINT has before SIGKILL.
const stopGrace = 2 * time.Second

func startTool(t *testing.T, name, path string, args []string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.StartWith(t, zmqtest.Options{Name: name}, path, args...)
}

// finish waits at most timeout for p to end, stops it if it has not, and
// returns how it ended.
func finish(p *zmqtest.Proc, timeout time.Duration) result {
	code, err := p.Wait(timeout)
	r := result{name: p.Name, code: code}
	if err != nil && !p.Exited() {
		p.Stop(stopGrace)
		r.code, r.timedOut = -1, true
	}
	r.stdout, r.stderr = p.Stdout(), p.Stderr()
	return r
}
