package zmqtest_test

import (
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	"github.com/zmqgo/zmq/internal/zmqtest"
)

// TestSocketSetup guards what every test relies on from Socket: LINGER 0,
// so that Term never waits, and both timeouts at Limit, so that a lost
// message fails the test instead of hanging it; and a Pair that talks.
func TestSocketSetup(t *testing.T) {
	ctx := zmqtest.Context(t)
	a, b := zmqtest.Pair(t, ctx, zmq.PAIR, zmq.PAIR)
	for _, s := range []*zmq.Socket{a, b} {
		if d, err := s.Linger(); err != nil || d != 0 {
			t.Errorf("LINGER %v, %v; want 0", d, err)
		}
		for name, get := range map[string]func() (time.Duration, error){"RCVTIMEO": s.RcvTimeo, "SNDTIMEO": s.SndTimeo} {
			if d, err := get(); err != nil || d != zmqtest.Limit {
				t.Errorf("%s %v, %v; want %v", name, d, err, zmqtest.Limit)
			}
		}
	}
	if err := b.SendString("ping", 0); err != nil {
		t.Fatal(err)
	}
	if got, err := a.RecvString(0); err != nil || got != "ping" {
		t.Fatalf("got %q, %v; want ping", got, err)
	}
}

// TestInprocUnique guards against two tests, or two calls in one test,
// getting the same inproc endpoint: the second bind would fail.
func TestInprocUnique(t *testing.T) {
	ctx := zmqtest.Context(t)
	a, b := zmqtest.Inproc(t), zmqtest.Inproc(t)
	if a == b {
		t.Fatalf("Inproc returned %q twice", a)
	}
	for _, ep := range []string{a, b} {
		if err := zmqtest.Socket(t, ctx, zmq.PULL).Bind(ep); err != nil {
			t.Fatalf("bind %s: %v", ep, err)
		}
	}
}

// sh starts a shell script as a process of the test.
func sh(t *testing.T, opt zmqtest.Options, script string) *zmqtest.Proc {
	t.Helper()
	return zmqtest.StartWith(t, opt, "/bin/sh", "-c", script)
}

// TestStreamAndLineWaits guards the two kinds of wait sharing one cursor:
// Expect sees progress printed without a newline, WaitStdout a whole line
// past it, and stdin paces the script so that neither can look early.
func TestStreamAndLineWaits(t *testing.T) {
	p := sh(t, zmqtest.Options{}, `printf 'progress:.'; read x; printf '.done\nline two\n'; read y || true`)
	if _, err := p.Expect(regexp.MustCompile(`:\.`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Stdin().Write([]byte("\n")); err != nil {
		t.Fatal(err)
	}
	m, err := p.WaitStdout(regexp.MustCompile(`^(line \w+)$`), zmqtest.Limit)
	if err != nil {
		t.Fatal(err)
	}
	if m[1] != "line two" {
		t.Errorf("submatch %q, want \"line two\"", m[1])
	}
	// Both waits consumed: nothing more to match.
	if _, err := p.Expect(regexp.MustCompile(`done`), 0); err == nil {
		t.Error("Expect matched output an earlier wait had consumed")
	}
	p.Stdin().Close()
	p.ExpectExit(t, 0, zmqtest.Limit)
	if got, want := p.Lines(), []string{"progress:..done", "line two"}; !slices.Equal(got, want) {
		t.Errorf("Lines() = %q, want %q", got, want)
	}
}

// TestUnfinishedLastLine guards a last line without a newline: once the
// process has exited, WaitStdout matches it instead of waiting for the
// rest, and a line that never comes fails at once instead of at timeout.
func TestUnfinishedLastLine(t *testing.T) {
	p := sh(t, zmqtest.Options{}, `printf 'first\nlast'`)
	p.ExpectExit(t, 0, zmqtest.Limit)
	if _, err := p.WaitStdout(regexp.MustCompile(`^last$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := p.WaitStdout(regexp.MustCompile(`never`), zmqtest.Limit); err == nil || !strings.Contains(err.Error(), "exited") {
		t.Errorf("waiting on an exited process: %v, want an error saying it exited", err)
	}
	if took := time.Since(start); took >= zmqtest.Limit {
		t.Errorf("waiting on an exited process took %v", took)
	}
}

// TestStopKillsStubbornGroup guards the cleanup of a test: a process that
// ignores SIGINT, and the child it started, are killed once the grace
// period is over, so that the test's end never hangs on them.
func TestStopKillsStubbornGroup(t *testing.T) {
	p := sh(t, zmqtest.Options{}, `trap '' INT; sleep 1000 & echo ready; wait`)
	if _, err := p.WaitStdout(regexp.MustCompile(`^ready$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	var code int
	zmqtest.Within(t, zmqtest.Limit, "Stop of a process ignoring SIGINT", func() { code = p.Stop(100 * time.Millisecond) })
	if code != -1 || !p.Exited() {
		t.Errorf("Stop returned %d, exited %v; want -1 (killed) and exited", code, p.Exited())
	}
}

// TestStopExitStatus guards Stop on a process that handles SIGINT: it
// returns the status the process chose.
func TestStopExitStatus(t *testing.T) {
	p := sh(t, zmqtest.Options{}, `trap 'exit 3' INT; echo ready; while :; do sleep 0.05; done`)
	if _, err := p.WaitStdout(regexp.MustCompile(`^ready$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	if code := p.Stop(zmqtest.Limit); code != 3 {
		t.Errorf("Stop returned %d, want the 3 of the script's trap: %v", code, p)
	}
}

// TestExitStatusAndPid guards what the signal tests read of a child: the
// pid is the process's own (its /proc entry), and the wait status tells a
// death by a signal from an exit with a status. The signal is SIGINT, so
// that when the tests run with SIGINT ignored this also checks that the
// child gets SIGINT's default action back.
func TestExitStatusAndPid(t *testing.T) {
	p := zmqtest.Start(t, "/bin/sleep", "1000")
	if _, exited := p.ExitStatus(); exited {
		t.Fatalf("ExitStatus says a running process exited: %v", p)
	}
	// Start returns once execve has closed the close-on-exec pipe, which
	// the kernel does before it has put the new program's arguments in
	// place: for a moment /proc/PID/cmdline reads empty (seen under
	// load), so wait for it to fill.
	cmdline := filepath.Join("/proc", strconv.Itoa(p.Pid()), "cmdline")
	for deadline := time.Now().Add(zmqtest.Limit); ; {
		b, err := os.ReadFile(cmdline)
		if err == nil && string(b) == "/bin/sleep\x001000\x00" {
			break
		}
		if err != nil || len(b) > 0 || time.Now().After(deadline) {
			t.Fatalf("%s is %q, %v; want sleep's command line", cmdline, b, err)
		}
		time.Sleep(time.Millisecond)
	}
	if err := p.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(zmqtest.Limit):
		t.Fatalf("SIGINT did not end the process within %v: %v", zmqtest.Limit, p)
	}
	ws, exited := p.ExitStatus()
	if !exited || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("ExitStatus() = %#x, %v; want killed by SIGINT", ws, exited)
	}
	if _, err := p.Wait(0); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("Wait on a process killed by a signal: %v, want an error saying so", err)
	}

	q := sh(t, zmqtest.Options{}, `exit 3`)
	q.ExpectExit(t, 3, zmqtest.Limit)
	if ws, exited := q.ExitStatus(); !exited || !ws.Exited() || ws.ExitStatus() != 3 {
		t.Errorf("ExitStatus() = %#x, %v; want exited with status 3", ws, exited)
	}
}

// TestKill guards the way out of a child that ignores every polite
// signal: Kill ends it at once, and a second Kill, on a process already
// reaped, sends nothing and returns.
func TestKill(t *testing.T) {
	p := sh(t, zmqtest.Options{}, `trap '' INT TERM; echo ready; while :; do sleep 0.05; done`)
	if _, err := p.WaitStdout(regexp.MustCompile(`^ready$`), zmqtest.Limit); err != nil {
		t.Fatal(err)
	}
	zmqtest.Within(t, zmqtest.Limit, "Kill", p.Kill)
	if ws, exited := p.ExitStatus(); !exited || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("ExitStatus() = %#x, %v; want killed by SIGKILL", ws, exited)
	}
	zmqtest.Within(t, zmqtest.Limit, "Kill of an exited process", p.Kill)
}

// TestEcho guards the tour's view of its programs: whole lines, each
// prefixed, an unfinished last line written at exit, stderr included;
// and the Name and Dir options.
func TestEcho(t *testing.T) {
	var echo zmqtest.SyncBuffer
	dir := t.TempDir()
	p := sh(t, zmqtest.Options{Name: "script", Dir: dir, Echo: &echo}, `printf 'one\n'; pwd; printf 'oops\n' >&2; printf 'tail'`)
	p.ExpectExit(t, 0, zmqtest.Limit)
	lines := strings.Split(echo.String(), "\n")
	want := map[string]bool{"script | one": true, "script | " + dir: true, "script | oops": true, "script | tail": true}
	for _, l := range lines[:len(lines)-1] {
		if !want[l] {
			t.Errorf("echoed line %q, want one of %v", l, want)
		}
		delete(want, l)
	}
	if len(want) != 0 || lines[len(lines)-1] != "" {
		t.Errorf("echo %q lacks %v or does not end in a newline", echo.String(), want)
	}
}

// TestLaunchMissingProgram guards the tour's error path: a program that
// cannot start is an error naming it, not a panic.
func TestLaunchMissingProgram(t *testing.T) {
	p, err := zmqtest.Launch(zmqtest.Options{}, "/nonexistent/program")
	if err == nil {
		p.Stop(zmqtest.Limit)
		t.Fatal("Launch of a missing program succeeded")
	}
	if !strings.Contains(err.Error(), "program") {
		t.Errorf("error %q does not name the program", err)
	}
}

// TestOnSignalledThread guards the signal storm of the EINTR tests: the
// signals are really sent while f runs, and counted.
func TestOnSignalledThread(t *testing.T) {
	got := make(chan os.Signal, 1)
	signal.Notify(got, syscall.SIGWINCH)
	defer signal.Stop(got)
	var received bool
	sent := zmqtest.OnSignalledThread(syscall.SIGWINCH, zmqtest.StormEvery, func() {
		select {
		case <-got:
			received = true
		case <-time.After(zmqtest.Limit):
		}
	})
	if !received || sent < 1 {
		t.Errorf("received %v, sent %d: the storm did not reach the process", received, sent)
	}
}
