// Command valgrind is `make valgrind`: it runs the Guide's examples that
// end by themselves (or on Ctrl-C) and internal/verify/vgcover, which
// drives every path of package zmq that reaches C, under valgrind's
// memcheck, in two passes:
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
// Every program of a topology runs under valgrind, except the helpers
// started with session.plain (topologies.go), which run as plain binaries
// because another topology already checks them. Servers are stopped with
// SIGINT once their clients are done and must exit 0 (zmq.CatchSignals).
// A run passes when its program exited 0 and its pass's line is in
// valgrind's report. One line is printed per run; the exit status is 1 if
// any run failed.
//
//	go run ./internal/verify/valgrind                      every topology, both passes
//	go run ./internal/verify/valgrind -only hello,vgcover  some of them
//	go run ./internal/verify/valgrind -seed leak           internal/verify/vgseed -leak instead
//
// Valgrind's reports are kept in bin/valgrind/logs.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/zmqgo/zmq/internal/zmqtest"
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
	"./internal/verify/vgcover",
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
				"--suppressions=" + filepath.Join(root, "internal", "verify", "valgrind", "go-runtime.supp")},
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
				"--suppressions=" + filepath.Join(root, "internal", "verify", "valgrind", "go-thread-tls.supp")},
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
	seed := flag.String("seed", "", "run vgseed with this seeded bug instead: use-after-close, leak, or none")
	flag.Parse()

	root, err := zmqtest.ModuleRoot()
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
		pkgs, tags = []string{"./internal/verify/vgseed"}, "zmqseed"
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
