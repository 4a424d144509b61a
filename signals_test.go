package zmq_test

// CatchSignals with a real child process (internal/verify/sigchild) and
// a real signal: a Guide-style server blocked in Recv, Poll or Device
// exits cleanly and promptly on SIGINT or SIGTERM, and the signal's
// default action comes back after stop() and after the first signal.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
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

// child is a running sigchild.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	mode   string
	lines  chan string   // stdout, line by line; closed at EOF
	eof    chan struct{} // closed when stdout is at EOF
	mu     sync.Mutex
	stdout strings.Builder
	stderr bytes.Buffer
}

// startChild runs the child in mode. A handler for SIGINT is installed
// around Start because a process started with SIGINT ignored (nohup, a
// background job) would hand it on ignored, while a signal with a handler
// is reset to its default action in the child.
func startChild(t *testing.T, path, mode string) *child {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: exec.Command(path, mode), mode: mode, lines: make(chan string, 64), eof: make(chan struct{})}
	c.cmd.Stdout = w
	// A child built with -race sleeps 1s before exiting unless told not to.
	c.cmd.Env = append(os.Environ(), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	c.cmd.Stderr = &c.stderr
	sc := make(chan os.Signal, 1)
	signal.Notify(sc, syscall.SIGINT)
	err = c.cmd.Start()
	signal.Stop(sc)
	w.Close()
	if err != nil {
		r.Close()
		t.Fatalf("starting the child: %v", err)
	}
	go func() {
		defer close(c.eof)
		defer close(c.lines)
		defer r.Close()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			c.mu.Lock()
			c.stdout.WriteString(sc.Text() + "\n")
			c.mu.Unlock()
			select {
			case c.lines <- sc.Text():
			default: // nobody waits for lines any more
			}
		}
	}()
	// However the test ends, the child does not outlive it.
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
		<-c.eof
	})
	return c
}

func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stdout.String()
}

// waitLine waits for a line of stdout equal to want.
func (c *child) waitLine(want string, d time.Duration) {
	c.t.Helper()
	timeout := time.After(d)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.cmd.Wait()
				c.t.Fatalf("child exited (%v) before printing %q\nstdout:\n%s\nstderr:\n%s", c.cmd.ProcessState, want, c.output(), c.stderr.String())
			}
			if l == want {
				return
			}
		case <-timeout:
			c.t.Fatalf("child did not print %q within %v\nstdout:\n%s", want, d, c.output())
		}
	}
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
func (c *child) waitBlocked() {
	c.t.Helper()
	if c.mode != "poll" && c.mode != "device" {
		time.Sleep(100 * time.Millisecond)
		return
	}
	nums := pollSyscalls[runtime.GOARCH]
	taskDir := fmt.Sprintf("/proc/%d/task", c.cmd.Process.Pid)
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		tasks, err := os.ReadDir(taskDir)
		if err != nil || len(nums) == 0 {
			c.t.Logf("cannot see the child's system calls (%v, GOARCH %s): waiting 100ms instead", err, runtime.GOARCH)
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
	c.t.Logf("no thread of the child seen in poll within 3s; signalling anyway")
}

// signal sends sig and waits, for at most signalExitLimit, for the child
// to exit; on timeout it kills the child and fails. It returns the wait
// status and how long the child took to exit.
func (c *child) signal(sig syscall.Signal) (syscall.WaitStatus, time.Duration) {
	c.t.Helper()
	done := make(chan error, 1)
	start := time.Now()
	if err := c.cmd.Process.Signal(sig); err != nil {
		c.t.Fatalf("sending %v: %v", sig, err)
	}
	go func() { done <- c.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(signalExitLimit):
		c.cmd.Process.Kill()
		<-done
		<-c.eof
		c.t.Fatalf("child still running %v after %v; killed it\nstdout:\n%s\nstderr:\n%s", signalExitLimit, sig, c.output(), c.stderr.String())
	}
	took := time.Since(start)
	<-c.eof
	return c.cmd.ProcessState.Sys().(syscall.WaitStatus), took
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
					c := startChild(t, bin, mode)
					c.waitLine("ready", zt.Limit)
					c.waitBlocked()
					ws, took := c.signal(sig)
					out := c.output()
					t.Logf("%v to exit: %v", sig, took)
					if !ws.Exited() || ws.ExitStatus() != 0 {
						t.Errorf("child ended with %v, want exit status 0\nstdout:\n%s", c.cmd.ProcessState, out)
					}
					if !strings.Contains(out, interruptLine+"\n") {
						t.Errorf("stdout lacks %q:\n%s", interruptLine, out)
					}
					if !strings.Contains(out, "returned: "+zmq.ErrTerm.Error()+"\n") {
						t.Errorf("the blocking call did not return ErrTerm:\n%s", out)
					}
					if e := c.stderr.String(); e != "" {
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
				c := startChild(t, bin, "stopped")
				c.waitLine("ready", zt.Limit)
				c.waitBlocked()
				ws, took := c.signal(sig)
				t.Logf("%v to death: %v", sig, took)
				if !ws.Signaled() || ws.Signal() != sig {
					t.Errorf("child ended with %v, want killed by %v\nstdout:\n%s\nstderr:\n%s", c.cmd.ProcessState, sig, c.output(), c.stderr.String())
				}
			})
		}
	})

	// The first SIGINT is caught; the second, to a program stuck after the
	// first, kills it.
	t.Run("second signal kills", func(t *testing.T) {
		t.Parallel()
		c := startChild(t, bin, "hang")
		c.waitLine("ready", zt.Limit)
		c.waitBlocked()
		if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		c.waitLine("hanging", signalExitLimit) // caught: Recv returned ErrTerm
		ws, took := c.signal(syscall.SIGINT)
		t.Logf("second SIGINT to death: %v", took)
		if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
			t.Errorf("child ended with %v, want killed by SIGINT\nstdout:\n%s\nstderr:\n%s", c.cmd.ProcessState, c.output(), c.stderr.String())
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
