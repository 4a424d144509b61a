package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
)

// A session is one topology in one pass.
type session struct {
	topology string
	pass     pass
	native   string // directory of the binaries run without valgrind
	logs     string
	dir      string // working directory of the programs
	offset   int    // ZGUIDE_PORT_OFFSET
	procs    []*proc
	runs     []*proc // the ones under valgrind
}

func newSession(topology string, p pass, native, logs string) *session {
	s := &session{topology: topology, pass: p, native: native, logs: logs}
	var err error
	if s.dir, err = os.MkdirTemp("", "zmqgo-valgrind-"); err != nil {
		fatal(err)
	}
	if s.offset, err = zmqtest.FreeOffset(); err != nil {
		fatal(err)
	}
	return s
}

// valgrind starts the program bin under valgrind, labelled label.
func (s *session) valgrind(label, bin string, args ...string) *proc {
	logFile := filepath.Join(s.logs, fmt.Sprintf("%s.%s.%s.log", s.topology, strings.ReplaceAll(label, " ", ""), s.pass.name))
	os.Remove(logFile)
	vg := append([]string{}, s.pass.vgArgs...)
	vg = append(vg, "--log-file="+logFile, filepath.Join(s.pass.binDir, bin))
	p := s.start(label, "valgrind", append(vg, args...))
	p.logFile = logFile
	s.runs = append(s.runs, p)
	return p
}

// plain starts the program bin natively.
func (s *session) plain(label, bin string, args ...string) *proc {
	return s.start(label+" (native)", filepath.Join(s.native, bin), args)
}

func (s *session) start(label, path string, args []string) *proc {
	p := &proc{label: label, exited: make(chan struct{})}
	p.cmd = exec.Command(path, args...)
	p.cmd.Dir = s.dir
	p.cmd.Env = append(os.Environ(),
		"ZGUIDE_PORT_OFFSET="+strconv.Itoa(s.offset),
		// cpu.rdtscp=off: valgrind advertises RDTSCP, which it cannot
		// run: SIGILL in runtime.cputicks without it. asyncpreemptoff=1:
		// the runtime preempts a goroutine by making a signal handler
		// push a call to asyncPreempt below its stack pointer; memcheck
		// does not see that as the stack growing, and reported "Invalid
		// write of size 8 at runtime.asyncPreempt (preempt_amd64.s:18)"
		// on the goroutine's own stack in 2 of the first 44 runs
		// (under RecvString in syncsub, under reflect.Value.Call in
		// vgcover). Goroutines are still preempted at function calls.
		"GODEBUG=cpu.rdtscp=off,asyncpreemptoff=1",
		// One P: under memcheck the garbage collector stalled for
		// minutes at a time in gcMarkTermination's forEachP, waiting for
		// the other P (vgdb "v.info scheduler": one runtime thread
		// polling nanotime in forEachP, every other thread idle in
		// futex), most in vgcover's cleanups and vgseed -leak, which
		// collect again and again. With a single P there is no other to
		// wait for, and valgrind runs one thread at a time anyway.
		"GOMAXPROCS=1")
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.Stdout = &p.out
	p.cmd.Stderr = &p.out
	stdin, err := p.cmd.StdinPipe()
	if err == nil {
		p.stdin = stdin
		err = p.cmd.Start()
	}
	s.procs = append(s.procs, p)
	if err != nil {
		p.startErr = err
		close(p.exited)
		return p
	}
	p.started = time.Now()
	go func() {
		p.cmd.Wait()
		p.took = time.Since(p.started)
		close(p.exited)
	}()
	return p
}

// stopAll interrupts what is still running, then kills it.
func (s *session) stopAll() {
	for _, p := range s.procs {
		if !p.done() {
			p.cmd.Process.Signal(syscall.SIGINT)
		}
	}
	for _, p := range s.procs {
		select {
		case <-p.exited:
		case <-time.After(30 * time.Second):
			syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.exited
			p.killed = true
		}
	}
}

type result struct {
	topology, label, pass, detail string
	ok                            bool
	took                          time.Duration
}

func (r result) line() string {
	verdict := "PASS"
	if !r.ok {
		verdict = "FAIL"
	}
	return fmt.Sprintf("%-4s %-5s %-10s %-22s %-44s %5.1fs", verdict, r.pass, r.topology, r.label, r.detail, r.took.Seconds())
}

// results judges every run of the session; err is the topology's own
// failure (a program that did not print what it should), a line of its own.
func (s *session) results(err error, took time.Duration) []result {
	var rs []result
	if err != nil {
		rs = append(rs, result{topology: s.topology, label: "(topology)", pass: s.pass.name,
			detail: oneLine(err.Error(), 200), took: took})
	}
	for _, p := range s.runs {
		r := result{topology: s.topology, label: p.label, pass: s.pass.name, took: p.took}
		report, rerr := os.ReadFile(p.logFile)
		code := p.exitCode()
		switch {
		case p.startErr != nil:
			r.detail = "did not start: " + p.startErr.Error()
		case rerr != nil:
			r.detail = "no report: " + rerr.Error()
		default:
			r.detail = s.pass.describe(string(report))
			r.ok = s.pass.gateLine.Match(report) && code == 0
			if code != 0 {
				r.detail += fmt.Sprintf(", exit %d", code)
			}
			if p.killed {
				r.detail += ", killed"
			}
		}
		if !r.ok {
			r.detail += " (" + filepath.Base(p.logFile) + ")"
			if out := strings.TrimSpace(p.out.String()); out != "" {
				fmt.Printf("--- output of %s %s %s (last lines):\n%s\n", s.topology, p.label, s.pass.name, tail(out, 15))
			}
		}
		rs = append(rs, r)
	}
	return rs
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
