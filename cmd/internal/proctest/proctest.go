// Package proctest runs the command-line tools of cmd/ as real child
// processes in tests, and gives the tests Go peers over the zmq package.
//
// The tools are built once per test binary (Main), into a temporary
// directory, with -race when the test binary has it. A started process
// (Start) has its stdout and stderr collected; the test waits for lines
// matching a pattern and for the exit status, every wait bounded. When
// the test ends a process still running gets SIGINT, then SIGKILL to its
// process group.
package proctest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zmqgo/zmq"
)

// Limit bounds every wait of the tests, so that a hang fails fast.
const Limit = 10 * time.Second

// ModuleRoot returns the directory holding the module's go.mod, found by
// walking up from the working directory (a test runs in its package's
// directory).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("proctest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Build runs "go build -o dir/ pkgs..." at the module root, with -race
// when race is true.
func Build(dir string, race bool, pkgs ...string) error {
	root, err := ModuleRoot()
	if err != nil {
		return err
	}
	args := []string{"build"}
	if race {
		args = append(args, "-race")
	}
	args = append(args, "-o", dir+string(os.PathSeparator))
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// Main is a TestMain: it builds pkgs (module-relative, "./cmd/zmqcat")
// into a temporary directory, sets *binDir to it, runs the tests, and
// fails the run if goroutines are left behind.
func Main(m *testing.M, binDir *string, pkgs ...string) {
	dir, err := os.MkdirTemp("", "zmqgo-cmd-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := Build(dir, raceEnabled, pkgs...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	*binDir = dir
	before := runtime.NumGoroutine()
	code := m.Run()
	if code == 0 {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<20)
			fmt.Fprintf(os.Stderr, "goroutines leaked: %d before, %d after\n%s\n", before, n, buf[:runtime.Stack(buf, true)])
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// Proc is a running tool.
type Proc struct {
	Name string
	cmd  *exec.Cmd
	in   io.WriteCloser // nil when Options.Stdin was given

	mu      sync.Mutex
	out     bytes.Buffer
	errb    bytes.Buffer
	cursor  [2]int        // how far WaitStdout and WaitStderr have consumed
	changed chan struct{} // closed and replaced at each write
	exited  chan struct{}
	state   *os.ProcessState
}

// Options say how to start a process.
type Options struct {
	Env   []string  // added to the environment
	Stdin io.Reader // when nil, Proc.Stdin is a pipe to the process
}

// Start starts bin with args; see StartWith.
func Start(t testing.TB, bin string, args ...string) *Proc {
	t.Helper()
	return StartWith(t, Options{}, bin, args...)
}

// StartWith starts bin with args in its own process group. When the test
// ends, the process is stopped if it still runs: SIGINT, then SIGKILL to
// the group after two seconds.
func StartWith(t testing.TB, opt Options, bin string, args ...string) *Proc {
	t.Helper()
	p := &Proc{Name: filepath.Base(bin), changed: make(chan struct{}), exited: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), opt.Env...)
	if raceEnabled {
		// A -race binary sleeps a second at exit by default, waiting for
		// threads to report races; libzmq's threads report none.
		p.cmd.Env = append(p.cmd.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	}
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.Stdout = &sink{p: p, buf: &p.out}
	p.cmd.Stderr = &sink{p: p, buf: &p.errb}
	if opt.Stdin != nil {
		p.cmd.Stdin = opt.Stdin
	} else {
		in, err := p.cmd.StdinPipe()
		if err != nil {
			t.Fatalf("stdin pipe for %s: %v", p.Name, err)
		}
		p.in = in
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", p.Name, err)
	}
	go func() {
		p.cmd.Wait() // also waits until the output is copied
		p.mu.Lock()
		p.state = p.cmd.ProcessState
		p.mu.Unlock()
		close(p.exited)
	}()
	t.Cleanup(func() { p.Stop(2 * time.Second) })
	return p
}

type sink struct {
	p   *Proc
	buf *bytes.Buffer
}

func (s *sink) Write(b []byte) (int, error) {
	s.p.mu.Lock()
	s.buf.Write(b)
	close(s.p.changed)
	s.p.changed = make(chan struct{})
	s.p.mu.Unlock()
	return len(b), nil
}

// Stdin is the pipe to the process's standard input (nil when
// Options.Stdin was given). Close it to send EOF.
func (p *Proc) Stdin() io.WriteCloser { return p.in }

// Stdout returns everything the process wrote to stdout so far.
func (p *Proc) Stdout() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.out.Bytes())
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
	out := string(p.Stdout())
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

// WaitStdout waits until a line of stdout past those consumed by earlier
// calls matches re, consumes the lines up to it and returns the
// submatches. It fails after timeout, or when the process exits first.
func (p *Proc) WaitStdout(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	return p.waitLine(0, re, timeout)
}

// WaitStderr is WaitStdout for stderr.
func (p *Proc) WaitStderr(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	return p.waitLine(1, re, timeout)
}

func (p *Proc) waitLine(stream int, re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	name := [2]string{"stdout", "stderr"}[stream]
	for {
		p.mu.Lock()
		buf := [2]*bytes.Buffer{&p.out, &p.errb}[stream].String()
		exited := p.state != nil
		for pos := p.cursor[stream]; pos < len(buf); {
			end := strings.IndexByte(buf[pos:], '\n')
			next := pos + end + 1
			if end < 0 {
				if !exited {
					break // an unfinished line: wait for the rest
				}
				end, next = len(buf)-pos, len(buf)
			}
			if m := re.FindStringSubmatch(buf[pos : pos+end]); m != nil {
				p.cursor[stream] = next
				p.mu.Unlock()
				return m, nil
			}
			pos = next
		}
		changed := p.changed
		p.mu.Unlock()
		if exited {
			return nil, fmt.Errorf("%s exited without a line of %s matching %q: %v", p.Name, name, re, p)
		}
		select {
		case <-changed:
		case <-p.exited:
		case <-deadline.C:
			return nil, fmt.Errorf("%s printed no line on %s matching %q within %v: %v", p.Name, name, re, timeout, p)
		}
	}
}

// Wait waits at most timeout for the process to exit and returns its exit
// status; a process killed by a signal is an error.
func (p *Proc) Wait(timeout time.Duration) (int, error) {
	select {
	case <-p.exited:
	case <-time.After(timeout):
		return -1, fmt.Errorf("still running after %v: %v", timeout, p)
	}
	p.mu.Lock()
	st := p.state
	p.mu.Unlock()
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, fmt.Errorf("killed by %v: %v", ws.Signal(), p)
	}
	return st.ExitCode(), nil
}

// ExpectExit fails the test unless the process exits with status want
// within timeout.
func (p *Proc) ExpectExit(t testing.TB, want int, timeout time.Duration) {
	t.Helper()
	code, err := p.Wait(timeout)
	if err != nil {
		t.Fatal(err)
	}
	if code != want {
		t.Fatalf("exit status %d, want %d: %v", code, want, p)
	}
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

func (p *Proc) exitState() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		return "running"
	}
	return p.state.String()
}

// Signal sends sig to the process.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Stop ends the process if it still runs: SIGINT, then SIGKILL to its
// process group if it has not exited within grace.
func (p *Proc) Stop(grace time.Duration) {
	if p.in != nil {
		p.in.Close()
	}
	if p.Exited() {
		return
	}
	p.Signal(syscall.SIGINT)
	select {
	case <-p.exited:
	case <-time.After(grace):
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
}

// IPC returns an ipc:// endpoint in a fresh temporary directory removed
// when the test ends. The directory is short-named: a socket path must fit
// in 107 bytes.
func IPC(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "zc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return "ipc://" + filepath.Join(dir, name)
}

// Context returns a zmq context terminated when the test ends; the test
// fails if Term has not returned within Limit (a socket left open).
func Context(t testing.TB) *zmq.Context {
	t.Helper()
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	t.Cleanup(func() {
		done := make(chan error, 1)
		go func() { done <- ctx.Term() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Term: %v", err)
			}
		case <-time.After(Limit):
			t.Errorf("Term did not return within %v: a socket is still open", Limit)
		}
	})
	return ctx
}

// Socket returns a socket of ctx with LINGER 0 and send and receive
// timeouts of Limit, closed when the test ends (before the context is
// terminated). A goroutine using it must have ended by then.
func Socket(t testing.TB, ctx *zmq.Context, typ zmq.Type) *zmq.Socket {
	t.Helper()
	s, err := ctx.NewSocket(typ)
	if err != nil {
		t.Fatalf("NewSocket(%v): %v", typ, err)
	}
	for _, err := range []error{s.SetLinger(0), s.SetRcvTimeo(Limit), s.SetSndTimeo(Limit)} {
		if err != nil {
			s.Close()
			t.Fatalf("setting up %v: %v", typ, err)
		}
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close %v: %v", typ, err)
		}
	})
	return s
}

// BindLocal binds s to a free tcp port of 127.0.0.1 and returns the
// endpoint.
func BindLocal(t testing.TB, s *zmq.Socket) string {
	t.Helper()
	if err := s.Bind("tcp://127.0.0.1:*"); err != nil {
		t.Fatalf("bind tcp://127.0.0.1:*: %v", err)
	}
	ep, err := s.LastEndpoint()
	if err != nil {
		t.Fatalf("LastEndpoint: %v", err)
	}
	return ep
}
