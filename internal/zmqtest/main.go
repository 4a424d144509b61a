package zmqtest

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// LiveObjects, when set, counts the contexts, sockets and messages of
// package zmq that are still open; Main then also fails a run that leaves
// any. The counter is a hook of package zmq's own tests (zmq.LiveObjects
// in debug_test.go), so only the root's tests can set it, in TestMain
// before calling Main.
var LiveObjects func() (contexts, sockets, msgs int64)

// Main is a whole TestMain: it runs the tests, then fails the run if
// goroutines were left behind or, with LiveObjects set, if a context,
// socket or message was left open, and exits. Leaks are only looked for
// when the tests passed: a failing test may well leave things behind.
func Main(m *testing.M) {
	os.Exit(runChecked(m))
}

// MainWithPrograms is Main for tests that run programs of this module: it
// first builds pkgs (module-relative, "./cmd/zmqcat") into a temporary
// directory with Build, with -race if race, and sets *binDir to it; the
// directory is removed at the end.
func MainWithPrograms(m *testing.M, binDir *string, race bool, pkgs ...string) {
	dir, err := os.MkdirTemp("", "zmqgo-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := Build(dir, race, pkgs...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	*binDir = dir
	code := runChecked(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// AfterTests, when set, is called after tests that passed, before the
// leak checks; an error fails the run. It is for what only the whole run
// can tell, such as whether every program was exercised.
var AfterTests func() error

// FullRun reports whether this run is the whole package's tests: no -run
// or -skip filter and no -short.
func FullRun() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return !testing.Short()
}

// settle bounds how long the checks wait for goroutines to end and for
// dropped objects to be released by their cleanups.
const settle = 5 * time.Second

func runChecked(m *testing.M) int {
	// os/signal's first Notify starts a goroutine that never ends, and a
	// test may make that call (Launch does, when SIGINT is ignored): start
	// it before the count so that it is not taken for a leak.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGWINCH)
	signal.Stop(c)
	before := runtime.NumGoroutine()
	code := m.Run()
	if code != 0 {
		return code
	}
	if AfterTests != nil {
		if err := AfterTests(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	deadline := time.Now().Add(settle)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		fmt.Fprintf(os.Stderr, "goroutines leaked: %d before, %d after\n%s\n", before, n, buf[:runtime.Stack(buf, true)])
		code = 1
	}
	if LiveObjects != nil {
		// Dropped objects are released by their cleanups, which run
		// only after a garbage collection.
		var c, s, msgs int64
		for end := deadline.Add(settle); time.Now().Before(end); {
			runtime.GC()
			if c, s, msgs = LiveObjects(); c == 0 && s == 0 && msgs == 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if c != 0 || s != 0 || msgs != 0 {
			fmt.Fprintf(os.Stderr, "objects left open after the tests: %d contexts, %d sockets, %d messages\n", c, s, msgs)
			code = 1
		}
	}
	return code
}
