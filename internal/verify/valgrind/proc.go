package main

import (
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// proc is a running program. Unlike zmqtest.Proc it keeps stdout and
// stderr in one buffer, for the tail printed with a failed run, and a
// program that could not start is a failed run, not the end of the driver.
type proc struct {
	label    string
	cmd      *exec.Cmd
	stdin    interface{ Close() error }
	out      zmqtest.SyncBuffer
	logFile  string
	started  time.Time
	took     time.Duration // from start to exit, wall clock
	exited   chan struct{}
	startErr error
	killed   bool
}

func (p *proc) done() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

func (p *proc) exitCode() int {
	if p.startErr != nil || p.cmd.ProcessState == nil {
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// expect waits until the output so far contains text.
func (p *proc) expect(text string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if strings.Contains(p.out.String(), text) {
			return nil
		}
		if p.done() {
			return fmt.Errorf("%s exited (status %d) without printing %q: %s", p.label, p.exitCode(), text, tail(p.out.String(), 5))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not print %q within %v: %s", p.label, text, timeout, tail(p.out.String(), 5))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// count waits until text appears n times in the output.
func (p *proc) count(text string, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for strings.Count(p.out.String(), text) < n {
		if p.done() || time.Now().After(deadline) {
			return fmt.Errorf("%s printed %q %d times, want %d: %s", p.label, text, strings.Count(p.out.String(), text), n, tail(p.out.String(), 5))
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

// exit0 waits until the program ends with status 0.
func (p *proc) exit0(timeout time.Duration) error {
	select {
	case <-p.exited:
	case <-time.After(timeout):
		return fmt.Errorf("%s still running after %v", p.label, timeout)
	}
	if p.startErr != nil {
		return p.startErr
	}
	if code := p.exitCode(); code != 0 {
		return fmt.Errorf("%s exited with status %d: %s", p.label, code, tail(p.out.String(), 5))
	}
	return nil
}

// interrupt sends SIGINT, as Ctrl-C would, and waits for a clean exit.
func (p *proc) interrupt() error {
	if p.startErr != nil {
		return p.startErr
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		return fmt.Errorf("%s: %w", p.label, err)
	}
	return p.exit0(finish)
}
