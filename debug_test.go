//go:build cgo

package zmq

// Tests of debug.go: leak reports in ZMQGO_DEBUG=leaks mode and the
// live-object counters. The tests that need the counting hooks where
// contexts, sockets and messages are made and released fail, saying so,
// when the hooks are missing.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// LiveObjects returns how many contexts are not terminated, sockets not
// closed and messages not closed, process-wide. For the external tests.
func LiveObjects() (contexts, sockets, msgs int64) {
	return live[kindContext].Load(), live[kindSocket].Load(), live[kindMsg].Load()
}

// LiveHooked reports whether creating a context is counted, that is
// whether the hooks of debug.go are in place.
func LiveHooked() bool {
	before := live[kindContext].Load()
	c, err := NewContext()
	if err != nil {
		return false
	}
	hooked := live[kindContext].Load() > before
	c.Term()
	return hooked
}

// requireHooked fails the test when the hooks of debug.go are missing.
func requireHooked(t *testing.T) {
	t.Helper()
	if !LiveHooked() {
		t.Fatal("the live-object hooks of debug.go are missing where contexts, sockets or messages are made or released")
	}
}

// ZMQGO_DEBUG turns leak reports on only for "leaks" as a whole comma-
// separated word.
func TestDebugOption(t *testing.T) {
	for env, want := range map[string]bool{
		"":                   false,
		"leaks":              true,
		"x,leaks":            true,
		" leaks , other":     true,
		"leak":               false,
		"leaks=0":            false,
		"noleaks,leaksmore":  false,
		"cgocheck=1,leaks,y": true,
	} {
		if got := debugOption(env, "leaks"); got != want {
			t.Errorf("debugOption(%q, leaks) = %v, want %v", env, got, want)
		}
	}
}

// fakeNew stands for debugNew at the same call depth, without counting.
func fakeNew() string { return callerOutside() }

// The creation site a leak report names is the caller outside package zmq,
// at the right line.
func TestCallerOutside(t *testing.T) {
	_, _, line, _ := runtime.Caller(0)
	where := fakeNew() // line+1
	want := fmt.Sprintf("debug_test.go:%d (zmq.TestCallerOutside)", line+1)
	if where != want {
		t.Errorf("callerOutside = %q, want %q", where, want)
	}
	if !strings.HasSuffix(thisPackage, "/zmq.") {
		t.Errorf("thisPackage = %q", thisPackage)
	}
}

// A leak report names the kind, where it was created and the call that was
// missing; without a creation site nothing is printed.
func TestDebugLeakedFormat(t *testing.T) {
	var buf bytes.Buffer
	debugMu.Lock()
	old := debugOut
	debugOut = &buf
	debugMu.Unlock()
	defer func() {
		debugMu.Lock()
		debugOut = old
		debugMu.Unlock()
	}()
	debugLeaked(kindSocket, "")
	if buf.Len() != 0 {
		t.Errorf("debugLeaked without a creation site printed %q", buf.String())
	}
	debugLeaked(kindSocket, "foo.go:12 (main.run)")
	debugLeaked(kindContext, "bar.go:3 (main.main)")
	debugLeaked(kindMsg, "baz.go:7 (main.f)")
	want := "zmq: Socket created at foo.go:12 (main.run) was garbage collected without Close\n" +
		"zmq: Context created at bar.go:3 (main.main) was garbage collected without Term\n" +
		"zmq: Msg created at baz.go:7 (main.f) was garbage collected without Close\n"
	if buf.String() != want {
		t.Errorf("debugLeaked printed\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestDebugNewDisabled: without ZMQGO_DEBUG=leaks (the test process's own
// environment, unless someone runs the suite with it) debugNew records
// nothing, and counts.
func TestDebugNewDisabled(t *testing.T) {
	if debugLeaks {
		t.Skip("ZMQGO_DEBUG=leaks is set for the whole run")
	}
	before := live[kindMsg].Load()
	if w := debugNew(kindMsg); w != "" {
		t.Errorf("debugNew with leak debugging off = %q, want \"\"", w)
	}
	if got := live[kindMsg].Load(); got != before+1 {
		t.Errorf("debugNew counted %d, want %d", got, before+1)
	}
	debugFreed(kindMsg)
	if allocs := testing.AllocsPerRun(100, func() { debugNew(kindSocket); debugFreed(kindSocket) }); allocs != 0 {
		t.Errorf("debugNew+debugFreed allocate %v times with debugging off", allocs)
	}
}

// waitLive runs the GC until the counts are back to want, or fails.
func waitLive(t *testing.T, want [numKinds]int64, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got [numKinds]int64
		for k := range got {
			got[k] = live[k].Load()
		}
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: live contexts, sockets, msgs = %v, want %v", what, got, want)
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

func snapshot() (s [numKinds]int64) {
	for k := range s {
		s[k] = live[k].Load()
	}
	return s
}

// The live counters follow every creation and every ending exactly once: a
// double Close or Term counts once, and Destroy releases its sockets.
func TestLiveCounters(t *testing.T) {
	requireHooked(t)
	base := snapshot()
	c, err := NewContext()
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.NewSocket(PAIR)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.NewSocket(PAIR)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMsg(10)
	if err != nil {
		t.Fatal(err)
	}
	var zero Msg // allocated on first use
	b.SetRcvTimeo(time.Second)
	b.RecvMsg(&zero, DONTWAIT)
	want := base
	want[kindContext]++
	want[kindSocket] += 2
	want[kindMsg] += 2
	if got := snapshot(); got != want {
		t.Fatalf("after NewContext, 2×NewSocket, NewMsg, zero Msg used: %v, want %v", got, want)
	}
	m.Close()
	m.Close() // counted once
	zero.Close()
	a.Close()
	a.Close()
	want[kindMsg] -= 2
	want[kindSocket]--
	if got := snapshot(); got != want {
		t.Fatalf("after closing 2 Msgs and a Socket (twice each): %v, want %v", got, want)
	}
	// Destroy closes b; Term twice counts once.
	if err := c.Destroy(0); err != nil {
		t.Fatal(err)
	}
	c.Term()
	if got := snapshot(); got != base {
		t.Fatalf("after Destroy: %v, want %v", got, base)
	}
}

// leakAll makes a Context with a Socket and a Msg, and a zero Msg filled
// by RecvMsg, and drops them all. It returns the lines each creation was
// made on, in that order.
//
//go:noinline
func leakAll(t *testing.T) (lines [4]int) {
	_, _, l, _ := runtime.Caller(0)
	c, err := NewContext() // l+1
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.NewSocket(PULL) // l+5
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMsg(100) // l+9
	if err != nil {
		t.Fatal(err)
	}
	var z Msg
	s.RecvMsg(&z, DONTWAIT) // l+14
	_ = m
	return [4]int{l + 1, l + 5, l + 9, l + 14}
}

// TestLiveCountersDropped: objects dropped without Close or Term are
// released by their cleanups, and counted as released.
func TestLiveCountersDropped(t *testing.T) {
	requireHooked(t)
	base := snapshot()
	leakAll(t)
	waitLive(t, base, "after dropping a Context, a Socket and 2 Msgs")
}

// debugChild makes TestDebugLeaksReport the child that leaks.
const debugChild = "ZMQGO_TEST_DEBUG_CHILD"

// TestDebugLeaksReport runs the test binary with ZMQGO_DEBUG=leaks; the
// child drops a Context, a Socket and two Msgs, waits for their cleanups,
// and prints where it made them. Each must be reported on stderr at that
// place.
func TestDebugLeaksReport(t *testing.T) {
	if os.Getenv(debugChild) == "1" {
		if !debugLeaks {
			fmt.Println("child: ZMQGO_DEBUG=leaks was not seen at init")
			os.Exit(2)
		}
		base := snapshot()
		lines := leakAll(t)
		waitLive(t, base, "child, after dropping everything")
		fmt.Printf("lines %d %d %d %d\n", lines[0], lines[1], lines[2], lines[3])
		return
	}
	requireHooked(t)
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, os.Args[0], "-test.run=^TestDebugLeaksReport$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), debugChild+"=1", "ZMQGO_DEBUG=leaks")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	var l [4]int
	i := strings.Index(stdout.String(), "lines ")
	if i < 0 {
		t.Fatalf("child printed no lines:\n%s", stdout.String())
	}
	fmt.Sscanf(stdout.String()[i:], "lines %d %d %d %d", &l[0], &l[1], &l[2], &l[3])
	for _, want := range []string{
		fmt.Sprintf("zmq: Context created at debug_test.go:%d (zmq.leakAll) was garbage collected without Term\n", l[0]),
		fmt.Sprintf("zmq: Socket created at debug_test.go:%d (zmq.leakAll) was garbage collected without Close\n", l[1]),
		fmt.Sprintf("zmq: Msg created at debug_test.go:%d (zmq.leakAll) was garbage collected without Close\n", l[2]),
		fmt.Sprintf("zmq: Msg created at debug_test.go:%d (zmq.leakAll) was garbage collected without Close\n", l[3]),
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("child's stderr lacks %q; it has:\n%s", want, stderr.String())
		}
	}
}
