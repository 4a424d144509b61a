package zmq_test

// CatchSignals with a real child process (internal/verify/sigchild) and
// a real signal: a Guide-style server blocked in Recv, Poll or Device
// exits cleanly and promptly on SIGINT or SIGTERM, and the signal's
// default action comes back after stop() and after the first signal.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
	zt "github.com/zmqgo/zmq/internal/zmqtest"
)

// signalExitLimit is how soon after the signal the child must be gone.
const signalExitLimit = time.Second

const interruptLine = "W: interrupt received, killing server..."

// Interrupted stays false until a signal comes, and CatchSignals and its
// stop leave the context working.
func TestInterruptedFalseBeforeSignal(t *testing.T) {
	if zmq.Interrupted() {
		t.Fatal("Interrupted() is true, yet no signal was sent")
	}
	ctx := zt.Context(t)
	stop := zmq.CatchSignals(ctx)
	if zmq.Interrupted() {
		t.Error("Interrupted() is true right after CatchSignals")
	}
	stop()
	stop() // a second stop does nothing
	if zmq.Interrupted() {
		t.Error("Interrupted() is true after stop")
	}
	// The context was not shut down by CatchSignals or stop.
	s := zt.Socket(t, ctx, zmq.PULL)
	if err := s.SetRcvTimeo(10 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Recv(0); !errors.Is(err, zmq.ErrAgain) {
		t.Fatalf("Recv after CatchSignals and stop: %v, want ErrAgain", err)
	}
}

// buildSigchild builds internal/verify/sigchild into dir (with -race when
// the test binary has it) and returns its path.
func buildSigchild(t *testing.T, dir string) string {
	t.Helper()
	start := time.Now()
	if err := zt.Build(dir, zt.RaceEnabled, "./internal/verify/sigchild"); err != nil {
		t.Fatal(err)
	}
	t.Logf("built the signal child in %v", time.Since(start).Round(time.Millisecond))
	return filepath.Join(dir, "sigchild")
}

// readyChild starts the child in mode and returns once it is blocked in
// its libzmq call, as near as can be told: it printed "ready" right
// before the call, and waitBlocked looks for the call itself.
func readyChild(t *testing.T, bin, mode string) *zt.Proc {
	t.Helper()
	p := zt.StartWith(t, zt.Options{Name: "sigchild " + mode}, bin, mode)
	if _, err := p.WaitStdout(regexp.MustCompile(`^ready$`), zt.Limit); err != nil {
		t.Fatal(err)
	}
	waitBlocked(t, p, mode)
	return p
}

// pollSyscalls are the numbers of poll(2) and ppoll(2), where libzmq
// waits in zmq_poll and in a device. Go's runtime itself uses neither
// (futex, epoll_pwait, nanosleep), nor do libzmq's I/O threads
// (epoll_wait).
var pollSyscalls = map[string][]string{
	"amd64": {"7", "271"},
	"arm64": {"73"},
	"386":   {"168", "309"},
}

// waitBlocked waits until a thread of the child is blocked in poll, that
// is until the child is inside the libzmq call (not merely about to make
// it). Where that cannot be seen it waits a little and goes on: the test
// is correct either way, since a signal that comes before the call makes
// the call return ErrTerm at once. A Recv waits in Go's netpoller, which
// no system call tells apart from the runtime's own idle wait.
func waitBlocked(t *testing.T, p *zt.Proc, mode string) {
	t.Helper()
	if mode != "poll" && mode != "device" {
		time.Sleep(100 * time.Millisecond)
		return
	}
	nums := pollSyscalls[runtime.GOARCH]
	taskDir := fmt.Sprintf("/proc/%d/task", p.Pid())
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		tasks, err := os.ReadDir(taskDir)
		if err != nil || len(nums) == 0 {
			t.Logf("cannot see the child's system calls (%v, GOARCH %s): waiting 100ms instead", err, runtime.GOARCH)
			time.Sleep(100 * time.Millisecond)
			return
		}
		for _, task := range tasks {
			b, err := os.ReadFile(filepath.Join(taskDir, task.Name(), "syscall"))
			if err != nil {
				continue
			}
			f := strings.Fields(string(b))
			if len(f) > 0 {
				for _, n := range nums {
					if f[0] == n {
						return
					}
				}
			}
		}
	}
	t.Logf("no thread of the child seen in poll within 3s; signalling anyway")
}

// signalExit sends sig to the child and waits, for at most
// signalExitLimit, for it to exit; on timeout it kills the child and
// fails. It returns the wait status and how long the child took to exit.
func signalExit(t *testing.T, p *zt.Proc, sig syscall.Signal) (syscall.WaitStatus, time.Duration) {
	t.Helper()
	start := time.Now()
	if err := p.Signal(sig); err != nil {
		t.Fatalf("sending %v: %v", sig, err)
	}
	select {
	case <-p.Done():
	case <-time.After(signalExitLimit):
		p.Kill()
		t.Fatalf("child still running %v after %v; killed it: %v", signalExitLimit, sig, p)
	}
	took := time.Since(start)
	ws, _ := p.ExitStatus()
	return ws, took
}

var goroutineLine = regexp.MustCompile(`(?m)^goroutines: baseline=(\d+) final=(\d+)$`)

// A server blocked in Recv, Poll or Device exits cleanly and promptly on
// SIGINT or SIGTERM; after stop, and at a second signal, the signal's
// default action kills it.
func TestCatchSignals(t *testing.T) {
	bin := buildSigchild(t, t.TempDir())

	// A server blocked in Recv, Poll or Device exits with status 0, after
	// closing its sockets and terminating its context, with nothing on
	// stderr and no goroutine left behind.
	t.Run("clean exit", func(t *testing.T) {
		for _, mode := range []string{"recv", "poll", "device"} {
			for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
				t.Run(mode+"/"+sigName(sig), func(t *testing.T) {
					t.Parallel()
					c := readyChild(t, bin, mode)
					ws, took := signalExit(t, c, sig)
					out := c.Stdout()
					t.Logf("%v to exit: %v", sig, took)
					if !ws.Exited() || ws.ExitStatus() != 0 {
						t.Errorf("child ended as %v; want exit status 0", c)
					}
					if !strings.Contains(out, interruptLine+"\n") {
						t.Errorf("stdout lacks %q:\n%s", interruptLine, out)
					}
					if !strings.Contains(out, "returned: "+zmq.ErrTerm.Error()+"\n") {
						t.Errorf("the blocking call did not return ErrTerm:\n%s", out)
					}
					if e := c.Stderr(); e != "" {
						t.Errorf("stderr is not empty:\n%s", e)
					}
					m := goroutineLine.FindStringSubmatch(out)
					if m == nil {
						t.Fatalf("no goroutine count on stdout:\n%s", out)
					}
					base, _ := strconv.Atoi(m[1])
					final, _ := strconv.Atoi(m[2])
					if final > base {
						t.Errorf("%d goroutines left in the child (baseline %d, final %d)", final-base, base, final)
					}
				})
			}
		}
	})

	// After stop() the signal's default action is back: the child dies of
	// the signal.
	t.Run("default after stop", func(t *testing.T) {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(sigName(sig), func(t *testing.T) {
				t.Parallel()
				c := readyChild(t, bin, "stopped")
				ws, took := signalExit(t, c, sig)
				t.Logf("%v to death: %v", sig, took)
				if !ws.Signaled() || ws.Signal() != sig {
					t.Errorf("child ended as %v; want killed by %v", c, sig)
				}
			})
		}
	})

	// The first SIGINT is caught; the second, to a program stuck after the
	// first, kills it.
	t.Run("second signal kills", func(t *testing.T) {
		t.Parallel()
		c := readyChild(t, bin, "hang")
		if err := c.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		// Caught: Recv returned ErrTerm.
		if _, err := c.WaitStdout(regexp.MustCompile(`^hanging$`), signalExitLimit); err != nil {
			t.Fatal(err)
		}
		ws, took := signalExit(t, c, syscall.SIGINT)
		t.Logf("second SIGINT to death: %v", took)
		if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
			t.Errorf("child ended as %v; want killed by SIGINT", c)
		}
	})
}

func sigName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}
