// Command valgrind is `make valgrind`: it runs the Guide's examples that
// end by themselves (or on Ctrl-C) and internal/vgcover, which drives every
// path of package zmq that reaches C, under valgrind's memcheck, in two
// passes:
//
//	pass1  built with -tags valgrind and GOEXPERIMENT=nodwarf5, run under
//	       valgrind --leak-check=no --error-exitcode=1; gated on
//	       "ERROR SUMMARY: 0 errors" (invalid reads and writes, use after
//	       free, uninitialised values, in Go and C alike)
//	pass2  built without the tag, run under valgrind --leak-check=full
//	       --show-leak-kinds=definite --errors-for-leak-kinds=definite
//	       --undef-value-errors=no; gated on "definitely lost: 0 bytes in
//	       0 blocks" (C memory that nothing points to any more), not on
//	       ERROR SUMMARY, where the Go runtime's false errors land
//
// Every program of a topology runs under valgrind, except the helpers named
// native below, which run as plain binaries because another topology
// already checks them. Servers are stopped with SIGINT once their clients
// are done and must exit 0 (zmq.CatchSignals). A run passes when its
// program exited 0 and its pass's line is in valgrind's report. One line
// is printed per run; the exit status is 1 if any run failed.
//
//	go run ./valgrind                      every topology, both passes
//	go run ./valgrind -only hello,vgcover  some of them
//	go run ./valgrind -seed leak           internal/vgseed -leak instead
//
// Valgrind's reports are kept in bin/valgrind/logs.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"math/rand/v2"
	"net"
)

// The programs to build: every example a topology runs, and the coverage
// and seed programs.
var programs = []string{
	"./examples/hwclient", "./examples/hwserver",
	"./examples/taskvent", "./examples/taskwork2", "./examples/tasksink2",
	"./examples/rrbroker", "./examples/msgqueue", "./examples/rrclient", "./examples/rrserver",
	"./examples/mtserver", "./examples/mtrelay",
	"./examples/syncpub", "./examples/syncsub",
	"./examples/psenvpub", "./examples/psenvsub",
	"./examples/interrupt",
	"./examples/durapub", "./examples/durasub",
	"./internal/vgcover",
}

type pass struct {
	name     string
	binDir   string // where its binaries are
	tags     string
	vgArgs   []string
	gateLine *regexp.Regexp // must appear in valgrind's report
	describe func(report string) string
}

var (
	errorSummary = regexp.MustCompile(`ERROR SUMMARY: (\d+) errors`)
	definitely   = regexp.MustCompile(`definitely lost: ([\d,]+) bytes in ([\d,]+) blocks`)
)

func passes(root, out string) []pass {
	return []pass{
		{
			name:   "pass1",
			binDir: filepath.Join(out, "tagged"),
			tags:   "valgrind",
			vgArgs: []string{"--tool=memcheck", "--leak-check=no", "--error-exitcode=1", "--num-callers=40",
				"--suppressions=" + filepath.Join(root, "valgrind", "go-runtime.supp")},
			gateLine: regexp.MustCompile(`ERROR SUMMARY: 0 errors`),
			describe: func(report string) string {
				if m := errorSummary.FindStringSubmatch(report); m != nil {
					return m[1] + " errors"
				}
				return "no ERROR SUMMARY"
			},
		},
		{
			name:   "pass2",
			binDir: filepath.Join(out, "plain"),
			vgArgs: []string{"--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite",
				"--errors-for-leak-kinds=definite", "--undef-value-errors=no", "--num-callers=40",
				"--suppressions=" + filepath.Join(root, "valgrind", "go-thread-tls.supp")},
			gateLine: regexp.MustCompile(`definitely lost: 0 bytes in 0 blocks|All heap blocks were freed`),
			describe: func(report string) string {
				if m := definitely.FindStringSubmatch(report); m != nil {
					return "definitely lost " + m[1] + " bytes in " + m[2] + " blocks"
				}
				if strings.Contains(report, "All heap blocks were freed") {
					return "definitely lost 0 bytes (no leaks possible)"
				}
				return "no LEAK SUMMARY"
			},
		},
	}
}

// A topology is a set of programs run together, as the book runs them.
type topology struct {
	name string
	run  func(*session) error
}

var topologies = []topology{
	{"hello", hello},
	{"pipeline", pipeline},
	{"rrbroker", rrbroker},
	{"msgqueue", msgqueue},
	{"mtserver", mtserver},
	{"mtrelay", mtrelay},
	{"sync", syncTopology},
	{"psenv", psenv},
	{"interrupt", interrupt},
	{"dura", dura},
	{"vgcover", vgcover},
}

// Generous: valgrind is about 20 times slower, and several processes
// under it share two cores.
const (
	startup = 60 * time.Second  // for a program's first output
	finish  = 180 * time.Second // for a program to end
)

func main() {
	only := flag.String("only", "", "comma-separated topologies to run (default all): "+topologyNames())
	seed := flag.String("seed", "", "run internal/vgseed with this seeded bug instead: use-after-close, leak, or none")
	flag.Parse()

	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		fatal(fmt.Errorf("valgrind is not installed (apt-get install valgrind)"))
	}
	out := filepath.Join(root, "bin", "valgrind")
	logs := filepath.Join(out, "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		fatal(err)
	}
	ps := passes(root, out)

	tops := topologies
	pkgs, tags := programs, ""
	if *seed != "" {
		arg := map[string]string{"use-after-close": "-use-after-close", "leak": "-leak", "none": ""}
		a, ok := arg[*seed]
		if !ok {
			fatal(fmt.Errorf("-seed %q: want use-after-close, leak or none", *seed))
		}
		tops = []topology{{"vgseed", func(s *session) error {
			var args []string
			if a != "" {
				args = append(args, a)
			}
			p := s.valgrind("vgseed", "vgseed", args...)
			return p.exit0(finish)
		}}}
		pkgs, tags = []string{"./internal/vgseed"}, "zmqseed"
	} else if *only != "" {
		tops = nil
		for _, name := range strings.Split(*only, ",") {
			found := false
			for _, t := range topologies {
				if t.name == name {
					tops = append(tops, t)
					found = true
				}
			}
			if !found {
				fatal(fmt.Errorf("-only: no topology %q (have %s)", name, topologyNames()))
			}
		}
	}

	start := time.Now()
	for _, p := range ps {
		if err := build(root, p.binDir, joinTags(p.tags, tags), pkgs); err != nil {
			fatal(err)
		}
	}
	// The helpers that run natively use the untagged binaries.
	native := ps[1].binDir
	fmt.Printf("valgrind: built in %.0fs; reports in %s\n", time.Since(start).Seconds(), logs)

	var results []result
	for _, t := range tops {
		for _, p := range ps {
			s := newSession(t.name, p, native, logs)
			tStart := time.Now()
			err := t.run(s)
			s.stopAll()
			rs := s.results(err, time.Since(tStart))
			for _, r := range rs {
				fmt.Println(r.line())
			}
			results = append(results, rs...)
			os.RemoveAll(s.dir)
		}
	}

	fmt.Println("\n== valgrind summary ==")
	failed := 0
	for _, r := range results {
		fmt.Println(r.line())
		if !r.ok {
			failed++
		}
	}
	fmt.Printf("valgrind: %d runs, %d failed, %.0fs\n", len(results), failed, time.Since(start).Seconds())
	if failed > 0 {
		os.Exit(1)
	}
}

func topologyNames() string {
	var names []string
	for _, t := range topologies {
		names = append(names, t.name)
	}
	return strings.Join(names, ",")
}

func joinTags(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "," + b
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "valgrind:", err)
	os.Exit(1)
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the module")
	}
	return filepath.Dir(mod), nil
}

// build builds pkgs into dir with GOEXPERIMENT=nodwarf5: valgrind 3.19
// cannot read the DWARF 5 that Go 1.25 and later emit.
func build(root, dir, tags string, pkgs []string) error {
	args := []string{"build", "-o", dir + string(os.PathSeparator)}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command("go", append(args, pkgs...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOEXPERIMENT=nodwarf5")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
	}
	return nil
}

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
	if s.offset, err = freeOffset(); err != nil {
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

// proc is a running program.
type proc struct {
	label    string
	cmd      *exec.Cmd
	stdin    interface{ Close() error }
	out      syncBuffer
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

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// freeOffset returns a ZGUIDE_PORT_OFFSET under which the book's ports
// (5555-5565, 8100) are free, as examples/internal/run.FreeOffset does.
func freeOffset() (int, error) {
	for try := 0; try < 50; try++ {
		offset := 10000 + 100*rand.IntN(450)
		free := true
		for _, port := range []int{5555, 5556, 5557, 5558, 5559, 5560, 5561, 5562, 5563, 5564, 5565, 8100} {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+offset))
			if err != nil {
				free = false
				break
			}
			l.Close()
		}
		if free {
			return offset, nil
		}
	}
	return 0, fmt.Errorf("no free range of ports for the book's endpoints")
}

// The topologies. Each returns its first failure; every program under
// valgrind is judged by its report afterwards anyway.

func hello(s *session) error {
	server := s.valgrind("hwserver", "hwserver")
	client := s.valgrind("hwclient", "hwclient", "-n", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	return server.interrupt()
}

func pipeline(s *session) error {
	sink := s.valgrind("tasksink2", "tasksink2")
	workers := []*proc{s.valgrind("taskwork2 #1", "taskwork2"), s.valgrind("taskwork2 #2", "taskwork2")}
	vent := s.valgrind("taskvent", "taskvent")
	// The ventilator waits for Enter "when the workers are ready"; they
	// say nothing when they connect. Under valgrind they need a while.
	if err := vent.expect("Press Enter", startup); err != nil {
		return err
	}
	time.Sleep(5 * time.Second)
	vent.stdin.Close()
	for _, p := range append([]*proc{vent, sink}, workers...) {
		if err := p.exit0(finish); err != nil {
			return err
		}
	}
	return nil
}

func rrbroker(s *session) error {
	broker := s.valgrind("rrbroker", "rrbroker")
	server := s.valgrind("rrserver", "rrserver")
	client := s.valgrind("rrclient", "rrclient", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return broker.interrupt()
}

func msgqueue(s *session) error {
	queue := s.valgrind("msgqueue", "msgqueue")
	server := s.plain("rrserver", "rrserver")
	client := s.plain("rrclient", "rrclient", "3")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return queue.interrupt()
}

func mtserver(s *session) error {
	server := s.valgrind("mtserver", "mtserver")
	client := s.plain("hwclient", "hwclient", "-n", "5")
	if err := client.exit0(finish); err != nil {
		return err
	}
	return server.interrupt()
}

func mtrelay(s *session) error {
	relay := s.valgrind("mtrelay", "mtrelay")
	if err := relay.expect("Test successful!", finish); err != nil {
		return err
	}
	return relay.exit0(finish)
}

func syncTopology(s *session) error {
	subs := []*proc{s.valgrind("syncsub #1", "syncsub"), s.valgrind("syncsub #2", "syncsub")}
	pub := s.valgrind("syncpub", "syncpub", "-subscribers", "2", "-updates", "2000")
	for _, sub := range subs {
		if err := sub.expect("Received ", finish); err != nil {
			return err
		}
		if err := sub.exit0(finish); err != nil {
			return err
		}
	}
	return pub.exit0(finish)
}

func psenv(s *session) error {
	pub := s.valgrind("psenvpub", "psenvpub")
	sub := s.valgrind("psenvsub", "psenvsub")
	if err := sub.count("[B] We would like to see this", 3, startup); err != nil {
		return err
	}
	if strings.Contains(sub.out.String(), "[A]") {
		return fmt.Errorf("psenvsub received envelope A, which it did not subscribe to")
	}
	if err := sub.interrupt(); err != nil {
		return err
	}
	return pub.interrupt()
}

func interrupt(s *session) error {
	server := s.valgrind("interrupt", "interrupt")
	client := s.plain("hwclient", "hwclient", "-n", "2")
	if err := client.exit0(finish); err != nil {
		return err
	}
	if err := server.interrupt(); err != nil {
		return err
	}
	return server.expect("W: interrupt received, killing server...", time.Second)
}

func dura(s *session) error {
	sub := s.valgrind("durasub", "durasub")
	pub := s.valgrind("durapub", "durapub")
	if err := pub.exit0(finish); err != nil {
		return err
	}
	return sub.exit0(finish)
}

func vgcover(s *session) error {
	var args []string
	if s.pass.name == "pass2" {
		// Clear freed Go memory of stale pointers to C memory before
		// the leak check (see scrubFreedGoMemory).
		args = append(args, "-scrub")
	}
	p := s.valgrind("vgcover", "vgcover", args...)
	if err := p.exit0(2 * finish); err != nil {
		return err
	}
	return p.expect("vgcover: done", time.Second)
}
