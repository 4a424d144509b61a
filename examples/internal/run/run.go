// Package run starts the Guide's example programs as child processes and
// watches what they print. The topology tests and the demo tour share it.
//
// Output is matched as a stream, not as lines: several examples print
// progress without a newline (tasksink's ":" and ".").
package run

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

// Proc is a running example program.
type Proc struct {
	Name string
	cmd  *exec.Cmd
	in   io.WriteCloser

	mu      sync.Mutex
	out     bytes.Buffer // everything written to stdout
	errb    bytes.Buffer // everything written to stderr
	cursor  int          // how far Expect has consumed out
	changed chan struct{}
	exited  chan struct{}
	state   *os.ProcessState
}

// Options say how to start a program.
type Options struct {
	Dir  string    // working directory; the current one when empty
	Env  []string  // added to the environment
	Echo io.Writer // if not nil, output is copied here, each line prefixed
	// Prefix starts each echoed line; "<name> | " when empty.
	Prefix string
}

// Start starts bin with args.
func Start(name, bin string, opt Options, args ...string) (*Proc, error) {
	p := &Proc{Name: name, changed: make(chan struct{}), exited: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = opt.Dir
	p.cmd.Env = append(os.Environ(), opt.Env...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var echo *prefixWriter
	if opt.Echo != nil {
		prefix := opt.Prefix
		if prefix == "" {
			prefix = name + " | "
		}
		echo = &prefixWriter{w: opt.Echo, prefix: prefix}
	}
	stdout, stderr := &sink{p: p, buf: &p.out}, &sink{p: p, buf: &p.errb}
	if echo != nil {
		stdout.echo, stderr.echo = echo, echo
	}
	p.cmd.Stdout, p.cmd.Stderr = stdout, stderr
	in, err := p.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	p.in = in
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		p.cmd.Wait()
		if echo != nil {
			echo.flush()
		}
		p.mu.Lock()
		p.state = p.cmd.ProcessState
		p.mu.Unlock()
		close(p.exited)
	}()
	return p, nil
}

// sink collects one output stream and wakes Expect.
type sink struct {
	p    *Proc
	buf  *bytes.Buffer
	echo io.Writer // nil: no echo
}

func (s *sink) Write(b []byte) (int, error) {
	s.p.mu.Lock()
	s.buf.Write(b)
	close(s.p.changed)
	s.p.changed = make(chan struct{})
	s.p.mu.Unlock()
	if s.echo != nil {
		s.echo.Write(b)
	}
	return len(b), nil
}

// Stdin returns the program's standard input.
func (p *Proc) Stdin() io.WriteCloser { return p.in }

// Output returns everything the program wrote to stdout so far.
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Stderr returns everything the program wrote to stderr so far.
func (p *Proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.errb.String()
}

// Expect waits until stdout, past what earlier Expects consumed, matches
// re, consumes up to the end of the match and returns the submatches. It
// fails after timeout, or when the program exits without matching.
func (p *Proc) Expect(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		rest := p.out.String()[p.cursor:]
		if loc := re.FindStringSubmatchIndex(rest); loc != nil {
			p.cursor += loc[1]
			p.mu.Unlock()
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = rest[loc[2*i]:loc[2*i+1]]
				}
			}
			return m, nil
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-changed:
		case <-p.exited:
			// Output may still be arriving between Wait and exit: one
			// more look, then give up.
			p.mu.Lock()
			more := re.MatchString(p.out.String()[p.cursor:])
			p.mu.Unlock()
			if more {
				continue
			}
			return nil, fmt.Errorf("%s exited (%v) before printing %q; it printed %q, stderr %q",
				p.Name, p.exitState(), re, p.Output(), p.Stderr())
		case <-deadline.C:
			return nil, fmt.Errorf("%s did not print %q within %v; it printed %q, stderr %q",
				p.Name, re, timeout, p.Output(), p.Stderr())
		}
	}
}

// ExpectLine is Expect for a whole line of exactly text.
func (p *Proc) ExpectLine(text string, timeout time.Duration) error {
	_, err := p.Expect(regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(text)+`$`), timeout)
	return err
}

// Wait waits for the program to exit, at most timeout, and returns its
// exit code; a program killed by a signal returns -1 and an error naming
// the signal.
func (p *Proc) Wait(timeout time.Duration) (int, error) {
	select {
	case <-p.exited:
	case <-time.After(timeout):
		return -1, fmt.Errorf("%s still running after %v; it printed %q, stderr %q", p.Name, timeout, p.Output(), p.Stderr())
	}
	p.mu.Lock()
	st := p.state
	p.mu.Unlock()
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, fmt.Errorf("%s was killed by %v", p.Name, ws.Signal())
	}
	return st.ExitCode(), nil
}

// Exited reports whether the program has exited.
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

// Signal sends sig to the program.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Stop ends the program if it is still running: SIGINT, and SIGKILL to
// its process group if it has not exited within grace. It returns the
// exit code, -1 if it had to be killed.
func (p *Proc) Stop(grace time.Duration) int {
	if !p.Exited() {
		p.Signal(syscall.SIGINT)
	}
	code, err := p.Wait(grace)
	if err != nil && !p.Exited() {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
		return -1
	}
	return code
}

// prefixWriter writes output a whole line at a time, each with a prefix,
// so that programs printing at once do not cut into each other's lines.
// What is left of a line without a newline is written at exit.
type prefixWriter struct {
	mu      sync.Mutex
	w       io.Writer
	prefix  string
	pending []byte
}

func (pw *prefixWriter) Write(b []byte) (int, error) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.pending = append(pw.pending, b...)
	var out []byte
	for {
		i := bytes.IndexByte(pw.pending, '\n')
		if i < 0 {
			break
		}
		out = append(out, pw.prefix...)
		out = append(out, pw.pending[:i+1]...)
		pw.pending = pw.pending[i+1:]
	}
	if len(out) > 0 {
		if _, err := pw.w.Write(out); err != nil {
			return len(b), err
		}
	}
	return len(b), nil
}

// flush writes an unfinished last line.
func (pw *prefixWriter) flush() {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	if len(pw.pending) > 0 {
		fmt.Fprintf(pw.w, "%s%s\n", pw.prefix, pw.pending)
		pw.pending = nil
	}
}

// ErrNotBuilt is returned by Build when the go command fails.
var ErrNotBuilt = errors.New("examples did not build")

// Build builds every example under the module's examples directory into
// dir, one binary per example, named after it.
func Build(moduleDir, dir string) error {
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./examples/...")
	cmd.Dir = moduleDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %v\n%s", ErrNotBuilt, err, out)
	}
	return nil
}

// FreeOffset returns a ZGUIDE_PORT_OFFSET under which the book's tcp
// ports (5555-5565 and 8100) are free on this machine, so that a topology
// meets neither another topology nor a server of the user's.
func FreeOffset() (int, error) {
	for try := 0; try < 50; try++ {
		offset := 10000 + 100*rand.IntN(450)
		if portsFree(offset) {
			return offset, nil
		}
	}
	return 0, errors.New("no free range of ports for the book's endpoints")
}

func portsFree(offset int) bool {
	ports := []int{8100}
	for p := 5555; p <= 5565; p++ {
		ports = append(ports, p)
	}
	for _, p := range ports {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+offset))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}
