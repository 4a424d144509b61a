package zmqtest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Proc is a running child process whose stdout and stderr are collected,
// for waits on what it prints (match.go) and on its exit.
type Proc struct {
	Name string
	cmd  *exec.Cmd
	in   io.WriteCloser   // nil when Options.Stdin was given
	echo [2]*prefixWriter // stdout's and stderr's; nil without Options.Echo

	mu      sync.Mutex
	out     bytes.Buffer
	errb    bytes.Buffer
	cursor  [2]int        // how much of stdout and stderr the waits have consumed
	changed chan struct{} // closed and replaced at each write
	exited  chan struct{}
	state   *os.ProcessState
}

// Options say how to start a process.
type Options struct {
	Name  string    // for messages and the echo; the program's base name when empty
	Dir   string    // the working directory; the current one when empty
	Env   []string  // added to the environment
	Stdin io.Reader // when nil, Proc.Stdin is a pipe to the process
	// Echo, when not nil, gets a copy of the output a line at a time,
	// each line starting with Prefix ("<name> | " when empty).
	Echo   io.Writer
	Prefix string
}

// sigintIgnored says whether this process started with SIGINT ignored,
// as a background job of a script or under nohup does. It is read at
// init, before a Notify can change what signal.Ignored reports.
var sigintIgnored = signal.Ignored(syscall.SIGINT)

// Launch starts bin with args in a process group of its own, for a
// caller without a test (the demo tour): the caller must Stop it.
func Launch(opt Options, bin string, args ...string) (*Proc, error) {
	name := opt.Name
	if name == "" {
		name = filepath.Base(bin)
	}
	p := &Proc{Name: name, changed: make(chan struct{}), exited: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = opt.Dir
	p.cmd.Env = append(os.Environ(), opt.Env...)
	if RaceEnabled {
		// A -race binary sleeps a second at exit by default, waiting for
		// threads to report races; libzmq's threads report none.
		p.cmd.Env = append(p.cmd.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	}
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A grandchild outside the group could hold the output pipes open
	// after the process exited: stop copying then instead of hanging.
	p.cmd.WaitDelay = Limit
	if opt.Echo != nil {
		prefix := opt.Prefix
		if prefix == "" {
			prefix = name + " | "
		}
		// One per stream, so that an unfinished line of one is not
		// glued to a line of the other.
		for i := range p.echo {
			p.echo[i] = &prefixWriter{w: opt.Echo, prefix: prefix}
		}
	}
	p.cmd.Stdout = &sink{p: p, stream: 0}
	p.cmd.Stderr = &sink{p: p, stream: 1}
	if opt.Stdin != nil {
		p.cmd.Stdin = opt.Stdin
	} else {
		in, err := p.cmd.StdinPipe()
		if err != nil {
			return nil, fmt.Errorf("stdin pipe for %s: %w", name, err)
		}
		p.in = in
	}
	if err := p.start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		p.cmd.Wait() // also waits until the output is copied
		for _, e := range p.echo {
			if e != nil {
				e.flush()
			}
		}
		p.mu.Lock()
		p.state = p.cmd.ProcessState
		p.mu.Unlock()
		close(p.exited)
	}()
	return p, nil
}

// start starts the command. An ignored signal stays ignored across exec,
// and a child that ignores SIGINT survives Stop and cannot be tested for
// its reaction to it; a handled signal is reset to its default action, so
// SIGINT gets a handler around the start when it was inherited ignored.
func (p *Proc) start() error {
	if sigintIgnored {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGINT)
		defer signal.Stop(c)
	}
	return p.cmd.Start()
}

// Start starts bin with args; see StartWith.
func Start(t testing.TB, bin string, args ...string) *Proc {
	t.Helper()
	return StartWith(t, Options{}, bin, args...)
}

// StartWith is Launch for a test: a failure to start fails the test, and
// when the test ends the process is stopped if it still runs (Stop, with
// two seconds' grace).
func StartWith(t testing.TB, opt Options, bin string, args ...string) *Proc {
	t.Helper()
	p, err := Launch(opt, bin, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(2 * time.Second) })
	return p
}

// sink collects one output stream and wakes the waits.
type sink struct {
	p      *Proc
	stream int // 0 stdout, 1 stderr
}

func (s *sink) Write(b []byte) (int, error) {
	p := s.p
	p.mu.Lock()
	[2]*bytes.Buffer{&p.out, &p.errb}[s.stream].Write(b)
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	if e := p.echo[s.stream]; e != nil {
		e.Write(b)
	}
	return len(b), nil
}

// Stdin is the pipe to the process's standard input (nil when
// Options.Stdin was given). Close it to send EOF.
func (p *Proc) Stdin() io.WriteCloser { return p.in }

// Stdout returns everything the process wrote to stdout so far.
func (p *Proc) Stdout() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Stderr returns everything the process wrote to stderr so far.
func (p *Proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.errb.String()
}

// Lines returns the complete lines the process wrote to stdout so far,
// without their newlines.
func (p *Proc) Lines() []string {
	out := p.Stdout()
	i := strings.LastIndexByte(out, '\n')
	if i < 0 {
		return nil
	}
	return strings.Split(out[:i], "\n")
}

// String describes the process and what it printed, for failures.
func (p *Proc) String() string {
	return fmt.Sprintf("%s (%s): stdout %q, stderr %q", p.Name, p.exitState(), p.Stdout(), p.Stderr())
}

func (p *Proc) exitState() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		return "running"
	}
	return p.state.String()
}

// Exited reports whether the process has exited.
func (p *Proc) Exited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// Wait waits at most timeout for the process to exit and returns its exit
// status; a process killed by a signal is an error.
func (p *Proc) Wait(timeout time.Duration) (int, error) {
	if !p.Exited() {
		select {
		case <-p.exited:
		case <-time.After(timeout):
			return -1, fmt.Errorf("still running after %v: %v", timeout, p)
		}
	}
	ws, _ := p.ExitStatus()
	if ws.Signaled() {
		return -1, fmt.Errorf("killed by %v: %v", ws.Signal(), p)
	}
	return ws.ExitStatus(), nil
}

// Done returns a channel that is closed once the process has exited and
// its output has been collected, for a select with other events.
func (p *Proc) Done() <-chan struct{} { return p.exited }

// ExitStatus returns the wait status of the process, which tells an exit
// from a death by a signal, and whether it has exited at all.
func (p *Proc) ExitStatus() (syscall.WaitStatus, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		return 0, false
	}
	ws, _ := p.state.Sys().(syscall.WaitStatus)
	return ws, true
}

// Pid returns the process id, for what only /proc tells about the
// process (the system calls its threads are blocked in).
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// ExpectExit fails the test unless the process exits with status want
// within timeout.
func (p *Proc) ExpectExit(t testing.TB, want int, timeout time.Duration) {
	t.Helper()
	if err := p.ExitWith(want, timeout); err != nil {
		t.Fatal(err)
	}
}

// ExitWith is ExpectExit without a test: an error unless the process
// exits with status want within timeout.
func (p *Proc) ExitWith(want int, timeout time.Duration) error {
	code, err := p.Wait(timeout)
	if err != nil {
		return err
	}
	if code != want {
		return fmt.Errorf("exit status %d, want %d: %v", code, want, p)
	}
	return nil
}

// Signal sends sig to the process.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Stop ends the process if it still runs: it closes its stdin, sends
// SIGINT, and kills its process group (Kill) if it has not exited within
// grace. It returns the exit status, -1 if the process had to be killed
// or died of a signal.
func (p *Proc) Stop(grace time.Duration) int {
	if p.in != nil {
		p.in.Close()
	}
	if !p.Exited() {
		p.Signal(syscall.SIGINT)
	}
	code, err := p.Wait(grace)
	if err != nil && !p.Exited() {
		p.Kill()
		return -1
	}
	return code
}

// Kill sends SIGKILL to the process's group, so that the children it
// started die with it, and waits for it to exit. Once the process has
// been reaped its id may be reused: then there is nothing to kill.
func (p *Proc) Kill() {
	if p.Exited() {
		return
	}
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.exited
}
